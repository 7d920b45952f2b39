package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.sqlite.SqliteStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return SlipwayCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path config(String databaseUrl) {
        return CommandConfig.write(dir, databaseUrl, "");
    }

    private String sqliteUrl() {
        return CommandConfig.sqliteUrl(dir);
    }

    /** One deployment and its audit event, in one transaction, as every request writes them. */
    private static void writeDeployment(JdbcStore store, int n) {
        store.inTransaction(tx -> {
            Instant now = Instant.now();
            Deployment deployment = tx.deployments().insert(Deployment.request("demo", "staging", "build-" + n, "alice",
                    ChatOrigin.console("alice"), DeploymentState.REQUESTED, now));
            tx.audit().record(AuditEvent.of(now, "alice", "deployment.requested", deployment, "build-" + n));
            return deployment;
        });
    }

    private static long count(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void backs_up_a_database_being_written_into_a_consistent_checked_snapshot() throws Exception {
        Path config = config(sqliteUrl());
        Path backup = dir.resolve("backup.db");
        AtomicLong written = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (JdbcStore store = SqliteStore.open(sqliteUrl(), 4)) {
            for (int i = 0; i < 200; i++) {
                writeDeployment(store, i);
            }
            written.set(200);
            Future<?> writing = writer.submit(() -> {
                while (!stop.get()) {
                    writeDeployment(store, (int) written.get());
                    written.incrementAndGet();
                }
            });
            Awaitility.await("the writer is writing").atMost(Duration.ofSeconds(10)).until(() -> written.get() > 220);

            long before = written.get();
            int exit = run("backup", backup.toString(), "--config", config.toString());
            long after = written.get();
            Awaitility.await("the writer goes on after the backup").atMost(Duration.ofSeconds(10))
                    .until(() -> written.get() > after + 20);
            stop.set(true);
            writing.get(10, TimeUnit.SECONDS);

            assertThat(exit).as(err.toString()).isZero();
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + backup)) {
                try (Statement statement = copy.createStatement();
                     ResultSet integrity = statement.executeQuery("PRAGMA integrity_check")) {
                    integrity.next();
                    assertThat(integrity.getString(1)).isEqualTo("ok");
                }
                long deployments = count(copy, "SELECT count(*) FROM deployments");
                // Each deployment was written with its audit event in one transaction: a snapshot holds both or neither,
                // and every id up to the newest, with no gap a half-seen moment would leave.
                assertThat(deployments).isBetween(before, after + 1);
                assertThat(count(copy, "SELECT count(*) FROM audit_events")).isEqualTo(deployments);
                assertThat(count(copy, "SELECT max(id) FROM deployments")).isEqualTo(deployments);
                assertThat(count(copy, "SELECT count(*) FROM audit_events a JOIN deployments d"
                        + " ON d.id = a.deployment_id AND d.ref = a.detail")).isEqualTo(deployments);
                assertThat(out.toString().strip()).isEqualTo("Wrote " + backup.toAbsolutePath() + ": "
                        + Files.size(backup) + " bytes, " + deployments + " deployment(s), " + deployments
                        + " audit event(s). Integrity check: ok.");
            }
            // The source carries on, wholly: the backup neither changed nor held back anything of it.
            assertThat(store.read(tx -> tx.deployments().findById(written.get())).map(Deployment::ref))
                    .contains("build-" + (written.get() - 1));
        } finally {
            stop.set(true);
            writer.shutdownNow();
        }
    }

    @Test
    void refuses_a_file_that_exists_and_leaves_it_alone() throws Exception {
        Path config = config(sqliteUrl());
        try (JdbcStore store = SqliteStore.open(sqliteUrl(), 2)) {
            writeDeployment(store, 1);
        }
        Path existing = Files.writeString(dir.resolve("existing.db"), "precious");

        assertThat(run("backup", existing.toString(), "--config", config.toString())).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("slipway: " + existing.toAbsolutePath()
                + " already exists; give a new file name" + System.lineSeparator());
        assertThat(Files.readString(existing)).isEqualTo("precious");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refuses_a_file_in_a_directory_that_does_not_exist() throws Exception {
        Path config = config(sqliteUrl());
        try (JdbcStore store = SqliteStore.open(sqliteUrl(), 2)) {
            writeDeployment(store, 1);
        }
        Path missing = dir.resolve("no-such-dir/backup.db");

        assertThat(run("backup", missing.toString(), "--config", config.toString())).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("slipway: no directory " + missing.toAbsolutePath().getParent()
                + " to write the backup in" + System.lineSeparator());
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void refuses_a_postgresql_database_and_points_to_pg_dump() throws Exception {
        Path config = config("jdbc:postgresql://localhost:1/slipway");

        assertThat(run("backup", dir.resolve("backup.db").toString(), "--config", config.toString())).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("slipway: the database is PostgreSQL: use pg_dump for PostgreSQL"
                + System.lineSeparator());
        assertThat(dir.resolve("backup.db")).doesNotExist();
    }

    @Test
    void refuses_a_database_file_that_does_not_exist_and_creates_none() throws Exception {
        Path config = config(sqliteUrl());

        assertThat(run("backup", dir.resolve("backup.db").toString(), "--config", config.toString())).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("slipway: no database at " + dir.resolve("slipway.db")
                + System.lineSeparator());
        assertThat(dir.resolve("slipway.db")).doesNotExist();
        assertThat(dir.resolve("backup.db")).doesNotExist();
    }
}
