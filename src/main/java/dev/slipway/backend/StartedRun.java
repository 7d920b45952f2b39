package dev.slipway.backend;

import java.time.Instant;
import java.util.Objects;

/**
 * A run a backend has started.
 *
 * @param handle    the backend's own reference to the run, enough to follow or cancel it from another process
 * @param url       where a person can watch it, or null
 * @param startedAt when it started (timeouts count from here, across restarts)
 */
public record StartedRun(String handle, String url, Instant startedAt) {
    public StartedRun {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
