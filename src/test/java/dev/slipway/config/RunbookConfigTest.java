package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.domain.Project;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.Runbooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookConfigTest {
    private static final String PROJECT = """
            projects:
              - id: api
                owners: [U01]
                environments:
                  production:
                    backend: { type: script, command: ./deploy.sh }
            """;
    private static final String AZURE = """
            azure:
              tenantId: ${AZURE_TENANT_ID}
              clientId: abcdef01-2345-4678-9abc-def012345678
              clientSecret: ${AZURE_CLIENT_SECRET}
              subscriptionId: 00000000-0000-0000-0000-000000000000
              resourceGroup: ops
              automationAccount: ops-automation
            """;

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>(Map.of("AZURE_TENANT_ID", "tenant-1",
            "AZURE_CLIENT_SECRET", "FakeClientSecret~0001"));

    @Test
    void one_azure_account_and_the_allow_list_load_with_their_defaults() {
        SlipwayConfig config = load(AZURE + """
                runbooks:
                  - name: restart-web
                    description: Restart the web tier
                    parameters:
                      - { name: environment, required: true, values: [staging, production] }
                      - { name: reason, required: false }
                      - { name: ticket, pattern: "OPS-[0-9]+", default: OPS-1 }
                      - { name: token, secret: true }
                    project: api
                    deployers: [owners, U0QA1]
                  - name: rotate-logs
                    runOn: hybrid-linux
                """ + PROJECT);

        AzureConfig account = config.azure().get(0);
        assertThat(config.azure()).hasSize(1);
        assertThat(account.name()).isEqualTo("default");
        assertThat(account.tenantId()).isEqualTo("tenant-1");
        assertThat(account.authorityUrl()).isEqualTo("https://login.microsoftonline.com");
        assertThat(account.managementUrl()).isEqualTo("https://management.azure.com");
        assertThat(account.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(account.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(account.toString()).doesNotContain("FakeClientSecret");
        assertThat(SecretValues.of(config)).contains("FakeClientSecret~0001");

        Runbooks runbooks = ConfigMapper.toRunbooks(config);
        Runbook restart = runbooks.find("restart-web").orElseThrow();
        assertThat(restart.project()).isEqualTo("api");
        assertThat(restart.policy().deployers()).containsExactly("owners", "U0QA1");
        assertThat(restart.parameters()).extracting(p -> p.name() + ":" + p.required() + ":" + p.secret())
                .containsExactly("environment:true:false", "reason:false:false", "ticket:false:false", "token:false:true");
        assertThat(restart.parameter("ticket").orElseThrow().defaultValue()).isEqualTo("OPS-1");
        assertThat(runbooks.find("rotate-logs").orElseThrow().project()).isEqualTo(Runbook.NO_PROJECT);
        assertThat(runbooks.find("rotate-logs").orElseThrow().runOn()).isEqualTo("hybrid-linux");
    }

    @Test
    void runbooks_run_in_environments_of_their_project_that_nobody_deploys_to() {
        SlipwayConfig config = load(AZURE + """
                runbooks:
                  - { name: restart-web, project: api }
                  - { name: rotate-logs }
                """ + PROJECT);

        var projects = ConfigMapper.toProjects(config, Map.of("script", new dev.slipway.backend.BackendType<>("script",
                TestScriptSettings.class, RefKind.GIT, settings -> null, settings -> java.util.Optional.empty())));

        Project api = projects.findById("api").orElseThrow();
        assertThat(api.environment("runbook:restart-web")).hasValueSatisfying(e -> {
            assertThat(e.backendType()).isEqualTo("azure");
            assertThat(e.refKind()).isEqualTo(RefKind.RUNBOOK);
        });
        assertThat(api.environmentNames()).containsExactly("production");
        assertThat(api.releaseEnvironment()).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("production"));
        assertThat(projects.findById(Runbook.NO_PROJECT).orElseThrow().environment("runbook:rotate-logs")).isPresent();
        assertThat(projects.ids()).containsExactly("api");
    }

    @Test
    void several_accounts_are_named_and_each_runbook_says_which() {
        SlipwayConfig config = load("""
                azure:
                  - { name: ops, tenantId: t, clientId: c, clientSecret: s, subscriptionId: sub, resourceGroup: rg,
                      automationAccount: ops-automation }
                  - { name: data, tenantId: t, clientId: c, clientSecret: s, subscriptionId: sub, resourceGroup: rg,
                      automationAccount: data-automation, managementUrl: "http://127.0.0.1:9/arm",
                      authorityUrl: "http://127.0.0.1:9/login", pollInterval: 100ms, timeout: 2m }
                runbooks:
                  - { name: vacuum, account: data }
                """ + PROJECT);

        assertThat(config.azure()).extracting(AzureConfig::name).containsExactly("ops", "data");
        assertThat(config.azure().get(1).pollInterval()).isEqualTo(Duration.ofMillis(100));

        assertThat(errors("""
                azure:
                  - { name: ops, tenantId: t, clientId: c, clientSecret: s, subscriptionId: sub, resourceGroup: rg,
                      automationAccount: ops-automation }
                  - { tenantId: t, clientId: c, clientSecret: s, subscriptionId: sub, resourceGroup: rg,
                      automationAccount: data-automation }
                runbooks:
                  - { name: vacuum }
                  - { name: analyze, account: nope }
                """ + PROJECT)).containsExactlyInAnyOrder(
                at(4, "azure[1].name: required key is missing"),
                at(7, "runbooks[0]: name its azure account (account:): there are several (ops)"),
                at(8, "runbooks[1].account: no azure account is named nope (ops)"));
    }

    @Test
    void check_config_reports_every_mistake_in_accounts_and_runbooks() {
        assertThat(errors("""
                azure:
                  tenantId: t
                  clientId: c
                  automationAccount: "a b"
                  managementUrl: ftp://example.com
                  pollInterval: 0s
                runbooks:
                  - name: 9lives
                    deployers: [owners, "two words"]
                    approvals: { required: 1, from: [qa] }
                    project: web
                    parameters:
                      - { name: env, values: [a, b], pattern: "x", default: c }
                      - { name: env }
                      - { name: "bad name" }
                      - { name: when, pattern: "([" }
                  - name: restart
                  - name: restart
                """ + PROJECT)).containsExactlyInAnyOrder(
                at(1, "azure.clientSecret: required key is missing"),
                at(1, "azure.subscriptionId: required key is missing"),
                at(1, "azure.resourceGroup: required key is missing"),
                at(4, "azure.automationAccount: not an automation account name: 6 to 50 letters, digits and -,"
                        + " starting and ending with a letter or digit"),
                at(5, "azure.managementUrl: expected an http(s) URL"),
                at(6, "azure.pollInterval: must be longer than zero"),
                at(8, "runbooks[0].name: a runbook name starts with a letter and has only letters, digits, - and _"
                        + " (at most 63)"),
                at(9, "runbooks[0].deployers[1]: expected owners, qa, anyone or a user id without spaces"),
                at(10, "runbooks[0].approvals: runbooks take no approvals: approvals are what a build needs before"
                        + " it is promoted; say who may run it with deployers"),
                at(11, "runbooks[0].project: no project has the id web"),
                at(13, "runbooks[0].parameters[0]: give pattern or values, not both"),
                at(13, "runbooks[0].parameters[0].default: the default is not one of the values it allows"),
                at(14, "runbooks[0].parameters[1].name: parameter env is listed twice"),
                at(15, "runbooks[0].parameters[2].name: a parameter name has only letters, digits and _, and does"
                        + " not start with a digit"),
                at(16, "runbooks[0].parameters[3].pattern: not a regular expression: Unclosed character class"),
                at(18, "runbooks[2].name: runbook restart is listed twice"));
    }

    @Test
    void owners_and_qa_mean_a_projects_so_a_runbook_without_one_names_people() {
        assertThat(errors(AZURE + """
                runbooks:
                  - { name: restart-web, deployers: [qa] }
                """ + PROJECT)).containsExactly(at(9, "runbooks[0].deployers[0]: qa means a project's: give the"
                + " runbook a project (project:) or name people by their user id"));
        assertThat(errors("""
                runbooks:
                  - { name: restart-web }
                """ + PROJECT)).containsExactly(at(2, "runbooks[0]: needs an azure: account to run in"));
    }

    @Test
    void the_runbook_slash_command_is_named_like_the_other() {
        assertThat(load("""
                slack: { botToken: xoxb-1, signingSecret: s }
                """ + PROJECT).slack().runbookCommand()).isEqualTo("/runbook");
        assertThat(errors("""
                slack: { botToken: xoxb-1, signingSecret: s, runbookCommand: runbook }
                """ + PROJECT)).containsExactly(at(1, "slack.runbookCommand: must start with / (like /runbook)"));
    }

    private ConfigLoader loader() {
        return new ConfigLoader(Map.of("script", TestScriptSettings.class), environment::get);
    }

    private SlipwayConfig load(String yaml) {
        try {
            return loader().load(write(yaml));
        } catch (ConfigException e) {
            throw new AssertionError("expected the file to load, got:\n" + e.getMessage(), e);
        }
    }

    private List<String> errors(String yaml) {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader().load(file));
        assertThat(e).as("a ConfigException").isNotNull();
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private String at(int line, String pathAndMessage) {
        return dir.resolve("slipway.yaml") + ":" + line + ": " + pathAndMessage;
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("slipway.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
