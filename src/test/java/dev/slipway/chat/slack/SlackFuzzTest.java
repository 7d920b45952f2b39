package dev.slipway.chat.slack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slipway.testing.Fixtures;
import dev.slipway.testing.FuzzedBodies;
import dev.slipway.testing.InboundFuzzServer;
import dev.slipway.testing.SlackRequests;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything Slack posts to {@code /slack/events}, signed as Slack signs it or with the signing mangled (then the
 * answer must be 401): slash commands, Events API envelopes and interactivity. One fuzz test for the three, because
 * Jazzer fuzzes one fuzz test per JVM and each would otherwise pay for its own JVM and server.
 *
 * <p>A seed (under {@code SlackFuzzTestInputs}) ends with a byte choosing the surface (0 slash command, 1 event,
 * 2 interaction); the bytes before it are read from the end, as {@link FuzzedBodies} does, in the order each
 * surface's method below gives. A seed's file name says which surface it is for.
 */
class SlackFuzzTest {
    private static final List<String> EVENT_SHAPES = List.of("slack-url-verification.json",
            "slack-app-mention.json", "slack-message-channels-thread.json");
    private static final String VIEW_SUBMISSION = """
            {"type":"view_submission","team":{"id":"T0001","domain":"acme-deploys"},\
            "user":{"id":"U0001","username":"alice","name":"alice","team_id":"T0001"},"api_app_id":"A0001",\
            "token":"FakeVerificationToken0001","trigger_id":"1000000000003.1000000001.abc",\
            "view":{"id":"V0001","type":"modal","callback_id":"slipway.deploy","private_metadata":"",\
            "state":{"values":{"b1":{"a1":{"type":"plain_text_input","value":"main"}}}}}}""";
    /** Each input its own trigger or event id, so that none is taken for a retry of an earlier one. */
    private static final AtomicLong IDS = new AtomicLong();
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
    void slack_requests_are_answered_or_refused_without_a_trace(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> slashCommand(data);
            case 1 -> event(data);
            default -> interaction(data);
        }
    }

    /**
     * The fixture's slash command form with fuzzed command text or one field mutated: a byte choosing the signing
     * (0: signed; see {@link InboundFuzzServer.Signing}), then a byte 1 for fuzzed text (the rest of the data) rather
     * than a mutated form.
     */
    private static void slashCommand(FuzzedDataProvider data) {
        Map<String, String> form = FuzzedBodies.form(Fixtures.text("slack-slash-command.form"));
        form.put("command", "/slipway");
        form.put("trigger_id", "1000000000001.1000000001." + IDS.incrementAndGet());
        InboundFuzzServer.Signing signing = InboundFuzzServer.Signing.from(data);
        String body;
        if (data.consumeBoolean()) {
            form.put("text", FuzzedBodies.rest(data));
            body = SlackRequests.encode(form);
        } else {
            body = FuzzedBodies.mutateForm(data, form);
        }
        server.sendToSlack(signing, "application/x-www-form-urlencoded", body, Map.of());
    }

    /**
     * A {@code url_verification}, an {@code app_mention} or a threaded {@code message} from the fixtures, with one
     * value mutated and sometimes {@code X-Slack-Retry-Num}: a byte for the signing, a byte for the fixture, a byte
     * for the retry header (0 none), then {@link FuzzedBodies#mutateJson}'s choices and its text.
     */
    private static void event(FuzzedDataProvider data) {
        InboundFuzzServer.Signing signing = InboundFuzzServer.Signing.from(data);
        String shape = Fixtures.text(data.pickValue(EVENT_SHAPES)).replaceAll("\"Ev[0-9A-Za-z]+\"",
                "\"EvFuzz" + IDS.incrementAndGet() + "\"");
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

    /**
     * A {@code payload=<json>} form holding a {@code block_actions} (the fixtures' and one pressing Slipway's own
     * buttons), a {@code view_submission}, or garbage: a byte for the signing, a byte for the payload (4: garbage,
     * the rest of the data), then {@link FuzzedBodies#mutateJson}'s choices and its text.
     */
    private static void interaction(FuzzedDataProvider data) {
        InboundFuzzServer.Signing signing = InboundFuzzServer.Signing.from(data);
        String trigger = "1000000000002.1000000001." + IDS.incrementAndGet();
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
