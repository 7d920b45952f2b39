package dev.slipway.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Secret tokens as callers present them to Slipway's hooks. */
public final class Tokens {
    private Tokens() {
    }

    /**
     * Whether {@code given} is {@code expected}, compared in time that does not tell how much of it was right; a
     * missing token is never right.
     */
    public static boolean same(String given, String expected) {
        return given != null && expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
