package dev.slipway.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.store.GroupCommit;
import dev.slipway.store.Job;
import dev.slipway.store.LeaseLostException;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two workers on two stores of one database, as on two replicas, each store wrapped in group commit as in
 * production: a worker whose lease ran out while its handler was busy loses the job to the other, is stopped,
 * and nothing it writes afterwards is committed.
 */
public abstract class JobLeaseContract {
    private static final Duration SHORT_LEASE = Duration.ofMillis(300);
    private static final JobSettings SETTINGS = new JobSettings(1, 4, Duration.ofMillis(20), Duration.ofMillis(100),
            SHORT_LEASE, Duration.ofMillis(20));

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new store, with a pool of its own, on this test's database; every call opens another on the same one. */
    protected abstract Store openReplica();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** A handler held until the test lets it go; then it writes through the store, as a handler does. */
    private static final class Held implements JobHandler {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        final CountDownLatch wrote = new CountDownLatch(1);
        final AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
        final Store store;

        Held(Store store) {
            this.store = store;
        }

        @Override
        public String kind() {
            return "fenced";
        }

        @Override
        public void handle(Job job) {
            entered.countDown();
            awaitGo();
            try {
                store.inTransaction(tx -> tx.idempotencyKeys().claim("written-by-a", Instant.now()));
            } catch (RuntimeException e) {
                writeFailure.set(e);
                throw e;
            } finally {
                wrote.countDown();
            }
        }

        /** Waits through interrupts, so that the write after it shows whether the store fences it. */
        private void awaitGo() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    if (go.await(100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
        }
    }

    private static final class Counting implements JobHandler {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String kind() {
            return "fenced";
        }

        @Override
        public void handle(Job job) {
            calls.incrementAndGet();
        }
    }

    private Store replica() {
        Store database = openReplica();
        opened.add(database);
        GroupCommit store = new GroupCommit(database, 256);
        opened.add(store);
        return store;
    }

    private JobWorker worker(Store store, JobHandler handler, Clock clock) {
        JobWorker worker = new JobWorker(store, List.of(handler), SETTINGS, clock);
        opened.add(() -> worker.stop(Duration.ofSeconds(5)));
        worker.start();
        return worker;
    }

    @Test
    void a_worker_that_lost_its_lease_is_interrupted_and_nothing_it_writes_is_committed() throws Exception {
        Store replicaA = replica();
        Store replicaB = replica();
        Instant now = Instant.now();
        long id = replicaA.inTransaction(tx -> tx.jobs().enqueue("fenced", "1", null, now));
        // A's clock stands still, so its heartbeat renews to the same instant and its lease runs out for real.
        Held held = new Held(replicaA);
        worker(replicaA, held, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();

        Counting taker = new Counting();
        worker(replicaB, taker, Clock.systemUTC());
        await().atMost(Duration.ofSeconds(10)).until(() -> taker.calls.get() == 1);

        assertThat(held.interrupted.await(10, TimeUnit.SECONDS)).as("A's handler is interrupted").isTrue();
        held.go.countDown();
        assertThat(held.wrote.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(held.writeFailure.get()).as("A's write is rejected").isInstanceOf(LeaseLostException.class);
        boolean keyWasFree = replicaB.inTransaction(tx -> tx.idempotencyKeys().claim("written-by-a", now));
        assertThat(keyWasFree).as("A's write left nothing behind").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Job.DONE.equals(job(replicaB, id).status()));
        assertThat(job(replicaB, id).attempts()).isEqualTo(2);
        assertThat(job(replicaB, id).lastError()).isNull();
        assertThat(taker.calls).hasValue(1);
    }

    private static Job job(Store store, long id) {
        return store.read(tx -> tx.jobs().findById(id)).orElseThrow();
    }
}
