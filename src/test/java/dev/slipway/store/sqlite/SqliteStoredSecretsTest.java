package dev.slipway.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.secret.SecretBox;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.jdbc.StoredSecretsContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoredSecretsTest extends StoredSecretsContract {
    @TempDir
    Path dir;

    @Override
    protected JdbcStore open(SecretBox box) {
        return SqliteStore.open(url(), 4, box);
    }

    @Override
    protected String url() {
        return "jdbc:sqlite:" + dir.resolve("slipway.db");
    }

    @Test
    void the_database_files_never_hold_the_plaintext() throws Exception {
        JdbcStore open = store(new SecretBox(key));
        runWithSecretArguments(open);
        String written = files();
        open.close();

        assertThat(written).contains("runbook:rotate-db").doesNotContain(SECRET);
        assertThat(files()).contains("runbook:rotate-db").doesNotContain(SECRET);
    }

    /** Every file of the database (the main file, and the write-ahead log while open), as Latin-1 text. */
    private String files() throws Exception {
        StringBuilder text = new StringBuilder();
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(p -> p.getFileName().toString().startsWith("slipway.db")).toList();
        }
        for (Path file : files) {
            text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }
}
