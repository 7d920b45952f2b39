package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.AuditEvent;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Denied attempts through a real server on 127.0.0.1: refused Slack commands are kept one by one, requests with a bad
 * signature are only counted and kept as one event per source a minute.
 */
class DeniedAttemptsFlowTest {
    private static final String CHANNEL = "C0DENY";
    private static final String STRANGER = "U0BAD";
    private static final int FLOOD = 50;

    @TempDir
    Path dir;
    private FakeSlack slack;
    private ServerHarness server;

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        server = ServerHarness.startWith(dir, slack, """
                hooks:
                  githubSecret: github-hook-secret-0001
                projects:
                  - id: api
                    channel: %s
                    owners: [U0001]
                    environments:
                      staging:
                        defaultRef: main
                        deployers: [owners]
                        backend: { type: script, command: 'echo deployed', timeout: 5s }
                      production:
                        defaultRef: main
                        deployers: [owners]
                        backend: { type: script, command: 'echo deployed', timeout: 5s }
                """.formatted(CHANNEL));
    }

    @AfterEach
    void stop() {
        server.close();
        slack.close();
    }

    @Test
    void a_signed_slash_command_from_a_non_deployer_is_kept_as_refused_with_surface_and_channel() {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", "deploy api production", STRANGER, CHANNEL,
                "1000000000001.1.abc");
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("U0BAD may not deploy api to production");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit()).hasSize(1));
        AuditEvent refused = audit().get(0);
        assertThat(refused.action()).isEqualTo("deploy.refused");
        assertThat(refused.actor()).isEqualTo(STRANGER);
        assertThat(refused.project()).isEqualTo("api");
        assertThat(refused.environment()).isEqualTo("production");
        assertThat(refused.detail()).startsWith("NOT_A_DEPLOYER: U0BAD may not deploy api to production")
                .endsWith("; from slack " + CHANNEL);
        assertThat(server.deployments()).isEmpty();
    }

    @Test
    void a_mention_refused_in_its_job_is_kept_the_same_way() {
        server.slack().event(SlackRequests.mention("EvDeny01", STRANGER, CHANNEL, "1717171700.000100", null,
                "<@U0009> deploy api staging"), Map.of());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit())
                .extracting(AuditEvent::action, AuditEvent::actor, AuditEvent::project, AuditEvent::environment)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("deploy.refused", STRANGER, "api", "staging")));
        assertThat(audit().get(0).detail()).endsWith("; from slack " + CHANNEL);
    }

    @Test
    void an_unknown_project_over_slack_writes_nothing() {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", "deploy nope production", STRANGER,
                "C0ELSE", "1000000000002.1.abc");
        assertThat(ack.body()).contains("know a project `nope`");
        server.slipway().deniedAttempts().flush();
        assertThat(audit()).isEmpty();
    }

    @Test
    void a_flood_of_bad_signatures_is_refused_and_kept_as_one_event_per_source() {
        String body = SlackRequests.encode(SlackRequests.slashCommandFields("/slipway", "deploy api production",
                STRANGER, CHANNEL, "1000000000003.1.abc"));
        String now = Long.toString(Instant.now().getEpochSecond());
        for (int i = 0; i < FLOOD; i++) {
            assertThat(server.slack().send("application/x-www-form-urlencoded", body, now, "v0=" + "0".repeat(64),
                    Map.of()).statusCode()).isEqualTo(401);
            assertThat(server.post("/hooks/github", "application/json", "{\"action\":\"completed\"}",
                    Map.of("X-GitHub-Event", "deployment_status", "X-Hub-Signature-256", "sha256=" + "0".repeat(64)))
                    .statusCode()).isEqualTo(401);
        }
        assertThat(audit()).as("nothing is written per request").isEmpty();

        server.slipway().deniedAttempts().flush();

        assertThat(audit()).extracting(AuditEvent::action).containsOnly("signature.refused");
        assertThat(audit()).extracting(AuditEvent::actor).containsOnly("127.0.0.1");
        assertThat(audit()).extracting(AuditEvent::detail).containsExactlyInAnyOrder(
                "50 requests with an invalid, stale or missing signature to /slack/events in the last minute",
                "50 requests with an invalid, stale or missing signature to /hooks/github in the last minute");
        assertThat(server.deployments()).isEmpty();

        server.slipway().deniedAttempts().flush();
        assertThat(audit()).as("a quiet minute writes nothing").hasSize(2);
    }

    @Test
    void counted_signatures_are_written_when_the_server_stops() {
        server.post("/hooks/notify", "application/x-www-form-urlencoded", "token=wrong&result=success", Map.of());
        server.restart();
        assertThat(audit()).extracting(AuditEvent::action, AuditEvent::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("signature.refused",
                        "1 request with an invalid, stale or missing signature to /hooks/notify in the last minute"));
    }

    @Test
    void record_writes_at_once_and_counts_a_flood_of_one_action() {
        for (int i = 0; i < 15; i++) {
            server.slipway().deniedAttempts().record("unknown", "slack.install.refused",
                    "forged or expired state from 203.0.113." + i);
        }
        assertThat(audit()).hasSize(10).allMatch(e -> e.action().equals("slack.install.refused"));

        server.slipway().deniedAttempts().flush();

        assertThat(audit().get(0).detail()).isEqualTo("5 more in the last minute, not recorded one by one; the last:"
                + " forged or expired state from 203.0.113.14");
    }

    private List<AuditEvent> audit() {
        return server.slipway().store().read(tx -> tx.audit().listRecent(null, 500));
    }
}
