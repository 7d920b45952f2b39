package dev.slipway.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Secret tokens as callers present them to Slipway: to its hooks, its web dashboard and its API. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BEARER = "Bearer ";

    private Tokens() {
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (the scheme in any case, as HTTP allows), as the
     * build hook, {@code /metrics} and the JSON API take it; null for none.
     */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }

    /**
     * Whether {@code given} is {@code expected}, compared in time that does not tell how much of it was right; a
     * missing token is never right.
     */
    public static boolean same(String given, String expected) {
        return given != null && expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** A new secret of 256 random bits, URL-safe base64 without padding (43 characters). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of {@code secret}'s UTF-8 bytes, in lower-case hex: what is stored in place of a secret. */
    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
