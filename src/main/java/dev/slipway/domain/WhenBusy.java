package dev.slipway.domain;

import java.util.Locale;

/** What a deployment asked for while its environment is busy (or frozen) does. */
public enum WhenBusy {
    /** It waits its turn, and starts by itself when the environment is free. */
    QUEUE,
    /** It is refused, saying what holds the environment. */
    REFUSE;

    public static WhenBusy fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
