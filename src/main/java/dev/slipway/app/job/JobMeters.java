package dev.slipway.app.job;

import dev.slipway.store.JobStats;
import dev.slipway.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The job queue as metrics. Gauges read the queue from the database (so they are the same on every replica), for the
 * kinds this process runs: {@code slipway_jobs_waiting}, {@code slipway_jobs_running}, {@code slipway_jobs_failed}
 * (failed for good, in all) and {@code slipway_jobs_oldest_waiting_age_seconds}. One read serves a scrape: it is
 * kept for {@link #FRESH_FOR}. {@code slipway_jobs_handled_total} counts what this process's worker made of each
 * job it ran, by kind and outcome.
 */
final class JobMeters {
    static final Duration FRESH_FOR = Duration.ofSeconds(1);
    private static final JobStats NOTHING = new JobStats(0, 0, 0, Optional.empty());

    private final MeterRegistry registry;
    private final Store store;
    private final Collection<String> kinds;
    private final Clock clock;
    private JobStats last = NOTHING;
    private Instant readAt = Instant.MIN;
    private boolean readFailed;

    JobMeters(MeterRegistry registry, Store store, Collection<String> kinds, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.kinds = List.copyOf(kinds);
        this.clock = clock;
        gauge("slipway.jobs.waiting", "Jobs due and waiting for a worker", JobStats::waiting);
        gauge("slipway.jobs.running", "Jobs a worker holds under a live lease", JobStats::running);
        gauge("slipway.jobs.failed", "Jobs that failed for good", JobStats::failed);
        Gauge.builder("slipway.jobs.oldest.waiting.age", this, meters -> meters.oldestAge(clock.instant()))
                .description("How long the job that has waited longest has been due; 0 when none waits")
                .baseUnit("seconds").register(registry);
    }

    /** What became of a job this worker ran: completed, retried, postponed, failed, handed_back or lost. */
    void handled(String kind, String outcome) {
        Counter.builder("slipway.jobs.handled").description("Jobs this process ran, by what became of them")
                .tags("kind", kind, "outcome", outcome).register(registry).increment();
    }

    private void gauge(String name, String description, ToDoubleFunction<JobStats> value) {
        Gauge.builder(name, this, meters -> meters.stats().map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).register(registry);
    }

    private double oldestAge(Instant now) {
        return stats().map(s -> s.oldestWaitingSince()
                .map(since -> Math.max(0, Duration.between(since, now).toMillis() / 1000.0)).orElse(0.0))
                .orElse(Double.NaN);
    }

    /** The queue as last read, read again when older than {@link #FRESH_FOR}; empty while the database is away. */
    private synchronized Optional<JobStats> stats() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(FRESH_FOR) >= 0) {
            readAt = now;
            try {
                last = store.read(tx -> tx.jobs().stats(now, kinds));
                readFailed = false;
            } catch (RuntimeException e) {
                readFailed = true; // a scrape shows NaN, never a failure of its own
            }
        }
        return readFailed ? Optional.empty() : Optional.of(last);
    }
}
