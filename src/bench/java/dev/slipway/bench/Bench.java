package dev.slipway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The benchmark: for each JVM flag set and workload, starts the bare baseline and then the real Slipway server
 * ({@code java -jar target/slipway.jar serve}) as processes of their own on 127.0.0.1, loads each for a warm-up
 * and a measured window, and prints one table (also written as Markdown). Run it with {@code bench/run}.
 *
 * <pre>
 * --warmup 5s --measure 20s      the windows of each workload
 * --connections 50               keep-alive connections, one request in flight on each
 * --client-threads 2             selector threads of the load generator
 * --environments 40000           environments of project bench in the durable-writes config
 * --workloads status,deploy,storm,replicas,takeover
 *                                (a) read-only slash commands, (b) durable writes, and three Slipway-only
 *                                scenarios: the retry storm beside (b); (b) on 1 vs 2 replicas on PostgreSQL;
 *                                takeover after kill -9 of a replica
 * --servers baseline,slipway     servers of (a) and (b)
 * --drain-limit 120s             replicas: how long to wait for the backlog after the load
 * --takeover-rounds 3 --lease 3s --takeover-script 5s
 *                                takeover: rounds, jobs.lease of both replicas, how long the deployed script sleeps
 * --flags none,shipped           JVM flag sets: none; lean (-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1);
 *                                shipped (Slipway through bin/slipway: lean plus its class-data-sharing archive),
 *                                or literal flags ("-Xmx256m -XX:+UseSerialGC")
 * --thread-dumps 0               jcmd Thread.print samples of Slipway taken during each measured window
 * --jar target/slipway.jar --out target/bench
 * </pre>
 */
