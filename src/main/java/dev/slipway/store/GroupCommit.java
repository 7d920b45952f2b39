package dev.slipway.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Store} whose transactions, from however many threads, are written by one writer thread, as many as
 * are waiting at a time in one commit ({@link Store#inOneCommit}). Each caller still gets its own result or
 * exception, and only after the commit that holds its work: nothing is acknowledged before it is durable.
 * Under load one disk flush serves many requests; with nothing else waiting a transaction commits at once.
 *
 * <p>A caller with a {@link WriteDeadline} waits no longer than it: a transaction the writer has not begun by then
 * (with a connection in hand) is dropped, never committed later, and the caller gets
 * {@link StoreUnavailableException}. One the writer has begun is waited for a little longer
 * ({@link #IN_FLIGHT_GRACE_MILLIS}); if its commit still has not ended, the caller is told the outcome is unknown
 * and the commit may yet land (then the request's idempotency key, already claimed, makes the client's retry a
 * no-op).
 */
public final class GroupCommit implements Store {
    /** Put in the queue by {@link #close}: the writer finishes what came before it and stops. */
    private static final Pending<Void> STOP = new Pending<>(tx -> null, null);
    /** How long a caller past its deadline still waits for a commit that had already begun. */
    static final long IN_FLIGHT_GRACE_MILLIS = 500;
    private static final String NOT_TAKEN =
            "the database did not take the write before the request was due; nothing was written";

    private final Store store;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    /** A transaction waiting for the writer; the writer takes it, or its caller gives up on it, never both. */
    private static final class Pending<T> {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int DROPPED = 2;

        final TransactionWork<T> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        final WriteDeadline deadline;
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Pending(TransactionWork<T> work, WriteDeadline deadline) {
            this.work = work;
            this.deadline = deadline;
        }

        /** True while neither the writer has begun it nor its caller has given up on it. */
        boolean waiting() {
            if (deadline != null && deadline.hasPassed()) {
                drop();
            }
            return state.get() == QUEUED;
        }

        /** The caller's or the writer's: true if the writer had not begun it, which now it never will. */
        boolean drop() {
            boolean dropped = state.compareAndSet(QUEUED, DROPPED);
            if (dropped) {
                done.completeExceptionally(StoreUnavailableException.notWritten(NOT_TAKEN));
            }
            return dropped;
        }

        /**
         * The work as run in the batch, with a connection in hand: it begins only if its deadline has not passed
         * and its caller still waits; otherwise it is rolled back alone. From here to the commit's end is the one
         * span in which a caller can give up on a write that then lands.
         */
        TransactionWork<T> checked() {
            return tx -> {
                if (deadline != null && deadline.hasPassed()) {
                    drop();
                }
                if (!state.compareAndSet(QUEUED, TAKEN)) {
                    throw StoreUnavailableException.notWritten(NOT_TAKEN);
                }
                return work.run(tx);
            };
        }

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

        // Guarded here, on the caller's thread, which is the one that may hold a lease fence; a fenced work whose
        // lease is lost fails in its own savepoint, and the rest of the batch commits.
        TransactionWork<T> fenced = LeaseFence.guard(work);
        WriteDeadline deadline = WriteDeadline.current();
        if (deadline == null) {
            Pending<T> pending = new Pending<>(fenced, null);
            queue.add(pending);
            try {
                return await(pending, Long.MAX_VALUE);
            } catch (TimeoutException never) {
                throw new IllegalStateException(never);
            }
        }
        WriteDeadline.checkNotPassed();
        Pending<T> pending = new Pending<>(fenced, deadline);
        queue.add(pending);
        try {
            return await(pending, deadline.remainingNanos());
        } catch (TimeoutException late) {
            if (pending.drop()) {
                throw StoreUnavailableException.notWritten(NOT_TAKEN);
            }
        }
        try {
            return await(pending, TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_GRACE_MILLIS));
        } catch (TimeoutException stillCommitting) {
            throw StoreUnavailableException.outcomeUnknown(
                    "the database had not confirmed the write when the request was due; it may still be committed");
        }
    }

    private static <T> T await(Pending<T> pending, long nanos) throws TimeoutException {
        try {
            return nanos == Long.MAX_VALUE ? pending.done.get() : pending.done.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
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
            left.done.completeExceptionally(new IllegalStateException("the store is closed"));
        }
    }

    private void commit(List<Pending<?>> waiting) {
        List<Pending<?>> batch = new ArrayList<>(waiting.size());
        List<TransactionWork<?>> works = new ArrayList<>(waiting.size());
        for (Pending<?> pending : waiting) {
            if (pending.waiting()) {
                batch.add(pending);
                works.add(pending.checked());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<Outcome<Object>> outcomes = store.inOneCommit(works);
            commits.incrementAndGet();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(outcomes.get(i));
            }
        } catch (RuntimeException commitFailed) {
            for (Pending<?> pending : batch) {
                pending.done.completeExceptionally(commitFailed);
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
