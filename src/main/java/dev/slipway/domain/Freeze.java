package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A change freeze in force: no deployment to its environment starts until {@code until}, unless an owner forces one.
 *
 * @param project     the project it holds
 * @param environment the environment it holds, or {@link #ALL} for every environment of the project
 * @param by          who froze it from chat, or null for a window of the configuration
 * @param zone        the time zone its window is written in, for telling its end in the reader's terms
 */
public record Freeze(String project, String environment, String reason, Instant since, Instant until, String by,
                     java.time.ZoneId zone) {
    /** The environment name a freeze of every environment of a project carries. */
    public static final String ALL = "*";

    public Freeze {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(until, "until");
        reason = reason == null ? "" : reason;
        zone = zone == null ? java.time.ZoneOffset.UTC : zone;
    }

    /** Whether it holds {@code environmentName} at {@code at}. */
    public boolean holds(String environmentName, Instant at) {
        return (environment.equals(ALL) || environment.equals(environmentName)) && !at.isBefore(since)
                && at.isBefore(until);
    }
}
