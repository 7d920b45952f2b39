package dev.slipway.store.jdbc;

import java.sql.SQLException;

/** What differs between the databases {@link JdbcStore} runs on; everything else is shared SQL. */
public interface SqlDialect {

    /** The Flyway location of this database's migrations, e.g. {@code classpath:db/migration/sqlite}. */
    String migrations();

    /**
     * The locking clause ending the subquery that picks the next job, so that concurrent workers pass over
     * rows another worker is claiming; empty where the database serialises writers anyway.
     */
    String skipLocked();

    /**
     * The statement that waits for, then holds until the transaction ends, the turn of the environment bound as
     * {@code :project} and {@code :environment}; empty where transactions that write already take turns.
     */
    String environmentTurn();

    /** True when the database lets one transaction write at a time (SQLite). */
    boolean singleWriter();

    /** True when {@code e} reports a violated unique index or primary key. */
    boolean isUniqueViolation(SQLException e);
}
