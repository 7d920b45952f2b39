package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL database replicas share, on an {@link EmbeddedPostgresServer} that can be stopped and started
 * again on the same data directory and port, as an outage and its end would look to a client. Queries from the test
 * go through plain JDBC with short timeouts, so a test never waits on a database that went away.
 */
public final class ReplicaDatabase implements AutoCloseable {
    private static final String DATABASE = "slipway";
    private static final String TIMEOUTS = "?connectTimeout=3&socketTimeout=15";

    private final EmbeddedPostgresServer server;

    private ReplicaDatabase(EmbeddedPostgresServer server) {
        this.server = server;
    }

    /** Starts a new server with an empty database for Slipway. */
    public static ReplicaDatabase start() {
        try {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
            server.createDatabase(DATABASE);
            return new ReplicaDatabase(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Slipway's JDBC URL: {@code jdbc:postgresql://localhost:<port>/slipway}, user {@code postgres}. */
    public String url() {
        return server.jdbcUrl(DATABASE);
    }

    /** Stops the server as {@code pg_ctl stop -m fast} does: open connections are cut, new ones refused. */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again on the same data directory and port, keeping every row. */
    public void restart() {
        try {
            server.startAgain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count(String sql, Object... args) {
        return ((Number) rows(sql, args).get(0).values().iterator().next()).longValue();
    }

    /** Each row as column label → value, in the order the query gives them. */
    public List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(url() + TIMEOUTS, EmbeddedPostgresServer.USER, null);
             PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
