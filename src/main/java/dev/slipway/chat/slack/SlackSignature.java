package dev.slipway.chat.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's v0 request signature: {@code v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}, compared
 * in constant time, with the timestamp within five minutes of now in either direction (Bolt only refuses old
 * ones; a request dated in the future is as suspect as a replayed one).
 */
final class SlackSignature {
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final byte[] secret;
    // A Mac is not thread-safe and costly to look up: one per request thread, keyed once.
    private final ThreadLocal<Mac> macs;

    SlackSignature(String signingSecret) {
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    boolean verify(String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null || !signature.startsWith("v0=")) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        // Compared as a range around now rather than |now - t|, which overflows for a t near Long.MIN_VALUE.
        long nowSeconds = now.getEpochSecond();
        if (seconds < nowSeconds - WINDOW.toSeconds() || seconds > nowSeconds + WINDOW.toSeconds()) {
            return false;
        }
        byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    String sign(String timestamp, byte[] body) {
        Mac mac = macs.get();
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        byte[] digest = mac.doFinal(body); // doFinal also resets the Mac for the next request
        StringBuilder hex = new StringBuilder("v0=");
        for (byte b : digest) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}
