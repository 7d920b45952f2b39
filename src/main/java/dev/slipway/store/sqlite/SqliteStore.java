package dev.slipway.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.secret.SecretBox;
import dev.slipway.store.Store;
import dev.slipway.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens a {@link Store} on a SQLite database file. */
public final class SqliteStore {

    private static final String PREFIX = "jdbc:sqlite:";
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private SqliteStore() {
    }

    /**
     * Opens (creating it and its directories if missing) and migrates the database at {@code jdbcUrl},
     * e.g. {@code jdbc:sqlite:data/slipway.db}, behind a pool of at most {@code maxPoolSize} connections.
     * An in-memory URL gets a single connection that is never retired, as each connection would otherwise
     * see a database of its own. Secrets are sealed with a key of this process only (see
     * {@link SecretBox#forThisProcess()}): for tests and tools that keep no secret beyond the process.
     */
    public static JdbcStore open(String jdbcUrl, int maxPoolSize) {
        return open(jdbcUrl, maxPoolSize, SecretBox.forThisProcess());
    }

    /**
     * As {@link #open(String, int)}, sealing secrets with {@code box}.
     *
     * @throws dev.slipway.secret.SecretException when the database holds secrets wrapped by another master key
     */
    public static JdbcStore open(String jdbcUrl, int maxPoolSize, SecretBox box) {
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a SQLite JDBC URL: " + jdbcUrl);
        }
        boolean inMemory = isInMemory(jdbcUrl);
        if (!inMemory) {
            createParentDirectories(jdbcUrl);
        }

        SQLiteDataSource sqlite = new SQLiteDataSource(connectionConfig());
        sqlite.setUrl(jdbcUrl);

        HikariConfig pool = new HikariConfig();
        pool.setPoolName("slipway-sqlite");
        pool.setDataSource(sqlite);
        if (inMemory) {
            pool.setMaximumPoolSize(1);
            pool.setMinimumIdle(1);
            pool.setMaxLifetime(0);
            pool.setIdleTimeout(0);
        } else {
            pool.setMaximumPoolSize(maxPoolSize);
        }
        return JdbcStore.open(new HikariDataSource(pool), new SqliteDialect(), box);
    }

    private static SQLiteConfig connectionConfig() {
        SQLiteConfig config = new SQLiteConfig();
        // WAL lets readers go on while one connection writes.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        // Taking the write lock at BEGIN makes a read-then-write transaction wait its turn (up to the busy
        // timeout) instead of failing with SQLITE_BUSY when it first writes.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    private static boolean isInMemory(String jdbcUrl) {
        String rest = jdbcUrl.substring(PREFIX.length());
        return rest.isEmpty() || rest.contains(":memory:") || rest.contains("mode=memory");
    }

    private static void createParentDirectories(String jdbcUrl) {
        Path parent = databaseFile(jdbcUrl).map(file -> file.toAbsolutePath().getParent()).orElse(null);
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the database " + parent, e);
        }
    }

    /**
     * Opens a connection that only reads the existing database at {@code jdbcUrl}: no migration, nothing created,
     * every write refused. In WAL mode it neither waits for nor blocks the writer of a running Slipway; a checkpoint
     * in progress is waited for up to the busy timeout, as Slipway's own connections do.
     *
     * @throws IllegalArgumentException when the URL names no SQLite file, or the file does not exist
     */
    public static Connection openReader(String jdbcUrl) throws SQLException {
        if (!jdbcUrl.startsWith(PREFIX) || isInMemory(jdbcUrl)) {
            throw new IllegalArgumentException("not a SQLite database file: " + jdbcUrl);
        }
        Path file = databaseFile(jdbcUrl)
                .orElseThrow(() -> new IllegalArgumentException("not a SQLite database file: " + jdbcUrl));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no database at " + file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config.createConnection(jdbcUrl);
    }

    /** The file a SQLite URL names, if it names one ({@code :memory:} and {@code :resource:} paths do not). */
    static Optional<Path> databaseFile(String jdbcUrl) {
        String path = jdbcUrl.substring(PREFIX.length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        if (path.isEmpty() || path.startsWith(":")) {
            return Optional.empty(); // :resource: and other pseudo-paths name no file
        }
        return Optional.of(Path.of(path));
    }
}
