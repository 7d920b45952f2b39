package dev.slipway.chat.slack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slipway.testing.Fixtures;
import dev.slipway.testing.FuzzedBodies;
import dev.slipway.testing.InboundFuzzServer;
import dev.slipway.testing.SlackRequests;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slash commands at {@code /slack/events}: the fixture's form, signed, with fuzzed command text or one field
 * mutated. A seed (under {@code SlackSlashCommandFuzzTestInputs}) is the command's text, then a byte 1 (fuzzed text
 * rather than a mutated form), then a byte choosing the signing (0: signed; see {@link InboundFuzzServer.Signing}).
 */
class SlackSlashCommandFuzzTest {
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
    void slash_commands_are_answered_or_refused_without_a_trace(FuzzedDataProvider data) {
        Map<String, String> form = FuzzedBodies.form(Fixtures.text("slack-slash-command.form"));
        form.put("command", "/slipway");
        // Each input its own trigger, so that none is taken for a retry of an earlier one.
        form.put("trigger_id", "1000000000001.1000000001." + TRIGGERS.incrementAndGet());
        InboundFuzzServer.Signing signing = InboundFuzzServer.Signing.from(data);
        String body = data.consumeBoolean() ? textOnly(form, data) : FuzzedBodies.mutateForm(data, form);
        server.sendToSlack(signing, "application/x-www-form-urlencoded", body, Map.of());
    }

    private static String textOnly(Map<String, String> form, FuzzedDataProvider data) {
        form.put("text", FuzzedBodies.rest(data));
        return SlackRequests.encode(form);
    }
}
