package dev.slipway.config;

import java.time.Duration;

/** {@code jobs:} — how the background workers run and retry. */
public record JobsConfig(Integer workers, Integer maxAttempts, Duration initialBackoff, Duration maxBackoff,
                         Duration lease, Duration pollInterval) {
}
