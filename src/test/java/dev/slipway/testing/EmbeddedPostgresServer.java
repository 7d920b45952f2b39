package dev.slipway.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests, on localhost, that can be stopped and started again on the same data
 * directory and port, as an outage of the database would look to Slipway. Connect as {@link #USER}, no password.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer shared;

    private final Path dataDirectory;
    private final int port;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts a new server with an empty data directory of its own, on a free port. */
    public static EmbeddedPostgresServer start() throws IOException {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(Files.createTempDirectory("slipway-postgres"), freePort());
        server.startAgain();
        return server;
    }

    /**
     * A new, empty database of its own on one server that the whole test run shares (started on first use, gone
     * with the JVM): its JDBC URL. Tests that stop their database start a server of their own instead.
     */
    public static String freshDatabase() {
        EmbeddedPostgresServer server;
        synchronized (EmbeddedPostgresServer.class) {
            if (shared == null) {
                try {
                    shared = start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                EmbeddedPostgresServer started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException ignored) {
                        // The JVM is going; the temporary directory goes with the machine's cleanup.
                    }
                }));
            }
            server = shared;
        }
        try {
            return server.createDatabase("test_" + DATABASES.incrementAndGet());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates an empty database and returns its JDBC URL (without user: pass {@link #USER}). */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, null);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return postgres != null;
    }

    /**
     * True when a new connection is accepted now. During {@link #stop} this turns false as soon as the server
     * refuses connections, well before {@code stop} returns.
     */
    public boolean acceptsConnections() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres") + "?connectTimeout=1&socketTimeout=2",
                USER, null)) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Stops the server (fast shutdown: open connections are closed) and keeps its data for {@link #startAgain}. */
    public synchronized void stop() throws IOException {
        if (postgres != null) {
            EmbeddedPostgres running = postgres;
            postgres = null;
            running.close();
        }
    }

    /** Starts the server on the same data directory and port; does nothing if it runs. */
    public synchronized void startAgain() throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
