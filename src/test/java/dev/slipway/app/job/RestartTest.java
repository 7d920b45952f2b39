package dev.slipway.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import dev.slipway.testing.SlipwayHarness;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment whose worker stops in the middle completes exactly once when Slipway comes back. */
class RestartTest {
    @TempDir
    Path dir;

    private String script(Path counter) {
        return "echo started >> " + counter + "; sleep 3; echo finished";
    }

    @Test
    void a_deployment_handed_back_at_shutdown_completes_exactly_once_after_restart() throws Exception {
        Path counter = dir.resolve("runs.txt");
        try (SlipwayHarness slipway = SlipwayHarness.start(dir, SlipwayHarness.demoYaml(script(counter), "true", ""))) {
            long id = slipway.type("alice", "deploy demo staging").get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> slipway.deployment(id).externalId() != null);

            slipway.restart();
            slipway.slipway().awaitSettled(List.of(id), java.time.Duration.ofMinutes(2));

            assertExactlyOnce(slipway, id, counter);
        }
    }

    @Test
    void a_deployment_whose_process_was_killed_completes_exactly_once_after_its_lease_expires() throws Exception {
        Path counter = dir.resolve("runs.txt");
        String yaml = SlipwayHarness.demoYaml(script(counter), "true", "");
        Path config = dir.resolve("slipway.yaml");
        Files.writeString(config, yaml.replace("${DIR}", dir.toString()));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.Main",
                "console", "--config", config.toString(), "--as", "alice")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try (OutputStream stdin = child.getOutputStream();
             Store store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("slipway.db"), 2)) {
            stdin.write("deploy demo staging\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> store.inTransaction(tx ->
                    tx.deployments().listRecent("demo", "staging", 1)).stream().anyMatch(d -> d.externalId() != null));
            child.destroyForcibly().waitFor();
        }

        try (SlipwayHarness slipway = SlipwayHarness.start(dir, yaml)) {
            long id = slipway.slipway().store().inTransaction(tx -> tx.deployments().listRecent("demo", "staging", 1))
                    .get(0).id();
            slipway.slipway().awaitSettled(List.of(id), java.time.Duration.ofMinutes(2));
            assertExactlyOnce(slipway, id, counter);
        }
    }

    private static void assertExactlyOnce(SlipwayHarness slipway, long id, Path counter) throws Exception {
        assertThat(slipway.deployment(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(Files.readAllLines(counter)).containsExactly("started");
        List<String> actions = slipway.audit(id).stream().map(AuditEvent::action).toList();
        assertThat(actions).containsExactly("deployment.queued", "deployment.running", "deployment.succeeded");
        List<Job> pending = slipway.slipway().store().inTransaction(tx -> tx.jobs().listPending());
        assertThat(pending).isEmpty();
        assertThat(slipway.slipway().store().inTransaction((dev.slipway.store.Transaction tx) -> tx.deployments().findOutput(id))).get()
                .asString().contains("finished");
    }
}
