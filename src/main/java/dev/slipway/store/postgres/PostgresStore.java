package dev.slipway.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.store.Store;
import dev.slipway.store.jdbc.JdbcStore;

/** Opens a {@link Store} on a PostgreSQL database. */
public final class PostgresStore {

    private PostgresStore() {
    }

    /**
     * Connects to {@code jdbcUrl} (e.g. {@code jdbc:postgresql://db:5432/slipway}) behind a pool of at most
     * {@code maxPoolSize} connections and migrates the schema. {@code user} and {@code password} may be null
     * when the URL or the server's authentication makes them unnecessary.
     */
    public static Store open(String jdbcUrl, String user, String password, int maxPoolSize) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("slipway-postgres");
        pool.setJdbcUrl(jdbcUrl);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(maxPoolSize);
        return JdbcStore.open(new HikariDataSource(pool), new PostgresDialect());
    }
}
