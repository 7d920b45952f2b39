package dev.slipway.app.job;

import java.time.Duration;

/**
 * How workers run jobs.
 *
 * @param workers        jobs run at once in this process
 * @param maxAttempts    attempts before a job fails for good
 * @param initialBackoff wait after the first failure; doubled after each further one
 * @param maxBackoff     the longest wait between attempts
 * @param lease          how long a claimed job stays reserved without a heartbeat; after a crash, the wait before another worker takes it
 * @param pollInterval   how often an idle worker looks for due jobs
 */
public record JobSettings(int workers, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration lease,
                          Duration pollInterval) {

    /** The wait before attempt {@code attempts + 1}: exponential, capped. */
    public Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration wait = initialBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
