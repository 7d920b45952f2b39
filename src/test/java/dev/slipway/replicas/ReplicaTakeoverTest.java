package dev.slipway.replicas;

import static dev.slipway.testing.ReplicaCluster.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.CountingScript.Run;
import dev.slipway.testing.Replica;
import dev.slipway.testing.ReplicaCluster;
import dev.slipway.testing.ReplicaCluster.Answer;
import dev.slipway.testing.ReplicaCluster.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the Slipway server that follows a running script, with a second server on the same host and
 * PostgreSQL: the survivor takes the run over once the dead one's lease ends, and reports how the script ended.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaTakeoverTest {
    /** Slack retries after 3 s (the retries are sent here explicitly); a busy machine may answer later. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern DEPLOYMENT_ID = Pattern.compile(" as #(\\d+)");

    @TempDir
    static Path dir;
    private ReplicaCluster cluster;

    @BeforeAll
    void start() {
        cluster = ReplicaCluster.builder(dir).environments("held").dataDir(DataDir.SHARED)
                .lease(Duration.ofSeconds(3)).start();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void when_the_replica_following_a_script_is_killed_the_other_takes_over_and_reports_the_real_outcome() {
        cluster.script().hold("held");
        long id = deploymentIn(cluster.slashCommand(0, "deploy web main to held", OWNER, "trigger-held-1",
                ACK_WAIT));
        await().atMost(WAIT).until(() -> cluster.script().runsOf("held").size() == 1
                && "running".equals(state(id)) && runJobHolder(id) != null);
        Run run = cluster.script().runsOf("held").get(0);
        int launcher = IntStream.range(0, cluster.size()).filter(i -> cluster.replica(i).isAncestorOf(run.pid()))
                .findFirst().orElseThrow(() -> new AssertionError("no replica launched the script " + run));
        String holder = runJobHolder(id);

        int exit = cluster.replica(launcher).kill();

        assertThat(exit).as("exit value of a process ended by SIGKILL").isEqualTo(Replica.KILLED);
        await().atMost(WAIT).until(() -> {
            String now = runJobHolder(id);
            return now != null && !now.equals(holder) || !"running".equals(state(id));
        });
        assertThat(state(id)).as("the deployment, taken over while its script still runs")
                .isEqualTo("running");
        assertThat(ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive)).as("the script").contains(true);

        cluster.script().release(id, 3);
        cluster.awaitQuiet(WAIT);

        Map<String, Object> done = cluster.database().rows("SELECT state, summary FROM deployments WHERE id = ?",
                id).get(0);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(done).as("the deployment, ended by its script")
                .containsEntry("state", "failed").containsEntry("summary", "exit code 3");
        soft.assertThat(cluster.script().runsOf("held")).as("runs of the script").hasSize(1);
        soft.assertThat(cluster.reportPosts()).as("chat.postMessage calls of the report").isEqualTo(Map.of(id, 1));
        soft.assertAll();
    }

    private static long deploymentIn(Answer ack) {
        Matcher id = DEPLOYMENT_ID.matcher(ack.body());
        assertThat(id.find()).as("the acknowledgement " + ack).isTrue();
        return Long.parseLong(id.group(1));
    }

    private String state(long id) {
        return (String) cluster.database().rows("SELECT state FROM deployments WHERE id = ?", id).get(0).get("state");
    }

    /** The worker holding the lease of the deployment's run job, or null while nobody does. */
    private String runJobHolder(long id) {
        List<Map<String, Object>> rows = cluster.database().rows("SELECT locked_by FROM jobs WHERE kind ="
                + " 'run-deployment' AND payload = ? AND status = 'pending'", Long.toString(id));
        return rows.isEmpty() ? null : (String) rows.get(0).get("locked_by");
    }
}
