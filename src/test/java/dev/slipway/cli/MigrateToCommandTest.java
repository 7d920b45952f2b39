package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.ChannelBinding;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.PersonLink;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.Review;
import dev.slipway.domain.StartAttempt;
import dev.slipway.domain.Verdict;
import dev.slipway.domain.WorkspaceInstallation;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import dev.slipway.testing.EmbeddedPostgresServer;
import dev.slipway.testing.SlipwayHarness;
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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MigrateToCommandTest {
    private static final String DB_PASSWORD = "hunter2-postgres-password";
    private static final String URL_PASSWORD = "url-held-password";
    private static final String BOT_TOKEN = "xoxb-1111-2222-sealedbottoken";
    private static final String RESPONSE_URL = "https://hooks.slack.com/commands/T1/1/secretpath";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer postgres;

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private int migrate(Path config, String url, String... more) {
        List<String> args = new ArrayList<>(List.of(url, "--config", config.toString(), "--username",
                EmbeddedPostgresServer.USER));
        args.addAll(List.of(more));
        return new CommandLine(new MigrateToCommand(environment::get))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
    }

    private static String emptyDatabase() throws Exception {
        return postgres.createDatabase("move_" + DATABASES.incrementAndGet());
    }

    private Path sqliteDir() {
        return dir.resolve("sqlite");
    }

    private Path sqliteConfig() {
        return sqliteDir().resolve("slipway.yaml");
    }

    /** A Slipway on SQLite that ran deployments, then stopped; {@code more} adds rows through its store first. */
    private void ranOnSqlite(java.util.function.Consumer<SlipwayHarness> more) throws Exception {
        Files.createDirectories(sqliteDir());
        try (SlipwayHarness sqlite = SlipwayHarness.start(sqliteDir(), SlipwayHarness.demoYaml("true", "exit 3", ""))) {
            sqlite.console("alice", "deploy demo main to staging", "deploy demo main to production");
            more.accept(sqlite);
        }
    }

    /** One row or more in every table, sealed values among them, as a server that ran a while leaves them. */
    private static void everyKindOfRow(SlipwayHarness sqlite) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Store store = sqlite.slipway().store();
        store.inTransaction(tx -> {
            tx.locks().insert(new EnvironmentLock("demo", "production", "alice", "release week", now));
            Deployment waiting = tx.deployments().insert(Deployment.request("demo", "runbook:rotate", "main", "alice",
                    ChatOrigin.console("alice"), DeploymentState.REQUESTED, now));
            tx.deployments().recordArguments(waiting.id(), Map.of("password", "runbook-secret"));
            tx.deployments().saveOutput(waiting.id(), "line one\nline two");
            tx.deployments().saveApproval(new Verdict(waiting.id(), "bob", Verdict.Kind.APPROVED, now));
            tx.deployments().saveApprovalMessage(waiting.id(), "bob", "D1/1700000000.000100");
            tx.responseUrls().keep(waiting.id(), RESPONSE_URL, now.plus(Duration.ofMinutes(30)));
            tx.handedOnRuns().recordAttempt(waiting.id(), "circleci", StartAttempt.newAt(now));
            Deployment preview = tx.deployments().insert(Deployment.request("demo", "preview", "feature-x", "ci",
                    ChatOrigin.console("ci"), DeploymentState.QUEUED, now));
            tx.reviews().insert(Review.previewing(preview.id(), "demo", "registry/demo:abc", "branch", "feature-x",
                    new PreviewSlot("branch", "feature-x"), "console", now));
            tx.reviews().saveVerdict(new Verdict(preview.id(), "carol", Verdict.Kind.REJECTED, now));
            tx.reviews().saveMessageRef(preview.id(), "carol", "D2/1700000000.000200");
            tx.freezes().put(new Freeze("demo", "production", "audit", now, now.plus(Duration.ofDays(1)), "alice",
                    ZoneOffset.UTC));
            tx.people().insert(new PersonLink("U0001", "Alice-GH", now));
            tx.bindings().put(new ChannelBinding("C0001", "demo", "acme/demo", "alice", now));
            tx.installations().put(new WorkspaceInstallation(null, "T0001", "Acme", true, "A1", "UB1", "B1",
                    "chat:write", BOT_TOKEN, "U0001", null, null, now));
            tx.installations().addState("oauth-state-1", now.plus(Duration.ofMinutes(10)));
            tx.idempotencyKeys().claim("slack:ev-1", now);
            tx.access().insertLoginLink("link-hash-1", "alice", now, now.plus(Duration.ofMinutes(10)));
            tx.access().insertSession("session-hash-1", "alice", "csrf-1", now, now.plus(Duration.ofHours(12)));
            tx.access().insertApiToken("ci", "alice", "api-hash-1", now);
            tx.access().touchApiToken("api-hash-1", now);
            // A job another worker holds under a lease still running: what a server still up would leave.
            tx.jobs().enqueue("someone-elses-kind", "{}", null, now);
            return null;
        });
        store.inTransaction(tx -> tx.jobs().claimNext("other-host", now, Duration.ofHours(1),
                List.of("someone-elses-kind")));
    }

    /** Rows per table, Flyway's history excepted. */
    private static Map<String, Long> rowsPerTable(String url, String user) throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, null)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet found = connection.getMetaData().getTables(null, connection.getSchema(), "%",
                    new String[] {"TABLE"})) {
                while (found.next()) {
                    String table = found.getString("TABLE_NAME");
                    if (!table.startsWith("sqlite_") && !table.equals("flyway_schema_history")) {
                        tables.add(table);
                    }
                }
            }
            for (String table : tables) {
                try (Statement statement = connection.createStatement();
                     ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    count.next();
                    rows.put(table, count.getLong(1));
                }
            }
        }
        return rows;
    }

    private String sqliteUrl() {
        return "jdbc:sqlite:" + sqliteDir().resolve("slipway.db");
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** What a person or a job would read of it, on either database. */
    private record Seen(List<Deployment> staging, List<Deployment> production, List<Deployment> runbook,
                        java.util.Optional<EnvironmentLock> lock, long auditEvents, Map<String, String> arguments,
                        java.util.Optional<WorkspaceInstallation> installation, String responseUrl,
                        java.util.Optional<Review> review, List<Verdict> reviewVerdicts, List<Verdict> approvals,
                        List<Freeze> freezes, java.util.Optional<PersonLink> person, long maxId) {
        static Seen in(Store store) {
            return store.read((Transaction tx) -> {
                List<Deployment> runbook = tx.deployments().listRecent("demo", "runbook:rotate", 10);
                long waiting = runbook.get(0).id();
                List<Deployment> previews = tx.deployments().listRecent("demo", "preview", 10);
                long maxId = java.util.stream.Stream.of(tx.deployments().listRecent("demo", "staging", 50),
                        tx.deployments().listRecent("demo", "production", 50), runbook, previews)
                        .flatMap(List::stream).mapToLong(Deployment::id).max().orElseThrow();
                return new Seen(tx.deployments().listRecent("demo", "staging", 50),
                        tx.deployments().listRecent("demo", "production", 50), runbook,
                        tx.locks().find("demo", "production"), tx.audit().count(null, null, Instant.EPOCH),
                        tx.deployments().findArguments(waiting), tx.installations().findById("T0001"),
                        tx.responseUrls().findByDeployment(waiting).orElseThrow().url(),
                        tx.reviews().findById(previews.get(0).id()), tx.reviews().listVerdicts(previews.get(0).id()),
                        tx.deployments().listApprovals(waiting), tx.freezes().listAll(),
                        tx.people().findByChatUser("U0001"), maxId);
            });
        }
    }

    @Test
    void moves_every_table_into_postgresql_where_slipway_reads_the_same_and_carries_on() throws Exception {
        List<Seen> onSqlite = new ArrayList<>();
        ranOnSqlite(sqlite -> {
            everyKindOfRow(sqlite);
            onSqlite.add(Seen.in(sqlite.slipway().store()));
        });
        Map<String, Long> sqliteRows = rowsPerTable(sqliteUrl(), null);
        String target = emptyDatabase();
        environment.put("SLIPWAY_DB_PASSWORD", DB_PASSWORD);

        int exit = migrate(sqliteConfig(), target + "?password=" + URL_PASSWORD);

        assertThat(exit).as(err.toString()).isZero();
        assertThat(sqliteRows).hasSize(21).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
        assertThat(rowsPerTable(target, EmbeddedPostgresServer.USER)).isEqualTo(sqliteRows);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Moving " + sqliteUrl() + " to " + target
                + "?password=**** (Slipway must be stopped) ...");
        assertThat(lines.get(1)).matches("table +rows");
        sqliteRows.forEach((table, rows) -> assertThat(lines).anyMatch(line -> line.matches(table + " +" + rows)));
        assertThat(lines).contains("ok: 21 table(s), " + sqliteRows.values().stream().mapToLong(Long::longValue).sum()
                + " row(s).");
        assertThat(err.toString()).contains("slipway: warning: 1 job(s) in the source are held by a worker whose lease"
                + " has not run out: is Slipway still running on it?");
        assertThat(out.toString() + err.toString()).doesNotContain(DB_PASSWORD).doesNotContain(URL_PASSWORD);

        String onPostgres = SlipwayHarness.demoYaml("true", "exit 3", "")
                .replace("url: \"jdbc:sqlite:${DIR}/slipway.db\"",
                        "url: \"" + target + "\"\n  username: " + EmbeddedPostgresServer.USER)
                .replace("dataDir: ${DIR}/data", "dataDir: " + sqliteDir().resolve("data"));
        Files.createDirectories(dir.resolve("postgres"));
        try (SlipwayHarness moved = SlipwayHarness.start(dir.resolve("postgres"), onPostgres)) {
            Seen seen = Seen.in(moved.slipway().store());
            assertThat(seen).isEqualTo(onSqlite.get(0));
            assertThat(seen.installation().orElseThrow().botToken()).isEqualTo(BOT_TOKEN);
            assertThat(seen.responseUrl()).isEqualTo(RESPONSE_URL);
            assertThat(seen.arguments()).containsEntry("password", "runbook-secret");
            assertThat(seen.staging().get(0).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(seen.production().get(0).state()).isEqualTo(DeploymentState.FAILED);

            long next = moved.console("alice", "deploy demo main to staging").get(0);

            assertThat(next).isGreaterThan(seen.maxId());
            assertThat(moved.deployment(next).state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(moved.audit(next)).isNotEmpty()
                    .allSatisfy(event -> assertThat(event.id()).isGreaterThan(seen.auditEvents()));
        }
    }

    @Test
    void refuses_a_target_that_already_holds_rows_and_changes_nothing_in_it() throws Exception {
        ranOnSqlite(sqlite -> { });
        String target = emptyDatabase();
        assertThat(migrate(sqliteConfig(), target)).as(err.toString()).isZero();
        Map<String, Long> moved = rowsPerTable(target, EmbeddedPostgresServer.USER);

        assertThat(migrate(sqliteConfig(), target)).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("slipway: the target database already holds rows (in audit_events,"
                + " deployment_outputs, deployments, jobs); give an empty database" + System.lineSeparator());
        assertThat(rowsPerTable(target, EmbeddedPostgresServer.USER)).isEqualTo(moved);
    }

    @Test
    void refuses_a_source_behind_the_newest_migration_and_leaves_the_target_untouched() throws Exception {
        Files.createDirectories(sqliteDir());
        Flyway.configure().dataSource(sqliteUrl(), null, null).locations("classpath:db/migration/sqlite")
                .target("15").load().migrate();
        Files.writeString(sqliteConfig(), SlipwayHarness.demoYaml("true", "true", "")
                .replace("${DIR}", sqliteDir().toString()));
        String target = emptyDatabase();

        assertThat(migrate(sqliteConfig(), target)).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("slipway: the source database is at schema version 15, behind this"
                + " Slipway's 18: start this version of Slipway once on it (it migrates at start), stop it, then move"
                + System.lineSeparator());
        assertThat(rowsPerTable(target, EmbeddedPostgresServer.USER)).isEmpty();
    }

    @Test
    void a_value_that_cannot_be_copied_midway_leaves_the_target_without_a_row() throws Exception {
        ranOnSqlite(MigrateToCommandTest::everyKindOfRow);
        // SQLite keeps text in a BIGINT column; PostgreSQL cannot, and people_links is copied after deployments.
        execute(sqliteUrl(), "UPDATE people_links SET linked_at = 'last tuesday'");
        String target = emptyDatabase();

        assertThat(migrate(sqliteConfig(), target)).isEqualTo(1);

        assertThat(err.toString()).contains("people_links.linked_at (row 1) is not a whole number, so it cannot be"
                + " copied");
        assertThat(rowsPerTable(target, EmbeddedPostgresServer.USER)).hasSize(21)
                .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    }

    @Test
    void refuses_a_source_table_the_target_has_no_counterpart_for() throws Exception {
        ranOnSqlite(sqlite -> { });
        execute(sqliteUrl(), "CREATE TABLE notes (body TEXT)");
        String target = emptyDatabase();

        assertThat(migrate(sqliteConfig(), target)).isEqualTo(1);

        assertThat(err.toString()).contains("the source's table notes has no counterpart in the target");
        assertThat(rowsPerTable(target, EmbeddedPostgresServer.USER)).allSatisfy((table, rows) -> assertThat(rows)
                .as(table).isZero());
    }

    @Test
    void refuses_a_password_variable_that_is_not_set() throws Exception {
        ranOnSqlite(sqlite -> { });

        assertThat(migrate(sqliteConfig(), emptyDatabase(), "--password-env", "NO_SUCH_VARIABLE")).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("slipway: the environment variable NO_SUCH_VARIABLE is not set"
                + System.lineSeparator());
    }

    @Test
    void migrate_to_and_backup_are_subcommands_of_slipway() {
        StringWriter help = new StringWriter();
        assertThat(SlipwayCommand.execute(new PrintWriter(help, true), new PrintWriter(err, true), "migrate-to",
                "--help")).isZero();
        assertThat(SlipwayCommand.execute(new PrintWriter(help, true), new PrintWriter(err, true), "backup",
                "--help")).isZero();
        assertThat(help.toString()).contains("Stop Slipway first").contains("--password-env")
                .contains("use pg_dump");
    }
}
