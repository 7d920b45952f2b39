package dev.slipway.store;

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

    /** Runs {@code work} in one database transaction and returns its result; rolls back if it throws. */
    <T> T inTransaction(TransactionWork<T> work);

    /** True when the database answers and every migration is applied. */
    boolean isReady();

    @Override
    void close();

    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Transaction tx);
    }
}
