package dev.slipway.replicas;

import static dev.slipway.testing.ReplicaCluster.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.Concurrently;
import dev.slipway.testing.CountingScript.Run;
import dev.slipway.testing.ReplicaCluster;
import dev.slipway.testing.ReplicaCluster.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped under two Slipway servers and started again on the same data: readiness and Slack's requests
 * are answered 503 in time while it is away, and everything recovers without a restart, nothing lost or doubled.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaDatabaseOutageTest {
    /** What Slack waits for an answer before it gives up. */
    private static final Duration SLACK_WAIT = Duration.ofSeconds(3);
    /** Outside the outage answers are not what is measured: a busy machine may take longer than Slack would wait. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern DEPLOYMENT_ID = Pattern.compile(" as #(\\d+)");

    @TempDir
    static Path dir;
    private ReplicaCluster cluster;

    @BeforeAll
    void start() {
        cluster = ReplicaCluster.builder(dir).environments("before", "during", "after").start();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void a_database_outage_is_answered_with_503_in_time_and_recovered_from_without_a_restart() {
        cluster.script().hold("before");
        long before = deploymentIn(cluster.slashCommand(0, "deploy web main to before", OWNER, "trigger-before",
                ACK_WAIT));
        await().atMost(WAIT).until(() -> cluster.script().runsOf("before").size() == 1
                && "running".equals(state(before)));

        cluster.stopDatabase();
        // Slack gives up after 3 s; waiting longer here only measures how late an answer would have been.
        List<Answer> outage = Concurrently.atOnce(Duration.ofSeconds(15), List.of(
                () -> cluster.get(0, "/readyz", Duration.ofSeconds(10)),
                () -> cluster.get(1, "/readyz", Duration.ofSeconds(10)),
                () -> cluster.slashCommand(1, "deploy web main to during", OWNER, "trigger-during",
                        Duration.ofSeconds(10))));
        Answer during = outage.get(2);
        cluster.script().release(before, 0);
        cluster.startDatabase();

        await().atMost(WAIT).until(() -> cluster.get(0, "/readyz", SLACK_WAIT).status() == 200
                && cluster.get(1, "/readyz", SLACK_WAIT).status() == 200);
        Answer again = cluster.slashCommand(0, "deploy web main to during", OWNER, "trigger-during-again",
                ACK_WAIT);
        Answer after = cluster.slashCommand(1, "deploy web main to after", OWNER, "trigger-after", ACK_WAIT);
        cluster.awaitQuiet(WAIT);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(outage.subList(0, 2)).as("/readyz of both replicas with the database stopped")
                // The probe gives up after 500 ms; the margin is for a loaded machine, still well inside Slack's 3 s.
                .allMatch(answer -> answer.status() == 503 && answer.took().toMillis() < 2000, "503 within 2 s");
        soft.assertThat(during).as("a slash command with the database stopped")
                .matches(answer -> answer.status() == 503 && answer.took().toMillis() < 3000, "503 within 3 s");
        soft.assertThat(again.body()).as("the command sent again after the outage").contains(" as #");
        soft.assertThat(after.body()).as("a new command after the outage").contains(" as #");
        soft.assertThat(cluster.database().rows("SELECT environment, state FROM deployments ORDER BY id"))
                .as("deployments: the one held across the outage, the command sent again, the new one")
                .containsExactly(Map.of("environment", "before", "state", "succeeded"),
                        Map.of("environment", "during", "state", "succeeded"),
                        Map.of("environment", "after", "state", "succeeded"));
        // One run each; "during" and "after" are taken by workers of two replicas, in either order.
        soft.assertThat(cluster.script().runs().stream().map(Run::environment).toList()).as("runs of the script")
                .containsExactlyInAnyOrder("before", "during", "after");
        soft.assertThat(cluster.reportPosts().values()).as("chat.postMessage calls of each report")
                .containsExactly(1, 1, 1);
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
}
