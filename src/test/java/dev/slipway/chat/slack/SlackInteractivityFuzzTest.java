package dev.slipway.chat.slack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slipway.testing.Fixtures;
import dev.slipway.testing.FuzzedBodies;
import dev.slipway.testing.InboundFuzzServer;
import dev.slipway.testing.SlackRequests;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactivity at {@code /slack/events}: a {@code payload=<json>} form holding a {@code block_actions} (the
 * fixtures' and one pressing Slipway's own buttons), a {@code view_submission}, or garbage, with one value of the
 * payload mutated. A seed (under {@code SlackInteractivityFuzzTestInputs}) is fuzzed text, then the bytes of
 * {@link FuzzedBodies#mutateJson}'s choices, then a byte for the payload, and a byte for the signing (0 signed).
 */
class SlackInteractivityFuzzTest {
    private static final String VIEW_SUBMISSION = """
            {"type":"view_submission","team":{"id":"T0001","domain":"acme-deploys"},\
            "user":{"id":"U0001","username":"alice","name":"alice","team_id":"T0001"},"api_app_id":"A0001",\
            "token":"FakeVerificationToken0001","trigger_id":"1000000000003.1000000001.abc",\
            "view":{"id":"V0001","type":"modal","callback_id":"slipway.deploy","private_metadata":"",\
            "state":{"values":{"b1":{"a1":{"type":"plain_text_input","value":"main"}}}}}}""";
    private static final AtomicLong TRIGGERS = new AtomicLong();
    @TempDir
    static Path dir;
    private static InboundFuzzServer server;

    @BeforeAll
    static void start() {
        server = InboundFuzzServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "15s")
    void interactions_are_acknowledged_or_refused_without_a_trace(FuzzedDataProvider data) {
        InboundFuzzServer.Signing signing = InboundFuzzServer.Signing.from(data);
        String trigger = "1000000000002.1000000001." + TRIGGERS.incrementAndGet();
        String payload = switch (data.consumeInt(0, 4)) {
            case 0 -> FuzzedBodies.form(Fixtures.text("slack-block-actions.form")).get("payload");
            case 1 -> FuzzedBodies.form(Fixtures.text("slack-interactive-message.form")).get("payload");
            case 2 -> FuzzedBodies.form(SlackRequests.blockAction("U0001", "C0001", trigger, "slipway.approve",
                    "1")).get("payload");
            case 3 -> VIEW_SUBMISSION;
            default -> null;
        };
        String body = payload == null ? FuzzedBodies.rest(data)
                : SlackRequests.encode(Map.of("payload", FuzzedBodies.mutateJson(data,
                        payload.replaceAll("\"trigger_id\":\"[^\"]*\"", "\"trigger_id\":\"" + trigger + "\""))));
        server.sendToSlack(signing, "application/x-www-form-urlencoded", body, Map.of());
    }
}
