package dev.slipway.bench;

import dev.slipway.testing.EmbeddedPostgresServer;
import dev.slipway.testing.SlackRequests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kill -9} of the replica that runs a deployment, with a second replica on the same PostgreSQL and the same
 * {@code dataDir}: from the kill, how long until the survivor claims the orphaned run job (the dead one's lease has
 * to run out first), and until the deployment has ended. The script writes its deployment's id to {@code runs.log},
 * then sleeps {@code scriptTime}: the survivor follows that detached run through its files, so the log must end
 * with exactly one line per deployment. Each round deploys a new environment, kills the holder and starts a
 * replacement for it.
 */
final class TakeoverScenario {
    private static final Pattern WORKER = Pattern.compile("(worker-[0-9a-f]{8}) started with");
    private static final Pattern DEPLOYMENT_ID = Pattern.compile(" as #(\\d+)");
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** {@code claimed}, {@code ended}: seconds from the kill. */
    private record Round(long deployment, double claimed, double ended, String state, long starts) {
    }

    private final Setup setup;
    private final int rounds;
    private final Duration lease;
    private final Duration scriptTime;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    TakeoverScenario(Setup setup, int rounds, Duration lease, Duration scriptTime) {
        this.setup = setup;
        this.rounds = rounds;
        this.lease = lease;
        this.scriptTime = scriptTime;
    }

