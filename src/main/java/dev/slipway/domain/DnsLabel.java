package dev.slipway.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names that Kubernetes and DNS accept: lower-case letters, digits and {@code -}, neither first nor last, at most
 * 63 characters. Branch and tag names become such labels for object names, host names and label values.
 */
public final class DnsLabel {
    public static final int MAX_LENGTH = 63;
    private static final int HASH_LENGTH = 8;

    private DnsLabel() {
    }

    /**
     * {@code text} in lower case with every character outside {@code a-z0-9-} turned into {@code -} and no
     * {@code -} at either end ({@code feature/login} → {@code feature-login}, {@code v1.2.3} → {@code v1-2-3});
     * empty when nothing is left. Not shortened: see {@link #fit}.
     */
    public static String normalise(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder label = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            label.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-');
        }
        return trimDashes(label.toString());
    }

    /**
     * {@code label} as it is when it has at most 63 characters; otherwise its first characters and a hash of the
     * whole, so that two long labels differing only at their end stay different.
     */
    public static String fit(String label) {
        if (label.length() <= MAX_LENGTH) {
            return label;
        }
        String head = trimDashes(label.substring(0, MAX_LENGTH - HASH_LENGTH - 1));
        return head + "-" + hash(label);
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
