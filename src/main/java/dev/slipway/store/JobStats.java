package dev.slipway.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The job queue at one moment, for the kinds one worker runs: jobs due and waiting for a worker, jobs a worker holds
 * under a live lease, jobs that failed for good, and when the longest-waiting due job became due.
 */
public record JobStats(long waiting, long running, long failed, Optional<Instant> oldestWaitingSince) {
}
