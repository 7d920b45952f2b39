package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The example configurations that README points to stay valid. */
class ExampleConfigsTest {
    @Test
    void the_slack_and_gitlab_example_loads_once_its_secrets_are_set() throws Exception {
        Map<String, String> environment = Map.of("SLACK_SIGNING_SECRET", "s", "SLACK_BOT_TOKEN", "xoxb-1",
                "NOTIFY_TOKEN", "n", "GITLAB_WEBHOOK_TOKEN", "g", "GITLAB_TRIGGER_TOKEN", "glptt-1");
        SlipwayConfig config = loader(environment::get)
                .load(Path.of("examples/slipway-slack.yaml"));
        assertThat(config.slack().botToken()).isEqualTo("xoxb-1");
        assertThat(config.projects().get(0).environments().get("production").backend().type()).isEqualTo("gitlab");
    }

    @Test
    void the_slack_and_gitlab_example_names_every_missing_secret() {
        try {
            loader(name -> null).load(Path.of("examples/slipway-slack.yaml"));
            throw new AssertionError("expected errors");
        } catch (ConfigException e) {
            assertThat(e.errors()).extracting(ConfigError::message).anySatisfy(m -> assertThat(m).contains("SLACK_BOT_TOKEN"))
                    .anySatisfy(m -> assertThat(m).contains("GITLAB_TRIGGER_TOKEN"));
        }
    }

    @Test
    void the_kubernetes_review_example_loads_once_its_secrets_are_set() throws Exception {
        Map<String, String> environment = Map.of("SLACK_SIGNING_SECRET", "s", "SLACK_BOT_TOKEN", "xoxb-1",
                "SHOP_HOOK_TOKEN", "h");
        SlipwayConfig config = loader(environment::get)
                .load(Path.of("examples/slipway-kubernetes.yaml"));
        ProjectConfig shop = config.projects().get(0);
        assertThat(shop.hookToken()).isEqualTo("h");
        assertThat(shop.environments().get("production").approvals()).isEqualTo(new ApprovalsConfig(2, java.util.List.of("qa"), java.time.Duration.ofHours(24)));
        assertThat(shop.environments().get("preview").backend().type()).isEqualTo("kubernetes");
    }

    @Test
    void the_github_and_circleci_example_loads_once_its_secrets_are_set() throws Exception {
        Map<String, String> environment = Map.of("SLACK_SIGNING_SECRET", "s", "SLACK_BOT_TOKEN", "xoxb-1",
                "GITHUB_WEBHOOK_SECRET", "gh", "CIRCLECI_WEBHOOK_SECRET", "cc", "GITHUB_TOKEN", "ghp_1",
                "CIRCLE_TOKEN", "CCIPAT_1");
        SlipwayConfig config = loader(environment::get).load(Path.of("examples/slipway-github.yaml"));
        ProjectConfig api = config.projects().get(0);
        assertThat(api.github().repo()).isEqualTo("acme/api");
        assertThat(api.github().apiUrl()).isEqualTo("https://api.github.com");
        BackendConfig staging = api.environments().get("staging").backend();
        assertThat(staging.type()).isEqualTo("github");
        assertThat(staging.next().type()).isEqualTo("circleci");
        assertThat(config.hooks().githubSecret()).isEqualTo("gh");
        assertThat(config.hooks().circleciSecret()).isEqualTo("cc");
    }

    @Test
    void the_runbooks_and_webhook_example_loads_once_its_secrets_are_set() throws Exception {
        Map<String, String> environment = Map.of("SLACK_SIGNING_SECRET", "s", "SLACK_BOT_TOKEN", "xoxb-1",
                "AZURE_TENANT_ID", "t", "AZURE_CLIENT_ID", "c", "AZURE_CLIENT_SECRET", "cs",
                "DEPLOYER_WEBHOOK_SECRET", "w");
        SlipwayConfig config = loader(environment::get).load(Path.of("examples/slipway-runbooks.yaml"));
        assertThat(config.azure()).singleElement().satisfies(a -> assertThat(a.automationAccount())
                .isEqualTo("ops-automation"));
        assertThat(config.runbooks()).extracting(RunbookConfig::name).containsExactly("restart-web", "rotate-logs");
        assertThat(config.slack().runbookCommand()).isEqualTo("/runbook");
        assertThat(config.projects().get(0).environments().get("production").backend().type()).isEqualTo("webhook");
    }

    @Test
    void the_distributable_slack_app_example_loads_once_its_secrets_are_set() throws Exception {
        Map<String, String> environment = Map.of("SLACK_SIGNING_SECRET", "s", "SLACK_CLIENT_ID", "1000.2000",
                "SLACK_CLIENT_SECRET", "cs");
        SlipwayConfig config = loader(environment::get).load(Path.of("examples/slipway-slack-app.yaml"));
        assertThat(config.slack().distributed()).isTrue();
        assertThat(config.projects()).extracting(ProjectConfig::team).containsExactly("T0123456789", "T0987654321");
    }

    @Test
    void a_webhook_backend_needs_the_public_url_its_receiver_calls_back() throws Exception {
        Path file = java.nio.file.Files.createTempFile("slipway", ".yaml");
        java.nio.file.Files.writeString(file, """
                projects:
                  - id: web
                    environments:
                      production:
                        backend: { type: webhook, url: "https://deployer.example.com/slipway", secret: s }
                """);
        try {
            loader(name -> null).load(file);
            throw new AssertionError("expected errors");
        } catch (ConfigException e) {
            assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(file + ":1: server.publicUrl:"
                    + " required with a webhook backend: its receiver calls back there");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void the_demo_example_loads() throws Exception {
        SlipwayConfig config = loader(name -> null)
                .load(Path.of("examples/slipway.yaml"));
        assertThat(config.slack()).isNull();
        assertThat(config.projects()).hasSize(1);
    }

    /** A loader that knows Slipway's backend types as the command line's does. */
    private static ConfigLoader loader(Function<String, String> environment) {
        return new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(), Slipway.backendChains(),
                environment);
    }
}
