package dev.slipway.chat.slack;

import static dev.slipway.testing.ServerHarness.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit} asked with the slash command and with a mention: the same lines as in the console. */
class AuditSlackFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private ServerHarness server;

    @BeforeEach
    void start() {
        server = ServerHarness.startWithFakes(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_refused_deploy_is_in_the_audit_of_the_slash_command_and_of_a_mention() {
        server.slack().slashCommand("/slipway", "deploy web-api feature/login to production", ServerHarness.OWNER,
                CHANNEL, "1000000000002.1.abc");

        HttpResponse<String> slash = server.slack().slashCommand("/slipway", "audit web-api", "U0003", CHANNEL,
                "1000000000003.1.abc");
        server.slack().event(SlackRequests.mention("Ev0001", "U0002", CHANNEL, "1717171701.000100", null,
                "<@U0009> audit web-api staging --since 1h"), Map.of());

        assertThat(slash.statusCode()).isEqualTo(200);
        assertThat(slash.body()).contains("Audit events for web-api since ", "(the last 7d), newest first:",
                "✋ refused · " + ServerHarness.OWNER + " · deploy · web-api production · REF_NOT_ALLOWED: ");
        FakeSlack slack = server.fakeSlack();
        await().atMost(WAIT).until(() -> slack.calls("chat.postMessage").size() == 1);
        assertThat(slack.calls("chat.postMessage").get(0).param("thread_ts")).isEqualTo("1717171701.000100");
        assertThat(slack.calls("chat.postMessage").get(0).param("text"))
                .startsWith("No audit events for web-api staging since ").endsWith(" (the last 1h).");
    }
}
