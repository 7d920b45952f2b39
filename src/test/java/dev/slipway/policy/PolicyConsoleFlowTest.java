package dev.slipway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.testing.CountingScript;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy policy at the console, end to end with real script runs: the queue, approvals, confirmations, freezes and
 * their override, rollback and retry. The script's runs wait until the test lets them end.
 */
class PolicyConsoleFlowTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** One project: staging queues, production asks for approvals from QA and a confirmation, shared refuses. */
    private String yaml(CountingScript script, String productionExtra) {
        return """
                database:
                  url: "jdbc:sqlite:${DIR}/slipway.db"
                dataDir: ${DIR}/data
                jobs:
                  workers: 3
                  initialBackoff: 100ms
                  maxBackoff: 1s
                  lease: 3s
                  pollInterval: 50ms
                projects:
                  - id: demo
                    owners: [alice]
                    qa: [bob, carol]
                    environments:
                      staging:
                        backend: %1$s
                        defaultRef: main
                      shared:
                        backend: %1$s
                        defaultRef: main
                        whenBusy: refuse
                      production:
                        backend: %1$s
                        defaultRef: main
                        allowedRefs: [main, "v*"]
                %2$s
                """.formatted(script.backendYaml(), productionExtra.indent(8).stripTrailing());
    }

    private static Optional<EnvironmentLock> lock(SlipwayHarness slipway, String environment) {
        return slipway.slipway().store().read(tx -> tx.locks().find("demo", environment));
    }

    @Test
    void a_queue_of_three_with_a_cancel_in_the_middle_survives_a_restart_and_runs_in_order() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        script.hold("staging");
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, ""))) {
            long first = slipway.type("alice", "deploy demo v1 to staging").get(0);
            await().atMost(PATIENCE).until(() -> script.runsOf("staging").size() == 1);
            long second = slipway.type("bob", "deploy demo v2 to staging").get(0);
            long third = slipway.type("carol", "deploy demo v3 to staging").get(0);
            long fourth = slipway.type("bob", "deploy demo v4 to staging").get(0);
            assertThat(slipway.output()).contains("Queued #" + second + " demo v2 → staging: queued behind #" + first
                    + " (running", "position 1").contains("queued behind #" + second + " (queued), position 2");

            slipway.type("carol", "cancel " + third);
            assertThat(slipway.deployment(third).state()).isEqualTo(DeploymentState.CANCELLED);
            slipway.console("alice", "status demo");
            assertThat(slipway.output()).contains("waiting: #" + second + " v2 queued by bob")
                    .contains("waiting: #" + fourth + " v4 queued by bob");

            slipway.restart();
            script.release(first, 0);
            await().atMost(PATIENCE).until(() -> script.runsOf("staging").size() == 2);
            script.release(second, 0);
            await().atMost(PATIENCE).until(() -> script.runsOf("staging").size() == 3);
            script.release(fourth, 0);
            await().atMost(PATIENCE).until(() -> slipway.deployment(fourth).state() == DeploymentState.SUCCEEDED);

            assertThat(script.runsOf("staging")).extracting(CountingScript.Run::deploymentId)
                    .containsExactly(first, second, fourth);
            assertThat(slipway.deployment(second).startedAt()).isAfterOrEqualTo(slipway.deployment(first).finishedAt());
            assertThat(slipway.deployment(fourth).startedAt()).isAfterOrEqualTo(slipway.deployment(second).finishedAt());
        }
    }

    @Test
    void the_same_ref_queued_back_to_back_runs_once_and_a_refusing_environment_names_who_holds_it() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        script.hold("staging");
        script.hold("shared");
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, ""))) {
            long first = slipway.type("alice", "deploy demo v1 to staging").get(0);
            long second = slipway.type("bob", "deploy demo v2 to staging").get(0);
            assertThat(slipway.type("carol", "deploy demo v2 to staging")).isEmpty();
            assertThat(slipway.output()).contains("#" + second + " already ships demo v2 → staging, queued just"
                    + " before yours: your request joins it");

            long holder = slipway.type("alice", "deploy demo shared").get(0);
            assertThat(slipway.type("bob", "deploy demo shared")).isEmpty();
            assertThat(slipway.output()).contains("demo shared is busy: deployment #" + holder + " of main by alice");

            script.releaseAll();
            await().atMost(PATIENCE).until(() -> slipway.deployment(second).state() == DeploymentState.SUCCEEDED);
            assertThat(script.runsOf("staging")).extracting(CountingScript.Run::deploymentId)
                    .containsExactly(first, second);
            assertThat(slipway.audit(second)).extracting(AuditEvent::action).contains("deployment.merged");
        }
    }

    @Test
    void two_approvers_must_approve_and_the_requester_never_approves_their_own() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script,
                "approvals: { required: 2, from: [qa, owners] }"))) {
            long id = slipway.type("alice", "deploy demo production").get(0);
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
            assertThat(slipway.output()).contains("#" + id + " demo main → production awaits approval: it needs 2"
                    + " approvals from qa, owners; approvals so far 0 of 2");
            await().atMost(PATIENCE).until(() -> slipway.output().contains("to bob (direct message): @alice asks to"
                    + " deploy demo main → production (#" + id + ")"));
            assertThat(slipway.output()).contains("to carol (direct message)").doesNotContain("to alice (direct");

            slipway.console("alice", "approve " + id);
            assertThat(slipway.output()).contains("You asked for #" + id + ", so you cannot approve or reject it");
            slipway.console("dave", "approve " + id);
            assertThat(slipway.output()).contains("dave may not approve deployments to demo production; approvers"
                    + " there: QA (bob, carol), the owners (alice).");
            slipway.console("bob", "approve " + id);
            assertThat(slipway.output()).contains("You approved #" + id + " (demo main → production); it needs 2");
            slipway.console("bob", "approve " + id);
            assertThat(slipway.output()).contains("You already approved #" + id + ".");
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);

            slipway.console("carol", "approve " + id);
            assertThat(slipway.output()).contains("approved by bob, carol, it starts now");
            await().atMost(PATIENCE).until(() -> slipway.deployment(id).state() == DeploymentState.SUCCEEDED);
            assertThat(slipway.audit(id)).extracting(AuditEvent::action).containsSubsequence(
                    "deployment.awaiting_approval", "deployment.approve", "deployment.approve", "deployment.queued",
                    "deployment.running", "deployment.succeeded");
            assertThat(slipway.audit(id)).filteredOn(e -> e.action().equals("deployment.approve"))
                    .extracting(AuditEvent::actor).containsExactly("bob", "carol");
        }
    }

    @Test
    void one_rejection_rejects_and_a_later_approval_changes_nothing() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script,
                "approvals: { required: 1, from: [qa] }"))) {
            long id = slipway.type("alice", "deploy demo production").get(0);
            slipway.console("carol", "reject " + id + " the release notes are missing");
            assertThat(slipway.output()).contains("You rejected #" + id + " (demo main → production); alice is told.");
            Deployment rejected = slipway.deployment(id);
            assertThat(rejected.state()).isEqualTo(DeploymentState.REJECTED);
            assertThat(rejected.summary()).isEqualTo("rejected by carol: the release notes are missing");
            await().atMost(PATIENCE).until(() -> slipway.output().contains("production: rejected (rejected by carol:"
                    + " the release notes are missing)"));

            slipway.console("bob", "approve " + id);
            assertThat(slipway.output()).contains("#" + id + " does not await approval: it is rejected");
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.REJECTED);
            assertThat(script.runs()).isEmpty();
        }
    }

    @Test
    void a_confirmation_is_the_requesters_and_goes_on_to_the_queue() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, "confirm: true"))) {
            long id = slipway.type("alice", "deploy demo production").get(0);
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.REQUESTED);
            assertThat(slipway.output()).contains("#" + id + " demo main → production waits for your confirmation"
                    + " (production asks for a confirmation): `confirm " + id + "`, or `cancel " + id + "`.");
            await().atMost(PATIENCE).until(() -> slipway.output().contains("[confirm " + id + "]"));

            slipway.console("bob", "confirm " + id);
            assertThat(slipway.output()).contains("Only alice, who asked for #" + id + ", may confirm it");
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.REQUESTED);

            slipway.console("alice", "confirm " + id);
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
            slipway.console("alice", "confirm " + id);
            assertThat(slipway.output()).contains("#" + id + " does not wait for a confirmation: it is succeeded.");
            assertThat(script.runsOf("production")).hasSize(1);
        }
    }

    @Test
    void a_cron_freeze_in_another_time_zone_holds_the_queue_and_an_owner_pushes_one_through() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        // Every day at midnight in Tokyo, for 25 hours: frozen whenever the test runs.
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, """
                freeze:
                  - { cron: "0 0 * * *", duration: 25h, timezone: Asia/Tokyo, reason: year-end freeze }"""))) {
            long held = slipway.type("bob", "deploy demo production").get(0);
            assertThat(slipway.deployment(held).state()).isEqualTo(DeploymentState.QUEUED);
            assertThat(slipway.output()).contains("Queued #" + held + " demo main → production: held by the change"
                    + " freeze \"year-end freeze\" until ").contains(" Asia/Tokyo (in ");

            assertThat(slipway.type("bob", "deploy demo production --force hotfix")).isEmpty();
            assertThat(slipway.output()).contains("Only owners of demo (alice) may push a deployment through a freeze"
                    + " with --force.");
            long forced = slipway.type("alice", "deploy demo v2 to production --force the checkout is down").get(0);
            assertThat(slipway.deployment(forced).state()).isEqualTo(DeploymentState.REQUESTED);
            slipway.console("alice", "confirm " + forced);
            assertThat(slipway.deployment(forced).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(slipway.deployment(held).state()).isEqualTo(DeploymentState.QUEUED);
            assertThat(slipway.audit(forced)).filteredOn(e -> e.action().equals("deployment.forced"))
                    .extracting(AuditEvent::detail).containsExactly("the checkout is down");

            slipway.console("alice", "cancel " + held);
            assertThat(script.runsOf("production")).extracting(CountingScript.Run::deploymentId).containsExactly(forced);
        }
    }

    @Test
    void a_freeze_from_chat_refuses_or_holds_until_it_is_lifted() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, ""))) {
            slipway.console("bob", "freeze demo staging 2h");
            assertThat(slipway.output()).contains("Only owners of demo (alice) may freeze its environments.");
            slipway.console("alice", "freeze demo shared 2h db migration");
            slipway.console("alice", "freeze demo staging 2h db migration");
            assertThat(slipway.output()).contains("Froze demo staging: the change freeze \"db migration\" of alice until ");

            assertThat(slipway.type("bob", "deploy demo shared")).isEmpty();
            assertThat(slipway.output()).contains("demo shared is frozen: the change freeze \"db migration\" of alice");
            long held = slipway.type("bob", "deploy demo staging").get(0);
            slipway.console("alice", "status demo");
            assertThat(slipway.output()).contains("; frozen: the change freeze \"db migration\"")
                    .contains("waiting: #" + held + " main queued by bob (held by the change freeze");

            slipway.console("alice", "unfreeze demo staging");
            assertThat(slipway.output()).contains("Unfroze demo staging; deployments queued there go on.");
            await().atMost(PATIENCE).until(() -> slipway.deployment(held).state() == DeploymentState.SUCCEEDED);
            slipway.console("alice", "unfreeze demo staging");
            assertThat(slipway.output()).contains("demo staging has no freeze made from chat to lift");
        }
    }

    @Test
    void a_rollback_redeploys_the_version_before_and_locks_unless_told_not_to() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, "deployers: [owners]"))) {
            slipway.console("alice", "rollback demo production");
            assertThat(slipway.output()).contains("Nothing has been deployed to demo production yet");
            long v1 = slipway.console("alice", "deploy demo v1 to production").get(0);
            slipway.console("alice", "rollback demo production");
            assertThat(slipway.output()).contains("demo production has no earlier successful version than v1 (#" + v1);
            long v2 = slipway.console("alice", "deploy demo v2 to production").get(0);

            slipway.console("bob", "rollback demo production");
            assertThat(slipway.output()).contains("bob may not deploy demo to production");

            long back = slipway.console("alice", "rollback demo to production").get(0);
            assertThat(slipway.deployment(back).ref()).isEqualTo("v1");
            assertThat(slipway.deployment(back).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(slipway.output()).contains("Rolling demo production back from v2 to v1.")
                    .contains("demo production is locked for you, so that the next automatic deploy does not undo it;"
                            + " `unlock demo production` when you are done.");
            assertThat(lock(slipway, "production")).map(EnvironmentLock::holder).contains("alice");
            assertThat(slipway.audit(back)).extracting(AuditEvent::action).contains("deployment.rollback", "lock");

            slipway.console("alice", "rollback " + v2);
            assertThat(slipway.output()).contains("#" + v2 + " is no longer what runs in demo production: #" + back
                    + " (v1) is; nothing rolled back.");
        }
    }

    @Test
    void a_rollback_does_not_lock_where_rollback_lock_is_false_and_may_go_back_to_a_ref_no_longer_allowed() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, "rollback: { lock: false }"))) {
            long v1 = slipway.console("alice", "deploy demo v1 to production").get(0);
            slipway.console("alice", "deploy demo main to production");
            slipway.console("alice", "deploy demo v1.x to production");
            assertThat(slipway.output()).doesNotContain("only accepts");
            // A rollback goes back to a ref the environment ran, whatever its allowed refs say now.
            long back = slipway.console("alice", "rollback demo production").get(0);
            assertThat(slipway.deployment(back).ref()).isEqualTo("main");
            assertThat(lock(slipway, "production")).isEmpty();
            assertThat(slipway.output()).doesNotContain("is locked for you");
            assertThat(v1).isPositive();
        }
    }

    @Test
    void a_failed_deployment_is_retried_once_and_only_while_it_is_the_latest() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        script.hold("staging");
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, ""))) {
            long failed = slipway.type("alice", "deploy demo v1 to staging").get(0);
            await().atMost(PATIENCE).until(() -> script.runsOf("staging").size() == 1);
            script.release(failed, 3);
            await().atMost(PATIENCE).until(() -> slipway.deployment(failed).state() == DeploymentState.FAILED);
            await().atMost(PATIENCE).until(() -> slipway.output().contains("[retry " + failed + "]"));

            long retried = slipway.type("bob", "retry " + failed).get(0);
            assertThat(slipway.deployment(retried).ref()).isEqualTo("v1");
            slipway.console("bob", "retry " + failed);
            assertThat(slipway.output()).contains("#" + failed + " is not the latest deployment of demo staging any"
                    + " more (#" + retried);
            script.release(retried, 0);
            await().atMost(PATIENCE).until(() -> slipway.deployment(retried).state() == DeploymentState.SUCCEEDED);
            slipway.console("bob", "retry " + retried);
            assertThat(slipway.output()).contains("#" + retried + " succeeded; only a failed deployment is retried.");
            assertThat(script.runsOf("staging")).hasSize(2);
            assertThat(slipway.audit(retried)).extracting(AuditEvent::detail).contains("retry of #" + failed);
        }
    }

    @Test
    void waits_are_listed_in_status_and_history_shows_how_each_ended() {
        CountingScript script = CountingScript.installIn(dir.resolve("work"));
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(script, """
                confirm: true
                approvals: { required: 1, from: [qa] }"""))) {
            long id = slipway.type("alice", "deploy demo production").get(0);
            slipway.console("alice", "status demo");
            assertThat(slipway.output()).contains("waiting: #" + id + " main requested by alice (production asks for"
                    + " a confirmation)");
            slipway.console("alice", "confirm " + id);
            assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
            slipway.console("alice", "status demo");
            assertThat(slipway.output()).contains("waiting: #" + id + " main awaiting_approval by alice (needs 1"
                    + " approval from qa");
            slipway.console("alice", "cancel " + id);
            slipway.console("alice", "history demo production");
            assertThat(slipway.output()).contains("#" + id + " demo main → production: cancelled by alice");
            List<String> actions = slipway.audit(id).stream().map(AuditEvent::action).toList();
            assertThat(actions).containsSubsequence("deployment.requested", "deployment.awaiting_approval",
                    "deployment.cancelled");
        }
    }
}
