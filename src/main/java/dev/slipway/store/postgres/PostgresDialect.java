package dev.slipway.store.postgres;

import dev.slipway.store.jdbc.SqlDialect;
import java.sql.SQLException;

/**
 * PostgreSQL's differences: its own migrations, {@code SKIP LOCKED} for concurrent claims, advisory locks for
 * environments' turns, SQLState 23505.
 */
final class PostgresDialect implements SqlDialect {

    private static final String UNIQUE_VIOLATION = "23505";
    /** "slpw": the first key of every environment's turn. */
    private static final int ENVIRONMENT_TURNS = 0x736c7077;

    @Override
    public String migrations() {
        return "classpath:db/migration/postgres";
    }

    @Override
    public String skipLocked() {
        return "FOR UPDATE SKIP LOCKED";
    }

    /**
     * A transaction-scoped advisory lock in a key space of Slipway's own (the two-integer form, which never meets
     * Flyway's single-key locks); two environments whose names hash alike merely wait for each other.
     */
    @Override
    public String environmentTurn() {
        return "SELECT pg_advisory_xact_lock(" + ENVIRONMENT_TURNS + ", hashtext(:project || '/' || :environment))";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    @Override
    public boolean singleWriter() {
        return false;
    }
}
