package dev.slipway.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker against a real SQLite queue: retries with backoff, the attempt cap, permanent failures, hand-back. */
class JobWorkerTest {
    private static final JobSettings FAST = new JobSettings(2, 4, Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofSeconds(5), Duration.ofMillis(10));

    @TempDir
    Path dir;
    private Store store;
    private JobWorker worker;

    @BeforeEach
    void openStore() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("jobs.db"), 4);
    }

    @AfterEach
    void close() {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        store.close();
    }

    /** A handler that fails {@code failures} times with {@code failure}, then succeeds; it records each call. */
    private static final class Flaky implements JobHandler {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> gaveUp = new CopyOnWriteArrayList<>();
        final int failures;
        final Exception failure;

        Flaky(int failures, Exception failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public String kind() {
            return "flaky";
        }

        @Override
        public void handle(Job job) throws Exception {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
        }

        @Override
        public void giveUp(Job job, String lastError) {
            gaveUp.add(lastError);
        }
    }

    private long enqueue(String kind) {
        return store.inTransaction(tx -> tx.jobs().enqueue(kind, "1", null, Clock.systemUTC().instant()));
    }

    private Job job(long id) {
        return store.inTransaction(tx -> tx.jobs().findById(id)).orElseThrow();
    }

    private void start(JobHandler... handlers) {
        worker = new JobWorker(store, List.of(handlers), FAST, Clock.systemUTC());
        worker.start();
    }

    @Test
    void retries_transient_failures_until_the_job_succeeds() {
        Flaky handler = new Flaky(2, new TransientBackendException("gitlab answered 503"));
        long id = enqueue("flaky");
        start(handler);
        await().atMost(Duration.ofSeconds(30)).until(() -> Job.DONE.equals(job(id).status()));
        assertThat(handler.calls).hasValue(3);
        assertThat(job(id).attempts()).isEqualTo(3);
        assertThat(handler.gaveUp).isEmpty();
    }

    @Test
    void gives_up_after_the_attempt_cap_with_the_last_error() {
        Flaky handler = new Flaky(100, new TransientBackendException("connection refused"));
        long id = enqueue("flaky");
        start(handler);
        await().atMost(Duration.ofSeconds(30)).until(() -> Job.FAILED.equals(job(id).status()));
        assertThat(handler.calls).hasValue(FAST.maxAttempts());
        assertThat(job(id).lastError()).isEqualTo("connection refused");
        await().atMost(Duration.ofSeconds(5)).until(() -> handler.gaveUp.size() == 1);
        assertThat(handler.gaveUp).containsExactly("connection refused");
    }

    @Test
    void a_permanent_failure_is_not_retried() {
        Flaky handler = new Flaky(100, new PermanentBackendException("403 Forbidden: bad trigger token"));
        long id = enqueue("flaky");
        start(handler);
        await().atMost(Duration.ofSeconds(30)).until(() -> Job.FAILED.equals(job(id).status()));
        assertThat(handler.calls).hasValue(1);
        assertThat(handler.gaveUp).containsExactly("403 Forbidden: bad trigger token");
    }

    @Test
    void a_retry_waits_as_long_as_the_other_side_asked() {
        Flaky handler = new Flaky(1, new RetryLater("rate limited", Duration.ofHours(1), false));
        long id = enqueue("flaky");
        start(handler);
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).attempts() == 1 && job(id).lastError() != null);
        Job waiting = job(id);
        assertThat(waiting.status()).isEqualTo(Job.PENDING);
        assertThat(waiting.runAt()).isAfter(Clock.systemUTC().instant().plus(Duration.ofMinutes(59)));
        assertThat(handler.calls).hasValue(1);
    }

    @Test
    void a_provider_that_throttles_a_start_is_asked_again_no_sooner_than_it_said() {
        Flaky handler = new Flaky(1, TransientBackendException.throttled("Azure answered 429", Duration.ofHours(1)));
        long id = enqueue("flaky");
        start(handler);
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).attempts() == 1 && job(id).lastError() != null);
        assertThat(job(id).runAt()).isAfter(Clock.systemUTC().instant().plus(Duration.ofMinutes(59)));
        assertThat(handler.calls).hasValue(1);
    }

    @Test
    void leaves_jobs_it_has_no_handler_for_to_a_worker_that_has_one() {
        long foreign = enqueue("notify-deployment:slack");
        long mine = enqueue("flaky");
        Flaky handler = new Flaky(0, null);
        start(handler);
        await().atMost(Duration.ofSeconds(30)).until(() -> Job.DONE.equals(job(mine).status()));
        assertThat(job(foreign).status()).isEqualTo(Job.PENDING);
        assertThat(job(foreign).attempts()).isZero();
    }

    @Test
    void a_job_interrupted_by_shutdown_is_handed_back_without_using_an_attempt() {
        JobHandler blocking = new JobHandler() {
            @Override
            public String kind() {
                return "slow";
            }

            @Override
            public void handle(Job job) throws Exception {
                Thread.sleep(60_000);
            }
        };
        long id = enqueue("slow");
        start(blocking);
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.busy());
        worker.stop(Duration.ZERO);
        Job handedBack = job(id);
        assertThat(handedBack.status()).isEqualTo(Job.PENDING);
        assertThat(handedBack.attempts()).isZero();
        java.util.Optional<Job> claimed = store.inTransaction(tx ->
                tx.jobs().claimNext("other", Clock.systemUTC().instant(), Duration.ofSeconds(5), List.of("slow")));
        assertThat(claimed).get().extracting(Job::id).isEqualTo(id);
    }
}
