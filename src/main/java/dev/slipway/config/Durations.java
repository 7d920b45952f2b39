package dev.slipway.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way people write them in config files: {@code 500ms}, {@code 30s}, {@code 1h30m}
 * (units d, h, m, s, ms in that order), or ISO-8601 such as {@code PT10M}.
 */
final class Durations {
    static final String EXPECTED = "expected a duration (like 500ms, 30s, 10m, 1h30m or PT10M)";

    private static final Pattern SHORT =
            Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private Durations() {
    }

    static Optional<Duration> parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        try {
            String upper = trimmed.toUpperCase(Locale.ROOT);
            if (upper.startsWith("P") || upper.startsWith("-P")) {
                return Optional.of(Duration.parse(trimmed));
            }
            Matcher m = SHORT.matcher(trimmed);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofDays(number(m.group(1)))
                    .plusHours(number(m.group(2)))
                    .plusMinutes(number(m.group(3)))
                    .plusSeconds(number(m.group(4)))
                    .plusMillis(number(m.group(5))));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
