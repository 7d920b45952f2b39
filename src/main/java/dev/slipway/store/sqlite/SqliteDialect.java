package dev.slipway.store.sqlite;

import dev.slipway.store.jdbc.SqlDialect;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** SQLite's differences: its own migrations, no row locks (writers are serialised), extended error codes. */
final class SqliteDialect implements SqlDialect {

    @Override
    public String migrations() {
        return "classpath:db/migration/sqlite";
    }

    @Override
    public String skipLocked() {
        return "";
    }

    /** Nothing to take: every write transaction begins IMMEDIATE, holding the database's one write lock. */
    @Override
    public String environmentTurn() {
        return "";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException sqlite
                && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    @Override
    public boolean singleWriter() {
        return true;
    }
}
