package dev.slipway.domain;

import java.time.Duration;

/**
 * Durations the way a person writes them in chat and in the configuration: {@code 10m}, {@code 1h30m},
 * {@code 45s}, {@code 500ms}.
 */
public final class DurationText {
    private DurationText() {
    }

    /** Whole hours as hours ("24h", "72h"), as people write approval windows; anything else as {@link #of}. */
    public static String hoursOf(Duration duration) {
        boolean wholeHours = !duration.isZero() && duration.toSecondsPart() == 0 && duration.toMinutesPart() == 0
                && duration.toNanosPart() == 0;
        return wholeHours ? duration.toHours() + "h" : of(duration);
    }

    public static String of(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        append(out, duration.toDaysPart(), "d");
        append(out, duration.toHoursPart(), "h");
        append(out, duration.toMinutesPart(), "m");
        append(out, duration.toSecondsPart(), "s");
        append(out, duration.toMillisPart(), "ms");
        return out.length() == 0 ? duration.toString() : out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }
}
