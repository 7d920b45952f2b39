package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/** A lock on one environment of a project: nobody but {@code holder} may deploy there until it is lifted. */
public record EnvironmentLock(String project, String environment, String holder, String reason, Instant since) {
    public EnvironmentLock {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
    }
}
