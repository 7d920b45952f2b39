package dev.slipway.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.SecretBox;
import dev.slipway.store.LeaseFence;
import dev.slipway.store.Store;
import dev.slipway.store.StoreUnavailableException;
import dev.slipway.store.WriteDeadline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link Store} on a pooled JDBC database: one Jdbi handle per transaction, the repositories bound to it.
 * The dialect-specific factories ({@code SqliteStore}, {@code PostgresStore}) build the pool and call {@link #open}.
 */
public final class JdbcStore implements Store {

    /** How long a readiness check waits for the database to answer once it has a connection. */
    private static final int READY_TIMEOUT_SECONDS = 1;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final SqlDialect dialect;
    private final Clock clock;
    private final boolean migrated;
    private final ReentrantLock writeLock;
    private final SecretBox box;

    private JdbcStore(HikariDataSource dataSource, SqlDialect dialect, Clock clock, boolean migrated, SecretBox box) {
        this.box = box;
        this.writeLock = dialect.singleWriter() ? new ReentrantLock(true) : null;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.dialect = dialect;
        this.clock = clock;
        this.migrated = migrated;
    }

    /**
     * Migrates the database behind {@code dataSource} to the newest schema and returns a store that owns
     * the pool: closing the store closes it, and so does a failed migration. Secrets are sealed with {@code box}.
     *
     * @throws dev.slipway.secret.SecretException when the database holds secrets wrapped by another master key than
     *                                            {@code box}'s (see {@link SealedColumns})
     */
    public static JdbcStore open(HikariDataSource dataSource, SqlDialect dialect, SecretBox box) {
        try {
            Flyway flyway = migrations(dataSource, dialect).load();
            flyway.migrate();
            // Asked once: Flyway's info scans the classpath and the history table, too slow for every probe.
            boolean migrated = flyway.info().pending().length == 0;
            JdbcStore store = new JdbcStore(dataSource, dialect, Clock.systemUTC(), migrated, box);
            store.jdbi.useHandle(handle -> SealedColumns.checkKey(handle, box));
            return store;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * Measures the connection pool in {@code registry} (HikariCP's own meters: {@code hikaricp_connections_*}, tagged
     * with the pool's name). Once only: the pool takes one registry.
     */
    public void measureIn(io.micrometer.core.instrument.MeterRegistry registry) {
        dataSource.setMetricRegistry(registry);
    }

    /**
     * Slipway's migrations of {@code dialect} on {@code dataSource}, configured as {@link #open} runs them; a caller
     * may narrow them further (a target version) before loading.
     */
    public static FluentConfiguration migrations(DataSource dataSource, SqlDialect dialect) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrations())
                .failOnMissingLocations(true);
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> asked) {
        WriteDeadline.checkNotPassed();
        TransactionWork<T> work = LeaseFence.guard(asked);
        List<JdbcTransaction> committed = new ArrayList<>(1);
        T result = writing(() -> jdbi.inTransaction(handle -> {
            committed.clear();
            JdbcTransaction tx = new JdbcTransaction(handle, dialect, clock, box);
            T done = work.run(tx);
            // A conflict the work caught has still broken the transaction (PostgreSQL has aborted it):
            // never commit the half that remains.
            tx.conflicts().rethrowFirst();
            // The caller stops waiting at its deadline: a commit after it would take effect unanswered.
            WriteDeadline.checkNotPassed();
            committed.add(tx);
            return done;
        }));
        committed.forEach(JdbcTransaction::committed);
        return result;
    }

    @Override
    public <T> T read(TransactionWork<T> work) {
        // Autocommit: each statement is its own read, which on SQLite takes no write lock.
        return answering(() -> jdbi.withHandle(handle -> work.run(new JdbcTransaction(handle, dialect, clock, box))));
    }

    /** Runs database work, turning a database that cannot be reached into {@link StoreUnavailableException}. */
    private static <T> T answering(java.util.function.Supplier<T> databaseWork) {
        try {
            return databaseWork.get();
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw JdbcOutage.translate(e);
        }
    }

    /**
     * Runs a write transaction; where the database has a single writer (SQLite), writers of this process take
     * turns on a fair lock here instead of polling the database's busy lock, whose sleeps make long tails.
     */
    private <T> T writing(java.util.function.Supplier<T> transaction) {
        if (writeLock == null) {
            return answering(transaction);
        }
        writeLock.lock();
        try {
            return answering(transaction);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> List<Outcome<T>> inOneCommit(List<? extends TransactionWork<? extends T>> works) {
        List<JdbcTransaction> committed = new ArrayList<>(works.size());
        List<Outcome<T>> all = writing(() -> jdbi.inTransaction(handle -> {
            committed.clear();
            List<Outcome<T>> outcomes = new ArrayList<>(works.size());
            for (int i = 0; i < works.size(); i++) {
                String savepoint = "work" + i;
                handle.savepoint(savepoint);
                JdbcTransaction tx = new JdbcTransaction(handle, dialect, clock, box);
                try {
                    T result = LeaseFence.guard(works.get(i)).run(tx);
                    tx.conflicts().rethrowFirst();
                    handle.releaseSavepoint(savepoint);
                    outcomes.add(new Outcome<>(result, null));
                    committed.add(tx);
                } catch (RuntimeException e) {
                    // Undoes this work alone; on PostgreSQL this also clears the aborted state its error left.
                    try {
                        handle.rollbackToSavepoint(savepoint);
                    } catch (RuntimeException rollbackFailed) {
                        // The connection is gone: the whole batch fails, with the work's error, which says why.
                        e.addSuppressed(rollbackFailed);
                        throw e;
                    }
                    outcomes.add(new Outcome<>(null, e));
                }
            }
            return outcomes;
        }));
        committed.forEach(JdbcTransaction::committed);
        return all;
    }

    /**
     * Re-wraps every sealed value of every {@link SealedColumns sealed column} from {@code from}'s master key to
     * {@code to}'s, in one transaction: all move or none. Ciphertexts stay as they are.
     *
     * @return how many values were re-wrapped (those already under {@code to}'s key are left alone)
     */
    public int rewrapAll(SecretBox to, KeyProvider from) {
        return writing(() -> jdbi.inTransaction(handle -> SealedColumns.rewrapAll(handle, to, from)));
    }

    @Override
    public boolean isReady() {
        if (!migrated || dataSource.isClosed()) {
            return false;
        }
        try (Handle handle = jdbi.open()) {
            // isValid bounds the round trip itself; the pool bounds the wait for a connection.
            return handle.getConnection().isValid(READY_TIMEOUT_SECONDS);
        } catch (RuntimeException | java.sql.SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
