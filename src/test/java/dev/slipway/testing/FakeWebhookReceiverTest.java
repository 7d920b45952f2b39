package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receiver checks what the README promises, so that a Slipway that broke its promise would be caught. */
class FakeWebhookReceiverTest {
    private static final String SECRET = "whsec-fake-0001";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String DOCUMENT = "{\"deployment\":5,\"project\":\"web-api\",\"environment\":\"production\","
            + "\"ref\":\"main\",\"requestedBy\":\"alice\",\"channel\":null,\"thread\":null,"
            + "\"callbackUrl\":\"https://slipway.example.com/hooks/webhook?deployment=5\"}";

    private final FakeWebhookReceiver receiver = new FakeWebhookReceiver(SECRET);

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void a_document_signed_as_the_readme_says_starts_its_deployment_once() throws Exception {
        long now = Instant.now().getEpochSecond();

        int first = post(DOCUMENT, "5", now, sign(SECRET, now, DOCUMENT));
        int second = post(DOCUMENT, "5", now, sign(SECRET, now, DOCUMENT));

        assertThat(first).isEqualTo(200);
        assertThat(second).isEqualTo(200);
        assertThat(receiver.deliveries(5)).isEqualTo(2);
        assertThat(receiver.timesStarted(5)).isEqualTo(1);
        assertThat(receiver.callbackUrl(5)).isEqualTo("https://slipway.example.com/hooks/webhook?deployment=5");
    }

    @Test
    void a_wrong_signature_a_stale_timestamp_or_a_mismatched_deployment_header_is_refused() throws Exception {
        long now = Instant.now().getEpochSecond();
        long stale = now - 301;

        assertThat(post(DOCUMENT, "5", now, sign("another", now, DOCUMENT))).isEqualTo(401);
        assertThat(post(DOCUMENT, "5", now, sign(SECRET, now, DOCUMENT + " "))).isEqualTo(401);
        assertThat(post(DOCUMENT, "5", stale, sign(SECRET, stale, DOCUMENT))).isEqualTo(401);
        assertThat(post(DOCUMENT, "6", now, sign(SECRET, now, DOCUMENT))).isEqualTo(401);

        assertThat(receiver.refused()).extracting(FakeWebhookReceiver.Refused::reason).containsExactly(
                "X-Slipway-Signature does not verify", "X-Slipway-Signature does not verify",
                "X-Slipway-Timestamp is too old or in the future", "X-Slipway-Deployment does not match the body");
        assertThat(receiver.documents()).isEmpty();
    }

    @Test
    void a_signed_cancel_cancels_a_running_deployment() throws Exception {
        long now = Instant.now().getEpochSecond();
        String cancel = "{\"action\":\"cancel\",\"deployment\":5}";
        post(DOCUMENT, "5", now, sign(SECRET, now, DOCUMENT));

        assertThat(post(cancel, "5", now, sign(SECRET, now, cancel))).isEqualTo(200);

        assertThat(receiver.state(5)).isEqualTo("cancelled");
        assertThat(receiver.cancels()).hasSize(1);
    }

    private int post(String body, String deployment, long timestamp, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url()))
                .header("Content-Type", "application/json").header("X-Slipway-Deployment", deployment)
                .header("X-Slipway-Timestamp", Long.toString(timestamp)).header("X-Slipway-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String sign(String secret, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
