package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.FakeWebhookReceiver;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.ServerHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook backend end to end: a slash command into the real server on 127.0.0.1, a signed document to a
 * receiver that verifies it as README says, and the receiver's callbacks, which move the one chat message.
 */
class WebhookFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "deployer-webhook-secret-0001";
    private static final String CHANNEL = "C0001";
    private static final String OWNER = "U0001";

    @TempDir
    Path dir;
    private FakeSlack slack;
    private FakeWebhookReceiver receiver;
    private ServerHarness server;
    private int triggers;

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        receiver = new FakeWebhookReceiver(SECRET);
        server = ServerHarness.startWithPublicUrl(dir, slack, """
                projects:
                  - id: web
                    channel: %s
                    owners: [%s]
                    environments:
                      production:
                        defaultRef: main
                        backend: { type: webhook, url: "%s", secret: %s, headers: { X-Team: web } }
                """.formatted(CHANNEL, OWNER, receiver.url(), SECRET));
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
        slack.close();
    }

    @Test
    void a_deployment_is_sent_once_signed_and_moved_by_the_receivers_callbacks() {
        String trigger = "1000000000.1.abc";
        assertThat(command("deploy web production", trigger)).contains("Deploying web main to production as #1");
        assertThat(command("deploy web production", trigger)).doesNotContain("Deploying"); // Slack's retry

        await().atMost(WAIT).until(() -> receiver.timesStarted(1) == 1);
        FakeWebhookReceiver.Received document = receiver.document(1);
        assertThat(document.json().path("action").asText()).isEqualTo("deploy");
        assertThat(document.json().path("ref").asText()).isEqualTo("main");
        assertThat(document.json().path("requestedBy").asText()).isEqualTo(OWNER);
        assertThat(document.json().path("channel").asText()).isEqualTo(CHANNEL);
        assertThat(document.json().path("callbackUrl").asText())
                .startsWith("http://127.0.0.1:" + server.port() + "/hooks/webhook?");
        assertThat(document.header("X-Team")).isEqualTo("web");
        assertThat(receiver.refused()).isEmpty();

        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.RUNNING);
        assertThat(receiver.callBack(1, "running", "migrating the database", "https://deployer.example.com/runs/1"))
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> lastText().contains("migrating the database"));
        assertThat(lastText()).contains("running").contains("https://deployer.example.com/runs/1");
        assertThat(receiver.callBack(1, "running", "migrating the database", null)).isEqualTo(200);
        long progressNotes = server.slipway().store().read(tx -> tx.audit().listByDeployment(1)).stream()
                .filter(event -> event.action().equals("deployment.progress")).count();
        assertThat(progressNotes).as("the same description twice is told once").isEqualTo(1);

        assertThat(receiver.callBack(1, "succeeded", "shipped", null)).isEqualTo(200);
        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.SUCCEEDED);
        assertThat(deployment(1).summary()).isEqualTo("shipped");
        await().atMost(WAIT).until(() -> lastText().contains("succeeded"));

        assertThat(receiver.callBack(1, "failed", "too late", null)).as("a spent token").isEqualTo(401);
        assertThat(deployment(1).state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(receiver.timesStarted(1)).isEqualTo(1);
    }

    @Test
    void a_callback_with_a_wrong_token_or_state_or_an_oversized_body_changes_nothing() throws Exception {
        command("deploy web production", "1000000000.2.abc");
        await().atMost(WAIT).until(() -> receiver.timesStarted(1) == 1);
        String callback = receiver.callbackUrl(1);

        assertThat(post(callback.replaceAll("token=[0-9a-f]+", "token=" + "0".repeat(64)), "{\"state\":\"succeeded\"}"))
                .isEqualTo(401);
        assertThat(post(callback.replace("deployment=1", "deployment=2"), "{\"state\":\"succeeded\"}")).isEqualTo(401);
        assertThat(post(callback, "{\"state\":\"done\"}")).isEqualTo(400);
        assertThat(post(callback, "{not json")).isEqualTo(400);
        // Asking first, as curl does for a body this size: a refusal by declared length is then never lost to a reset.
        URI hook = URI.create(callback);
        assertThat(LoopbackHttp.statusOfPostAskingFirst(hook.getPort(), hook.getRawPath() + "?" + hook.getRawQuery(),
                "application/json", "{\"state\":\"succeeded\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}",
                java.util.Map.of())).isEqualTo(413);
        assertThat(deployment(1).state()).isIn(DeploymentState.QUEUED, DeploymentState.RUNNING);
    }

    @Test
    void cancel_tells_the_receiver_which_reports_the_run_cancelled() {
        command("deploy web production", "1000000000.3.abc");
        await().atMost(WAIT).until(() -> receiver.timesStarted(1) == 1);
        assertThat(receiver.callBack(1, "running", null, null)).isEqualTo(200);
        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.RUNNING);

        assertThat(command("cancel 1", "1000000000.4.abc")).contains("Stopping #1");
        await().atMost(WAIT).until(() -> receiver.cancels().size() == 1);
        assertThat(receiver.cancels().get(0).json().path("deployment").asLong()).isEqualTo(1);
        assertThat(receiver.callBack(1, "cancelled", "stopped by request", null)).isEqualTo(200);
        await().atMost(WAIT).until(() -> deployment(1).state() == DeploymentState.CANCELLED);
    }

    private String command(String text, String trigger) {
        return server.slack().slashCommand("/slipway", text, OWNER, CHANNEL, trigger).body();
    }

    private Deployment deployment(long id) {
        return server.deployments().stream().filter(d -> d.id() == id).findFirst().orElseThrow();
    }

    private String lastText() {
        List<FakeSlack.Call> updates = slack.calls("chat.update");
        return updates.isEmpty() ? "" : updates.get(updates.size() - 1).param("text");
    }

    private static int post(String url, String body) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
