package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.secret.LocalKeyProvider;
import dev.slipway.secret.SecretBox;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway serve} as a real process: it listens, answers health checks, and stops on SIGTERM. */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void serves_health_checks_on_a_free_port_and_shuts_down_gracefully_on_sigterm() throws Exception {
        Path config = demoConfig();
        Path log = dir.resolve("serve.log");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> LISTENING.matcher(Files.readString(log)).find());
            Matcher port = LISTENING.matcher(Files.readString(log));
            assertThat(port.find()).isTrue();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.group(1) + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("shutting down").contains("stopped");
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void refuses_to_start_on_a_database_whose_secrets_another_master_key_wrapped_in_one_line_and_exits_1()
            throws Exception {
        LocalKeyProvider oldKey = LocalKeyProvider.random("the old key");
        try (JdbcStore store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("slipway.db"), 2, new SecretBox(oldKey))) {
            store.inTransaction(tx -> {
                Deployment d = tx.deployments().insert(Deployment.request("demo", "runbook:restart", "main", "alice",
                        new ChatOrigin("console", "", ""), DeploymentState.REQUESTED, Instant.now()));
                tx.deployments().recordArguments(d.id(), java.util.Map.of("password", "hunter2"));
                return null;
            });
        }
        Path config = demoConfig();
        byte[] newKey = new byte[32];
        newKey[0] = 9;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
        builder.environment().put("SLIPWAY_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(newKey));
        Process serve = builder.start();
        try {
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("serve.log"));
            assertThat(serve.exitValue()).isEqualTo(1);
            assertThat(log).contains("slipway: the database holds secrets wrapped by key " + oldKey.keyId()
                    + " (table deployments), but the master key given is "
                    + new LocalKeyProvider(newKey, "x").keyId() + "; start with the right SLIPWAY_MASTER_KEY or run"
                    + " slipway secrets rotate")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            serve.destroyForcibly();
        }
    }

    /** A server on a free loopback port, its database and data in this test's directory, one script project. */
    private Path demoConfig() {
        return CommandConfig.write(dir, CommandConfig.sqliteUrl(dir), "server: { host: 127.0.0.1, port: 0 }\n");
    }
}
