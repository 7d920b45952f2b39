package dev.slipway.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.secret.SecretBox;
import dev.slipway.store.Store;
import dev.slipway.store.jdbc.JdbcStore;

/**
 * Opens a {@link Store} on a PostgreSQL database.
 *
 * <p>Nothing waits long on a database that has gone away: a connection is handed out within
 * {@link #CONNECTION_TIMEOUT_MILLIS} or the call fails (Hikari's default is 30 s, far past Slack's 3), a new
 * connection must be made within {@link #CONNECT_TIMEOUT_SECONDS}, and a connection silent for
 * {@link #SOCKET_TIMEOUT_SECONDS} is given up (a server or network that vanished without closing it). The pool
 * keeps trying to reconnect, so Slipway recovers by itself when the database is back. Parameters of the same name
 * in the JDBC URL override these.
 */
public final class PostgresStore {
    static final long CONNECTION_TIMEOUT_MILLIS = 1_000;
    static final long VALIDATION_TIMEOUT_MILLIS = 500;
    static final int CONNECT_TIMEOUT_SECONDS = 1;
    static final int SOCKET_TIMEOUT_SECONDS = 10;

    private PostgresStore() {
    }

    /**
     * Connects to {@code jdbcUrl} (e.g. {@code jdbc:postgresql://db:5432/slipway}) behind a pool of at most
     * {@code maxPoolSize} connections and migrates the schema. {@code user} and {@code password} may be null
     * when the URL or the server's authentication makes them unnecessary. Secrets are sealed with a key of this
     * process only (see {@link SecretBox#forThisProcess()}): for tests and tools that keep no secret beyond it.
     */
    public static JdbcStore open(String jdbcUrl, String user, String password, int maxPoolSize) {
        return open(jdbcUrl, user, password, maxPoolSize, SecretBox.forThisProcess());
    }

    /**
     * As {@link #open(String, String, String, int)}, sealing secrets with {@code box}.
     *
     * @throws dev.slipway.secret.SecretException when the database holds secrets wrapped by another master key
     */
    public static JdbcStore open(String jdbcUrl, String user, String password, int maxPoolSize, SecretBox box) {
        return JdbcStore.open(new HikariDataSource(pool(jdbcUrl, user, password, maxPoolSize)), new PostgresDialect(),
                box);
    }

    /** The pool {@link #open} connects through, with its timeouts; not yet started. */
    static HikariConfig pool(String jdbcUrl, String user, String password, int maxPoolSize) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("slipway-postgres");
        pool.setJdbcUrl(jdbcUrl);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(maxPoolSize);
        pool.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        pool.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
        pool.addDataSourceProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        pool.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        return pool;
    }
}
