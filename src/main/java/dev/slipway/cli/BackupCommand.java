package dev.slipway.cli;

import dev.slipway.config.SlipwayConfig;
import dev.slipway.store.sqlite.SqliteBackup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway backup FILE}: a consistent copy of the SQLite database, taken while the server runs. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the SQLite database (database.url) into FILE, a consistent snapshot of one moment, while"
                + " Slipway may be running: the copy only reads, and never holds up the server's writes.",
                "FILE must not exist yet. The copy is checked (PRAGMA integrity_check) before this says ok. To restore:"
                        + " stop Slipway, put the copy in place of the database file, delete the database's -wal and"
                        + " -shm files, start Slipway. For PostgreSQL, use pg_dump."})
final class BackupCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to write; it must not exist.")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<SlipwayConfig> loaded = config.load(err);
        if (loaded.isEmpty()) {
            return 1;
        }
        String url = loaded.get().database().url();
        if (url.startsWith("jdbc:postgresql:")) {
            return refuse(err, "the database is PostgreSQL: use pg_dump for PostgreSQL");
        }
        SqliteBackup.Written written;
        try {
            written = SqliteBackup.write(url, file);
        } catch (IllegalArgumentException e) {
            return refuse(err, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %s: %d bytes, %d deployment(s), %d audit event(s). Integrity check: ok.%n", written.file(),
                written.bytes(), written.deployments(), written.auditEvents());
        out.flush();
        return 0;
    }

    private static int refuse(PrintWriter err, String why) {
        err.println("slipway: " + why);
        err.flush();
        return 1;
    }
}
