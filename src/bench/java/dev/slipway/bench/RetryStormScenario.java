package dev.slipway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The retry storm beside plain (b), in one run: each on a fresh Slipway with its own SQLite file, the same 40,000
 * environments, and a script that appends the deployment's id to {@code runs.log} on every start. Afterwards,
 * from the database and that file: deployments per environment (each distinct request names an environment of its
 * own, so a second deployment of one is a duplicate) and starts per deployment (a second is a duplicate run).
 */
final class RetryStormScenario {
    private record Side(String label, LoadGenerator.Result result, long distinctSent, Duplicates duplicates,
                        double coldStart, long peakRssKib) {
    }

    /**
     * {@code duplicateDeployments}: deployments beyond the first of an environment, -1 if not countable;
     * {@code duplicateInbox}: mentions stored for the workers more than once (same payload).
     */
    private record Duplicates(long deployments, long duplicateDeployments, long inbox, long duplicateInbox, long runs,
                              long deploymentsRun, long duplicateRuns) {
    }

    private final Setup setup;

    RetryStormScenario(Setup setup) {
        this.setup = setup;
    }

    /** Runs plain (b), then the storm; returns the Markdown section. */
    String run(String flagSet, List<String> flags) throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Side plain = side(flagSet, flags, "plain (b)", Workload.durableWrites(runId, setup.environments()));
        Side storm = side(flagSet, flags, "storm", Workload.retryStorm(runId + "s", setup.environments()));
        return section(flagSet, plain, storm);
    }

    private Side side(String flagSet, List<String> flags, String label, Workload workload) throws Exception {
        Path dir = Files.createTempDirectory("slipway-bench-storm-");
        Path runs = dir.resolve("runs.log");
        int port = Bench.freePort();
        Path config = dir.resolve("slipway.yaml");
        Files.writeString(config, SlipwayYaml.of(SlipwayYaml.sqlite(dir.resolve("slipway.db")), dir.resolve("data"),
                port, setup.slack().apiUrl(), setup.environments(), "echo {{deployment}} >> " + runs,
                "{ workers: 4 }"));
        String name = "slipway-" + workload.name() + "-" + Bench.fileLabel(flagSet);
        System.out.printf(Locale.ROOT, "%s: starting (%s)%n", name, String.join(" ", flags));
        ServerProcess server = ServerProcess.start(setup.slipway(flags, config), setup.out().resolve(name + ".log"), port);
        LoadGenerator.Result result;
        try {
            result = new LoadGenerator(new InetSocketAddress("127.0.0.1", port), workload, Bench.SECRET,
                    setup.connections(), setup.clientThreads(), true).run(setup.warmup(), setup.measure());
        } finally {
            server.close(); // stopped before counting, so no run starts while the file is read
        }
        long distinctSent = workload.distinctSent();
        Duplicates duplicates = duplicates(dir.resolve("slipway.db"), runs, distinctSent <= setup.environments());
        Side side = new Side(label, result, distinctSent, duplicates, server.coldStart().toMillis() / 1000.0,
                server.peakRssKib());
        System.out.println("  " + line(side));
        if (!setup.keep()) {
            Bench.deleteTree(dir);
        }
        return side;
    }

    private static Duplicates duplicates(Path database, Path runs, boolean oneEnvironmentPerRequest)
            throws SQLException, IOException {
        long deployments;
        long duplicateDeployments;
        long inbox;
        long duplicateInbox;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            try (ResultSet rows = db.createStatement().executeQuery(
                    "SELECT count(*), count(*) - count(DISTINCT environment) FROM deployments")) {
                rows.next();
                deployments = rows.getLong(1);
                duplicateDeployments = oneEnvironmentPerRequest ? rows.getLong(2) : -1;
            }
            // A mention becomes a deployment only when a worker gets to it; until then it is a job in the inbox.
            try (ResultSet rows = db.createStatement().executeQuery("SELECT count(*), count(*) - count(DISTINCT payload)"
                    + " FROM jobs WHERE kind LIKE 'chat-request:%'")) {
                rows.next();
                inbox = rows.getLong(1);
                duplicateInbox = rows.getLong(2);
            }
        }
        List<String> lines = Files.exists(runs) ? Files.readAllLines(runs) : List.of();
        Map<String, Long> startsPerDeployment = lines.stream().filter(line -> !line.isBlank())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long duplicateRuns = startsPerDeployment.values().stream().mapToLong(n -> n - 1).sum();
        return new Duplicates(deployments, duplicateDeployments, inbox, duplicateInbox, lines.size(), startsPerDeployment.size(),
                duplicateRuns);
    }

    private static String line(Side side) {
        LoadGenerator.Result r = side.result();
        return String.format(Locale.ROOT, "%-9s %,7.0f distinct/s  %,7.0f acks/s  p50 %.2f ms  p99 %.2f ms  io %d  "
                        + "duplicates: %s deployments, %d mentions, %d runs  answers %s",
                side.label(), r.distinctThroughput(), r.throughput(), Bench.ms(r.latencyMicros().getValueAtPercentile(50)),
                Bench.ms(r.latencyMicros().getValueAtPercentile(99)), r.ioErrors(),
                countable(side.duplicates().duplicateDeployments()), side.duplicates().duplicateInbox(),
                side.duplicates().duplicateRuns(), r.answerKinds());
    }

    private static String countable(long n) {
        return n < 0 ? "n/a" : Long.toString(n);
    }

    private String section(String flagSet, Side plain, Side storm) {
        StringBuilder md = new StringBuilder("\n## Retry storm (JVM flags: " + Bench.scenarioFlags(flagSet) + ")\n\n");
        md.append("Each request of (b) delivered 4 times: deliveries 0 and 1 together on two connections, 2 and 3 ")
                .append(Workload.LATER.toSeconds()).append(" s and ").append(2 * Workload.LATER.toSeconds())
                .append(" s later (`X-Slack-Retry-Num: 1..3`, `X-Slack-Retry-Reason: http_timeout`), beside plain (b) on a ")
                .append("server of its own. Duplicates counted after the server stopped: deployments beyond one per ")
                .append("environment (each request has its own), mentions stored more than once for the workers, and ")
                .append("script starts beyond one per deployment (the workers start only part of the backlog before ")
                .append("the server stops).\n\n");
        md.append("| side | distinct req/s | acks/s | p50 ms | p99 ms | max ms | non-2xx | I/O errors | distinct sent "
                + "| deployments stored | duplicate deployments | mentions stored | duplicate mentions | script starts | deployments started | duplicate starts "
                + "| cold start s | peak RSS MiB |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Side side : List.of(plain, storm)) {
            LoadGenerator.Result r = side.result();
            Duplicates d = side.duplicates();
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f | %.1f | %d | %d | %,d | %,d | %s | %,d | %d | %,d | %,d | %d | %.2f | %.0f |%n",
                    side.label(), r.distinctThroughput(), r.throughput(), Bench.ms(r.latencyMicros().getValueAtPercentile(50)),
                    Bench.ms(r.latencyMicros().getValueAtPercentile(99)), Bench.ms(r.latencyMicros().getMaxValue()),
                    r.non2xx(), r.ioErrors(), side.distinctSent(), d.deployments(), countable(d.duplicateDeployments()), d.inbox(), d.duplicateInbox(),
                    d.runs(), d.deploymentsRun(), d.duplicateRuns(), side.coldStart(), side.peakRssKib() / 1024.0));
        }
        md.append(String.format(Locale.ROOT, "| ratio storm / (b) | %.2f | %.2f | %.2f | %.2f | | | | | | | | | | | | | |%n",
                storm.result().distinctThroughput() / plain.result().distinctThroughput(),
                storm.result().throughput() / plain.result().throughput(),
                ratio(storm, plain, 50), ratio(storm, plain, 99)));
        md.append("\nAnswers in the measured window, by kind (status and first words of the text; events are answered empty):\n\n");
        md.append("| answer | plain (b) | storm |\n|---|--:|--:|\n");
        Set<String> kinds = new TreeSet<>(plain.result().answerKinds().keySet());
        kinds.addAll(storm.result().answerKinds().keySet());
        for (String kind : kinds) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", kind.replace("|", "\\|"),
                    plain.result().answerKinds().getOrDefault(kind, 0L), storm.result().answerKinds().getOrDefault(kind, 0L)));
        }
        return md.toString();
    }

    private static double ratio(Side a, Side b, double percentile) {
        return (double) a.result().latencyMicros().getValueAtPercentile(percentile)
                / b.result().latencyMicros().getValueAtPercentile(percentile);
    }
}
