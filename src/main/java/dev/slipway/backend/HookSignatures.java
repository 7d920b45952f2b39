package dev.slipway.backend;

import dev.slipway.domain.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How providers sign what they deliver to a {@link ProviderHook}: the hex HMAC-SHA256 of the raw body under a shared
 * secret (GitHub's {@code X-Hub-Signature-256} after its {@code sha256=}, CircleCI's {@code v1}), compared in
 * constant time.
 */
public final class HookSignatures {
    private HookSignatures() {
    }

    /** The lower-case hex HMAC-SHA256 of {@code body} under {@code secret}, which must not be empty. */
    public static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Whether {@code hex} (in any case) signs {@code body} under {@code secret}; never without a secret. */
    public static boolean matches(String hex, String secret, byte[] body) {
        if (hex == null || secret == null || secret.isEmpty()) {
            return false;
        }
        return Tokens.same(hex.strip().toLowerCase(Locale.ROOT), hmacSha256Hex(secret, body));
    }
}
