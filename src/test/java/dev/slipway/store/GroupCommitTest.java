package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions from many threads written together: each caller still gets its own result or failure. */
class GroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private Store store;
    private GroupCommit batched;

    @BeforeEach
    void open() {
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("g.db"), 4);
        batched = new GroupCommit(store, 64);
    }

    @AfterEach
    void close() {
        batched.close();
        store.close();
    }

    private static Deployment queued(String environment) {
        return Deployment.request("api", environment, "main", "alice", ChatOrigin.console("alice"), DeploymentState.QUEUED, T0);
    }

    @Test
    void many_threads_get_their_own_results_and_every_write_is_committed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String environment = "env" + i;
                ids.add(pool.submit(() -> batched.inTransaction(tx -> tx.deployments().insert(queued(environment)).id())));
            }
            List<Long> seen = new ArrayList<>();
            for (Future<Long> id : ids) {
                seen.add(id.get());
            }
            assertThat(seen).doesNotHaveDuplicates().hasSize(400);
            List<Deployment> stored = store.inTransaction(tx -> tx.deployments().listActive());
            assertThat(stored).hasSize(400);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_failing_transaction_is_rolled_back_alone() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                outcomes.add(pool.submit(() -> {
                    try {
                        return batched.inTransaction(tx -> {
                            tx.idempotencyKeys().claim("key" + n, T0);
                            if (n % 4 == 0) {
                                throw new IllegalArgumentException("refused " + n);
                            }
                            // Every fourth-plus-one races to hold the same environment: one wins, the rest conflict.
                            long id = tx.deployments().insert(queued(n % 4 == 1 ? "shared" : "env" + n)).id();
                            tx.deployments().dispatch(id, T0);
                            return "ok";
                        });
                    } catch (IllegalArgumentException | ConflictException e) {
                        return e.getClass().getSimpleName();
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get());
            }
            assertThat(results).filteredOn("IllegalArgumentException"::equals).hasSize(10);
            assertThat(results).filteredOn("ConflictException"::equals).hasSize(9);
            assertThat(results).filteredOn("ok"::equals).hasSize(21);
            // the refused and conflicting transactions left nothing behind, their keys included
            boolean refusedKeyFree = store.inTransaction(tx -> tx.idempotencyKeys().claim("key0", T0));
            assertThat(refusedKeyFree).isTrue();
            List<Deployment> stored = store.inTransaction(tx -> tx.deployments().listActive());
            assertThat(stored).hasSize(21);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void after_close_it_refuses_new_work() {
        batched.close();
        assertThatThrownBy(() -> batched.inTransaction(tx -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_write_not_begun_by_its_deadline_fails_at_once_and_is_never_committed_later() throws Exception {
        java.util.concurrent.CountDownLatch writerBusy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // A worker's write (no deadline) holds the writer, as a database that does not answer would.
            Future<Object> slow = pool.submit(() -> batched.inTransaction(tx -> {
                writerBusy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            writerBusy.await();
            Future<Long> late = pool.submit(() -> {
                try (WriteDeadline ignored = WriteDeadline.start(java.time.Duration.ofMillis(200))) {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> batched.inTransaction(tx -> tx.idempotencyKeys().claim("late", T0)))
                            .isInstanceOf(StoreUnavailableException.class)
                            .satisfies(e -> assertThat(((StoreUnavailableException) e).mayHaveCommitted()).isFalse());
                    return System.nanoTime() - start;
                }
            });
            assertThat(java.time.Duration.ofNanos(late.get(5, java.util.concurrent.TimeUnit.SECONDS)))
                    .isLessThan(java.time.Duration.ofSeconds(1));

            release.countDown();
            slow.get(5, java.util.concurrent.TimeUnit.SECONDS);
            // The writer is free again and has passed the dropped write by: the key was never claimed.
            batched.inTransaction(tx -> tx.idempotencyKeys().claim("after", T0));
            boolean claimedNow = store.inTransaction(tx -> tx.idempotencyKeys().claim("late", T0));
            assertThat(claimedNow).isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
