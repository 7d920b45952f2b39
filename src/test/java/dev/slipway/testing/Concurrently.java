package dev.slipway.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Calls made together, or spread over time, each on a thread of its own; every wait has a deadline. */
public final class Concurrently {
    private Concurrently() {
    }

    /** Starts every call at the same moment and returns their results in order, all within {@code atMost}. */
    public static <T> List<T> atOnce(Duration atMost, List<Supplier<T>> calls) {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (Supplier<T> call : calls) {
                results.add(threads.submit(() -> {
                    ready.countDown();
                    if (!go.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new TimeoutException("never told to go");
                    }
                    return call.get();
                }));
            }
            if (!ready.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the calls' threads did not start within " + atMost);
            }
            go.countDown();
            return collect(results, System.nanoTime() + atMost.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Starts call {@code i} at {@code i * spacing} from now, on up to {@code threads} threads; results in order. */
    public static <T> List<T> spread(Duration spacing, int threads, Duration atMost, List<Supplier<T>> calls) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(threads);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                Supplier<T> call = calls.get(i);
                results.add(scheduler.schedule(call::get, spacing.toNanos() * i, TimeUnit.NANOSECONDS));
            }
            return collect(results, System.nanoTime() + atMost.toNanos());
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static <T> List<T> collect(List<Future<T>> futures, long deadline) {
        List<T> results = new ArrayList<>();
        try {
            for (Future<T> future : futures) {
                results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("calls still running at their deadline", e);
        }
    }
}
