package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Slipway;
import dev.slipway.config.ConfigLoader;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.secret.LocalKeyProvider;
import dev.slipway.secret.SealContext;
import dev.slipway.secret.SecretBox;
import dev.slipway.store.Transaction;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.sqlite.SqliteStore;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SecretsCommandTest {
    private static final String TOKEN = "xoxb-real-bot-token";
    private static final String PASSWORD = "hunter2-db-password";

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        return new CommandLine(new SecretsCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                environment::get))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private static byte[] key(int seed) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        return bytes;
    }

    private Path keyFile(String name, byte[] key) throws Exception {
        return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(key) + "\n");
    }

    private Path config(String extra) {
        return CommandConfig.write(dir, CommandConfig.sqliteUrl(dir), extra);
    }

    @Test
    void encrypt_reads_one_value_from_standard_input_and_prints_it_sealed_for_the_config() throws Exception {
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(key(1)));

        int exit = run(TOKEN + "\n", "encrypt", "--config", dir.resolve("none.yaml").toString());

        String sealed = out.toString().strip();
        assertThat(exit).isZero();
        assertThat(out.toString().lines()).hasSize(1);
        assertThat(sealed).startsWith("enc:v1:" + new LocalKeyProvider(key(1), "x").keyId() + ":1:").doesNotContain(TOKEN);
        assertThat(new SecretBox(new LocalKeyProvider(key(1), "x")).open(sealed, SealContext.CONFIG)).isEqualTo(TOKEN);
    }

    @Test
    void encrypt_strips_only_one_trailing_newline() throws Exception {
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(key(1)));

        run("two lines\nend\n\n", "encrypt", "--config", dir.resolve("none.yaml").toString());

        assertThat(new SecretBox(new LocalKeyProvider(key(1), "x")).open(out.toString().strip(), SealContext.CONFIG))
                .isEqualTo("two lines\nend\n");
    }

    @Test
    void encrypt_under_the_configs_key_gives_a_value_the_config_then_loads() throws Exception {
        Path config = config("");

        assertThat(run(TOKEN, "encrypt", "--config", config.toString())).isZero();
        Files.writeString(config, Files.readString(config) + "hooks: { notifyToken: \"" + out.toString().strip() + "\" }\n");

        assertThat(dir.resolve("data/master.key")).exists();
        assertThat(new ConfigLoader(Slipway.backendSettingsTypes(), environment::get).load(config).hooks().notifyToken())
                .isEqualTo(TOKEN);
    }

    @Test
    void encrypt_refuses_an_empty_value_and_takes_none_as_an_argument() {
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(key(1)));

        assertThat(run("\n", "encrypt", "--config", dir.resolve("none.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nothing to encrypt: give the value on standard input");
        assertThat(run("", "encrypt", TOKEN)).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void encrypt_reports_a_bad_master_key_in_one_line() {
        environment.put("SLIPWAY_MASTER_KEY", "c2hvcnQ=");

        assertThat(run(TOKEN, "encrypt", "--config", dir.resolve("none.yaml").toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("slipway: the master key from SLIPWAY_MASTER_KEY is 5 bytes; it must"
                + " be 32 bytes, written in base64");
    }

    @Test
    void rotate_moves_stored_and_config_secrets_to_the_new_key_and_prints_the_configs_values_re_wrapped() throws Exception {
        LocalKeyProvider oldKey = new LocalKeyProvider(key(1), "SLIPWAY_MASTER_KEY");
        LocalKeyProvider newKey = new LocalKeyProvider(key(2), "the new key");
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(key(1)));
        String sealedToken = new SecretBox(oldKey).seal(TOKEN, SealContext.CONFIG);
        Path config = config("hooks: { notifyToken: \"" + sealedToken + "\" }\n");
        String url = "jdbc:sqlite:" + dir.resolve("slipway.db");
        long id;
        try (JdbcStore store = SqliteStore.open(url, 2, new SecretBox(oldKey))) {
            id = store.inTransaction(tx -> {
                Deployment d = tx.deployments().insert(Deployment.request("demo", "runbook:rotate-db", "main", "alice",
                        new ChatOrigin("console", "", ""), DeploymentState.REQUESTED, Instant.parse("2026-03-01T10:00:00Z")));
                tx.deployments().recordArguments(d.id(), Map.of("password", PASSWORD));
                return d.id();
            });
        }

        int exit = run("", "rotate", "--config", config.toString(), "--new-key-file",
                keyFile("new.key", key(2)).toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("Re-wrapped 1 stored secret(s) from key " + oldKey.keyId() + " to key " + newKey.keyId())
                .contains("Then restart Slipway with the new key (" + newKey.keyId() + ")")
                .doesNotContain(TOKEN).doesNotContain(PASSWORD);
        String line = out.toString().lines().filter(l -> l.startsWith("hooks.notifyToken: ")).findFirst().orElseThrow();
        String rewrapped = line.substring("hooks.notifyToken: ".length());
        assertThat(rewrapped).startsWith("enc:v1:" + newKey.keyId() + ":1:");
        assertThat(new SecretBox(newKey).open(rewrapped, SealContext.CONFIG)).isEqualTo(TOKEN);
        try (JdbcStore store = SqliteStore.open(url, 2, new SecretBox(newKey))) {
            assertThat(store.read((Transaction tx) -> tx.deployments().findArguments(id)))
                    .containsEntry("password", PASSWORD);
        }
        assertThatThrownBy(() -> SqliteStore.open(url, 2, new SecretBox(oldKey)))
                .hasMessage("the database holds secrets wrapped by key " + newKey.keyId() + " (table deployments), but"
                        + " the master key given is " + oldKey.keyId() + "; start with the right SLIPWAY_MASTER_KEY or"
                        + " run slipway secrets rotate");
    }

    @Test
    void rotate_takes_the_new_key_from_the_environment_too() throws Exception {
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(key(1)));
        environment.put("SLIPWAY_NEW_MASTER_KEY", Base64.getEncoder().encodeToString(key(2)));

        assertThat(run("", "rotate", "--config", config("").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Re-wrapped 0 stored secret(s)");
    }

    @Test
    void rotate_needs_a_new_key_other_than_the_one_in_use() throws Exception {
        environment.put("SLIPWAY_MASTER_KEY", Base64.getEncoder().encodeToString(key(1)));
        Path config = config("");

        assertThat(run("", "rotate", "--config", config.toString())).isEqualTo(1);
        assertThat(run("", "rotate", "--config", config.toString(), "--new-key-file",
                keyFile("same.key", key(1)).toString())).isEqualTo(1);
        assertThat(err.toString()).contains("slipway: give the new master key: --new-key-file FILE or"
                        + " SLIPWAY_NEW_MASTER_KEY")
                .contains("slipway: the new master key is the one in use (" + new LocalKeyProvider(key(1), "x").keyId() + ")");
    }

    @Test
    void secrets_is_a_subcommand_of_slipway() {
        StringWriter help = new StringWriter();
        int exit = SlipwayCommand.execute(new PrintWriter(help, true), new PrintWriter(err, true), "secrets", "--help");

        assertThat(exit).isZero();
        assertThat(help.toString()).contains("encrypt").contains("rotate");
    }
}
