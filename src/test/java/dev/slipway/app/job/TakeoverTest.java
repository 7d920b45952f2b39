package dev.slipway.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script run taken over from a Slipway on another host, whose runs directory this one does not share: its
 * outcome is unknown, so the deployment keeps its environment until a person resolves or cancels it.
 */
class TakeoverTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String OTHER_HOST = "web-1/4a2b0c6e-dead-host";
    /** "slow" runs until killed, standing for a script still running on the other host; "quick" ends at once. */
    private static final String COMMAND = "case {{ref}} in quick) echo deployed ;; *) sleep 300 ;; esac";

    @TempDir
    Path dir;
    private ProcessHandle orphan;

    @AfterEach
    void killTheOrphan() {
        if (orphan != null) {
            orphan.descendants().forEach(ProcessHandle::destroyForcibly);
            orphan.destroyForcibly();
        }
    }

    @Test
    void a_run_taken_over_from_another_host_keeps_its_environment_until_a_person_resolves_it() throws Exception {
        long id = launchedOnAnotherHost();
        try (SlipwayHarness survivor = SlipwayHarness.start(dir, yaml("survivor"))) {
            Deployment held = awaitHeld(survivor, id);

            assertThat(held.state()).as(held.summary()).isEqualTo(DeploymentState.RUNNING);
            assertThat(held.summary()).isEqualTo("outcome unknown: the script ran on " + OTHER_HOST
                    + ", which this server cannot see; check it, then `resolve " + id + " succeeded|failed`, or `cancel "
                    + id + "`");
            assertThat(survivor.audit(id)).extracting(AuditEvent::action).containsSubsequence(
                    "deployment.running", "deployment.outcome_unknown");
            await().atMost(PATIENCE).until(() -> survivor.output().contains("running (" + held.summary() + ")"));
            assertThat(orphan.isAlive()).as("the survivor leaves the other host's pid alone").isTrue();

            survivor.console("alice", "status demo");
            assertThat(survivor.output()).contains("in flight: #" + id + " slow running by alice, outcome unknown:"
                    + " resolve or cancel it");
            // The run nobody can see holds its environment: the next deployment waits its turn.
            List<Long> waiting = survivor.type("alice", "deploy demo quick to staging");
            assertThat(survivor.output()).contains("Queued #" + waiting.get(0) + " demo quick → staging: queued behind #"
                    + id + " (running");
            assertThat(survivor.deployment(waiting.get(0)).state()).isEqualTo(DeploymentState.QUEUED);

            survivor.console("bob", "resolve " + id + " succeeded");
            assertThat(survivor.output()).contains("Only alice (who asked for it) or an owner of demo (alice) may"
                    + " resolve #" + id + ".");
            assertThat(survivor.deployment(id).state()).isEqualTo(DeploymentState.RUNNING);

            survivor.console("alice", "resolve " + id + " failed");

            Deployment resolved = survivor.deployment(id);
            assertThat(resolved.state()).isEqualTo(DeploymentState.FAILED);
            assertThat(resolved.summary()).isEqualTo("resolved as failed by alice");
            assertThat(survivor.output()).contains("Resolved #" + id + " (demo slow → staging) as failed."
                    + " staging is free again.");
            AuditEvent last = survivor.audit(id).get(survivor.audit(id).size() - 1);
            assertThat(last.action()).isEqualTo("deployment.failed");
            assertThat(last.actor()).isEqualTo("alice");

            await().atMost(PATIENCE).until(() -> survivor.deployment(waiting.get(0)).state() == DeploymentState.SUCCEEDED);

            survivor.console("alice", "resolve " + id + " succeeded");
            assertThat(survivor.output()).contains("#" + id + " already ended: failed.");
        }
    }

    @Test
    void cancelling_a_run_whose_outcome_is_unknown_ends_it_without_signalling_anything() throws Exception {
        long id = launchedOnAnotherHost();
        try (SlipwayHarness survivor = SlipwayHarness.start(dir, yaml("survivor"))) {
            awaitHeld(survivor, id);

            survivor.console("alice", "cancel " + id);

            Deployment cancelled = survivor.deployment(id);
            assertThat(cancelled.state()).isEqualTo(DeploymentState.CANCELLED);
            assertThat(cancelled.summary())
                    .isEqualTo("cancelled by alice without stopping the run, which this server cannot see");
            assertThat(survivor.output()).contains("Cancelled #" + id + " (demo slow → staging) without stopping its"
                    + " run, which this server cannot see: check that it is not still running. staging is free again.");
            assertThat(survivor.audit(id)).extracting(AuditEvent::action).doesNotContain("deployment.cancel_requested")
                    .endsWith("deployment.cancelled");
            assertThat(orphan.isAlive()).isTrue();
        }
    }

    /**
     * A Slipway with its own runs directory starts a long run, then goes away without a word (its job is handed
     * back). The run's handle is made to say what it would on a second machine: another host, and a pid that no
     * process here has, while the script itself runs on.
     */
    private long launchedOnAnotherHost() throws Exception {
        SlipwayHarness launcher = SlipwayHarness.start(dir, yaml("launcher"));
        long id;
        String handle;
        try {
            id = launcher.type("alice", "deploy demo slow to staging").get(0);
            await().atMost(PATIENCE).until(() -> launcher.deployment(id).state() == DeploymentState.RUNNING);
            handle = launcher.deployment(id).externalId();
        } finally {
            launcher.slipway().stop(Duration.ZERO);
        }
        Matcher pid = Pattern.compile("pid=(\\d+);").matcher(handle);
        assertThat(pid.find()).isTrue();
        orphan = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String elsewhere = handle.replaceFirst("pid=\\d+;", "pid=" + gone.pid() + ";")
                .replaceFirst("host=[^;]+", "host=" + OTHER_HOST);
        assertThat(elsewhere).isNotEqualTo(handle);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("slipway.db"));
             PreparedStatement update = db.prepareStatement("UPDATE deployments SET external_id = ? WHERE id = ?")) {
            update.setString(1, elsewhere);
            update.setLong(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

    private static Deployment awaitHeld(SlipwayHarness survivor, long id) {
        // Whatever the survivor makes of the run, it records a summary.
        await().atMost(PATIENCE).until(() -> survivor.deployment(id).summary() != null);
        return survivor.deployment(id);
    }

    /** One database for both; each Slipway its own data directory, as on two machines that do not share one. */
    private static String yaml(String dataDir) {
        return """
                database:
                  url: "jdbc:sqlite:${DIR}/slipway.db"
                dataDir: ${DIR}/%s
                jobs:
                  workers: 2
                  initialBackoff: 100ms
                  maxBackoff: 1s
                  lease: 3s
                  pollInterval: 50ms
                projects:
                  - id: demo
                    owners: [alice]
                    environments:
                      staging:
                        backend: { type: script, command: '%s', timeout: 10m }
                        defaultRef: main
                """.formatted(dataDir, COMMAND);
    }
}