public final class Bench {
    static final String SECRET = "bench-signing-secret-00000000001";
    static final String BOT_TOKEN = "xoxb-0000000000-0000000000000-BenchBotToken001";
    static final Map<String, String> FLAG_SETS = Map.of(
            "none", "",
            "lean", "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            // Slipway through bin/slipway, as shipped (its flags plus its class-data-sharing archive, written by
            // a first start that is not measured); the baseline with the same flags, without an archive.
            "shipped", "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

    private record Row(String flags, String server, Workload workload, LoadGenerator.Result result, Duration coldStart,
                       long peakRssKib, double serverCores, double clientCores, double otherCores, String note) {
    }

    private final Map<String, String> options;
    private final Duration warmup;
    private final Duration measure;
    private final int connections;
    private final int clientThreads;
    private final int environments;
    private final int threadDumps;
    private final Path jar;
    private final Path out;
    /** Markdown sections of the scenarios that do not fit the table of (a) and (b). */
    private final List<String> sections = new ArrayList<>();

    private Bench(Map<String, String> options) {
        this.options = options;
        this.warmup = seconds(option("warmup", "5s"));
        this.measure = seconds(option("measure", "20s"));
        this.connections = Integer.parseInt(option("connections", "50"));
        this.clientThreads = Integer.parseInt(option("client-threads", "2"));
        this.environments = Integer.parseInt(option("environments", "40000"));
        this.threadDumps = Integer.parseInt(option("thread-dumps", "0"));
        this.jar = Path.of(option("jar", "target/slipway.jar")).toAbsolutePath();
        this.out = Path.of(option("out", "target/bench")).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        new Bench(options).run();
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -q -DskipTests package");
        }
        Files.createDirectories(out);
        List<String> flagSets = List.of(option("flags", "none,shipped").split(","));
        List<String> workloads = List.of(option("workloads", "status,deploy,storm,replicas,takeover").split(","));
        List<String> servers = List.of(option("servers", "baseline,slipway").split(","));
        List<Row> rows = new ArrayList<>();
        try (AlwaysOkSlack slack = new AlwaysOkSlack()) {
            for (String flagSet : flagSets) {
                List<String> flags = flags(flagSet);
                for (String workloadName : workloads) {
                    String section = scenario(workloadName, flagSet, flags, slack);
                    if (section != null) {
                        sections.add(section);
                        continue;
                    }
                    for (String server : servers) {
                        Row row = measure(flagSet, flags, server, workloadName, slack);
                        rows.add(row);
                        System.out.println(line(row));
                    }
                }
            }
        }
        String report = report(rows);
        Files.writeString(out.resolve("results.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + out.resolve("results.md"));
    }

    /** Runs a Slipway-only scenario and returns its Markdown section, or null if {@code name} is not one. */
    private String scenario(String name, String flagSet, List<String> flags, AlwaysOkSlack slack) throws Exception {
        Setup setup = new Setup(warmup, measure, connections, clientThreads, environments, jar, out, slack,
                options.containsKey("keep"));
        return switch (name) {
            case "storm" -> new RetryStormScenario(setup).run(flagSet, flags);
            case "replicas" -> new ReplicasScenario(setup, seconds(option("drain-limit", "120s"))).run(flagSet, flags);
            case "takeover" -> new TakeoverScenario(setup, Integer.parseInt(option("takeover-rounds", "3")),
                    seconds(option("lease", "3s")), seconds(option("takeover-script", "5s"))).run(flagSet, flags);
            default -> null;
        };
    }

    private Row measure(String flagSet, List<String> flags, String server, String workloadName, AlwaysOkSlack slack)
            throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Workload workload = switch (workloadName) {
            case "status" -> Workload.readOnly(runId);
            case "deploy" -> Workload.durableWrites(runId, environments);
            default -> throw new IllegalArgumentException("unknown workload " + workloadName);
        };
        int port = freePort();
        Path dir = Files.createTempDirectory("slipway-bench-");
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(flags);
        String note = "";
        if (server.equals("baseline")) {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), BaselineServer.class.getName(),
                    Integer.toString(port), SECRET));
        } else {
            int envs = workloadName.equals("deploy") ? environments : 2;
            Path config = dir.resolve("slipway.yaml");
            Files.writeString(config, config(dir, port, slack.apiUrl(), envs));
            command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
            note = envs + " environments";
            if (flagSet.equals("shipped")) {
                command = List.of(Path.of("bin", "slipway").toAbsolutePath().toString(), "serve", "--config", config.toString());
                ServerProcess.start(command, out.resolve("slipway-training.log"), port).close();
                for (String file : List.of("slipway.db", "slipway.db-wal", "slipway.db-shm")) {
                    Files.deleteIfExists(dir.resolve(file)); // the measured start migrates a new database, as before
                }
                note += "; bin/slipway with its archive";
            }
        }
        String label = server + "-" + workloadName + "-" + fileLabel(flagSet);
        Path log = out.resolve(label + ".log");
        System.out.printf(Locale.ROOT, "%s: starting (%s)%n", label, String.join(" ", flags));
        ServerProcess process = ServerProcess.start(command, log, port);
        LoadGenerator.Result result;
        double serverCores;
        double clientCores;
        double otherCores;
        try {
            // The baseline acknowledges with an empty body: only Slipway's answers are read for what they say.
            LoadGenerator generator = new LoadGenerator(new InetSocketAddress("127.0.0.1", port), workload, SECRET,
                    connections, clientThreads, server.equals("slipway"));
            CompletableFuture<LoadGenerator.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return generator.run(warmup, measure);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(warmup.toMillis());
            long serverCpu0 = cpuNanos(process.pid());
            long clientCpu0 = ownCpuNanos();
            long machineCpu0 = machineBusyNanos();
            long wall0 = System.nanoTime();
            dumpThreads(process.pid(), label);
            long left = measure.toNanos() - (System.nanoTime() - wall0);
            Thread.sleep(Math.max(0, left / 1_000_000));
            double wall = (System.nanoTime() - wall0) / 1e9;
            serverCores = (cpuNanos(process.pid()) - serverCpu0) / 1e9 / wall;
            clientCores = (ownCpuNanos() - clientCpu0) / 1e9 / wall;
            otherCores = Math.max(0, (machineBusyNanos() - machineCpu0) / 1e9 / wall - serverCores - clientCores);
            result = load.get();
        } finally {
            process.close();
        }
        if (server.equals("slipway") && workloadName.equals("deploy")) {
            note += "; stored: " + count(dir, "deployments") + " deployments, " + count(dir, "jobs") + " jobs";
        }
        if (!options.containsKey("keep")) {
            deleteTree(dir);
        }
        return new Row(flagSet, server, workload, result, process.coldStart(), process.peakRssKib(), serverCores,
                clientCores, otherCores, note);
    }

    /** Spreads {@code --thread-dumps} jcmd samples over the measured window. */
    private void dumpThreads(long pid, String label) throws IOException, InterruptedException {
        if (threadDumps <= 0 || !label.startsWith("slipway")) {
            return;
        }
        Path file = out.resolve(label + "-threads.txt");
        Files.deleteIfExists(file);
        long gap = measure.toMillis() / (threadDumps + 1);
        for (int i = 0; i < threadDumps; i++) {
            Thread.sleep(gap);
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            byte[] dump = jcmd.getInputStream().readAllBytes();
            jcmd.waitFor();
            Files.write(file, dump, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    static String config(Path dir, int port, String apiUrl, int environments) {
        return SlipwayYaml.of(SlipwayYaml.sqlite(dir.resolve("slipway.db")), dir.resolve("data"), port, apiUrl,
                environments, "true", "{ workers: 4 }");
    }

    /**
     * A flag set as the scenarios' headings name it: they start Slipway with {@code java <flags> -jar}, so
     * {@code shipped} gets the launcher's flags without its class-data-sharing archive.
     */
    static String scenarioFlags(String flagSet) {
        return flagSet.equals("shipped") ? "shipped (its flags through java -jar, without the archive)" : flagSet;
    }

    /** A flag set as part of a file name. */
    static String fileLabel(String flagSet) {
        return flagSet.replaceAll("[^A-Za-z0-9]+", "");
    }

    private String report(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("# Slipway benchmark, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(memTotal()).append(", Java ").append(System.getProperty("java.runtime.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append(")\n\n");
        md.append("Load: ").append(connections).append(" keep-alive connections on 127.0.0.1, one request in flight on each (")
                .append(clientThreads).append(" client thread(s)); warm-up ").append(warmup.toSeconds())
                .append(" s, then ").append(measure.toSeconds()).append(" s measured. Flag sets: ");
        FLAG_SETS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> md.append("`").append(e.getKey()).append("` = `").append(e.getValue().isEmpty() ? "(none)" : e.getValue()).append("`; "));
        md.append("\n\n");
        if (rows.isEmpty()) {
            sections.forEach(md::append);
            return md.toString();
        }
        md.append("| JVM flags | server | workload | req/s | p50 ms | p99 ms | p99.9 ms | max ms | non-2xx | not done | I/O errors "
                + "| cold start s | peak RSS MiB | CPU cores: server | client | others | notes |\n");
        md.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Row row : rows) {
            LoadGenerator.Result r = row.result();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %.2f | %.2f | %.2f | %.1f | %d | %d | %d | %.2f | %.0f | %.2f | %.2f | %.2f | %s |%n",
                    row.flags(), row.server(), row.workload().title(), r.throughput(),
                    ms(r.latencyMicros().getValueAtPercentile(50)), ms(r.latencyMicros().getValueAtPercentile(99)),
                    ms(r.latencyMicros().getValueAtPercentile(99.9)), ms(r.latencyMicros().getMaxValue()),
                    r.non2xx(), r.unfulfilled(), r.ioErrors(), row.coldStart().toMillis() / 1000.0,
                    row.peakRssKib() / 1024.0, row.serverCores(), row.clientCores(), row.otherCores(), row.note()));
        }
        md.append("""

                `not done`: 2xx answers that did not do what was asked (a deploy acknowledgement without "Deploying").
                `cold start`: process launch to the first 200 on `/healthz`. `peak RSS`: VmHWM of the server process.
                `CPU cores`: CPU time over the measured window divided by its length, for the server process, the load
                generator, and every other process on the machine (from /proc/stat), which competes for the same cores.
                """);
        sections.forEach(md::append);
        return md.toString();
    }

    private static String line(Row row) {
        LoadGenerator.Result r = row.result();
        return String.format(Locale.ROOT, "  %-8s %-6s %-8s %,9.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d  not done %d  io %d  "
                        + "cold %.2f s  RSS %.0f MiB  cpu server %.2f client %.2f others %.2f  %s",
                row.server(), row.flags(), row.workload().name(), r.throughput(), ms(r.latencyMicros().getValueAtPercentile(50)),
                ms(r.latencyMicros().getValueAtPercentile(99)), r.non2xx(), r.unfulfilled(), r.ioErrors(),
                row.coldStart().toMillis() / 1000.0, row.peakRssKib() / 1024.0, row.serverCores(), row.clientCores(), row.otherCores(),
                row.note());
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private static List<String> flags(String flagSet) {
        String flags = FLAG_SETS.getOrDefault(flagSet, flagSet);
        return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    private static Duration seconds(String text) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text.replaceAll("s$", "")) * 1000));
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * CPU time of a process and of its children it has waited for (the scripts Slipway runs), from
     * /proc/<pid>/stat, assuming the usual 100 ticks a second.
     */
    private static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= 14; i++) {
                ticks += Long.parseLong(fields[i]);
            }
            return ticks * 10_000_000L;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Busy CPU time of the whole machine (every state of /proc/stat's cpu line but idle and iowait). */
    private static long machineBusyNanos() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String[] fields = lines.findFirst().orElseThrow().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy * 10_000_000L;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String memTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB RAM",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .orElse("unknown RAM");
        } catch (IOException e) {
            return "unknown RAM";
        }
    }

    private static long count(Path dir, String table) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("slipway.db"));
             ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            return rows.next() ? rows.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
