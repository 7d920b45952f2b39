package dev.slipway.app.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandParserTest {
    private final CommandParser parser = new CommandParser();

    @Test
    void parses_deploy_in_all_its_forms() {
        assertThat(parser.parse("deploy api main to production")).isEqualTo(new Command.Deploy("api", "main", "production"));
        assertThat(parser.parse("deploy api main production")).isEqualTo(new Command.Deploy("api", "main", "production"));
        assertThat(parser.parse("deploy api to production")).isEqualTo(new Command.Deploy("api", null, "production"));
        assertThat(parser.parse("deploy api production")).isEqualTo(new Command.DeployEither("api", "production"));
        assertThat(parser.parse("  DEPLOY   api  feature/x   TO staging ")).isEqualTo(new Command.Deploy("api", "feature/x", "staging"));
    }

    @Test
    void an_incomplete_deploy_says_what_is_missing() {
        assertThat(parser.parse("deploy")).isInstanceOfSatisfying(Command.Invalid.class, invalid -> {
            assertThat(invalid.spec()).isEqualTo(CommandSpec.DEPLOY);
            assertThat(invalid.reason()).contains("environment");
        });
        assertThat(parser.parse("deploy a b c d")).isInstanceOf(Command.Invalid.class);
    }

    @Test
    void a_deploy_without_a_project_is_for_the_channels_project() {
        assertThat(parser.parse("deploy staging")).isEqualTo(new Command.Deploy(null, null, "staging"));
        assertThat(parser.parse("deploy staging feature/x")).isEqualTo(new Command.DeployEither("staging", "feature/x"));
        assertThat(parser.parse("deploy api to staging")).isEqualTo(new Command.Deploy("api", null, "staging"));
    }

    @Test
    void parses_the_channel_and_people_commands() {
        assertThat(parser.parse("setup acme/api")).isEqualTo(new Command.Setup("acme/api"));
        assertThat(parser.parse("SETUP Acme/API")).isEqualTo(new Command.Setup("Acme/API"));
        assertThat(parser.parse("reset")).isEqualTo(new Command.Reset());
        assertThat(parser.parse("config")).isEqualTo(new Command.Config());
        assertThat(parser.parse("hello")).isEqualTo(new Command.Hello(null));
        assertThat(parser.parse("hello OctoCat")).isEqualTo(new Command.Hello("OctoCat"));
        assertThat(parser.parse("goodbye")).isEqualTo(new Command.Goodbye());
    }

    @Test
    void refuses_channel_and_people_commands_that_break_their_grammar() {
        assertThat(parser.parse("setup")).isEqualTo(new Command.Invalid(CommandSpec.SETUP,
                "name one GitHub repository, as owner/repo"));
        assertThat(parser.parse("setup acme api")).isEqualTo(new Command.Invalid(CommandSpec.SETUP,
                "name one GitHub repository, as owner/repo"));
        for (String bad : List.of("api", "/api", "acme/", "acme/api/x")) {
            assertThat(parser.parse("setup " + bad)).isEqualTo(new Command.Invalid(CommandSpec.SETUP,
                    "`" + bad + "` is not owner/repo"));
        }
        assertThat(parser.parse("reset now")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("config all")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("goodbye octocat")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("hello a b")).isEqualTo(new Command.Invalid(CommandSpec.HELLO, "give at most one login"));
    }

    @Test
    void help_lists_the_channel_and_people_commands() {
        assertThat(CommandSpec.helpText()).contains("setup <owner>/<repo> — ", "\n  reset — ", "\n  config — ",
                "hello [<login>] — ", "\n  goodbye — ", "deploy <environment> [<ref>]");
        assertThat(CommandSpec.HELLO.helpLine()).startsWith("Usage: hello [<login>] — ");
    }

    @Test
    void parses_the_other_commands() {
        assertThat(parser.parse("release api")).isEqualTo(new Command.Release("api"));
        assertThat(parser.parse("release")).isEqualTo(new Command.Release(null));
        assertThat(parser.parse("status")).isEqualTo(new Command.Status(null));
        assertThat(parser.parse("status api")).isEqualTo(new Command.Status("api"));
        assertThat(parser.parse("history api staging")).isEqualTo(new Command.History("api", "staging"));
        assertThat(parser.parse("list")).isEqualTo(new Command.History(null, null));
        assertThat(parser.parse("lock api production release freeze until friday"))
                .isEqualTo(new Command.Lock("api", "production", "release freeze until friday"));
        assertThat(parser.parse("lock api production")).isEqualTo(new Command.Lock("api", "production", ""));
        assertThat(parser.parse("unlock api production")).isEqualTo(new Command.Unlock("api", "production"));
        assertThat(parser.parse("cancel 42")).isEqualTo(new Command.Cancel(42));
        assertThat(parser.parse("cancel #42")).isEqualTo(new Command.Cancel(42));
        assertThat(parser.parse("help deploy")).isEqualTo(new Command.Help("deploy"));
    }

    @Test
    void resolve_names_a_deployment_and_how_it_ended() {
        assertThat(parser.parse("resolve 42 succeeded"))
                .isEqualTo(new Command.Resolve(42, dev.slipway.domain.DeploymentState.SUCCEEDED));
        assertThat(parser.parse("Resolve #42 FAILED"))
                .isEqualTo(new Command.Resolve(42, dev.slipway.domain.DeploymentState.FAILED));
        assertThat(parser.parse("resolve 42 maybe")).isInstanceOfSatisfying(Command.Invalid.class, invalid ->
                assertThat(invalid.reason()).isEqualTo("say how it ended, `succeeded` or `failed`, not `maybe`"));
        assertThat(parser.parse("resolve 42")).isInstanceOfSatisfying(Command.Invalid.class, invalid ->
                assertThat(invalid.reason()).isEqualTo("name one deployment and how it ended: succeeded or failed"));
        assertThat(parser.parse("resolve soon failed")).isInstanceOfSatisfying(Command.Invalid.class, invalid ->
                assertThat(invalid.reason()).isEqualTo("`soon` is not a deployment id"));
        assertThat(parser.parse("resolve 42 cancelled")).isInstanceOf(Command.Invalid.class);
        assertThat(CommandSpec.helpText()).contains("resolve <deployment-id> succeeded|failed — ");
    }

    @Test
    void empty_text_asks_for_help_and_unknown_words_are_unknown() {
        assertThat(parser.parse("")).isEqualTo(new Command.Help(null));
        assertThat(parser.parse("   ")).isEqualTo(new Command.Help(null));
        assertThat(parser.parse("launch the rockets")).isEqualTo(new Command.Unknown("launch the rockets"));
    }

    @Test
    void bad_arguments_are_invalid_not_unknown() {
        assertThat(parser.parse("cancel soon")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("unlock api")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("lock api")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("status a b")).isInstanceOf(Command.Invalid.class);
    }

    @Test
    void parses_audit_with_its_filters_and_seven_days_unless_since_says() {
        Duration week = Duration.ofDays(7);
        assertThat(parser.parse("audit")).isEqualTo(new Command.Audit(null, null, week));
        assertThat(parser.parse("audit api")).isEqualTo(new Command.Audit("api", null, week));
        assertThat(parser.parse("AUDIT api production")).isEqualTo(new Command.Audit("api", "production", week));
        assertThat(parser.parse("audit --since 12h")).isEqualTo(new Command.Audit(null, null, Duration.ofHours(12)));
        assertThat(parser.parse("audit api --since 30m production"))
                .isEqualTo(new Command.Audit("api", "production", Duration.ofMinutes(30)));
        assertThat(parser.parse("audit --since=2d api")).isEqualTo(new Command.Audit("api", null, Duration.ofDays(2)));
        assertThat(parser.parse("audit api production --SINCE 1D12H"))
                .isEqualTo(new Command.Audit("api", "production", Duration.ofHours(36)));
        assertThat(parser.parse("audit —since 90m")).isEqualTo(new Command.Audit(null, null, Duration.ofMinutes(90)));
    }

    @Test
    void a_bad_audit_says_what_is_wrong_with_it() {
        assertThat(parser.parse("audit --since")).isEqualTo(new Command.Invalid(CommandSpec.AUDIT,
                "say how far back --since goes, like 7d, 12h or 30m"));
        for (String bad : List.of("7", "7w", "soon", "-3d", "0d", "0h0m", "12m3h", "1234567d", "")) {
            assertThat(parser.parse("audit --since=" + bad)).as(bad).isEqualTo(new Command.Invalid(CommandSpec.AUDIT,
                    "`" + bad + "` is not a duration; --since takes one like 7d, 12h or 30m"));
        }
        assertThat(parser.parse("audit --since 1d --since 2d"))
                .isEqualTo(new Command.Invalid(CommandSpec.AUDIT, "give --since once"));
        assertThat(parser.parse("audit api --until 2d")).isEqualTo(new Command.Invalid(CommandSpec.AUDIT,
                "there is no option `--until`; the one there is, --since, takes a duration like 7d, 12h or 30m"));
        assertThat(parser.parse("audit -s 2d")).isInstanceOfSatisfying(Command.Invalid.class,
                invalid -> assertThat(invalid.reason()).startsWith("there is no option `-s`"));
        assertThat(parser.parse("audit api production extra")).isEqualTo(new Command.Invalid(CommandSpec.AUDIT,
                "give at most a project and an environment"));
        assertThat(CommandSpec.AUDIT.helpLine()).startsWith("Usage: audit [<project>] [<environment>] [--since <duration>] — ");
    }

    @Test
    void help_lists_every_command_from_its_own_definition() {
        String help = CommandSpec.helpText();
        for (CommandSpec spec : CommandSpec.values()) {
            assertThat(help).contains(spec.usage(), spec.description());
            assertThat(parser.parse(spec.word())).isNotInstanceOf(Command.Unknown.class);
        }
        assertThat(help).contains("also: list");
    }

    @Test
    void parses_the_review_steps_with_the_id_of_the_preview_deployment() {
        assertThat(parser.parse("approve 12")).isEqualTo(new Command.ReviewStep(CommandSpec.APPROVE, 12));
        assertThat(parser.parse("reject #12")).isEqualTo(new Command.ReviewStep(CommandSpec.REJECT, 12));
        assertThat(parser.parse("promote 12")).isEqualTo(new Command.ReviewStep(CommandSpec.PROMOTE, 12));
        assertThat(parser.parse("close 12")).isEqualTo(new Command.ReviewStep(CommandSpec.CLOSE, 12));
        assertThat(parser.parse("  Approve   #7 ")).isEqualTo(new Command.ReviewStep(CommandSpec.APPROVE, 7));
    }

    @Test
    void a_review_step_without_exactly_one_id_asks_for_one_deployment() {
        for (CommandSpec step : List.of(CommandSpec.APPROVE, CommandSpec.REJECT, CommandSpec.PROMOTE, CommandSpec.CLOSE)) {
            assertThat(parser.parse(step.word())).isEqualTo(new Command.Invalid(step, "name one deployment"));
            if (step != CommandSpec.REJECT) {
                assertThat(parser.parse(step.word() + " 12 13")).isEqualTo(new Command.Invalid(step, "name one deployment"));
            }
        }
        // What follows a rejection's id is its reason.
        assertThat(parser.parse("reject 12 not today")).isEqualTo(new Command.ReviewStep(CommandSpec.REJECT, 12, "not today"));
    }

    @Test
    void a_review_step_with_an_id_that_is_not_a_number_says_so() {
        assertThat(parser.parse("approve soon"))
                .isEqualTo(new Command.Invalid(CommandSpec.APPROVE, "`soon` is not a deployment id"));
        assertThat(parser.parse("reject #twelve"))
                .isEqualTo(new Command.Invalid(CommandSpec.REJECT, "`#twelve` is not a deployment id"));
        assertThat(parser.parse("promote #"))
                .isEqualTo(new Command.Invalid(CommandSpec.PROMOTE, "`#` is not a deployment id"));
        assertThat(parser.parse("close 1.5"))
                .isEqualTo(new Command.Invalid(CommandSpec.CLOSE, "`1.5` is not a deployment id"));
    }

    @Test
    void parses_a_build_as_ci_posts_it() {
        assertThat(parser.parse("build shop registry.example.com/acme/shop:1.4.2 branch feature/login"))
                .isEqualTo(new Command.Build("shop", "registry.example.com/acme/shop:1.4.2", "branch", "feature/login"));
        assertThat(parser.parse("build shop img branch main")).isEqualTo(new Command.Build("shop", "img", "branch", "main"));
    }

    @Test
    void a_build_with_the_wrong_number_of_words_says_what_to_name() {
        for (String text : List.of("build", "build shop", "build shop img branch", "build shop img branch main extra")) {
            assertThat(parser.parse(text)).as(text).isInstanceOfSatisfying(Command.Invalid.class, invalid -> {
                assertThat(invalid.spec()).isEqualTo(CommandSpec.BUILD);
                assertThat(invalid.reason()).contains("project", "image", "branch or tag");
            });
        }
    }

    @Test
    void help_lists_the_build_review_commands() {
        assertThat(CommandSpec.helpText()).contains(
                "build <project> <image> <branch|tag> <target>",
                "approve <deployment-id>",
                "reject <deployment-id>",
                "promote <deployment-id>",
                "close <deployment-id>");
        assertThat(parser.parse("help approve")).isEqualTo(new Command.Help("approve"));
        assertThat(CommandSpec.PROMOTE.helpLine()).startsWith("Usage: promote <deployment-id> — ");
    }

    @Test
    void keywords_add_release_words_and_thank_yous() {
        CommandParser withKeywords = new CommandParser(new Keywords(List.of("release", "リリース"), List.of("よろ", "thanks")));
        assertThat(withKeywords.parse("リリース api")).isEqualTo(new Command.Release("api"));
        assertThat(withKeywords.parse("リリース")).isEqualTo(new Command.Release(null));
        assertThat(withKeywords.parse("よろしく!")).isEqualTo(new Command.Thanks());
        assertThat(withKeywords.parse("Thanks a lot")).isEqualTo(new Command.Thanks());
        assertThat(withKeywords.parse("what is this")).isInstanceOf(Command.Unknown.class);
        assertThat(parser.parse("よろ")).isInstanceOf(Command.Unknown.class);
    }

    @Test
    void parses_runbook_commands_keeping_quoted_values_whole() {
        assertThat(parser.parse("runbook restart-web staging \"disk is full\" ticket='OPS 1' note=\"say \\\"hi\\\"\""))
                .isEqualTo(new Command.Runbook("restart-web", List.of("staging", "disk is full", "ticket=OPS 1",
                        "note=say \"hi\"")));
        assertThat(parser.parse("RUNBOOK restart-web reason=“curly quotes”"))
                .isEqualTo(new Command.Runbook("restart-web", List.of("reason=curly quotes")));
        assertThat(parser.parse("runbook restart-web $(reboot) ;rm -rf /"))
                .isEqualTo(new Command.Runbook("restart-web", List.of("$(reboot)", ";rm", "-rf", "/")));
        assertThat(parser.parse("runbook restart-web \"unclosed")).isInstanceOfSatisfying(Command.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo("a quote is not closed"));
        assertThat(parser.parse("runbook")).isInstanceOf(Command.Invalid.class);
        assertThat(parser.parse("runbooks")).isEqualTo(new Command.Runbooks());
    }

    @Test
    void parses_runbook_history_and_locks() {
        assertThat(parser.parse("history runbooks")).isEqualTo(new Command.RunbookHistory(null));
        assertThat(parser.parse("list runbook restart-web")).isEqualTo(new Command.RunbookHistory("restart-web"));
        assertThat(parser.parse("history api production")).isEqualTo(new Command.History("api", "production"));
        assertThat(parser.parse("lock runbook:restart-web change freeze"))
                .isEqualTo(new Command.Lock(null, "runbook:restart-web", "change freeze"));
        assertThat(parser.parse("unlock runbook:restart-web")).isEqualTo(new Command.Unlock(null, "runbook:restart-web"));
        assertThat(parser.parse("lock api production")).isEqualTo(new Command.Lock("api", "production", ""));
        assertThat(parser.parse("unlock runbook:")).isInstanceOf(Command.Invalid.class);
    }
}
