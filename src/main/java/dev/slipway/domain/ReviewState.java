package dev.slipway.domain;

import java.util.Locale;

/**
 * Where a build is in its review: its preview rolling out (or failed), open for verdicts and a decision, its
 * promotion to production running, and the two ends, deployed or closed.
 */
public enum ReviewState {
    PREVIEWING,
    PREVIEW_FAILED,
    OPEN,
    PROMOTING,
    DEPLOYED,
    CLOSED;

    /** In flight: the same build posted again finds this review instead of starting another. */
    public boolean isInFlight() {
        return this == PREVIEWING || this == OPEN || this == PROMOTING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReviewState fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
