package dev.slipway.http;

import static dev.slipway.testing.ServerHarness.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refused request of the Slack endpoint and the hooks: the right status with one line of reason, no stack
 * trace, no message to Slack, no pipeline, no change in the database.
 */
class BadInputTest {
    @TempDir
    Path dir;
    private FakeSlack slack;
    private FakeGitLab gitlab;
    private ServerHarness server;

    @BeforeEach
    void start() {
        server = ServerHarness.startWithFakes(dir);
        slack = server.fakeSlack();
        gitlab = server.fakeGitLab();
    }

    @AfterEach
    void nothing_happened_and_stop() {
        try {
            assertThat(server.deployments()).isEmpty();
            assertThat(slack.calls()).filteredOn(call -> !call.method().equals("auth.test")).isEmpty();
            assertThat(gitlab.requests()).isEmpty();
        } finally {
            server.close();
        }
    }

    private static void refused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").hasLineCount(1);
    }

    private static String fixture(String name) {
        try (java.io.InputStream in = BadInputTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String releaseEvent() {
        return SlackRequests.mention("Ev0001", "U0002", CHANNEL, "1717171700.000200", null, "<@U0009> release");
    }

    @Test
    void forged_stale_future_dated_and_unsigned_slack_requests_get_401() {
        SlackRequests requests = server.slack();
        String body = releaseEvent();
        long now = Instant.now().getEpochSecond();
        refused(new SlackRequests(server.port(), "not-the-secret").event(body, Map.of()), 401);
        refused(requests.send("application/json", body, Long.toString(now - 301),
                SlackRequests.sign(SlackRequests.SECRET, now - 301, body), Map.of()), 401);
        refused(requests.send("application/json", body, Long.toString(now + 360),
                SlackRequests.sign(SlackRequests.SECRET, now + 360, body), Map.of()), 401);
        refused(requests.send("application/json", body, null, null, Map.of()), 401);
        refused(requests.send("application/json", body.replace("release", "deploy"), Long.toString(now),
                SlackRequests.sign(SlackRequests.SECRET, now, body), Map.of()), 401);
    }

    @Test
    void malformed_slack_bodies_get_400() {
        SlackRequests requests = server.slack();
        refused(requests.post("application/json", "{\"type\":", Map.of()), 400);
        refused(requests.post("application/json", "{\"no\":\"type\"}", Map.of()), 400);
        refused(requests.post("application/x-www-form-urlencoded", "payload=%7Bbroken", Map.of()), 400);
        refused(requests.post("application/x-www-form-urlencoded", "text=deploy", Map.of()), 400);
        refused(requests.post("text/plain", "deploy", Map.of()), 400);
    }

    @Test
    void the_notify_hook_refuses_missing_or_wrong_tokens_bad_results_and_unknown_threads() {
        String query = "&source=gitlab&result=success&channel=" + CHANNEL + "&timestamp=1717171700.000200";
        refused(server.get("/hooks/notify?x=1" + query), 401);
        refused(server.get("/hooks/notify?token=wrong" + query), 401);
        refused(server.get("/hooks/notify?wrong=true" + query), 401);
        refused(server.get("/hooks/notify?" + ServerHarness.NOTIFY_TOKEN + "=false" + query), 401);
        refused(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + "&result=maybe&channel=C1&timestamp=1"), 400);
        refused(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + "&result=success&channel=C1"), 400);
        refused(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + query), 404);
    }

    @Test
    void the_gitlab_hook_refuses_missing_or_wrong_tokens_malformed_bodies_and_unknown_pipelines() {
        String event = fixture("gitlab-pipeline-event-success.json"); // a pipeline Slipway never started
        refused(server.post("/hooks/gitlab", "application/json", event, gitlab.pipelineHookHeaders(null)), 401);
        refused(server.post("/hooks/gitlab", "application/json", event, gitlab.pipelineHookHeaders("wrong-token")), 401);
        Map<String, String> headers = gitlab.pipelineHookHeaders(ServerHarness.GITLAB_WEBHOOK_TOKEN);
        refused(server.post("/hooks/gitlab", "application/json", "{\"object_kind\":", headers), 400);
        refused(server.post("/hooks/gitlab", "application/json",
                "{\"object_kind\":\"pipeline\",\"object_attributes\":{\"status\":\"success\"}}", headers), 400);
        refused(server.post("/hooks/gitlab", "application/json", event, headers), 404);
    }

    @Test
    void hooks_never_echo_more_than_an_excerpt_of_what_they_were_sent() {
        String project = "p".repeat(400_000);
        HttpResponse<String> build = server.post("/hooks/build-complete", "application/json",
                "{\"project\":\"" + project + "\",\"image\":\"nginx\",\"type\":\"tag\",\"target\":\"v1\"}",
                Map.of("Authorization", "Bearer some-token"));
        refused(build, 401); // an unknown project is answered like a wrong token, and not quoted at all
        assertThat(build.body()).hasSizeLessThan(500).doesNotContain("ppp");
        HttpResponse<String> notify = server.post("/hooks/notify", "application/x-www-form-urlencoded",
                SlackRequests.encode(Map.of("token", ServerHarness.NOTIFY_TOKEN, "result", "success",
                        "channel", "C".repeat(300_000), "timestamp", "1".repeat(300_000))), Map.of());
        refused(notify, 404);
        assertThat(notify.body()).hasSizeLessThan(500);
    }

    @Test
    void bodies_over_one_mebibyte_get_413() {
        String huge = "x".repeat(1024 * 1024 + 10);
        assertThat(LoopbackHttp.statusOfPostAskingFirst(server.port(), "/hooks/gitlab", "application/json", huge,
                gitlab.pipelineHookHeaders(ServerHarness.GITLAB_WEBHOOK_TOKEN))).isEqualTo(413);
        assertThat(LoopbackHttp.statusOfPostAskingFirst(server.port(), "/slack/events", "application/json", huge,
                Map.of())).isEqualTo(413);
    }
}
