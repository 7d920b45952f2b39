package dev.slipway.domain.rule;

import dev.slipway.domain.DurationText;
import dev.slipway.domain.Freeze;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a freeze is told: its reason, who froze it, and its end in the zone it was written in and from now. */
public final class Freezes {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private Freezes() {
    }

    /** "the change freeze "weekend" until Mon 7 Dec 08:00 Asia/Tokyo (in 2d 3h)". */
    public static String describe(Freeze freeze, Instant now) {
        String reason = freeze.reason().isBlank() ? "" : " \"" + freeze.reason() + "\"";
        String by = freeze.by() == null ? "" : " of " + freeze.by();
        Duration left = Duration.between(now, freeze.until());
        // To the minute: a freeze is told to people, who plan in minutes.
        Duration told = left.compareTo(Duration.ofMinutes(1)) < 0 ? left.truncatedTo(ChronoUnit.SECONDS)
                : left.plusSeconds(59).truncatedTo(ChronoUnit.MINUTES);
        String zone = freeze.zone().equals(ZoneOffset.UTC) ? "UTC" : freeze.zone().getId();
        return "the change freeze%s%s until %s %s (in %s)".formatted(reason, by,
                WHEN.format(freeze.until().atZone(freeze.zone())), zone, DurationText.of(told));
    }
}
