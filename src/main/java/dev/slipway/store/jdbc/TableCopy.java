package dev.slipway.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Copies every table of Slipway's schema from one database to another whose schema is at the same version, through
 * plain JDBC: the tables are found in the source's schema (Flyway's history excepted), written parents first as the
 * target's foreign keys require, in batches, each value converted to the type of the target's column (SQLite keeps
 * booleans as 0 and 1, and lets any column hold text). The caller owns both transactions.
 */
public final class TableCopy {
    /** Flyway's own table: each database keeps its own history, written by its own migrations. */
    public static final String FLYWAY_HISTORY = "flyway_schema_history";
    private static final int BATCH = 500;

    /** One table's rows in the source and, after the copy, in the target. */
    public record TableRows(String table, long source, long target) {
        public boolean matches() {
            return source == target;
        }
    }

    private TableCopy() {
    }

    /** The newest schema version Flyway has applied to the database, if it has applied any. */
    public static Optional<MigrationVersion> schemaVersion(Connection connection) throws SQLException {
        if (!tables(connection, true).contains(FLYWAY_HISTORY)) {
            return Optional.empty();
        }
        Optional<MigrationVersion> newest = Optional.empty();
        try (Statement statement = connection.createStatement();
             ResultSet versions = statement.executeQuery(
                     "SELECT version FROM " + FLYWAY_HISTORY + " WHERE success AND version IS NOT NULL")) {
            while (versions.next()) {
                MigrationVersion version = MigrationVersion.fromVersion(versions.getString(1));
                if (newest.isEmpty() || version.isNewerThan(newest.get())) {
                    newest = Optional.of(version);
                }
            }
        }
        return newest;
    }

    /** The tables of the connection's schema that hold at least one row, Flyway's history excepted. */
    public static List<String> tablesWithRows(Connection connection) throws SQLException {
        List<String> filled = new ArrayList<>();
        for (String table : tables(connection, false)) {
            if (count(connection, table) > 0) {
                filled.add(table);
            }
        }
        return filled;
    }

