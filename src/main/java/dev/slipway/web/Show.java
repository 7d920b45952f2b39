package dev.slipway.web;

import dev.slipway.domain.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How the templates write times and durations. A time goes out as a {@code <time datetime>} in UTC, which the page's
 * script rewrites in the reader's time zone; without script the UTC text stays readable.
 */
public final class Show {
    private static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Show() {
    }

    /** The machine-readable form, for {@code datetime=""}. */
    public static String iso(Instant at) {
        return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The text shown until the script puts it in the reader's zone. */
    public static String utc(Instant at) {
        return at == null ? "" : UTC_TEXT.format(at);
    }

    /** "4m 05s", "2h 03m", "12s". */
    public static String duration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return "%dm %02ds".formatted(seconds / 60, seconds % 60);
        }
        return "%dh %02dm".formatted(seconds / 3600, (seconds % 3600) / 60);
    }

    /** How long a deployment took, or has been under way at {@code now}; empty before it started. */
    public static String took(Deployment d, Instant now) {
        if (d.startedAt() == null) {
            return "";
        }
        return duration(Duration.between(d.startedAt(), d.finishedAt() != null ? d.finishedAt() : now));
    }

    /** How long since {@code at}, as of {@code now}. */
    public static String since(Instant at, Instant now) {
        return at == null ? "" : duration(Duration.between(at, now));
    }

    /** A state's label with a CSS class name of the same word. */
    public static String state(Deployment d) {
        return d.state().label();
    }

    /** Only http(s) links are shown as links: anything else a backend stored is shown as text. */
    public static boolean isLink(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://"));
    }
}
