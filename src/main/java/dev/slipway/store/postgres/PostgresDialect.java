package dev.slipway.store.postgres;

import dev.slipway.store.jdbc.SqlDialect;
import java.sql.SQLException;

/** PostgreSQL's differences: its own migrations, {@code SKIP LOCKED} for concurrent claims, SQLState 23505. */
final class PostgresDialect implements SqlDialect {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public String migrations() {
        return "classpath:db/migration/postgres";
    }

    @Override
    public String skipLocked() {
        return "FOR UPDATE SKIP LOCKED";
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
