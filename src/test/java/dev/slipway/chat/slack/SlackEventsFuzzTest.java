package dev.slipway.chat.slack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slipway.testing.Fixtures;
import dev.slipway.testing.FuzzedBodies;
import dev.slipway.testing.InboundFuzzServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events API envelopes at {@code /slack/events}: {@code url_verification}, an {@code app_mention} and a threaded
 * {@code message}, from the fixtures, with one value mutated and sometimes {@code X-Slack-Retry-Num}. A seed (under
 * {@code SlackEventsFuzzTestInputs}) is fuzzed text, then the bytes of {@link FuzzedBodies#mutateJson}'s choices, then
 * a byte for the retry header (0 none), a byte for the fixture, and a byte for the signing (0 signed).
 */
class SlackEventsFuzzTest {
    private static final List<String> SHAPES = List.of("slack-url-verification.json", "slack-app-mention.json",
            "slack-message-channels-thread.json");
    private static final AtomicLong EVENTS = new AtomicLong();
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
    void event_envelopes_are_acknowledged_or_refused_without_a_trace(FuzzedDataProvider data) {
        InboundFuzzServer.Signing signing = InboundFuzzServer.Signing.from(data);
        // Each event its own id, so that none is taken for a delivery already stored.
        String shape = Fixtures.text(data.pickValue(SHAPES)).replaceAll("\"Ev[0-9A-Za-z]+\"",
                "\"EvFuzz" + EVENTS.incrementAndGet() + "\"");
        Map<String, String> headers = new HashMap<>();
        switch (data.consumeInt(0, 3)) {
            case 1 -> headers.put("X-Slack-Retry-Num", "1");
            case 2 -> {
                headers.put("X-Slack-Retry-Num", FuzzedBodies.headerValue(data.consumeString(12)));
                headers.put("X-Slack-Retry-Reason", FuzzedBodies.headerValue(data.consumeString(30)));
            }
            default -> { }
        }
        server.sendToSlack(signing, "application/json", FuzzedBodies.mutateJson(data, shape), headers);
    }
}
