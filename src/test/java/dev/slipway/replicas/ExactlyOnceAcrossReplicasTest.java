package dev.slipway.replicas;

import static dev.slipway.testing.ReplicaCluster.CHANNEL;
import static dev.slipway.testing.ReplicaCluster.OWNER;
import static dev.slipway.testing.ReplicaCluster.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.Concurrently;
import dev.slipway.testing.CountingScript.Run;
import dev.slipway.testing.ReplicaCluster;
import dev.slipway.testing.ReplicaCluster.Answer;
import dev.slipway.testing.SlackRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request, one deployment, one run of the script, one report message — with two Slipway servers as separate
 * processes on one PostgreSQL, each receiving part of the traffic, as SPEC §4 and §8 promise. The servers keep
 * their script runs apart, as on two hosts. Every test has environments of its own, so they share one cluster.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceAcrossReplicasTest {
    /** Slack retries after 3 s (the retries are sent here explicitly); a busy machine may answer later. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofSeconds(45);
    private static final String BOT = "<@U0009> ";
    private static final int MENTIONS = 200;
    private static final List<String> SPLIT = IntStream.rangeClosed(1, MENTIONS).mapToObj("e%03d"::formatted)
            .toList();
    private static final List<String> LOCKED = IntStream.rangeClosed(1, 8).mapToObj("lock%d"::formatted).toList();

    @TempDir
    static Path dir;
    private ReplicaCluster cluster;

    @BeforeAll
    void start() {
        List<String> environments = new ArrayList<>(List.of("staging"));
        environments.addAll(SPLIT);
        environments.addAll(LOCKED);
        cluster = ReplicaCluster.builder(dir).environments(environments).workers(6).start();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void the_same_event_at_both_replicas_at_once_and_its_retries_deploy_once() {
        String event = SlackRequests.mention("Ev0RACE0001", OWNER, CHANNEL, "1717171700.000100", null,
                BOT + "deploy web main to staging");

        List<Answer> answers = new ArrayList<>(Concurrently.atOnce(Duration.ofSeconds(15), List.of(
                () -> cluster.event(0, event, Map.of(), ACK_WAIT),
                () -> cluster.event(1, event, Map.of(), ACK_WAIT))));
        answers.addAll(Concurrently.atOnce(Duration.ofSeconds(15), List.of(
                () -> cluster.event(1, event, retry(1), ACK_WAIT),
                () -> cluster.event(0, event, retry(2), ACK_WAIT),
                () -> cluster.event(1, event, retry(3), ACK_WAIT))));
        cluster.awaitQuiet(QUIET);

        assertThat(answers).as("acknowledgements").allMatch(answer -> answer.status() == 200);
        List<Long> deployments = deploymentIds(List.of("staging"));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(deployments).as("deployments of the one event").hasSize(1);
        soft.assertThat(cluster.script().runsOf("staging")).as("runs of the script").hasSize(1);
        soft.assertThat(postsOf(deployments)).as("chat.postMessage calls of the report (id → posts)")
                .containsOnlyKeys(deployments).allSatisfy((id, posts) -> assertThat(posts).isEqualTo(1));
        soft.assertAll();
    }

    @Test
    void two_hundred_mentions_split_across_both_replicas_run_two_hundred_scripts_and_post_one_report_each() {
        List<Supplier<Answer>> mentions = new ArrayList<>();
        for (int i = 0; i < MENTIONS; i++) {
            int replica = i % 2;
            String event = SlackRequests.mention("Ev0SPLIT%04d".formatted(i), OWNER, CHANNEL,
                    "1717171701.%06d".formatted(i + 1), null, BOT + "deploy web main to " + SPLIT.get(i));
            mentions.add(() -> cluster.event(replica, event, Map.of(), ACK_WAIT));
        }

        // 200 mentions over 9 s, alternating between the replicas.
        List<Answer> answers = Concurrently.spread(Duration.ofMillis(45), 8, Duration.ofSeconds(30), mentions);
        assertThat(answers).as("acknowledgements").allMatch(answer -> answer.status() == 200);
        SoftAssertions soft = new SoftAssertions();
        // Counts are reported even when the work did not settle in time: a script run twice is a fact either way.
        soft.check(() -> cluster.awaitQuiet(Duration.ofSeconds(38)));

        List<Long> deployments = deploymentIds(SPLIT);
        List<Run> runs = cluster.script().runs().stream().filter(run -> SPLIT.contains(run.environment())).toList();
        Map<Long, Long> runsTwice = runs.stream()
                .collect(Collectors.groupingBy(Run::deploymentId, TreeMap::new, Collectors.counting()));
        runsTwice.values().removeIf(n -> n == 1);
        Map<Long, Integer> notPostedOnce = postsOf(deployments);
        notPostedOnce.values().removeIf(n -> n == 1);

        soft.assertThat(deployments.size()).as("deployments").isEqualTo(MENTIONS);
        soft.assertThat(runs.size()).as("runs of the script; jobs that gave up: " + cluster.failedJobs())
                .isEqualTo(MENTIONS);
        soft.assertThat(runsTwice).as("deployments whose script ran more than once (id → runs)").isEmpty();
        soft.assertThat(notPostedOnce).as("deployments whose report was not posted exactly once (id → posts)")
                .isEmpty();
        soft.assertAll();
    }

    @Test
    void a_lock_and_a_deploy_at_the_same_moment_on_two_replicas_are_audited_in_the_order_they_took_effect() {
        List<String> wrongOrder = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        for (String environment : LOCKED) {
            List<Answer> answers = Concurrently.atOnce(Duration.ofSeconds(15), List.of(
                    () -> cluster.slashCommand(0, "lock web " + environment + " release freeze", OWNER,
                            "lock-" + environment, ACK_WAIT),
                    () -> cluster.slashCommand(1, "deploy web main to " + environment, "U0002",
                            "deploy-" + environment, ACK_WAIT)));
            Answer lock = answers.get(0);
            Answer deploy = answers.get(1);
            assertThat(lock.status()).as("lock: " + lock).isEqualTo(200);
            assertThat(deploy.status()).as("deploy: " + deploy).isEqualTo(200);

            boolean accepted = deploy.body().contains(" as #");
            List<String> audit = cluster.database().rows("SELECT action FROM audit_events WHERE project = ?"
                    + " AND environment = ? ORDER BY id", PROJECT, environment).stream()
                    .map(row -> (String) row.get("action")).toList();
            rounds.add(environment + ": deploy " + (accepted ? "accepted" : "refused") + ", audit " + audit);
            int lockAt = audit.indexOf("lock");
            int deploymentAt = IntStream.range(0, audit.size()).filter(i -> audit.get(i).startsWith("deployment."))
                    .findFirst().orElse(-1);
            assertThat(lockAt).as("the lock's audit event in " + audit).isNotNegative();
            if (accepted && deploymentAt > lockAt) {
                wrongOrder.add(environment + " " + audit + " (lock answered: " + lock.body() + ")");
            }
        }

        assertThat(wrongOrder).as("rounds where an accepted deployment is audited after the lock; all rounds: "
                + rounds).isEmpty();
    }

    private static Map<String, String> retry(int number) {
        return Map.of("X-Slack-Retry-Num", Integer.toString(number), "X-Slack-Retry-Reason", "http_timeout");
    }

    /** Ids, oldest first, of the deployments to these environments. */
    private List<Long> deploymentIds(List<String> environments) {
        return cluster.database().rows("SELECT id, environment FROM deployments ORDER BY id").stream()
                .filter(row -> environments.contains((String) row.get("environment")))
                .map(row -> ((Number) row.get("id")).longValue()).toList();
    }

    /** For each of these deployments, how many times its report was posted (0 if never). */
    private Map<Long, Integer> postsOf(List<Long> deployments) {
        Map<Long, Integer> all = cluster.reportPosts();
        Map<Long, Integer> posts = new TreeMap<>();
        deployments.forEach(id -> posts.put(id, all.getOrDefault(id, 0)));
        return posts;
    }
}
