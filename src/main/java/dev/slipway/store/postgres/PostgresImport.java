package dev.slipway.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.jdbc.TableCopy;
import dev.slipway.store.jdbc.TableCopy.TableRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Fills an empty PostgreSQL database with everything another Slipway database holds (the SQLite file a single
 * server started on), in one run: the target is migrated with Slipway's own PostgreSQL migrations up to the source's
 * schema version, every table is copied in one transaction ({@link TableCopy}), the identity sequences are moved past
 * the copied ids, and the rows are counted on both sides before anything is committed. Either all of it lands or
 * none: the target is left with its schema and no rows.
 */
public final class PostgresImport {
    /** A silent connection is given up after this long: an import runs long statements (counts, big batches). */
    private static final int SOCKET_TIMEOUT_SECONDS = 300;
    private static final PostgresDialect DIALECT = new PostgresDialect();

    /** Why an import was not begun, in one line that says what to do; the target is as it was. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** One table's rows in the source and in the target, counted after the copy and before the commit. */
    public record Table(String name, long source, long target) {
        public boolean matches() {
            return source == target;
        }
    }

    /** What an import found: each table's rows, in the order written; it committed only when every count matched. */
    public record Result(List<Table> tables, boolean committed) {
        public long rows() {
            return tables.stream().mapToLong(Table::target).sum();
        }
    }

    private PostgresImport() {
    }

    /**
     * Copies everything {@code source} holds into the PostgreSQL database at {@code jdbcUrl}. {@code source} is only
     * read, in one read transaction (a consistent snapshot), and its autocommit is restored after. Warnings (a
     * server that seems to be running on the source) go to {@code warn} before anything is copied.
     *
     * @throws Refused when the source is not at this code's newest schema version, or the target holds rows already
     */
    public static Result fill(Connection source, String jdbcUrl, String user, String password, Consumer<String> warn,
                              Clock clock) throws SQLException {
        boolean sourceAutoCommit = source.getAutoCommit();
        source.setAutoCommit(false);
        HikariConfig config = PostgresStore.pool(jdbcUrl, user, password, 2);
        config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            MigrationVersion version = sourceVersion(source, pool);
            JdbcStore.migrations(pool, DIALECT).target(version).load().migrate();
            try (Connection target = pool.getConnection()) {
                target.setAutoCommit(false);
                List<String> filled = TableCopy.tablesWithRows(target);
                if (!filled.isEmpty()) {
                    target.rollback();
                    throw new Refused("the target database already holds rows (in " + String.join(", ", filled)
                            + "); give an empty database");
                }
                long held = TableCopy.jobsUnderLiveLease(source, clock.instant());
                if (held > 0) {
                    warn.accept(held + " job(s) in the source are held by a worker whose lease has not run out: is"
                            + " Slipway still running on it? Stop it first, or what it writes from now on is lost.");
                }
                return copy(source, target);
            }
        } finally {
            source.rollback();
            source.setAutoCommit(sourceAutoCommit);
        }
    }

    private static Result copy(Connection source, Connection target) throws SQLException {
        try {
            List<TableRows> tables = TableCopy.copy(source, target);
            moveSequencesPastCopiedIds(target);
            boolean matching = tables.stream().allMatch(TableRows::matches);
            if (matching) {
                target.commit();
            } else {
                target.rollback();
            }
            return new Result(tables.stream().map(t -> new Table(t.table(), t.source(), t.target())).toList(),
                    matching);
        } catch (SQLException | RuntimeException e) {
            target.rollback();
            throw e;
        }
    }

    /** The source's schema version, when it is this code's newest; refuses an older or newer one. */
    private static MigrationVersion sourceVersion(Connection source, HikariDataSource target) throws SQLException {
        MigrationVersion version = TableCopy.schemaVersion(source)
                .orElseThrow(() -> new Refused("the source database holds no Slipway schema"));
        MigrationVersion newest = Arrays.stream(JdbcStore.migrations(target, DIALECT).load().info().all())
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        if (version.isNewerThan(newest)) {
            throw new Refused("the source database is at schema version " + version + ", newer than this Slipway ("
                    + newest + "); move it with the Slipway that last ran on it");
        }
        if (newest.isNewerThan(version)) {
            throw new Refused("the source database is at schema version " + version + ", behind this Slipway's "
                    + newest + ": start this version of Slipway once on it (it migrates at start), stop it, then move");
        }
        return version;
    }

    /**
     * Sets every identity (and serial) column's sequence so that its next value comes after the highest id copied:
     * rows were inserted with their ids, which leaves the sequences where the migrations left them.
     */
    private static void moveSequencesPastCopiedIds(Connection target) throws SQLException {
        List<String[]> sequences = new ArrayList<>();
        try (Statement statement = target.createStatement();
             ResultSet found = statement.executeQuery("SELECT table_name, column_name,"
                     + " pg_get_serial_sequence(quote_ident(table_name), column_name) FROM information_schema.columns"
                     + " WHERE table_schema = current_schema()"
                     + " AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL")) {
            while (found.next()) {
                sequences.add(new String[] {found.getString(1), found.getString(2), found.getString(3)});
            }
        }
        for (String[] sequence : sequences) {
            try (PreparedStatement move = target.prepareStatement("SELECT setval(?, (SELECT COALESCE(max("
                    + quoted(sequence[1]) + "), 0) + 1 FROM " + quoted(sequence[0]) + "), false)")) {
                move.setString(1, sequence[2]);
                move.execute();
            }
        }
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
