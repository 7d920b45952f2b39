package dev.slipway.chat.slack;

import static dev.slipway.testing.ServerHarness.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.app.JobKinds;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.FakeSlackSocketMode;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slack over Socket Mode: the same listeners as over HTTP, reached through a WebSocket that Slipway opens to a fake
 * Slack, with no public URL and no signing secret.
 */
class SocketModeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MENTION_TS = "1717171700.000200";

    @TempDir
    Path dir;
    private FakeSlack slack;
    private FakeSlackSocketMode socket;
    private FakeGitLab gitlab;
    private ServerHarness server;

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        socket = slack.socketMode(FakeSlackSocketMode.APP_TOKEN);
        gitlab = new FakeGitLab(ServerHarness.TRIGGER_TOKEN);
        server = ServerHarness.startSocketMode(dir, slack, gitlab, FakeSlackSocketMode.APP_TOKEN);
        await().atMost(WAIT).until(socket::isConnected);
    }

    @AfterEach
    void stop() {
        server.close();
        gitlab.close();
        slack.close();
    }

    private void awaitQuiet() {
        // everything done but the pipeline's watchdog, which is due only if the pipeline never reports
        await().atMost(WAIT).until(() -> server.slipway().store().read(tx -> tx.jobs().listPending()).stream()
                .allMatch(job -> job.kind().equals(JobKinds.EXPIRE_DEPLOYMENT)));
    }

    @Test
    void connects_with_the_app_token_and_uses_it_for_nothing_else() {
        assertThat(slack.calls("apps.connections.open")).isNotEmpty().allSatisfy(call ->
                assertThat(call.headers().get("authorization")).isEqualTo("Bearer " + FakeSlackSocketMode.APP_TOKEN));
        // the Slack SDK looks up the team of every token it is given with auth.test, the app token's too
        assertThat(slack.calls()).filteredOn(call -> call.headers().getOrDefault("authorization", "")
                        .contains(FakeSlackSocketMode.APP_TOKEN))
                .extracting(FakeSlack.Call::method).isSubsetOf("apps.connections.open", "auth.test");
    }

    @Test
    void a_mention_delivered_twice_is_acknowledged_both_times_and_starts_exactly_one_pipeline_reported_in_its_thread() {
        String event = SlackRequests.mention("Ev0001", "U0002", CHANNEL, MENTION_TS, null, "<@U0009> release");
        String envelope = socket.pushEvent(event);
        // Slack's retry: the same envelope again, before or after the first acknowledgement arrived
        socket.pushEvent(envelope, event, 1, "timeout");

        await().atMost(WAIT).until(() -> socket.acks().stream().filter(ack -> ack.envelopeId().equals(envelope)).count() == 2);
        await().atMost(WAIT).until(() -> server.deployments().stream().anyMatch(d -> d.state() == DeploymentState.RUNNING));
        awaitQuiet();

        assertThat(gitlab.pipelines()).hasSize(1);
        FakeGitLab.Pipeline pipeline = gitlab.pipelines().get(0);
        assertThat(pipeline.ref()).isEqualTo("main");
        assertThat(pipeline.variables()).containsEntry("DEPLOY_ENV", "production")
                .containsEntry("SLACK_CHANNEL", CHANNEL).containsEntry("SLACK_THREAD_TS", MENTION_TS);
        assertThat(server.deployments()).singleElement()
                .satisfies(deployment -> assertThat(deployment.externalId()).isEqualTo(Long.toString(pipeline.id())));

        List<FakeSlack.Call> posts = slack.calls("chat.postMessage");
        assertThat(posts).isNotEmpty().allSatisfy(post -> {
            assertThat(post.param("channel")).isEqualTo(CHANNEL);
            assertThat(post.param("thread_ts")).isEqualTo(MENTION_TS);
            assertThat(post.headers().get("authorization")).isEqualTo("Bearer " + FakeSlack.TOKEN);
        });
        assertThat(posts).anySatisfy(post -> assertThat(post.param("text")).contains(pipeline.webUrl()));
    }

    @Test
    void a_refused_slash_command_says_why_in_its_acknowledgement_payload_and_starts_nothing() {
        String envelope = socket.pushSlashCommand(SlackRequests.slashCommandFields("/slipway",
                "deploy web-api feature/x to production", ServerHarness.OWNER, CHANNEL, "1000000000002.1.abc"));

        await().atMost(WAIT).until(() -> socket.ack(envelope).isPresent());
        FakeSlackSocketMode.Ack ack = socket.ack(envelope).orElseThrow();
        assertThat(ack.payload()).isNotNull();
        assertThat(ack.payload().path("text").asText()).contains("web-api production only accepts main", "feature/x");
        assertThat(server.deployments()).isEmpty();
        assertThat(gitlab.requests()).isEmpty();
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void slack_events_is_not_served_over_http_without_a_signing_secret() {
        String event = SlackRequests.mention("Ev0001", "U0002", CHANNEL, MENTION_TS, null, "<@U0009> release");

        HttpResponse<String> response = server.post("/slack/events", "application/json", event, Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(server.deployments()).isEmpty();
    }
}
