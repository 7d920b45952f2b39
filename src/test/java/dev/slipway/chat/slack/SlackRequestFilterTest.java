package dev.slipway.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signature rule and the body checks, against the fixtures' own vectors (the Slack docs' example too). */
class SlackRequestFilterTest {
    private static final String SECRET = "acceptance-slack-signing-secret-0001";
    private static final Instant FIXTURE_NOW = Instant.ofEpochSecond(1717171717);
    private static final JsonNode VECTORS = read("signing-vectors.json");

    private static byte[] fixture(String name) {
        try (InputStream in = SlackRequestFilterTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode read(String name) {
        try {
            return new ObjectMapper().readTree(fixture(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean verifyFixture(String name, Instant now) {
        JsonNode headers = VECTORS.path("fixtures").path(name).path("headers");
        return new SlackSignature(SECRET).verify(headers.path("X-Slack-Request-Timestamp").asText(),
                headers.path("X-Slack-Signature").asText(), fixture(name), now);
    }

    @Test
    void accepts_every_slack_fixture_signed_as_slack_signs_it() {
        for (String name : new String[] {"slack-slash-command.form", "slack-url-verification.json",
                "slack-app-mention.json", "slack-block-actions.form", "slack-interactive-message.form"}) {
            assertThat(verifyFixture(name, FIXTURE_NOW)).as(name).isTrue();
            assertThat(verifyFixture(name, FIXTURE_NOW.plusSeconds(300))).as(name + " at the edge of the window").isTrue();
        }
    }

    @Test
    void reproduces_slacks_published_example() {
        JsonNode example = VECTORS.path("published_vendor_vectors").path("slack_doc_example");
        String body = example.path("body").asText();
        assertThat(body).isNotEmpty();
        assertThat(new SlackSignature(example.path("secret").asText())
                .sign(example.path("timestamp").asText(), body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(example.path("expected_header").asText())
                .isEqualTo("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    }

    @Test
    void refuses_a_stale_request_even_with_a_correct_hmac() {
        JsonNode stale = VECTORS.path("negative").path("slack_stale_timestamp");
        assertThat(new SlackSignature(SECRET).verify(stale.path("headers").path("X-Slack-Request-Timestamp").asText(),
                stale.path("headers").path("X-Slack-Signature").asText(), fixture("slack-app-mention.json"),
                Instant.ofEpochSecond(stale.path("verifier_now").asLong()))).isFalse();
    }

    @Test
    void refuses_a_request_dated_more_than_five_minutes_ahead() {
        // Bolt lets these through; the window applies in both directions.
        assertThat(verifyFixture("slack-app-mention.json", FIXTURE_NOW.minusSeconds(301))).isFalse();
        assertThat(verifyFixture("slack-app-mention.json", FIXTURE_NOW.minusSeconds(300))).isTrue();
    }

    @Test
    void refuses_a_wrong_secret_a_changed_body_and_missing_or_odd_headers() {
        JsonNode wrong = VECTORS.path("negative").path("slack_wrong_secret").path("headers");
        SlackSignature signature = new SlackSignature(SECRET);
        byte[] body = fixture("slack-app-mention.json");
        assertThat(signature.verify(wrong.path("X-Slack-Request-Timestamp").asText(),
                wrong.path("X-Slack-Signature").asText(), body, FIXTURE_NOW)).isFalse();
        String good = signature.sign("1717171717", body);
        byte[] reserialised = read("slack-app-mention.json").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify("1717171717", good, reserialised, FIXTURE_NOW)).isFalse();
        assertThat(signature.verify(null, good, body, FIXTURE_NOW)).isFalse();
        assertThat(signature.verify("1717171717", null, body, FIXTURE_NOW)).isFalse();
        assertThat(signature.verify("soon", good, body, FIXTURE_NOW)).isFalse();
        assertThat(signature.verify("1717171717", good.replace("v0=", "v1="), body, FIXTURE_NOW)).isFalse();
        assertThat(signature.verify("1717171717", good, body, FIXTURE_NOW)).isTrue();
    }

    @Test
    void tells_slack_bodies_from_malformed_ones() {
        assertThat(SlackRequestFilter.malformed("application/x-www-form-urlencoded", fixture("slack-slash-command.form"))).isNull();
        assertThat(SlackRequestFilter.malformed("application/x-www-form-urlencoded", fixture("slack-block-actions.form"))).isNull();
        assertThat(SlackRequestFilter.malformed("application/json", fixture("slack-app-mention.json"))).isNull();
        assertThat(SlackRequestFilter.malformed("application/json; charset=utf-8", fixture("slack-url-verification.json"))).isNull();
        assertThat(SlackRequestFilter.malformed("application/json", "{\"event\":".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("the body is not a Slack JSON envelope with a type");
        assertThat(SlackRequestFilter.malformed("application/json", "[1,2]".getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(SlackRequestFilter.malformed("application/x-www-form-urlencoded", "payload=%7Bnope".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("the payload field is not a Slack JSON payload");
        assertThat(SlackRequestFilter.malformed("application/x-www-form-urlencoded", "text=hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("the form has neither a command nor a payload");
        assertThat(SlackRequestFilter.malformed("application/x-www-form-urlencoded", "command=%ZZ".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("the body is not a valid form");
        assertThat(SlackRequestFilter.malformed("text/plain", "hi".getBytes(StandardCharsets.UTF_8)))
                .startsWith("unsupported content type");
    }
}
