package dev.slipway.store;

import java.util.List;

/**
 * Slipway's database. Every change goes through {@link #inTransaction}: the work sees one
 * {@link Transaction} and either all of it is committed or none of it is.
 *
 * <p>Invariants every implementation enforces in the schema itself, not only in code:
 * at most one active deployment per project and environment; at most one lock per project and
 * environment; at most one row per idempotency key. Violations surface as {@link ConflictException}
 * and roll the transaction back.
 */
public interface Store extends AutoCloseable {

    /**
     * Runs {@code work} in one database transaction and returns its result; rolls back if it throws. On a thread
     * that holds a {@link LeaseFence}, the transaction first checks the fencing job's lease and, when it is lost,
     * writes nothing and throws {@link LeaseLostException}.
     */
    <T> T inTransaction(TransactionWork<T> work);

    /**
     * Runs read-only {@code work} outside a write transaction, so that it neither waits for writers nor holds
     * them up; each statement sees what was committed when it runs. The work must not write.
     */
    <T> T read(TransactionWork<T> work);

    /**
     * Runs every work in one transaction, each inside its own savepoint: a work that throws is rolled back
     * alone and its exception returned in its place; the others are committed together, with one commit
     * (group commit). If the commit itself fails, every work fails with that error. Works asked for on a thread
     * that holds a {@link LeaseFence} are each fenced as in {@link #inTransaction}.
     */
    <T> List<Outcome<T>> inOneCommit(List<? extends TransactionWork<? extends T>> works);

    /** What one work of {@link #inOneCommit} came to: its result, or the exception it threw. */
    record Outcome<T>(T result, RuntimeException failure) {
        public T get() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    /** True when the database answers and every migration is applied. */
    boolean isReady();

    @Override
    void close();

    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Transaction tx);
    }
}
