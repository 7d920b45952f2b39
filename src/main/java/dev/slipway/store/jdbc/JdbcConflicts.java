package dev.slipway.store.jdbc;

import dev.slipway.store.ConflictException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Turns the unique violations of one transaction's statements into {@link ConflictException}s, and remembers them. */
final class JdbcConflicts {

    private final SqlDialect dialect;
    private ConflictException first;

    JdbcConflicts(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Runs one statement; a unique violation comes out as a {@link ConflictException}, anything else unchanged. */
    <T> T run(Supplier<T> statement) {
        try {
            return statement.get();
        } catch (JdbiException e) {
            SQLException cause = sqlCause(e);
            if (cause == null || !dialect.isUniqueViolation(cause)) {
                throw e;
            }
            ConflictException conflict = new ConflictException(cause.getMessage(), e);
            if (first == null) {
                first = conflict;
            }
            throw conflict;
        }
    }

    /** Throws the first conflict this transaction met, if any. */
    void rethrowFirst() {
        if (first != null) {
            throw first;
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
