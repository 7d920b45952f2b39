package dev.slipway.backend.script;

import java.time.Duration;

/** Durations the way a person writes them in chat: {@code 10m}, {@code 1h30m}, {@code 45s}, {@code 500ms}. */
final class ScriptDurations {
    private ScriptDurations() {
    }

    static String human(Duration duration) {
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
