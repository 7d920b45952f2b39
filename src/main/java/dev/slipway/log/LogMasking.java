package dev.slipway.log;

import dev.slipway.domain.TokenShapes;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The secrets the log must never show: every value registered here (the configured secrets at start, a Slack bot
 * token when a workspace installs the app) and everything shaped like a token ({@link TokenShapes}). Registering is
 * rare and replaces one array; masking, on every log line, reads it without a lock.
 */
public final class LogMasking {
    /** Shorter values would mask ordinary words; nobody can use a secret this short anyway. */
    static final int MIN_LENGTH = 6;

    private static final Set<String> registered = new LinkedHashSet<>();
    /** All registered values, longest first so a secret containing another is masked whole. */
    private static volatile String[] secrets = new String[0];

    private LogMasking() {
    }

    /** Masks {@code values} from now on, besides those registered before; nulls and short values are ignored. */
    public static void register(Collection<String> values) {
        synchronized (registered) {
            boolean added = false;
            for (String value : values) {
                if (value != null && value.strip().length() >= MIN_LENGTH) {
                    added |= registered.add(value);
                }
            }
            if (added) {
                secrets = registered.stream().sorted(Comparator.comparingInt(String::length).reversed())
                        .toArray(String[]::new);
            }
        }
    }

    public static void register(String value) {
        register(Collections.singletonList(value));
    }

    /**
     * {@code text} with every registered secret and every token shape masked: {@code ****}, after the prefix that
     * only says what kind of token it was ({@code xoxb-****}). Null stays null.
     */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // One indexOf per secret (a vectorised scan) beats one alternation of them all, and finds nothing cheaply.
        String masked = text;
        for (String secret : secrets) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, TokenShapes.prefix(secret) + TokenShapes.MASK);
            }
        }
        return TokenShapes.mask(masked);
    }

    /** Forgets every registered value: for tests that check what is masked without them. */
    static void forgetAll() {
        synchronized (registered) {
            registered.clear();
            secrets = new String[0];
        }
    }

    static boolean isRegistered(String value) {
        synchronized (registered) {
            return registered.contains(Objects.requireNonNull(value));
        }
    }
}
