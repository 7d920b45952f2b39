package dev.slipway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The configuration file the command tests run with: one project with a script, on the database they name. */
final class CommandConfig {
    private CommandConfig() {
    }

    /** {@code dir}'s own SQLite file. */
    static String sqliteUrl(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("slipway.db");
    }

    /** Writes {@code dir/slipway.yaml} on {@code databaseUrl}, with {@code more} (whole top-level keys) at its end. */
    static Path write(Path dir, String databaseUrl, String more) {
        try {
            return Files.writeString(dir.resolve("slipway.yaml"), """
                    database: { url: "%s" }
                    dataDir: %s/data
                    projects:
                      - id: demo
                        environments:
                          staging:
                            backend: { type: script, command: "true" }
                    """.formatted(databaseUrl, dir) + more);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
