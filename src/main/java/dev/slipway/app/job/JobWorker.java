package dev.slipway.app.job;

import dev.slipway.backend.BackendException;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * whichever worker comes next once the lease is over.
 */
public final class JobWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    /** The longest wait between polls while the database cannot be reached. */
    static final Duration MAX_POLL_BACKOFF = Duration.ofSeconds(10);

    private final Store store;
    private final Map<String, JobHandler> handlers;
    private final JobSettings settings;
    private final Clock clock;
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private ExecutorService pollers;
    private ScheduledExecutorService heartbeat;
    private volatile boolean stopping;

    public JobWorker(Store store, Iterable<JobHandler> handlers, JobSettings settings, Clock clock) {
        this.store = store;
        this.handlers = java.util.stream.StreamSupport.stream(handlers.spliterator(), false)
                .collect(Collectors.toMap(JobHandler::kind, Function.identity()));
        this.settings = settings;
        this.clock = clock;
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
        running.add(job.id());
        try {
            handler.handle(job);
            store.inTransaction(tx -> {
                tx.jobs().complete(job.id());
                return null;
            });
        } catch (InterruptedException stopped) {
            store.inTransaction(tx -> {
                tx.jobs().release(job.id());
                return null;
            });
            log.info("{} handed back job {} ({}) on shutdown", name, job.id(), job.kind());
            throw stopped;
        } catch (Exception failure) {
            failed(handler, job, failure);
        } finally {
            running.remove(job.id());
        }
    }

    private void failed(JobHandler handler, Job job, Exception failure) {
        String error = describe(failure);
        if (failure instanceof RetryLater r && !r.countsAsAttempt()) {
            Instant next = clock.instant().plus(r.after().orElse(settings.pollInterval()));
            store.inTransaction(tx -> {
                tx.jobs().postpone(job.id(), next);
                return null;
            });
            return;
        }
        boolean permanent = failure instanceof RetryLater r && r.permanent()
                || failure instanceof BackendException b && !b.retryable();
        if (permanent || job.attempts() >= settings.maxAttempts()) {
            log.warn("job {} ({}) failed for good after {} attempts: {}", job.id(), job.kind(), job.attempts(), error);
            store.inTransaction(tx -> {
                tx.jobs().fail(job.id(), error);
                return null;
            });
            handler.giveUp(job, error);
            return;
        }
        Duration wait = failure instanceof RetryLater r && r.after().isPresent() ? r.after().get() : settings.backoff(job.attempts());
        Instant next = clock.instant().plus(wait);
        log.info("job {} ({}) attempt {} failed, retrying in {}: {}", job.id(), job.kind(), job.attempts(), wait, error);
        store.inTransaction(tx -> {
            tx.jobs().retryAt(job.id(), next, error);
            return null;
        });
    }

    private void renewLeases() {
        Instant until = clock.instant().plus(settings.lease());
        for (Long id : running) {
            try {
                store.inTransaction(tx -> tx.jobs().extendLease(id, name, until));
            } catch (RuntimeException e) {
                log.warn("could not renew the lease of job {}: {}", id, e.toString());
            }
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
