package dev.slipway.http;

import dev.slipway.store.Store;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the store whether it is ready, and answers "no" when it has not said within a short timeout: a database that
 * has gone away shows as not ready at once, not after the pool's wait for a connection. One check runs at a time;
 * probes that arrive while it runs share its answer, so a hanging database does not pile up threads.
 */
final class ReadinessProbe implements AutoCloseable {
    private final Store store;
    private final Duration timeout;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slipway-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Boolean> running;

    ReadinessProbe(Store store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    boolean isReady() {
        try {
            return check().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized CompletableFuture<Boolean> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::ask, checker);
        }
        return running;
    }

    private boolean ask() {
        try {
            return store.isReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
