package dev.slipway.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A change freeze from one instant to another, such as the year's last week.
 *
 * @param from  when it begins, inside the window
 * @param until when it ends, outside the window
 * @param zone  the time zone it was written in, for telling its end in those terms
 */
public record FixedFreezeWindow(Instant from, Instant until, String reason, ZoneId zone) implements FreezeWindow {
    public FixedFreezeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("a freeze window ends after it begins: " + from + " to " + until);
        }
        reason = reason == null ? "" : reason;
        zone = zone == null ? java.time.ZoneOffset.UTC : zone;
    }

    @Override
    public Optional<Freeze> at(String project, String environment, Instant at) {
        if (at.isBefore(from) || !at.isBefore(until)) {
            return Optional.empty();
        }
        return Optional.of(new Freeze(project, environment, reason, from, until, null, zone));
    }
}
