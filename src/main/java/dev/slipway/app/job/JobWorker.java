package dev.slipway.app.job;

import dev.slipway.app.LogContext;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.store.Job;
import dev.slipway.store.LeaseFence;
import dev.slipway.store.LeaseLostException;
import dev.slipway.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due jobs from the store on a few threads. It claims only the kinds it has handlers for, so a job meant
 * for a surface that runs in another process (a console's report) waits for that process. Each claimed job is leased and the lease renewed by a
 * heartbeat while the handler runs; a crashed process simply stops renewing, and the job is claimed again by
 * whichever worker comes next once the lease is over. A worker that finds its lease lost (another worker claimed
 * the job) interrupts the handler and leaves the job alone; the handler's writes are fenced by the lease
 * ({@link LeaseFence}), so none it makes after the loss is committed.
 */
public final class JobWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    /** The longest wait between polls while the database cannot be reached. */
    static final Duration MAX_POLL_BACKOFF = Duration.ofSeconds(10);

    private final Store store;
    private final Map<String, JobHandler> handlers;
    private final JobSettings settings;
    private final Clock clock;
    private final JobMeters meters;
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<Long, Claim> running = new ConcurrentHashMap<>();
    private ExecutorService pollers;
    private ScheduledExecutorService heartbeat;
    private volatile boolean stopping;

    public JobWorker(Store store, Iterable<JobHandler> handlers, JobSettings settings, Clock clock) {
        this(store, handlers, settings, clock, new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    /** A worker whose queue and jobs are measured in {@code registry} (see {@link JobMeters}). */
    public JobWorker(Store store, Iterable<JobHandler> handlers, JobSettings settings, Clock clock,
                     MeterRegistry registry) {
        this.store = store;
        this.handlers = java.util.stream.StreamSupport.stream(handlers.spliterator(), false)
                .collect(Collectors.toMap(JobHandler::kind, Function.identity()));
        this.settings = settings;
        this.clock = clock;
        this.meters = new JobMeters(registry, store, this.handlers.keySet(), clock);
    }

    public synchronized void start() {
        stopping = false;
        pollers = Executors.newFixedThreadPool(settings.workers(), named("slipway-job"));
        heartbeat = Executors.newSingleThreadScheduledExecutor(named("slipway-heartbeat"));
        for (int i = 0; i < settings.workers(); i++) {
            pollers.submit(this::pollLoop);
        }
        long beat = Math.max(settings.lease().toMillis() / 3, 50);
        heartbeat.scheduleAtFixedRate(this::renewLeases, beat, beat, TimeUnit.MILLISECONDS);
        log.info("{} started with {} threads", name, settings.workers());
    }

    /**
     * Stops claiming, lets running jobs finish for up to {@code grace}, then interrupts them; an interrupted
     * job is handed back to the queue untouched for the next worker.
     */
    public synchronized void stop(Duration grace) {
        if (pollers == null) {
            return;
        }
        stopping = true;
        pollers.shutdown();
        try {
            if (!pollers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pollers.shutdownNow();
                pollers.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            pollers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        heartbeat.shutdownNow();
        pollers = null;
        log.info("{} stopped", name);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    /** True while any job is being handled by this worker. */
    public boolean busy() {
        return !running.isEmpty();
    }

    private void pollLoop() {
        int failedPolls = 0;
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            try {
                Optional<Job> job = store.inTransaction(tx -> tx.jobs().claimNext(name, clock.instant(), settings.lease(), handlers.keySet()));
                if (failedPolls > 0) {
                    log.info("{} polls for jobs again after {} failed attempts", name, failedPolls);
                    failedPolls = 0;
                }
                if (job.isPresent()) {
                    run(job.get());
                } else {
                    Thread.sleep(settings.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database may be away for a while: wait longer after each failure, and keep going.
                failedPolls++;
                Duration wait = pollBackoff(failedPolls);
                log.warn("{} could not poll for jobs (attempt {}), trying again in {}: {}", name, failedPolls, wait,
                        e.toString());
                sleepQuietly(wait);
            }
        }
    }

    /**
     * Five poll intervals after a failed poll, doubled after each further one, but never over
     * {@link #MAX_POLL_BACKOFF}: once the database is back, workers resume within seconds.
     */
    private Duration pollBackoff(int failedPolls) {
        Duration first = settings.pollInterval().multipliedBy(5);
        Duration wait = first.multipliedBy(1L << Math.min(failedPolls - 1, 20));
        Duration cap = first.compareTo(MAX_POLL_BACKOFF) > 0 ? first : MAX_POLL_BACKOFF;
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    private void run(Job job) throws InterruptedException {
        JobHandler handler = handlers.get(job.kind());
        Claim claim = new Claim(job, Thread.currentThread(), clock.instant().plus(settings.lease()));
        running.put(job.id(), claim);
        LogContext.job(job.id(), job.kind());
        try {
            settleRun(handler, claim);
        } finally {
            LogContext.clear();
        }
    }

    private void settleRun(JobHandler handler, Claim claim) throws InterruptedException {
        Job job = claim.job;
        Exception failure = null;
        try (LeaseFence fence = LeaseFence.hold(job)) {
            handler.handle(job);
        } catch (Exception e) {
            failure = e;
        } finally {
            running.remove(job.id());
        }
        if (claim.handled()) {
            Thread.interrupted(); // the interrupt stopped a job this worker lost, not the worker itself
            return;
        }
        if (leaseLost(failure)) {
            lost(claim, "a write was refused");
        } else if (failure == null) {
            if (settle(claim, tx -> tx.jobs().complete(job))) {
                meters.handled(job.kind(), "completed");
            }
        } else if (failure instanceof InterruptedException stopped) {
            if (settle(claim, tx -> tx.jobs().release(job))) {
                meters.handled(job.kind(), "handed_back");
                log.info("{} handed back job {} ({}) on shutdown", name, job.id(), job.kind());
            }
            throw stopped;
        } else {
            failed(handler, claim, failure);
        }
    }

    private void failed(JobHandler handler, Claim claim, Exception failure) {
        Job job = claim.job;
        String error = describe(failure);
        if (failure instanceof RetryLater r && !r.countsAsAttempt()) {
            Instant next = clock.instant().plus(r.after().orElse(settings.pollInterval()));
            if (settle(claim, tx -> tx.jobs().postpone(job, next))) {
                meters.handled(job.kind(), "postponed");
            }
            return;
        }
        boolean permanent = failure instanceof RetryLater r && r.permanent()
                || failure instanceof BackendException b && !b.retryable();
        if (permanent || job.attempts() >= settings.maxAttempts()) {
            if (settle(claim, tx -> tx.jobs().fail(job, error))) {
                meters.handled(job.kind(), "failed");
                log.warn("job {} ({}) failed for good after {} attempts: {}", job.id(), job.kind(), job.attempts(), error);
                handler.giveUp(job, error);
            }
            return;
        }
        Duration wait = failure instanceof RetryLater r && r.after().isPresent() ? r.after().get() : settings.backoff(job.attempts());
        if (failure instanceof TransientBackendException t && t.retryAfter().isPresent()
                && t.retryAfter().get().compareTo(wait) > 0) {
            wait = t.retryAfter().get(); // the provider asked for it (429 Retry-After)
        }
        Instant next = clock.instant().plus(wait);
        log.info("job {} ({}) attempt {} failed, retrying in {}: {}", job.id(), job.kind(), job.attempts(), wait, error);
        if (settle(claim, tx -> tx.jobs().retryAt(job, next, error))) {
            meters.handled(job.kind(), "retried");
        }
    }

    /** Writes what became of a claimed job; false when the claim had lost the job by then, and nothing is written. */
    private boolean settle(Claim claim, Store.TransactionWork<Boolean> update) {
        if (store.inTransaction(update)) {
            return true;
        }
        lost(claim, "another worker claimed it");
        return false;
    }

    private void renewLeases() {
        Instant now = clock.instant();
        Instant until = now.plus(settings.lease());
        for (Claim claim : running.values()) {
            try {
                if (store.inTransaction(tx -> tx.jobs().extendLease(claim.job, until))) {
                    claim.leasedUntil = until;
                } else if (claim.stopHandler()) {
                    warnLost(claim, "another worker claimed it");
                }
            } catch (RuntimeException e) {
                if (!now.isBefore(claim.leasedUntil) && claim.stopHandler()) {
                    warnLost(claim, "its lease ran out while it could not be renewed (" + e + ")");
                } else {
                    log.warn("could not renew the lease of job {}: {}", claim.job.id(), e.toString());
                }
            }
        }
    }

    private void lost(Claim claim, String why) {
        if (claim.markLost()) {
            meters.handled(claim.job.kind(), "lost");
            warnLost(claim, why);
        }
    }

    private void warnLost(Claim claim, String why) {
        log.warn("{} lost the lease of job {} ({}): {}; it stops and leaves the job to its new holder", name,
                claim.job.id(), claim.job.kind(), why);
    }

    private static boolean leaseLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LeaseLostException) {
                return true;
            }
        }
        return false;
    }

    /** A job this worker claimed and runs on {@code thread}, and until when its lease is known to last. */
    private static final class Claim {
        final Job job;
        final Thread thread;
        volatile Instant leasedUntil;
        private boolean handling = true;
        private boolean lost;

        Claim(Job job, Thread thread, Instant leasedUntil) {
            this.job = job;
            this.thread = thread;
            this.leasedUntil = leasedUntil;
        }

        /** Marks the claim lost and interrupts its handler if it still runs; true if this did so. */
        synchronized boolean stopHandler() {
            if (!handling || lost) {
                return false;
            }
            lost = true;
            thread.interrupt();
            return true;
        }

        /** Marks the claim lost once its handler is over; true the first time. */
        synchronized boolean markLost() {
            boolean first = !lost;
            lost = true;
            return first;
        }

        /** The handler is over; true when the claim was lost (and its handler interrupted) meanwhile. */
        synchronized boolean handled() {
            handling = false;
            return lost;
        }
    }

    private static String describe(Exception failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
