package dev.slipway.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.store.LeaseFence;
import dev.slipway.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link Store} on a pooled JDBC database: one Jdbi handle per transaction, the repositories bound to it.
 * The dialect-specific factories ({@code SqliteStore}, {@code PostgresStore}) build the pool and call {@link #open}.
 */
public final class JdbcStore implements Store {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final SqlDialect dialect;
    private final Clock clock;
    private final boolean migrated;
    private final ReentrantLock writeLock;

    private JdbcStore(HikariDataSource dataSource, SqlDialect dialect, Clock clock, boolean migrated) {
        this.writeLock = dialect.singleWriter() ? new ReentrantLock(true) : null;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.dialect = dialect;
        this.clock = clock;
        this.migrated = migrated;
    }

    /**
     * Migrates the database behind {@code dataSource} to the newest schema and returns a store that owns
     * the pool: closing the store closes it, and so does a failed migration.
     */
    public static Store open(HikariDataSource dataSource, SqlDialect dialect) {
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrations())
                    .failOnMissingLocations(true)
                    .load();
            flyway.migrate();
            // Asked once: Flyway's info scans the classpath and the history table, too slow for every probe.
            boolean migrated = flyway.info().pending().length == 0;
            return new JdbcStore(dataSource, dialect, Clock.systemUTC(), migrated);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> asked) {
        TransactionWork<T> work = LeaseFence.guard(asked);
        return writing(() -> jdbi.inTransaction(handle -> {
            JdbcTransaction tx = new JdbcTransaction(handle, dialect, clock);
            T result = work.run(tx);
            // A conflict the work caught has still broken the transaction (PostgreSQL has aborted it):
            // never commit the half that remains.
            tx.conflicts().rethrowFirst();
            return result;
        }));
    }

    @Override
    public <T> T read(TransactionWork<T> work) {
        // Autocommit: each statement is its own read, which on SQLite takes no write lock.
        return jdbi.withHandle(handle -> work.run(new JdbcTransaction(handle, dialect, clock)));
    }

    /**
     * Runs a write transaction; where the database has a single writer (SQLite), writers of this process take
     * turns on a fair lock here instead of polling the database's busy lock, whose sleeps make long tails.
     */
    private <T> T writing(java.util.function.Supplier<T> transaction) {
        if (writeLock == null) {
            return transaction.get();
        }
        writeLock.lock();
        try {
            return transaction.get();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> List<Outcome<T>> inOneCommit(List<? extends TransactionWork<? extends T>> works) {
        return writing(() -> jdbi.inTransaction(handle -> {
            List<Outcome<T>> outcomes = new ArrayList<>(works.size());
            for (int i = 0; i < works.size(); i++) {
                String savepoint = "work" + i;
                handle.savepoint(savepoint);
                JdbcTransaction tx = new JdbcTransaction(handle, dialect, clock);
                try {
                    T result = LeaseFence.guard(works.get(i)).run(tx);
                    tx.conflicts().rethrowFirst();
                    handle.releaseSavepoint(savepoint);
                    outcomes.add(new Outcome<>(result, null));
                } catch (RuntimeException e) {
                    // Undoes this work alone; on PostgreSQL this also clears the aborted state its error left.
                    handle.rollbackToSavepoint(savepoint);
                    outcomes.add(new Outcome<>(null, e));
                }
            }
            return outcomes;
        }));
    }

    @Override
    public boolean isReady() {
        if (!migrated || dataSource.isClosed()) {
            return false;
        }
        try (Handle handle = jdbi.open()) {
            return handle.createQuery("SELECT 1").mapTo(Integer.class).one() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
