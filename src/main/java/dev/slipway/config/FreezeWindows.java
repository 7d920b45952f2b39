package dev.slipway.config;

import dev.slipway.domain.FixedFreezeWindow;
import dev.slipway.domain.FreezeWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Objects;

/** Turns configured freezes into the domain's windows, reading their zones and times the one way the validator does. */
final class FreezeWindows {
    /** What {@code from} and {@code until} may look like, for telling people. */
    static final String TIMES = "ISO-8601 such as 2026-12-24, 2026-12-24T18:00 or 2026-12-24T00:00:00+09:00";

    private FreezeWindows() {
    }

    /** The windows of {@code freezes}, which the validator has checked. */
    static List<FreezeWindow> of(List<FreezeConfig> freezes) {
        return freezes.stream().filter(Objects::nonNull).map(FreezeWindows::window).toList();
    }

    private static FreezeWindow window(FreezeConfig freeze) {
        ZoneId zone = zone(freeze.timezone());
        if (freeze.cron() != null) {
            return new CronFreezeWindow(freeze.cron(), freeze.duration(), zone, freeze.reason());
        }
        return new FixedFreezeWindow(instant(freeze.from(), zone), instant(freeze.until(), zone), freeze.reason(),
                zone);
    }

    /**
     * The zone named by {@code timezone}: a region such as {@code Europe/Berlin}, {@code UTC} or an offset; UTC when
     * null.
     *
     * @throws java.time.DateTimeException when it names none
     */
    static ZoneId zone(String timezone) {
        return timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone.trim());
    }

    /**
     * The instant {@code text} names: a date-time with its offset as written, or a date-time or a date (its first
     * moment) on the clocks of {@code zone}.
     *
     * @throws java.time.format.DateTimeParseException when it is none of those
     */
    static Instant instant(String text, ZoneId zone) {
        String trimmed = text.trim();
        if (!trimmed.contains("T")) {
            return LocalDate.parse(trimmed).atStartOfDay(zone).toInstant();
        }
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(trimmed, ZonedDateTime::from,
                LocalDateTime::from);
        return parsed instanceof ZonedDateTime zoned ? zoned.toInstant()
                : ((LocalDateTime) parsed).atZone(zone).toInstant();
    }
}
