package dev.slipway.store.jdbc;

import dev.slipway.store.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that cannot be reached from any other failure: no connection within the pool's timeout, a
 * connection lost or refused (SQLState class 08), or a server shutting down (57P). Those become
 * {@link StoreUnavailableException}, which inbound requests answer with 503; everything else passes unchanged.
 */
final class JdbcOutage {
    private JdbcOutage() {
    }

    static RuntimeException translate(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (isOutage(cause)) {
                return new StoreUnavailableException("the database is unavailable: " + cause.getMessage(), failure);
            }
        }
        return failure;
    }

    private static boolean isOutage(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            return sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P");
        }
        return false;
    }
}
