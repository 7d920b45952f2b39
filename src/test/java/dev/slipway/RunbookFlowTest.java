package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeAzure;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC workflow 3 end to end: `/runbook restart-web …` signed into the real server on 127.0.0.1, a fake of
 * Microsoft Entra and Azure Resource Manager that speaks their wire format, and the one Slack message that follows
 * the job.
 */
class RunbookFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHANNEL = "C0001";
    private static final String OWNER = "U0001";
    private static final String OTHER_OWNER = "U0003";
    private static final String STRANGER = "U0002";

    @TempDir
    Path dir;
    private FakeSlack slack;
    private FakeAzure azure;
    private ServerHarness server;

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        azure = new FakeAzure();
        azure.runbook("restart-web", true);
        azure.runbook("rotate-logs", false);
        server = ServerHarness.startWith(dir, slack, """
                azure:
                  tenantId: %s
                  clientId: %s
                  clientSecret: "%s"
                  subscriptionId: %s
                  resourceGroup: %s
                  automationAccount: %s
                  authorityUrl: "%s"
                  managementUrl: "%s"
                  portalUrl: "%s"
                  pollInterval: 50ms
                runbooks:
                  - name: restart-web
                    description: Restart the web tier
                    parameters:
                      - { name: environment, required: true, values: [staging, production] }
                      - { name: reason }
                      - { name: apiKey, secret: true }
                    project: web
                    deployers: [owners]
                  - name: rotate-logs
                    deployers: [anyone]
                projects:
                  - id: web
                    channel: %s
                    owners: [%s, %s]
                    environments:
                      production:
                        backend: { type: script, command: "true" }
                """.formatted(FakeAzure.TENANT, FakeAzure.CLIENT_ID, FakeAzure.CLIENT_SECRET, FakeAzure.SUBSCRIPTION,
                FakeAzure.RESOURCE_GROUP, FakeAzure.AUTOMATION_ACCOUNT, azure.authorityUrl(), azure.managementUrl(),
                FakeAzure.PORTAL_URL, CHANNEL, OWNER, OTHER_OWNER));
    }

    @AfterEach
    void stop() {
        server.close();
        azure.close();
        slack.close();
    }

    @Test
    void a_runbook_runs_once_as_the_service_principal_and_one_message_follows_its_job() {
        String trigger = "1000000000.1.abc";
        String ack = runbook("restart-web production \"disk is full\" apiKey=s3cret", OWNER, trigger);
        assertThat(ack).contains("Running runbook restart-web (environment=production reason=\"disk is full\""
                + " apiKey=***) as #1");
        assertThat(runbook("restart-web production \"disk is full\" apiKey=s3cret", OWNER, trigger))
                .doesNotContain("Running"); // Slack's retry of the same command

        FakeAzure.Job job = onlyJob();
        assertThat(job.runbook()).isEqualTo("restart-web");
        assertThat(job.parameters()).isEqualTo(Map.of("environment", "production", "reason", "disk is full",
                "apiKey", "s3cret"));
        assertThat(job.name()).matches("[0-9a-f-]{36}");
        assertThat(azure.requests("PUT", "/jobs/" + job.name()).get(0).header("Content-Type"))
                .startsWith("application/json");
        assertThat(azure.tokenRequests()).isEqualTo(1);

        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.SUCCEEDED);
        Deployment run = deployment(1);
        assertThat(run.externalId()).isEqualTo(job.name());
        assertThat(run.ref()).isEqualTo("environment=production reason=\"disk is full\" apiKey=***");
        assertThat(run.outputTail()).contains("Deployed web-api v2.14.0");
        await().atMost(WAIT).until(() -> lastUpdate().contains("succeeded"));
        assertThat(slack.calls("chat.update")).extracting(call -> call.param("text"))
                .anySatisfy(text -> assertThat(text).contains("runbook restart-web").contains("Azure job Running"));
        assertThat(slack.calls("chat.postMessage")).extracting(call -> call.param("text"))
                .anySatisfy(text -> assertThat(text).contains("Deployed web-api v2.14.0"))
                .anySatisfy(text -> assertThat(text).startsWith("Job: <" + FakeAzure.PORTAL_URL + "/#resource/"));

        List<AuditEvent> audit = server.slipway().store().read(tx -> tx.audit().listByDeployment(1));
        assertThat(audit).extracting(AuditEvent::actor).contains(OWNER);
        assertThat(audit.toString()).doesNotContain("s3cret");
        assertThat(slack.calls().toString()).doesNotContain("s3cret");
        Map<String, String> kept = server.slipway().store().read(tx -> tx.deployments().findArguments(1));
        assertThat(kept).isEmpty();

        String history = command("/slipway", "history runbooks", OWNER, "1000000000.2.abc");
        assertThat(history).contains("#1 restart-web environment=production").contains("apiKey=***")
                .contains("succeeded by " + OWNER + " in " + CHANNEL).contains("job " + job.name())
                .doesNotContain("s3cret");
    }

    @Test
    void a_slow_azure_never_holds_up_the_acknowledgement() {
        azure.delayTokens(Duration.ofSeconds(5));

        String ack = runbook("restart-web staging", OWNER, "1000000000.3.abc");

        // Acknowledged while Entra had not yet answered: the job is created afterwards, by a worker.
        assertThat(ack).contains("Running runbook restart-web");
        assertThat(azure.jobs()).isEmpty();
        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.SUCCEEDED);
        assertThat(azure.jobs()).hasSize(1);
    }

    @Test
    void refused_requests_say_why_and_start_nothing() {
        assertThat(runbook("reboot-world", OWNER, "1000000000.4.abc"))
                .contains("I don't know a runbook `reboot-world`. Runbooks: restart-web, rotate-logs");
        assertThat(runbook("restart-web qa", OWNER, "1000000000.5.abc"))
                .contains("`environment` must be one of staging, production (got `qa`)")
                .contains("Usage: runbook restart-web <environment: staging|production> [reason] [apiKey]");
        assertThat(runbook("restart-web", OWNER, "1000000000.6.abc")).contains("`environment` is required");
        assertThat(runbook("restart-web staging colour=red", OWNER, "1000000000.7.abc"))
                .contains("it has no parameter `colour`");
        assertThat(runbook("restart-web staging", STRANGER, "1000000000.8.abc")).contains(STRANGER)
                .containsIgnoringCase("may not");
        assertThat(command("/slipway", "deploy web runbook:restart-web", OWNER, "1000000000.9.abc"))
                .contains("run it with `runbook restart-web [args…]`");

        assertThat(server.deployments()).isEmpty();
        assertThat(azure.jobs()).isEmpty();
        assertThat(azure.tokenRequests()).isZero();
        // Kept as denied attempts: the value the allow-list refuses and the stranger; not the typos.
        List<AuditEvent> audit = server.slipway().store().read(tx -> tx.audit().listRecent(null, 20));
        assertThat(audit)
                .extracting(AuditEvent::action, AuditEvent::actor, e -> e.detail().substring(0, e.detail().indexOf(':')))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("runbook.refused", STRANGER, "NOT_A_DEPLOYER"),
                        org.assertj.core.groups.Tuple.tuple("runbook.refused", OWNER, "ARGUMENT_NOT_ALLOWED"));
    }

    @Test
    void azures_refusal_is_said_in_plain_words() {
        runbook("rotate-logs", STRANGER, "1000000000.10.abc");

        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.FAILED);
        assertThat(deployment(1).summary()).contains("not published");
        assertThat(azure.jobs()).isEmpty();
    }

    @Test
    void a_failed_job_reports_its_exception_and_error_stream() {
        azure.defaultScript(FakeAzure.Script.fails("Deployment slot swap failed: slot 'staging' is not healthy."));

        runbook("restart-web staging", OWNER, "1000000000.11.abc");

        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.FAILED);
        assertThat(deployment(1).summary()).contains("Azure job Failed: Deployment slot swap failed");
        assertThat(deployment(1).outputTail()).contains("slot 'staging' is not healthy");
    }

    @Test
    void a_suspended_job_asks_a_person_to_look_and_is_followed_until_it_ends() {
        azure.defaultScript(FakeAzure.Script.of("New", "Running", "Suspended", "Running", "Completed")
                .holdingAt("Suspended"));

        runbook("restart-web staging", OWNER, "1000000000.12.abc");

        await().atMost(WAIT).until(() -> lastUpdate().contains("Suspended"));
        assertThat(lastUpdate()).contains("a person must look").contains(FakeAzure.PORTAL_URL);
        assertThat(deployment(1).state()).isEqualTo(DeploymentState.RUNNING);
        azure.advance(onlyJob().name());
        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.SUCCEEDED);
    }

    @Test
    void cancel_stops_the_job() {
        azure.defaultScript(FakeAzure.Script.runsUntilStopped());
        runbook("restart-web staging", OWNER, "1000000000.13.abc");
        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.RUNNING
                && lastUpdate().contains("Azure job Running"));

        assertThat(command("/slipway", "status", OWNER, "1000000000.22.abc"))
                .contains("runbook restart-web: in flight: #1 environment=staging running by " + OWNER);
        assertThat(command("/slipway", "cancel 1", OWNER, "1000000000.14.abc"))
                .contains("Stopping #1 (runbook restart-web environment=staging)");

        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.CANCELLED);
        assertThat(azure.stops(onlyJob().name())).isEqualTo(1);
    }

    @Test
    void a_restart_while_the_job_runs_resumes_polling_the_same_job() {
        azure.defaultScript(FakeAzure.Script.of("New", "Running", "Completed").holdingAt("Running"));
        runbook("restart-web staging", OWNER, "1000000000.15.abc");
        await().atMost(WAIT).until(() -> lastUpdate().contains("Azure job Running"));
        String name = onlyJob().name();

        server.restart();
        int readsBefore = azure.requests("GET", "/jobs/" + name).size();
        await().atMost(WAIT).until(() -> azure.requests("GET", "/jobs/" + name).size() > readsBefore);
        azure.advance(name);

        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.SUCCEEDED);
        assertThat(azure.jobs()).hasSize(1);
        assertThat(azure.creates(name)).isEqualTo(1);
    }

    @Test
    void a_locked_runbook_runs_for_its_holder_only() {
        assertThat(command("/slipway", "lock runbook:restart-web change freeze", OWNER, "1000000000.16.abc"))
                .contains("Locked runbook restart-web (change freeze)");
        assertThat(runbook("restart-web staging", OTHER_OWNER, "1000000000.17.abc")).containsIgnoringCase("locked")
                .contains(OWNER);
        assertThat(azure.jobs()).isEmpty();
        assertThat(command("/slipway", "status", OTHER_OWNER, "1000000000.21.abc"))
                .contains("runbook restart-web: idle; locked by " + OWNER + " (change freeze)");

        assertThat(command("/slipway", "unlock runbook:restart-web", OWNER, "1000000000.18.abc"))
                .contains("Unlocked runbook restart-web");
        assertThat(runbook("restart-web staging", OTHER_OWNER, "1000000000.19.abc")).contains("Running runbook");
    }

    @Test
    void a_runbook_of_a_project_is_reported_in_its_channel_wherever_it_was_asked() {
        String ack = textOf(server.slack().slashCommand("/runbook", "restart-web staging", OWNER, "C0999",
                "1000000000.23.abc").body());

        assertThat(ack).contains("I'll report in <#" + CHANNEL + ">");
        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.SUCCEEDED);
        assertThat(slack.calls("chat.postMessage")).extracting(call -> call.param("channel")).contains(CHANNEL)
                .doesNotContain("C0999");
        List<AuditEvent> audit = server.slipway().store().read(tx -> tx.audit().listByDeployment(1));
        assertThat(audit).extracting(AuditEvent::detail)
                .anySatisfy(detail -> assertThat(detail).contains("(asked in C0999)"));

        // Asked by mention elsewhere: answered in that thread, since the reports go to the project's channel.
        server.slack().event(dev.slipway.testing.SlackRequests.mention("Ev0RUNBOOK01", OWNER, "C0998",
                "1717171800.000100", null, "<@U0009> runbook restart-web production"), Map.of());
        await().atMost(WAIT).until(() -> slack.calls("chat.postMessage").stream()
                .anyMatch(call -> "C0998".equals(call.param("channel"))
                        && call.param("text").contains("I'll report in <#" + CHANNEL + ">")));
        await().atMost(WAIT).until(() -> deployment(2).state() == DeploymentState.SUCCEEDED);
    }

    @Test
    void runbooks_lists_what_may_be_run() {
        assertThat(command("/slipway", "runbooks", STRANGER, "1000000000.20.abc"))
                .contains("runbook restart-web <environment: staging|production> [reason] [apiKey] — Restart the web"
                        + " tier (who may run it: owners; project web)")
                .contains("runbook rotate-logs (who may run it: anyone)");
    }

    /** {@code /runbook <text>}. */
    private String runbook(String text, String user, String trigger) {
        return command("/runbook", text, user, trigger);
    }

    /** The text the slash command is acknowledged with. */
    private String command(String command, String text, String user, String trigger) {
        return textOf(server.slack().slashCommand(command, text, user, CHANNEL, trigger).body());
    }

    private static String textOf(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("text").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return body;
        }
    }

    private FakeAzure.Job onlyJob() {
        await().atMost(WAIT).until(() -> !azure.jobs().isEmpty());
        assertThat(azure.jobs()).hasSize(1);
        return azure.jobs().get(0);
    }

    private Deployment deployment(long id) {
        return server.deployments().stream().filter(d -> d.id() == id).findFirst().orElseThrow();
    }

    private String lastUpdate() {
        List<FakeSlack.Call> updates = slack.calls("chat.update");
        return updates.isEmpty() ? "" : updates.get(updates.size() - 1).param("text");
    }
}
