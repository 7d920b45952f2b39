package dev.slipway.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Slipway scaled out as SPEC §8 says it may be: several {@code slipway serve} processes on 127.0.0.1 sharing one
 * embedded PostgreSQL, one {@link FakeSlack} and one config, whose project {@value #PROJECT} deploys every
 * environment with a {@link CountingScript}.
 *
 * <pre>{@code
 * try (ReplicaCluster cluster = ReplicaCluster.builder(dir).environments("staging").start()) {
 *     cluster.slashCommand(0, "deploy web main to staging", ReplicaCluster.OWNER, "t1", Duration.ofSeconds(3));
 *     cluster.awaitQuiet(Duration.ofSeconds(30));
 *     cluster.script().runs();                  // one line per start of the script
 *     cluster.reportPosts();                    // deployment id → chat.postMessage calls of its report
 * }
 * }</pre>
 * Nothing outlives {@link #close}: servers get SIGKILL after a short grace, held scripts are released (and end by
 * themselves within a minute anyway), the database stops.
 */
public final class ReplicaCluster implements AutoCloseable {
    public static final String PROJECT = "web";
    public static final String CHANNEL = "C0001";
    public static final String OWNER = "U0001";
    public static final String SIGNING_SECRET = "replica-signing-secret-0001";
    private static final Duration START_WAIT = Duration.ofSeconds(120);
    private static final Pattern HEADLINE = Pattern.compile("^#(\\d+) " + PROJECT + " ");

    /** Where each replica keeps its script runs: one directory as on one host, or one each as on several. */
    public enum DataDir { SHARED, ONE_PER_REPLICA }

    /** What a request got: the status and body, or status 0 if no answer came within the timeout. */
    public record Answer(int status, String body, Duration took) {
        public boolean answered() {
            return status != 0;
        }

        @Override
        public String toString() {
            return answered() ? status + " after " + took.toMillis() + " ms: " + body
                    : "no answer within " + took.toMillis() + " ms";
        }
    }

    private final Path dir;
    /** As rude as some Slack-compatible servers and proxies: every connection is closed after its answer. */
    private final FakeSlack slack = FakeSlack.closingEveryConnection(FakeSlack.TOKEN);
    private final List<Replica> replicas = new ArrayList<>();
    private final List<Path> configs = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ReplicaDatabase database;
    private CountingScript script;

    private ReplicaCluster(Path dir) {
        this.dir = dir;
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** How many replicas, which environments, where runs are kept and how long a job's lease lasts. */
    public static final class Builder {
        private final Path dir;
        private int replicas = 2;
        private List<String> environments = List.of("staging");
        private DataDir dataDir = DataDir.ONE_PER_REPLICA;
        private Duration lease = Duration.ofSeconds(10);
        private int workers = 4;

        private Builder(Path dir) {
            this.dir = dir;
        }

        public Builder replicas(int count) {
            this.replicas = count;
            return this;
        }

        public Builder environments(String... names) {
            return environments(List.of(names));
        }

        public Builder environments(List<String> names) {
            this.environments = List.copyOf(names);
            return this;
        }

        public Builder dataDir(DataDir dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** {@code jobs.lease}: how soon another replica takes over a job whose worker went silent. */
        public Builder lease(Duration lease) {
            this.lease = lease;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Starts the database, then every replica, and returns once all of them listen. */
        public ReplicaCluster start() {
            ReplicaCluster cluster = new ReplicaCluster(dir);
            try {
                cluster.database = ReplicaDatabase.start();
                cluster.script = CountingScript.installIn(dir.resolve("work"));
                for (int i = 0; i < replicas; i++) {
                    String name = "replica-" + (char) ('a' + i);
                    Path data = dataDir == DataDir.SHARED ? dir.resolve("data") : dir.resolve("data-" + name);
                    Path config = dir.resolve(name + ".yaml");
                    Files.writeString(config, cluster.config(data, environments, lease, workers));
                    cluster.configs.add(config);
                    cluster.replicas.add(Replica.launch(name, config, dir.resolve(name + ".log")));
                }
                for (Replica replica : cluster.replicas) {
                    replica.awaitListening(START_WAIT);
                }
                cluster.warmUp();
                return cluster;
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }
    }

    private String config(Path dataDir, List<String> environments, Duration lease, int workers) {
        StringBuilder yaml = new StringBuilder("""
                server: { host: 127.0.0.1, port: 0 }
                database: { url: "%s", username: postgres, maxPoolSize: 8 }
                dataDir: %s
                jobs: { workers: %d, initialBackoff: 100ms, maxBackoff: 2s, lease: %dms, pollInterval: 20ms }
                slack:
                  signingSecret: %s
                  botToken: %s
                  apiUrl: %s
                projects:
                  - id: %s
                    channel: %s
                    owners: [%s]
                    environments:
                """.formatted(database.url(), dataDir, workers, lease.toMillis(), SIGNING_SECRET, FakeSlack.TOKEN,
                slack.apiUrl(), PROJECT, CHANNEL, OWNER));
        for (String environment : environments) {
            yaml.append("      ").append(environment).append(": { backend: ").append(script.backendYaml())
                    .append(" }\n");
        }
        return yaml.toString();
    }

    /**
     * A first signed request to each replica, so that what a test measures is not a cold server loading classes
     * on a busy machine.
     */
    private void warmUp() {
        for (int i = 0; i < replicas.size(); i++) {
            Answer help = slashCommand(i, "help", OWNER, "warm-up-" + i, START_WAIT);
            if (help.status() != 200) {
                throw new IllegalStateException(replicas.get(i).name() + " answered help with " + help);
            }
        }
    }

    public Replica replica(int index) {
        return replicas.get(index);
    }

    /** The config file replica {@code index} serves with, for a CLI command run against the same database. */
    public Path config(int index) {
        return configs.get(index);
    }

    public int size() {
        return replicas.size();
    }

    public FakeSlack slack() {
        return slack;
    }

    public CountingScript script() {
        return script;
    }

    public ReplicaDatabase database() {
        return database;
    }

    /** {@code /slipway <text>} from {@code user} in {@value #CHANNEL}, signed, to one replica. */
    public Answer slashCommand(int replica, String text, String user, String triggerId, Duration timeout) {
        String body = SlackRequests.encode(SlackRequests.slashCommandFields("/slipway", text, user, CHANNEL,
                triggerId));
        return signed(replica, "application/x-www-form-urlencoded", body, Map.of(), timeout);
    }

    /** An Events API envelope (see {@link SlackRequests#mention}), signed, with extra headers such as retries'. */
    public Answer event(int replica, String json, Map<String, String> headers, Duration timeout) {
        return signed(replica, "application/json", json, headers, timeout);
    }

    public Answer get(int replica, String path, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(replica, path)).GET().timeout(timeout), timeout);
    }

    private Answer signed(int replica, String contentType, String body, Map<String, String> headers,
                          Duration timeout) {
        long now = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(replica, "/slack/events"))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", Long.toString(now))
                .header("X-Slack-Signature", SlackRequests.sign(SIGNING_SECRET, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(timeout);
        headers.forEach(request::header);
        return send(request, timeout);
    }

    private Answer send(HttpRequest.Builder request, Duration timeout) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(int replica, String path) {
        return URI.create("http://127.0.0.1:" + replicas.get(replica).port() + path);
    }

    /** Stops PostgreSQL; {@link #startDatabase} brings it back on the same port with every row. */
    public void stopDatabase() {
        database.stop();
    }

    public void startDatabase() {
        database.restart();
    }

    /**
     * Waits until every deployment has ended and no job is left to do, so that counts taken afterwards are final.
     */
    public void awaitQuiet(Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> database.count(
                    "SELECT (SELECT count(*) FROM deployments WHERE state IN"
                            + " ('requested', 'awaiting_approval', 'queued', 'running'))"
                            + " + (SELECT count(*) FROM jobs WHERE status = 'pending') AS busy") == 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("still busy after " + atMost.toSeconds() + " s: deployments by state "
                    + database.rows("SELECT state, count(*) AS n FROM deployments GROUP BY state ORDER BY state")
                    + ", pending jobs by kind " + database.rows("SELECT kind, count(*) AS n FROM jobs"
                            + " WHERE status = 'pending' GROUP BY kind ORDER BY kind")
                    + ", pending jobs already retried " + database.rows("SELECT attempts, last_error FROM jobs"
                            + " WHERE status = 'pending' AND attempts > 0 ORDER BY id LIMIT 5")
                    + ", script runs " + script.runs().size(), e);
        }
    }

    /**
     * For each deployment whose report was posted, how many times {@code chat.postMessage} posted it; updates
     * through {@code chat.update} and the details replied in its thread do not count.
     */
    public Map<Long, Integer> reportPosts() {
        Map<Long, Integer> posts = new TreeMap<>();
        for (FakeSlack.Call call : slack.calls("chat.postMessage")) {
            Matcher headline = HEADLINE.matcher(call.param("text") == null ? "" : call.param("text"));
            // The report carries blocks; the replies in its thread are plain text.
            if (headline.find() && call.param("blocks") != null) {
                posts.merge(Long.parseLong(headline.group(1)), 1, Integer::sum);
            }
        }
        return posts;
    }

    /** Jobs that gave up, with their last error: each one is a step that never happened. */
    public List<Map<String, Object>> failedJobs() {
        return database.rows("SELECT id, kind, payload, attempts, last_error FROM jobs WHERE status = 'failed'"
                + " ORDER BY id");
    }

    /** Every replica's output, to explain a failure. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        for (Replica replica : replicas) {
            logs.append("---- ").append(replica.name()).append('\n').append(replica.log()).append('\n');
        }
        return logs.toString();
    }

    @Override
    public void close() {
        try {
            if (script != null) {
                script.releaseAll();
            }
            replicas.forEach(replica -> replica.process().destroy());
            replicas.forEach(Replica::close);
        } finally {
            try {
                if (database != null) {
                    database.close();
                }
            } finally {
                slack.close();
            }
        }
    }
}
