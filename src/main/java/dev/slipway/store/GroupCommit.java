package dev.slipway.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A {@link Store} whose transactions, from however many threads, are written by one writer thread, as many as
 * are waiting at a time in one commit ({@link Store#inOneCommit}). Each caller still gets its own result or
 * exception, and only after the commit that holds its work: nothing is acknowledged before it is durable.
 * Under load one disk flush serves many requests; with nothing else waiting a transaction commits at once.
 */
public final class GroupCommit implements Store {
    /** Put in the queue by {@link #close}: the writer finishes what came before it and stops. */
    private static final Pending<Void> STOP = new Pending<>(tx -> null, new CompletableFuture<>());

    private final Store store;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    private record Pending<T>(TransactionWork<T> work, CompletableFuture<T> done) {
        void complete(Outcome<?> outcome) {
            if (outcome.failure() != null) {
                done.completeExceptionally(outcome.failure());
            } else {
                @SuppressWarnings("unchecked")
                T result = (T) outcome.result();
                done.complete(result);
            }
        }
    }

    /** Writes through {@code store}, at most {@code maxBatch} transactions per commit. */
    public GroupCommit(Store store, int maxBatch) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::write, "slipway-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
        if (Thread.currentThread() == writer) {
            return store.inTransaction(work); // a transaction opened from within one joins it
        }

        CompletableFuture<T> done = new CompletableFuture<>();
        // Guarded here, on the caller's thread, which is the one that may hold a lease fence; a fenced work whose
        // lease is lost fails in its own savepoint, and the rest of the batch commits.
        queue.add(new Pending<>(LeaseFence.guard(work), done));
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public <T> T read(TransactionWork<T> work) {
        return store.read(work);
    }

    @Override
    public <T> List<Outcome<T>> inOneCommit(List<? extends TransactionWork<? extends T>> works) {
        return store.inOneCommit(works);
    }

    private void write() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, maxBatch - 1);
            stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
        for (Pending<?> left : queue) {
            left.done().completeExceptionally(new IllegalStateException("the store is closed"));
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<TransactionWork<?>> works = new ArrayList<>(batch.size());
        for (Pending<?> pending : batch) {
            works.add(pending.work());
        }
        try {
            List<Outcome<Object>> outcomes = store.inOneCommit(works);
            commits.incrementAndGet();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(outcomes.get(i));
            }
        } catch (RuntimeException commitFailed) {
            for (Pending<?> pending : batch) {
                pending.done().completeExceptionally(commitFailed);
            }
        }
    }

    /** How many commits this writer has made: a value that changes whenever this process may have changed data. */
    public long commits() {
        return commits.get();
    }

    @Override
    public boolean isReady() {
        return !closed && store.isReady();
    }

    /** Stops the writer once the transactions already waiting are written; does not close the store beneath. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
