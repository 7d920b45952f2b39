package dev.slipway.chat.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.command.CommandSpec;
import dev.slipway.chat.DeploymentMessages;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real scripts deployed through the console surface, on a real SQLite file. */
class ConsoleFlowTest {
    private static final String ECHO = "echo \"deploying $SLIPWAY_PROJECT $SLIPWAY_REF to $SLIPWAY_ENVIRONMENT as $SLIPWAY_USER\"";

    @TempDir
    Path dir;

    @Test
    void a_running_scripts_output_is_kept_on_its_deployment_as_it_grows() throws Exception {
        Path go = dir.resolve("go");
        String waits = "echo building $SLIPWAY_REF; while [ ! -f '" + go + "' ]; do sleep 0.05; done; echo shipped";
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(waits, waits, ""))) {
            long id = slipway.type("alice", "deploy demo main to staging").get(0);

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    slipway.deployment(id).state() == DeploymentState.RUNNING
                            && "building main".equals(slipway.deployment(id).outputTail()));
            Files.writeString(go, "");
            slipway.slipway().awaitSettled(List.of(id), java.time.Duration.ofSeconds(10));

            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(slipway.deployment(id).outputTail()).isEqualTo("building main\nshipped");
            // kept quietly: no audit event and no second report for each line
            assertThat(slipway.audit(id)).extracting(e -> e.action())
                    .containsExactly("deployment.queued", "deployment.running", "deployment.succeeded");
        }
    }

    @Test
    void an_owner_deploys_to_staging_and_production_and_a_later_console_sees_both_in_history() {
        List<Long> started;
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            started = slipway.console("alice", "deploy demo staging", "deploy demo main to production");
            assertThat(started).hasSize(2);
            assertThat(slipway.deployment(started.get(0)).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(slipway.deployment(started.get(1)).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(slipway.output())
                    .contains("alice> deploy demo staging")
                    .contains("#" + started.get(0) + " demo main → staging: queued (asked by alice)")
                    .contains("#" + started.get(0) + " demo main → staging: running")
                    .contains("#" + started.get(0) + " demo main → staging: succeeded (exit code 0)")
                    .contains("| deploying demo main to staging as alice")
                    .contains("#" + started.get(1) + " demo main → production: succeeded (exit code 0)")
                    .contains("| deploying demo main to production as alice");
        }
        try (SlipwayHarness again = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            again.console("bob", "history");
            assertThat(again.output())
                    .contains("#" + started.get(1) + " demo main → production: succeeded by alice")
                    .contains("#" + started.get(0) + " demo main → staging: succeeded by alice");
            assertThat(again.output().indexOf("→ production")).isLessThan(again.output().indexOf("→ staging"));
        }
    }

    @Test
    void a_non_owner_is_refused_production_and_nothing_runs() throws Exception {
        Path marker = dir.resolve("ran");
        try (SlipwayHarness slipway = SlipwayHarness.start(dir,
                SlipwayHarness.demoYaml(ECHO, "touch " + marker, ""))) {
            List<Long> started = slipway.console("bob", "deploy demo production");
            assertThat(started).isEmpty();
            assertThat(slipway.output()).contains("bob may not deploy demo to production")
                    .contains("the owners (alice)");
            assertThat(marker).doesNotExist();
            slipway.console("bob", "history");
            assertThat(slipway.output()).contains("No deployments yet.");
        }
    }

    @Test
    void production_refuses_a_feature_branch_even_for_an_owner() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            assertThat(slipway.console("alice", "deploy demo feature/login to production")).isEmpty();
            assertThat(slipway.output()).contains("demo production only accepts main; `feature/login` is not allowed there.");
        }
    }

    @Test
    void unknown_projects_and_environments_are_answered_with_the_ones_that_exist() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            slipway.console("alice", "deploy nope staging", "deploy demo qa", "launch rockets");
            assertThat(slipway.output())
                    .contains("I don't know a project `nope`. Projects: demo.")
                    .contains("demo has no environment `qa`. Environments: staging, production.")
                    .contains("I don't know `launch rockets`.")
                    .contains("deploy <project> [<ref>] [to] <environment>");
        }
    }

    @Test
    void a_failing_script_fails_the_deployment_with_the_tail_of_its_output() {
        String failing = "i=1; while [ $i -le 30 ]; do echo line $i; i=$((i+1)); done; echo broken >&2; exit 3";
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(failing, ECHO, ""))) {
            long id = slipway.console("alice", "deploy demo staging").get(0);
            Deployment failed = slipway.deployment(id);
            assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
            assertThat(failed.summary()).isEqualTo("exit code 3");
            assertThat(failed.outputTail().split("\n")).hasSize(20).endsWith("broken").doesNotContain("line 10");
            assertThat(slipway.output()).contains("staging: failed (exit code 3)").contains("| broken");
            String full = slipway.slipway().store().inTransaction(tx -> tx.deployments().findOutput(id)).orElseThrow();
            assertThat(full).contains("line 1\n").contains("line 30").contains("broken");
        }
    }

    @Test
    void a_report_shows_its_choices_as_the_commands_to_type_and_its_end_who_asked_and_when_in_utc() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml("exit 3", ECHO, ""))) {
            List<Long> started = slipway.console("alice", "deploy demo staging", "deploy demo main to production");
            long failed = started.get(0);
            long shipped = started.get(1);
            Deployment ended = slipway.deployment(shipped);

            assertThat(slipway.output())
                    .contains("#" + failed + " demo main → staging: queued (asked by alice)\n    [cancel " + failed + "]")
                    .contains("[retry " + failed + "]")
                    .contains("#" + shipped + " demo main → production: succeeded (exit code 0) in ")
                    .contains(" — asked by alice, ended " + DeploymentMessages.PLAIN.time(ended.finishedAt()))
                    .contains("| deploying demo main to production as alice\n    [rollback " + shipped + "]")
                    .doesNotContain("[rollback " + failed + "]", "[retry " + shipped + "]");
            assertThat(DeploymentMessages.PLAIN.time(ended.finishedAt())).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
        }
    }

    @Test
    void a_script_that_runs_past_its_timeout_fails() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir,
                SlipwayHarness.demoYaml("echo starting; sleep 60", ECHO, "").replace("timeout: 5s }", "timeout: 1s }"))) {
            long id = slipway.console("alice", "deploy demo staging").get(0);
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.FAILED);
            assertThat(slipway.deployment(id).summary()).contains("timed out");
            assertThat(slipway.output()).contains("| starting");
        }
    }

    @Test
    void a_lock_stops_everyone_but_its_holder_until_unlocked() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            slipway.console("bob", "lock demo staging testing the release");
            assertThat(slipway.console("carol", "deploy demo staging")).isEmpty();
            assertThat(slipway.output()).contains("demo staging is locked by bob").contains("testing the release");
            assertThat(slipway.console("bob", "deploy demo staging")).hasSize(1);
            slipway.console("carol", "unlock demo staging");
            assertThat(slipway.output()).contains("only they or an owner (alice) may unlock it");
            slipway.console("alice", "unlock demo staging");
            assertThat(slipway.output()).contains("Unlocked demo staging (it was held by bob).");
            assertThat(slipway.console("carol", "deploy demo staging")).hasSize(1);
            List<String> actions = slipway.slipway().store().inTransaction(tx -> tx.audit().listRecent("demo", 50))
                    .stream().map(e -> e.action() + ":" + e.actor()).toList();
            assertThat(actions).contains("lock:bob", "unlock.override:alice");
        }
    }

    @Test
    void a_lock_taken_while_a_deployment_is_in_flight_lets_it_go_on_and_stops_the_next() throws Exception {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml("sleep 2", ECHO, ""))) {
            long inFlight = slipway.type("alice", "deploy demo staging").get(0);
            slipway.console("bob", "lock demo staging release freeze");
            assertThat(slipway.output()).contains("Locked demo staging (release freeze). #" + inFlight
                    + " by @alice is already in flight and goes on; the lock applies to the next deployment.");
            slipway.slipway().awaitSettled(List.of(inFlight), java.time.Duration.ofMinutes(2));
            assertThat(slipway.deployment(inFlight).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(slipway.console("carol", "deploy demo staging")).isEmpty();
            assertThat(slipway.output()).contains("demo staging is locked by bob");
        }
    }

    @Test
    void a_second_deployment_of_a_busy_environment_waits_its_turn_and_starts_by_itself() throws Exception {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml("sleep 2", ECHO, ""))) {
            List<Long> first = slipway.type("alice", "deploy demo staging");
            List<Long> second = slipway.type("bob", "deploy demo v2 to staging");
            assertThat(slipway.output()).contains("Queued #" + second.get(0) + " demo v2 → staging: queued behind #"
                    + first.get(0));
            slipway.console("alice", "status demo");
            assertThat(slipway.output()).contains("in flight: #" + first.get(0))
                    .contains("waiting: #" + second.get(0) + " v2 queued by bob");
            slipway.slipway().awaitSettled(List.of(first.get(0), second.get(0)), java.time.Duration.ofMinutes(2));
            assertThat(slipway.deployment(second.get(0)).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(slipway.deployment(second.get(0)).startedAt())
                    .isAfterOrEqualTo(slipway.deployment(first.get(0)).finishedAt());
        }
    }

    @Test
    void cancel_stops_a_running_script() throws Exception {
        Path marker = dir.resolve("finished");
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml("sleep 30; touch " + marker, ECHO, ""))) {
            long id = slipway.type("alice", "deploy demo staging").get(0);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> slipway.deployment(id).externalId() != null);
            slipway.console("bob", "cancel " + id);
            assertThat(slipway.output()).contains("Only alice (who asked for it) or an owner of demo (alice) may cancel #" + id);
            slipway.console("alice", "cancel " + id);
            slipway.slipway().awaitSettled(List.of(id), java.time.Duration.ofMinutes(2));
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.CANCELLED);
            assertThat(slipway.output()).contains("staging: cancelled");
            assertThat(marker).doesNotExist();
            assertThat(Files.exists(marker)).isFalse();
        }
    }

    @Test
    void release_ships_the_default_environment_or_says_what_is_missing() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            slipway.console("alice", "release", "release demo");
            assertThat(slipway.output())
                    .contains("This channel has no project of its own; name one: `release <project>`. Projects: demo.")
                    .contains("demo has several environments (staging, production) and no default");
        }
        String withDefault = SlipwayHarness.demoYaml(ECHO, ECHO, "").replace("    owners: [alice]",
                "    defaultEnvironment: production\n    owners: [alice]");
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, withDefault)) {
            long id = slipway.console("alice", "release demo").get(0);
            assertThat(slipway.deployment(id).environment()).isEqualTo("production");
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
        }
    }

    @Test
    void help_comes_from_the_command_definitions() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            slipway.console("alice", "help", "help lock");
            assertThat(slipway.output()).contains("history [<project>] [<environment>]")
                    .contains("Usage: lock <project> <environment> [reason…]");
        }
    }

    @Test
    void shell_punctuation_in_a_ref_that_git_accepts_is_deployed_as_literal_text() {
        Path marker = dir.resolve("injected");
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            List<String> refs = List.of(";id", "$(touch${IFS}" + marker + ")", "`touch${IFS}" + marker + "`",
                    "a'b\"c");
            for (String ref : refs) {
                List<Long> started = slipway.console("alice", "deploy demo " + ref + " staging");
                assertThat(started).as(ref).hasSize(1);
                Deployment deployment = slipway.deployment(started.get(0));
                assertThat(deployment.ref()).isEqualTo(ref);
                assertThat(deployment.state()).isEqualTo(DeploymentState.SUCCEEDED);
                assertThat(slipway.output()).contains("| deploying demo " + ref + " to staging as alice");
            }
            assertThat(marker).doesNotExist();
            assertThat(slipway.output()).doesNotContain("Sorry");
        }
    }

    @Test
    void a_ref_that_breaks_the_grammar_is_refused_at_the_door_with_the_rule_it_breaks() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            List<Long> started = slipway.console("alice", "deploy demo a~b staging", "deploy demo main..x staging",
                    "deploy demo -x staging", "deploy demo ma\u0000in staging", "deploy demo release/@{1} staging",
                    "deploy demo feature/.hidden to production", "deploy demo " + "r".repeat(256) + " staging");
            assertThat(started).isEmpty();
            assertThat(slipway.output())
                    .contains("slipway: `a~b` is not a valid ref: it contains `~`.")
                    .contains("slipway: `main..x` is not a valid ref: it contains `..`.")
                    .contains("slipway: `-x` is not a valid ref: it starts with `-`.")
                    .contains("slipway: `ma\\u0000in` is not a valid ref: it contains a control character (U+0000).")
                    .contains("slipway: `release/@{1}` is not a valid ref: it contains `@{`.")
                    .contains("slipway: `feature/.hidden` is not a valid ref: it has a `.` right after a `/`.")
                    .contains("slipway: `" + "r".repeat(39) + "…` is not a valid ref: it is longer than 255 bytes.");
            slipway.console("alice", "history");
            assertThat(slipway.output()).contains("No deployments yet.");
        }
    }

    @Test
    void a_megabyte_of_text_gets_a_short_reply_that_says_what_was_not_understood() {
        String megabyte = "x".repeat(1024 * 1024);
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(ECHO, ECHO, ""))) {
            String badRef = reply(slipway, "deploy demo " + megabyte + " staging");
            assertThat(badRef).hasSizeLessThan(500)
                    .isEqualTo("slipway: `" + "x".repeat(39) + "…` is not a valid ref: it is longer than 255 bytes.");
            String unknownProject = reply(slipway, "deploy " + megabyte + " staging");
            assertThat(unknownProject).hasSizeLessThan(500)
                    .isEqualTo("slipway: I don't know a project `" + "x".repeat(39) + "…`. Projects: demo.");
            String unknownEnvironment = reply(slipway, "lock demo " + megabyte);
            assertThat(unknownEnvironment).hasSizeLessThan(500).contains("demo has no environment `xxx");
            String badId = reply(slipway, "cancel " + "9".repeat(1024 * 1024));
            assertThat(badId).hasSizeLessThan(500).contains("`" + "9".repeat(39) + "…` is not a deployment id");
            // an unknown command and an unknown help topic are followed by the list of commands, nothing more
            for (String text : List.of(megabyte, "help " + megabyte)) {
                String reply = reply(slipway, text);
                assertThat(reply.lines().findFirst().orElseThrow()).hasSizeLessThan(100)
                        .contains("`" + "x".repeat(39) + "…`");
                assertThat(reply).hasSizeLessThan(500 + CommandSpec.helpText().length() * 2)
                        .contains("deploy <project> [<ref>] [to] <environment>");
            }
            slipway.console("alice", "history");
            assertThat(slipway.output()).contains("No deployments yet.");
        }
    }

    /** What Slipway answered to {@code text}, typed by alice, without the echo of the text itself. */
    private static String reply(SlipwayHarness slipway, String text) {
        int before = slipway.output().length();
        slipway.console("alice", text);
        String typed = slipway.output().substring(before);
        String echo = "alice> " + text + System.lineSeparator();
        assertThat(typed).startsWith(echo);
        return typed.substring(echo.length()).strip();
    }
}
