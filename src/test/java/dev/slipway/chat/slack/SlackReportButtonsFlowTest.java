package dev.slipway.chat.slack;

import static dev.slipway.testing.SlackBlocks.button;
import static dev.slipway.testing.SlackBlocks.buttons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.CountingScript;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buttons under a deployment's report in Slack, end to end: signed slash commands and button presses into the
 * real server, its report and answers in a fake Slack, deploy scripts that wait until the test lets them end.
 */
class SlackReportButtonsFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHANNEL = "C0001";
    private static final String OWNER = "U0001";
    private static final String REQUESTER = "U0002";
    private static final String STRANGER = "U0003";

    @TempDir
    Path dir;
    private FakeSlack slack;
    private CountingScript script;
    private ServerHarness server;
    private final AtomicInteger triggers = new AtomicInteger();

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        script = CountingScript.installIn(dir.resolve("work"));
        script.hold("staging");
        script.hold("production");
        server = ServerHarness.startWithProjects(dir, slack, """
                  - id: api
                    channel: %1$s
                    owners: [%2$s]
                    environments:
                      production:
                        allowedRefs: [main]
                        backend: %3$s
                      staging:
                        backend: %3$s
                """.formatted(CHANNEL, OWNER, script.backendYaml()));
    }

    @AfterEach
    void stop() {
        script.releaseAll();
        server.close();
        slack.close();
    }

    @Test
    void the_running_report_carries_a_cancel_button_that_asks_first_and_stops_the_run_for_its_requester() {
        long id = deploy(REQUESTER, "deploy api main to staging");
        awaitRunning(id);

        JsonNode running = awaitReport(id, "staging: running");
        assertThat(buttons(running)).containsExactly("slipway.cancel=" + id);
        JsonNode cancel = button(running, "slipway.cancel");
        assertThat(cancel.path("style").asText()).isEqualTo("danger");
        assertThat(cancel.path("confirm").path("text").path("text").asText())
                .isEqualTo("Stop deploying api main to staging?");
        assertThat(cancel.path("confirm").path("confirm").path("text").asText()).isEqualTo("Yes");
        assertThat(cancel.path("confirm").path("deny").path("text").asText()).isEqualTo("Cancel");

        press(REQUESTER, "cancel", id);

        await().atMost(WAIT).until(() -> deployment(id).state() == DeploymentState.CANCELLED);
        await().atMost(WAIT).until(() -> slack.ephemeralsTo(REQUESTER).stream().anyMatch(t -> t.startsWith("Stopping #" + id)));
        JsonNode ended = awaitReport(id, "staging: cancelled");
        assertThat(buttons(ended)).isEmpty();
        assertThat(script.runsOf("staging")).hasSize(1);
    }

    @Test
    void a_press_by_someone_the_rules_refuse_is_answered_only_to_them_and_changes_nothing() {
        long id = deploy(REQUESTER, "deploy api main to staging");
        awaitRunning(id);
        awaitReport(id, "staging: running");
        int updates = slack.calls("chat.update").size();

        press(STRANGER, "cancel", id);

        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(STRANGER).isEmpty());
        assertThat(slack.ephemeralsTo(STRANGER)).singleElement().isEqualTo("Only " + REQUESTER
                + " (who asked for it) or an owner of api (" + OWNER + ") may cancel #" + id + ".");
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.RUNNING);
        assertThat(slack.calls("chat.postMessage")).noneMatch(post -> post.param("text").contains("may cancel"));
        assertThat(slack.calls("chat.update")).hasSize(updates);
    }

    @Test
    void a_press_on_a_report_whose_deployment_ended_says_so_and_changes_nothing() {
        long id = deploy(REQUESTER, "deploy api main to staging");
        awaitRunning(id);
        awaitReport(id, "staging: running");
        script.release(id, 0);
        await().atMost(WAIT).until(() -> deployment(id).state() == DeploymentState.SUCCEEDED);
        // staging is not production: nothing to roll back from the report
        assertThat(buttons(awaitReport(id, "staging: succeeded"))).isEmpty();

        press(REQUESTER, "cancel", id);

        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(REQUESTER).isEmpty());
        assertThat(slack.ephemeralsTo(REQUESTER)).singleElement().isEqualTo("#" + id + " already ended: succeeded.");
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
        List<String> audit = server.slipway().store().read(tx -> tx.audit().listByDeployment(id)).stream()
                .map(AuditEvent::action).toList();
        assertThat(audit).doesNotContain("deployment.cancel_requested", "deployment.cancelled");
    }

    @Test
    void a_failure_offers_retry_and_a_production_success_offers_a_rollback_that_asks_first() {
        long failed = deploy(REQUESTER, "deploy api main to staging");
        awaitRunning(failed);
        script.release(failed, 3);
        await().atMost(WAIT).until(() -> deployment(failed).state() == DeploymentState.FAILED);
        JsonNode retry = awaitReport(failed, "staging: failed");
        assertThat(buttons(retry)).containsExactly("slipway.retry=" + failed);
        assertThat(button(retry, "slipway.retry").has("confirm")).isFalse();

        long shipped = deploy(OWNER, "deploy api main to production");
        awaitRunning(shipped);
        JsonNode running = awaitReport(shipped, "production: running");
        assertThat(buttons(running)).containsExactly("slipway.cancel=" + shipped);
        script.release(shipped, 0);
        await().atMost(WAIT).until(() -> deployment(shipped).state() == DeploymentState.SUCCEEDED);

        JsonNode done = awaitReport(shipped, "production: succeeded");
        assertThat(buttons(done)).containsExactly("slipway.rollback=" + shipped);
        JsonNode rollback = button(done, "slipway.rollback");
        assertThat(rollback.path("style").asText()).isEqualTo("danger");
        assertThat(rollback.path("confirm").path("title").path("text").asText()).isEqualTo("Are you sure?");
        assertThat(rollback.path("confirm").path("text").path("text").asText())
                .isEqualTo("Roll api production back to the version before main (#" + shipped + ")?");
        // who shipped what where, how long it took and when it ended, in each reader's own time zone
        Deployment ended = deployment(shipped);
        assertThat(reportText(shipped)).startsWith("#" + shipped + " api main → production: succeeded (exit code 0) in ")
                .contains(" — asked by <@" + OWNER + ">, ended <!date^" + ended.finishedAt().getEpochSecond()
                        + "^{date_short_pretty} {time}|" + ended.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + ">");
    }

    /** {@code text} as {@code /slipway} from {@code user}; returns the deployment it started. */
    private long deploy(String user, String text) {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", text, user, CHANNEL, trigger());
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Deploying api main");
        return server.deployments().stream().mapToLong(Deployment::id).max().orElseThrow();
    }

    private void press(String user, String command, long id) {
        HttpResponse<String> ack = server.slack().post("application/x-www-form-urlencoded",
                SlackRequests.blockAction(user, CHANNEL, trigger(), "slipway." + command, Long.toString(id)), Map.of());
        assertThat(ack.statusCode()).isEqualTo(200);
    }

    private String trigger() {
        return "3000000000%03d.1.abc".formatted(triggers.incrementAndGet());
    }

    private void awaitRunning(long id) {
        await().atMost(WAIT).until(() -> deployment(id).state() == DeploymentState.RUNNING
                && script.runs().stream().anyMatch(run -> run.deploymentId() == id));
    }

    private Deployment deployment(long id) {
        return server.slipway().store().read(tx -> tx.deployments().findById(id)).orElseThrow();
    }

    /** The blocks of the report of {@code id} once Slipway posted or updated it with {@code text}. */
    private JsonNode awaitReport(long id, String text) {
        await().atMost(WAIT).until(() -> reportWrites(id).stream().anyMatch(c -> c.param("text").contains(text)));
        return reportWrites(id).stream().filter(c -> c.param("text").contains(text)).reduce((a, b) -> b)
                .orElseThrow().json("blocks");
    }

    private String reportText(long id) {
        List<FakeSlack.Call> writes = reportWrites(id);
        return writes.get(writes.size() - 1).param("text");
    }

    /** Every chat.postMessage at the top of the channel and chat.update of the report of {@code id}, in order. */
    private List<FakeSlack.Call> reportWrites(long id) {
        return slack.calls().stream().filter(c -> CHANNEL.equals(c.param("channel")) && c.param("thread_ts") == null
                && (c.method().equals("chat.postMessage") || c.method().equals("chat.update"))
                && c.param("text") != null && c.param("text").startsWith("#" + id + " ")).toList();
    }

}
