package dev.slipway.cli;

import dev.slipway.config.SlipwayConfig;
import dev.slipway.log.LogMasking;
import dev.slipway.store.postgres.PostgresImport;
import dev.slipway.store.sqlite.SqliteStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway migrate-to URL}: moves everything the SQLite database holds into an empty PostgreSQL database. */
@Command(name = "migrate-to", mixinStandardHelpOptions = true,
        description = {"Copy every table of the SQLite database (database.url) into an empty PostgreSQL database, in"
                + " one transaction, and check each table's row count before committing.",
                "Stop Slipway first: what a running server writes after the copy began is not moved. The SQLite file is"
                        + " only read; keep it until Slipway runs well on PostgreSQL. The target gets Slipway's"
                        + " PostgreSQL schema at the source's version; a source behind this version of Slipway is"
                        + " refused (start this version once on SQLite first).",
                "Then set database.url (and username, password) to the PostgreSQL database, with the same master key,"
                        + " and start Slipway."})
final class MigrateToCommand implements Callable<Integer> {
    static final String DEFAULT_PASSWORD_VARIABLE = "SLIPWAY_DB_PASSWORD";

    private final Function<String, String> environment;

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "URL",
            description = "The PostgreSQL database to fill, e.g. jdbc:postgresql://db:5432/slipway; it must be empty.")
    String url;

    @Option(names = "--username", paramLabel = "USER", description = "The PostgreSQL user (default: the URL's).")
    String username;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "The environment variable that holds the password (default: " + DEFAULT_PASSWORD_VARIABLE
                    + " if set, else the URL's password= or none). Never give the password as an argument.")
    String passwordVariable;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    MigrateToCommand() {
        this(System::getenv);
    }

    MigrateToCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<SlipwayConfig> loaded = config.load(err);
        if (loaded.isEmpty()) {
            return 1;
        }
        String sourceUrl = loaded.get().database().url();
        if (!sourceUrl.startsWith("jdbc:sqlite:")) {
            return refuse(err, "the configured database is not SQLite; there is nothing to move");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            return refuse(err, "give a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database), not "
                    + withoutPassword(url));
        }
        String variable = passwordVariable != null ? passwordVariable : DEFAULT_PASSWORD_VARIABLE;
        String password = environment.apply(variable);
        if (passwordVariable != null && password == null) {
            return refuse(err, "the environment variable " + passwordVariable + " is not set");
        }
        if (password != null) {
            LogMasking.register(password);
        }
        java.util.regex.Matcher inUrl = java.util.regex.Pattern.compile("(?i)password=([^&;]+)").matcher(url);
        if (inUrl.find()) {
            LogMasking.register(inUrl.group(1));
        }
        out.println("Moving " + sourceUrl + " to " + withoutPassword(url) + " (Slipway must be stopped) ...");
        out.flush();
        PostgresImport.Result result;
        try (Connection source = SqliteStore.openReader(sourceUrl)) {
            result = PostgresImport.fill(source, url, username, password, warning -> {
                err.println("slipway: warning: " + warning);
                err.flush();
            }, Clock.systemUTC());
        } catch (IllegalArgumentException | PostgresImport.Refused e) {
            return refuse(err, e.getMessage());
        }
        printTable(out, result);
        if (!result.committed()) {
            return refuse(err, "the row counts differ (marked !=): nothing was committed; the target is still empty");
        }
        out.println("Now set database.url to " + withoutPassword(url) + " (with its username and password), keep the"
                + " same master key, and start Slipway.");
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, PostgresImport.Result result) {
        int width = result.tables().stream().mapToInt(t -> t.name().length()).max().orElse(5);
        out.printf("%-" + width + "s  %s%n", "table", "rows");
        for (PostgresImport.Table table : result.tables()) {
            out.printf("%-" + width + "s  %d%s%n", table.name(), table.target(),
                    table.matches() ? "" : " != " + table.source() + " in the source");
        }
        out.printf("%s: %d table(s), %d row(s).%n", result.committed() ? "ok" : "failed", result.tables().size(),
                result.rows());
        out.flush();
    }

    /** The URL as it may be shown: a password in it (password=…) is masked. */
    static String withoutPassword(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//[^/@]*:[^/@]*@", "//****@");
    }

    private static int refuse(PrintWriter err, String why) {
        err.println("slipway: " + why);
        err.flush();
        return 1;
    }
}
