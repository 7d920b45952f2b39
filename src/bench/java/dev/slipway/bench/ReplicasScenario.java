package dev.slipway.bench;

import dev.slipway.testing.EmbeddedPostgresServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * (b) on PostgreSQL: one Slipway, then two on one database with the load generator's connections spread over
 * both, each on a fresh database of one embedded PostgreSQL that this scenario starts and stops. After the load,
 * the backlog: how long until every deployment has ended and no job is left ({@link #QUIET}), at most
 * {@code drainLimit}.
 */
final class ReplicasScenario {
    static final String ACTIVE = "state IN ('requested', 'awaiting_approval', 'queued', 'running')";
    static final String QUIET = "SELECT (SELECT count(*) FROM deployments WHERE " + ACTIVE + ")"
            + " + (SELECT count(*) FROM jobs WHERE status = 'pending')";
    private static final String ENDED = "SELECT count(*) FROM deployments WHERE NOT " + ACTIVE;

    /**
     * {@code drained}: seconds from the end of the load until quiet, or NaN if still busy at the limit;
     * {@code endedPerSecond}: deployments that ended per second of that wait.
     */
    private record Side(int replicas, LoadGenerator.Result result, long deployments, double drained, long leftBusy,
                        long leftActive, double endedPerSecond, double coldStart, long peakRssKib) {
    }

    private final Setup setup;
    private final Duration drainLimit;

    ReplicasScenario(Setup setup, Duration drainLimit) {
        this.setup = setup;
        this.drainLimit = drainLimit;
    }

    String run(String flagSet, List<String> flags) throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
        Thread stopPostgres = new Thread(() -> close(postgres));
        Runtime.getRuntime().addShutdownHook(stopPostgres); // also when the bench is interrupted
        try {
            Side one = side(postgres, flagSet, flags, 1);
            Side two = side(postgres, flagSet, flags, 2);
            return section(flagSet, one, two);
        } finally {
            close(postgres);
            Runtime.getRuntime().removeShutdownHook(stopPostgres);
        }
    }

    private Side side(EmbeddedPostgresServer postgres, String flagSet, List<String> flags, int replicas)
            throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        String url = postgres.createDatabase("bench_" + runId + "_" + replicas);
        Path dir = Files.createTempDirectory("slipway-bench-replicas-");
        List<ServerProcess> servers = new ArrayList<>();
        try {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                int port = Bench.freePort();
                Path config = dir.resolve("slipway-" + i + ".yaml");
                // One dataDir, as replicas on one host share it (and with it the master key).
                Files.writeString(config, SlipwayYaml.of(SlipwayYaml.postgres(url), dir.resolve("data"), port,
                        setup.slack().apiUrl(), setup.environments(), "true", "{ workers: 4 }"));
                String name = "slipway-replicas" + replicas + "-" + (char) ('a' + i) + "-" + Bench.fileLabel(flagSet);
                System.out.printf(Locale.ROOT, "%s: starting (%s)%n", name, String.join(" ", flags));
                // One after the other: the first migrates the new database.
                servers.add(ServerProcess.start(setup.slipway(flags, config), setup.out().resolve(name + ".log"), port));
                addresses.add(new InetSocketAddress("127.0.0.1", port));
            }
            LoadGenerator.Result result = new LoadGenerator(addresses, Workload.durableWrites(runId, setup.environments()),
                    Bench.SECRET, setup.connections(), setup.clientThreads(), true).run(setup.warmup(), setup.measure());
            long loadEnded = System.nanoTime();
            long endedBefore = count(url, ENDED);
            long deadline = loadEnded + drainLimit.toNanos();
            long busy = count(url, QUIET);
            while (busy > 0 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                busy = count(url, QUIET);
            }
            double waited = (System.nanoTime() - loadEnded) / 1e9;
            double drained = busy == 0 ? waited : Double.NaN;
            double endedPerSecond = (count(url, ENDED) - endedBefore) / waited;
            long peakRss = 0;
            for (ServerProcess server : servers) {
                peakRss = Math.max(peakRss, server.peakRssKib());
            }
            Side side = new Side(replicas, result, count(url, "SELECT count(*) FROM deployments"), drained, busy,
                    count(url, "SELECT count(*) FROM deployments WHERE " + ACTIVE), endedPerSecond, servers.get(0).coldStart().toMillis() / 1000.0, peakRss);
            System.out.println("  " + line(side));
            return side;
        } finally {
            for (ServerProcess server : servers) {
                server.close();
            }
            if (!setup.keep()) {
                Bench.deleteTree(dir);
            }
        }
    }

    static long count(String url, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(url + "?connectTimeout=3&socketTimeout=15",
                EmbeddedPostgresServer.USER, null);
             ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void close(EmbeddedPostgresServer postgres) {
        try {
            postgres.close();
        } catch (Exception e) {
            System.err.println("could not stop the embedded PostgreSQL: " + e);
        }
    }

    private String drained(Side side) {
        // Still busy at the limit: what is left (deployments and jobs), and how long it would take at the rate
        // deployments ended so far, an estimate only.
        return Double.isNaN(side.drained())
                ? String.format(Locale.ROOT, "> %d (%,d deployments active, %,d jobs and deployments left; ~%.0f s more"
                                + " at that rate)", drainLimit.toSeconds(), side.leftActive(), side.leftBusy(),
                        side.leftActive() / side.endedPerSecond())
                : String.format(Locale.ROOT, "%.1f", side.drained());
    }

    private String line(Side side) {
        LoadGenerator.Result r = side.result();
        return String.format(Locale.ROOT, "%d replica(s): %,7.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d  not done %d"
                        + "  io %d  %,d deployments  backlog %s s, %.1f deployments ended/s",
                side.replicas(), r.throughput(), Bench.ms(r.latencyMicros().getValueAtPercentile(50)),
                Bench.ms(r.latencyMicros().getValueAtPercentile(99)), r.non2xx(), r.unfulfilled(), r.ioErrors(),
                side.deployments(), drained(side), side.endedPerSecond());
    }

    private String section(String flagSet, Side one, Side two) {
        StringBuilder md = new StringBuilder("\n## Replicas on PostgreSQL (JVM flags: " + Bench.scenarioFlags(flagSet) + ")\n\n");
        md.append("(b) against one Slipway, then against two on one database (connections split half and half), each ")
                .append("on a fresh database of an embedded PostgreSQL on this machine. Backlog: seconds from the end ")
                .append("of the load until no deployment is active and no job pending (limit ")
                .append(drainLimit.toSeconds()).append(" s), and how many deployments ended per second of it. ")
                .append("Every deployment runs `true`.\n\n");
        md.append("| replicas | req/s | p50 ms | p99 ms | max ms | non-2xx | not done | I/O errors | deployments stored "
                + "| backlog s | ended/s after the load | cold start s (first) | peak RSS MiB (largest) |\n");
        md.append("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Side side : List.of(one, two)) {
            LoadGenerator.Result r = side.result();
            md.append(String.format(Locale.ROOT, "| %d | %,.0f | %.2f | %.2f | %.1f | %d | %d | %d | %,d | %s | %.1f | %.2f | %.0f |%n",
                    side.replicas(), r.throughput(), Bench.ms(r.latencyMicros().getValueAtPercentile(50)),
                    Bench.ms(r.latencyMicros().getValueAtPercentile(99)), Bench.ms(r.latencyMicros().getMaxValue()),
                    r.non2xx(), r.unfulfilled(), r.ioErrors(), side.deployments(), drained(side), side.endedPerSecond(),
                    side.coldStart(),
                    side.peakRssKib() / 1024.0));
        }
        md.append(String.format(Locale.ROOT, "| ratio 2 / 1 | %.2f | %.2f | %.2f | | | | | %.2f | %s | %.2f | | |%n",
                two.result().throughput() / one.result().throughput(),
                percentileRatio(two, one, 50), percentileRatio(two, one, 99),
                (double) two.deployments() / one.deployments(),
                Double.isNaN(one.drained()) || Double.isNaN(two.drained()) ? "n/a"
                        : String.format(Locale.ROOT, "%.2f", two.drained() / one.drained()),
                two.endedPerSecond() / one.endedPerSecond()));
        return md.toString();
    }

    private static double percentileRatio(Side a, Side b, double percentile) {
        return (double) a.result().latencyMicros().getValueAtPercentile(percentile)
                / b.result().latencyMicros().getValueAtPercentile(percentile);
    }
}