    /** How many jobs are held by a worker whose lease has not run out at {@code now}: a server still running them. */
    public static long jobsUnderLiveLease(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM jobs WHERE status = 'pending' AND locked_by IS NOT NULL AND locked_until > ?")) {
            query.setLong(1, now.toEpochMilli());
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /**
     * Copies every row of every table of {@code source} into the same table of {@code target}, then counts both
     * sides, table by table, in the order the tables were written. Nothing is committed here.
     *
     * @throws IllegalStateException when a source table or column has no counterpart in the target, or a value
     *                               cannot be given the type of its target column
     */
    public static List<TableRows> copy(Connection source, Connection target) throws SQLException {
        Set<String> targetTables = new TreeSet<>(tables(target, false));
        List<String> sourceTables = tables(source, false);
        for (String table : sourceTables) {
            if (!targetTables.contains(table)) {
                throw new IllegalStateException("the source's table " + table + " has no counterpart in the target");
            }
        }
        List<TableRows> rows = new ArrayList<>();
        for (String table : parentsFirst(target, sourceTables)) {
            copyTable(source, target, table);
            rows.add(new TableRows(table, count(source, table), count(target, table)));
        }
        return rows;
    }

    /** The tables of the connection's schema by lower-case name, SQLite's own and (unless asked) Flyway's excepted. */
    private static List<String> tables(Connection connection, boolean withHistory) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet found = connection.getMetaData().getTables(null, connection.getSchema(), "%",
                new String[] {"TABLE"})) {
            while (found.next()) {
                String name = found.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.startsWith("sqlite_") && (withHistory || !name.equals(FLYWAY_HISTORY))) {
                    tables.add(name);
                }
            }
        }
        tables.sort(null);
        return tables;
    }

    /** {@code tables}, each after every table its foreign keys in the target point to. */
    private static List<String> parentsFirst(Connection target, List<String> tables) throws SQLException {
        DatabaseMetaData meta = target.getMetaData();
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (String table : tables) {
            Set<String> of = new TreeSet<>();
            try (ResultSet keys = meta.getImportedKeys(null, target.getSchema(), table)) {
                while (keys.next()) {
                    String parent = keys.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(table)) {
                        of.add(parent);
                    }
                }
            }
            parents.put(table, of);
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String table : tables) {
            visit(table, parents, ordered, new LinkedHashSet<>());
        }
        return List.copyOf(ordered);
    }

    private static void visit(String table, Map<String, Set<String>> parents, Set<String> ordered, Set<String> path) {
        if (ordered.contains(table)) {
            return;
        }
        if (!path.add(table)) {
            throw new IllegalStateException("the target's foreign keys go round in a cycle: " + path);
        }
        for (String parent : parents.getOrDefault(table, Set.of())) {
            if (parents.containsKey(parent)) {
                visit(parent, parents, ordered, path);
            }
        }
        ordered.add(table);
    }

    private static void copyTable(Connection source, Connection target, String table) throws SQLException {
        Map<String, Integer> targetTypes = columnTypes(target, table);
        try (Statement select = source.createStatement();
             ResultSet rows = select.executeQuery("SELECT * FROM " + quoted(table))) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String column = meta.getColumnName(i).toLowerCase(Locale.ROOT);
                if (!targetTypes.containsKey(column)) {
                    throw new IllegalStateException("the source's column " + table + "." + column
                            + " has no counterpart in the target");
                }
                columns.add(column);
            }
            String insert = "INSERT INTO " + quoted(table) + " ("
                    + String.join(", ", columns.stream().map(TableCopy::quoted).toList()) + ") VALUES ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
            try (PreparedStatement batch = target.prepareStatement(insert)) {
                long row = 0;
                while (rows.next()) {
                    row++;
                    for (int i = 0; i < columns.size(); i++) {
                        String column = columns.get(i);
                        bind(batch, i + 1, rows.getObject(i + 1), targetTypes.get(column),
                                table + "." + column + " (row " + row + ")");
                    }
                    batch.addBatch();
                    if (row % BATCH == 0) {
                        batch.executeBatch();
                    }
                }
                batch.executeBatch();
            }
        }
    }

    /** The JDBC type ({@link Types}) of each column of the target's table, by lower-case name. */
    private static Map<String, Integer> columnTypes(Connection target, String table) throws SQLException {
        Map<String, Integer> types = new LinkedHashMap<>();
        try (ResultSet columns = target.getMetaData().getColumns(null, target.getSchema(), table, "%")) {
            while (columns.next()) {
                types.put(columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), columns.getInt("DATA_TYPE"));
            }
        }
        return types;
    }

    /** Binds a source value as the target column's type; {@code where} names the value in an error, never shows it. */
    private static void bind(PreparedStatement insert, int index, Object value, int type, String where)
            throws SQLException {
        if (value == null) {
            insert.setNull(index, type);
            return;
        }
        switch (type) {
            case Types.BIT, Types.BOOLEAN -> insert.setBoolean(index, truth(value, where));
            case Types.BIGINT -> insert.setLong(index, whole(value, where));
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> insert.setInt(index, Math.toIntExact(whole(value, where)));
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> insert.setBytes(index,
                    value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8));
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.CLOB ->
                    insert.setString(index, value instanceof byte[] bytes
                            ? new String(bytes, StandardCharsets.UTF_8) : value.toString());
            default -> insert.setObject(index, value);
        }
    }

    /** SQLite keeps a boolean as 0 or 1. */
    private static boolean truth(Object value, String where) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number && (number.longValue() == 0 || number.longValue() == 1)) {
            return number.longValue() == 1;
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "1", "true", "t" -> true;
            case "0", "false", "f" -> false;
            default -> throw new IllegalStateException(where + " is not a boolean, so it cannot be copied");
        };
    }

    /** Timestamps and ids are whole numbers (epoch milliseconds); SQLite would also have kept text in such a column. */
    private static long whole(Object value, String where) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + " is not a whole number, so it cannot be copied");
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + quoted(table))) {
            result.next();
            return result.getLong(1);
        }
    }

    /** A name as a quoted identifier: names come from the databases' own catalogues, and stay names whatever they hold. */
    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
