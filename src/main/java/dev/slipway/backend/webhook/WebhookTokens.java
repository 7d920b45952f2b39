package dev.slipway.backend.webhook;

import dev.slipway.backend.HookSignatures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The two things a webhook environment's secret keys: the signature of each POST to the receiver, and each run's
 * callback token. Both sides of the exchange derive them here, so they cannot drift apart.
 */
final class WebhookTokens {
    private WebhookTokens() {
    }

    /**
     * The callback token of deployment {@code deploymentId} of {@code project} {@code environment}: the hex
     * HMAC-SHA256 of {@code callback:<project>/<environment>/<deploymentId>}. Any replica with the secret derives it,
     * so nothing is stored, and it is good for that one deployment only: a receiver that leaks it exposes no other.
     */
    static String callbackToken(String secret, String project, String environment, long deploymentId) {
        String subject = "callback:" + project + "/" + environment + "/" + deploymentId;
        return HookSignatures.hmacSha256Hex(secret, subject.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code X-Slipway-Signature} of a POST: {@code sha256=} and the hex HMAC-SHA256 of the timestamp (unix
     * seconds, as sent in {@code X-Slipway-Timestamp}), a dot, and the raw body. The timestamp is signed so that a
     * captured POST cannot be replayed once the receiver's window has passed.
     */
    static String signature(String secret, long timestamp, byte[] body) {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        signed.writeBytes(body);
        return "sha256=" + HookSignatures.hmacSha256Hex(secret, signed.toByteArray());
    }
}
