package dev.slipway.store.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Copies a SQLite database, while Slipway may be running and writing, into a new file with {@code VACUUM INTO}:
 * one read transaction, so the copy is a consistent snapshot of one moment, and the writer is never held up (in WAL
 * mode a reader takes no lock the writer waits for). The copy is checked before it is reported.
 */
public final class SqliteBackup {

    /** What a backup wrote: the file, its size, and how many deployments and audit events it holds. */
    public record Written(Path file, long bytes, long deployments, long auditEvents) {
    }

    private SqliteBackup() {
    }

    /**
     * Backs up the database at {@code jdbcUrl} into {@code file}, which must not exist yet and whose directory must.
     *
     * @throws IllegalArgumentException with one line, when the file exists, its directory is missing, or the URL
     *                                  names no existing SQLite file
     * @throws IllegalStateException    when the copy fails SQLite's integrity check (it is left for inspection)
     */
    public static Written write(String jdbcUrl, Path file) throws SQLException {
        Path target = file.toAbsolutePath();
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " already exists; give a new file name");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new IllegalArgumentException("no directory " + target.getParent() + " to write the backup in");
        }
        try (Connection source = SqliteStore.openReader(jdbcUrl);
             PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toString());
            vacuum.execute();
        }
        try (Connection copy = SqliteStore.openReader("jdbc:sqlite:" + target)) {
            String integrity = integrity(copy);
            if (!"ok".equals(integrity)) {
                throw new IllegalStateException("the backup " + target + " fails SQLite's integrity check: " + integrity);
            }
            return new Written(target, Files.size(target), count(copy, "deployments"), count(copy, "audit_events"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code PRAGMA integrity_check}'s answer: "ok", or its first problem. */
    static String integrity(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            return result.next() ? result.getString(1) : "no answer";
        }
    }

    /** Rows of one of Slipway's tables; {@code table} is fixed text, never a user's. */
    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }
}