    String run(String flagSet, List<String> flags) throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
        Thread stopPostgres = new Thread(() -> close(postgres));
        Runtime.getRuntime().addShutdownHook(stopPostgres);
        Path dir = Files.createTempDirectory("slipway-bench-takeover-");
        ServerProcess[] replicas = new ServerProcess[2];
        int[] ports = new int[2];
        try {
            String url = postgres.createDatabase("bench_takeover_" + Long.toString(System.currentTimeMillis(), 36));
            Path runs = dir.resolve("runs.log");
            List<Round> done = new ArrayList<>();
            int launched = 0;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < replicas.length; i++) {
                    if (replicas[i] == null || !replicas[i].isAlive()) {
                        ports[i] = Bench.freePort();
                        Path config = dir.resolve("slipway-" + launched + ".yaml");
                        Files.writeString(config, SlipwayYaml.of(SlipwayYaml.postgres(url), dir.resolve("data"),
                                ports[i], setup.slack().apiUrl(), rounds,
                                "echo {{deployment}} >> " + runs + "; sleep " + scriptTime.toMillis() / 1000.0,
                                "{ workers: 4, lease: " + lease.toMillis() + "ms }"));
                        String name = "slipway-takeover-" + launched++ + "-" + Bench.fileLabel(flagSet);
                        replicas[i] = ServerProcess.start(setup.slipway(flags, config),
                                setup.out().resolve(name + ".log"), ports[i]);
                    }
                }
                Round result = round(url, runs, round, replicas, ports[round % 2]);
                done.add(result);
                System.out.printf(Locale.ROOT, "  takeover round %d: #%d claimed %.2f s, ended %.2f s after the kill,"
                        + " %s, %d start(s)%n", round + 1, result.deployment(), result.claimed(), result.ended(),
                        result.state(), result.starts());
            }
            return section(flagSet, done);
        } finally {
            for (ServerProcess replica : replicas) {
                if (replica != null) {
                    replica.close();
                }
            }
            close(postgres);
            Runtime.getRuntime().removeShutdownHook(stopPostgres);
            if (!setup.keep()) {
                Bench.deleteTree(dir);
            }
        }
    }

    /** Deploys {@code env<round>} through one replica, kills whichever holds its run job, and times the rest. */
    private Round round(String url, Path runs, int round, ServerProcess[] replicas, int port) throws Exception {
        String ack = slashCommand(port, "deploy bench main to env" + round, "takeover-" + round);
        Matcher id = DEPLOYMENT_ID.matcher(ack);
        if (!id.find()) {
            throw new IllegalStateException("the deploy was not accepted: " + ack);
        }
        long deployment = Long.parseLong(id.group(1));
        long deadline = System.nanoTime() + WAIT.toNanos();
        String holder = null;
        while (holder == null || starts(runs, deployment) == 0 || !"running".equals(state(url, deployment))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("#" + deployment + " did not start within " + WAIT);
            }
            Thread.sleep(10);
            holder = holder(url, deployment);
        }
        ServerProcess victim = null;
        for (ServerProcess replica : replicas) {
            Matcher worker = WORKER.matcher(replica.log());
            if (worker.find() && worker.group(1).equals(holder)) {
                victim = replica;
            }
        }
        if (victim == null) {
            throw new IllegalStateException("no replica logged the worker " + holder);
        }
        long killed = System.nanoTime();
        victim.kill();
        double claimed = Double.NaN;
        double ended = Double.NaN;
        deadline = killed + lease.toNanos() + WAIT.toNanos();
        while (Double.isNaN(ended) && System.nanoTime() < deadline) {
            String now = holder(url, deployment);
            String state = state(url, deployment);
            double since = (System.nanoTime() - killed) / 1e9;
            if (Double.isNaN(claimed) && (now != null && !now.equals(holder) || !"running".equals(state))) {
                claimed = since;
            }
            if (!List.of("requested", "queued", "running").contains(state)) {
                ended = since;
            }
            Thread.sleep(10);
        }
        return new Round(deployment, claimed, ended, state(url, deployment), starts(runs, deployment));
    }

    private String slashCommand(int port, String text, String triggerId) throws IOException, InterruptedException {
        String body = new String(Workload.slashCommand(text, triggerId), StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", Workload.FORM)
                .header("X-Slack-Request-Timestamp", Long.toString(now))
                .header("X-Slack-Signature", SlackRequests.sign(Bench.SECRET, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long starts(Path runs, long deployment) throws IOException {
        if (!Files.exists(runs)) {
            return 0;
        }
        return Files.readAllLines(runs).stream().filter(line -> line.trim().equals(Long.toString(deployment))).count();
    }

    /** The worker holding the lease of the deployment's run job, or null while none does. */
    private static String holder(String url, long deployment) throws SQLException {
        return one(url, "SELECT locked_by FROM jobs WHERE kind = 'run-deployment' AND payload = ?"
                + " AND status = 'pending'", Long.toString(deployment));
    }

    private static String state(String url, long deployment) throws SQLException {
        return one(url, "SELECT state FROM deployments WHERE id = ?", deployment);
    }

    private static String one(String url, String sql, Object argument) throws SQLException {
        try (Connection db = DriverManager.getConnection(url + "?connectTimeout=3&socketTimeout=15",
                EmbeddedPostgresServer.USER, null);
             PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, argument);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static void close(EmbeddedPostgresServer postgres) {
        try {
            postgres.close();
        } catch (Exception e) {
            System.err.println("could not stop the embedded PostgreSQL: " + e);
        }
    }

    private String section(String flagSet, List<Round> done) {
        StringBuilder md = new StringBuilder("\n## Takeover after kill -9 (JVM flags: " + Bench.scenarioFlags(flagSet) + ")\n\n");
        md.append(String.format(Locale.ROOT, "Two replicas on one embedded PostgreSQL and one `dataDir`, `jobs: { workers: 4, "
                + "lease: %s }` (heartbeat every lease/3; the default lease is 60s), poll interval the default 200ms. "
                + "Each round deploys a script that records its start and sleeps %.1f s, SIGKILLs the replica holding "
                + "the run job's lease as soon as the script runs, and measures from the kill.%n%n",
                lease.toMillis() + "ms", scriptTime.toMillis() / 1000.0));
        md.append("| round | deployment | kill → claimed by the survivor s | kill → ended s | end state | script starts |\n");
        md.append("|--:|--:|--:|--:|---|--:|\n");
        for (int i = 0; i < done.size(); i++) {
            Round r = done.get(i);
            md.append(String.format(Locale.ROOT, "| %d | #%d | %.2f | %.2f | %s | %d |%n", i + 1, r.deployment(),
                    r.claimed(), r.ended(), r.state(), r.starts()));
        }
        double[] claimed = done.stream().mapToDouble(Round::claimed).sorted().toArray();
        double[] ended = done.stream().mapToDouble(Round::ended).sorted().toArray();
        md.append(String.format(Locale.ROOT, "| median (min–max) | | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %d of %d %s | %s |%n",
                median(claimed), claimed[0], claimed[claimed.length - 1], median(ended), ended[0],
                ended[ended.length - 1], done.stream().filter(r -> r.state().equals("succeeded")).count(), done.size(),
                "succeeded", done.stream().allMatch(r -> r.starts() == 1) ? "1 each" : "**not 1 each**"));
        return md.toString();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
