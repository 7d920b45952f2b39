package dev.slipway.chat.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.PersonLink;
import dev.slipway.testing.FakeRepositories;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflow 2's channel commands at the console: setup, hello, the "press" typed, and a deploy naming only the environment. */
class ChannelConsoleFlowTest {
    private static final String ECHO = "echo \"deploying $SLIPWAY_PROJECT $SLIPWAY_REF to $SLIPWAY_ENVIRONMENT as $SLIPWAY_USER\"";

    @TempDir
    Path dir;

    private String yaml() {
        return SlipwayHarness.demoYaml(ECHO, ECHO, """
                hooks:
                  circleciSecret: s3cr3t-circle
                """).replace("    owners: [alice]\n",
                "    github: { repo: acme/demo, token: t0ken-demo }\n    owners: [alice]\n");
    }

    @Test
    void setup_hello_a_typed_press_and_a_deploy_by_environment() {
        FakeRepositories github = new FakeRepositories().repository("demo", "acme/demo", true)
                .collaborators("demo", List.of("octocat", "hubot"));
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(), github)) {
            List<Long> started = slipway.console("alice", "setup acme/demo", "hello", "hello octocat", "hello",
                    "deploy staging", "config");

            assertThat(started).hasSize(1);
            assertThat(slipway.deployment(started.get(0)).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(slipway.output())
                    .contains("slipway: Bound this channel to demo: acme/demo (https://github.com/acme/demo), default branch main.")
                    .contains("2 collaborators of acme/demo not linked yet).\n    [hello octocat]\n    [hello hubot]\n")
                    .contains("Hello, octocat! You (@alice) are linked to the GitHub login octocat")
                    .contains("You are linked as octocat; `goodbye` undoes it. Who are you on GitHub?")
                    .contains("1 collaborator of acme/demo not linked yet).\n    [hello hubot]\n")
                    .contains("| deploying demo main to staging as alice")
                    .contains("This channel: acme/demo → project demo, bound by @alice at ")
                    .contains("/hooks/circleci, events workflow-completed and job-completed, secret: set")
                    .contains("secret: not set — configure hooks.githubSecret or github.webhookSecret")
                    .doesNotContain("t0ken-demo").doesNotContain("s3cr3t-circle");
            java.util.Optional<PersonLink> link = slipway.slipway().store().read(tx -> tx.people().findByChatUser("alice"));
            assertThat(link).get().extracting(PersonLink::login).isEqualTo("octocat");
        }
    }

    @Test
    void without_a_github_connection_setup_is_refused_and_deploy_still_needs_a_project() {
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml(), new FakeRepositories())) {
            slipway.console("alice", "setup acme/demo", "deploy staging");

            assertThat(slipway.output())
                    .contains("demo (acme/demo) has no GitHub connection")
                    .contains("This channel has no project of its own; name one: `deploy <project> [<ref>] [to] staging`");
        }
    }
}
