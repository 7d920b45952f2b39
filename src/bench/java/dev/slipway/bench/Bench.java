package dev.slipway.bench;

import dev.slipway.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The benchmark: for each JVM flag set and workload, starts the bare baseline, the Bolt for Java peer and the real
 * Slipway server ({@code java -jar target/slipway.jar serve}) as processes of their own on 127.0.0.1, one after the
 * other in each of {@code --rounds} rounds, loads each for a warm-up and a measured window, and prints one table per
 * workload: medians over the rounds with their spread, and Slipway's ratios to each peer (also written as Markdown).
 * Run it with {@code bench/run}.
 *
 * <pre>
 * --warmup 5s --measure 20s      the windows of each workload
 * --rounds 3                     rounds of every server, interleaved: round 1 baseline, bolt, slipway; round 2 ...
 * --connections 50               keep-alive connections, one request in flight on each
 * --client-threads 2             selector threads of the load generator
 * --environments 20              environments of project bench in deploy, deploy-pg and soak
 * --scenario-environments 40000  environments of project bench in storm and replicas
 * --workloads status,help,unknown,deploy,deploy-pg,soak,storm,replicas,takeover
 *                                signed slash commands (status, help, a deploy of an unknown project), durable
 *                                writes on SQLite and on PostgreSQL (Slipway only; the peers' figures from deploy),
 *                                a memory soak, and three Slipway-only scenarios
 * --servers baseline,bolt,slipway    and before, another build of Slipway given by --before-jar PATH
 * --drain-limit 120s             deploy, deploy-pg, replicas: how long to wait for the backlog after the load
 * --soak 300s                    soak: how long the load runs
 * --takeover-rounds 3 --lease 3s --takeover-script 5s
 *                                takeover: rounds, jobs.lease of both replicas, how long the deployed script sleeps
 * --flags none,shipped           JVM flag sets: none; lean (-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1);
 *                                shipped (Slipway through bin/slipway: lean plus its class-data-sharing archive),
 *                                or literal flags ("-Xmx256m -XX:+UseSerialGC")
 * --thread-dumps 0               jcmd Thread.print samples of Slipway taken during each measured window
 * --profile false                 a JDK Flight Recorder recording of Slipway over each measured window
 *                                 (target/bench/<run>.jfr), and where its request threads' CPU went (JfrBreakdown)
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
            // a first start that is not measured); the peers with the same flags, without an archive.
            "shipped", "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    private static final List<String> SCENARIOS = List.of("storm", "replicas", "takeover");

    private final Map<String, String> options;
    private final Duration warmup;
    private final Duration measure;
    private final int rounds;
    private final int connections;
    private final int clientThreads;
    private final int environments;
    private final int scenarioEnvironments;
    private final Duration drainLimit;
    private final int threadDumps;
    private final Path jar;
    private final Path out;
    /** Markdown sections, in the order they were measured. */
    private final List<String> sections = new ArrayList<>();
    private final boolean profile;

    private Bench(Map<String, String> options) {
        this.options = options;
        this.warmup = seconds(option("warmup", "5s"));
        this.measure = seconds(option("measure", "20s"));
        this.rounds = Integer.parseInt(option("rounds", "3"));
        this.connections = Integer.parseInt(option("connections", "50"));
        this.clientThreads = Integer.parseInt(option("client-threads", "2"));
        this.environments = Integer.parseInt(option("environments", "20"));
        this.scenarioEnvironments = Integer.parseInt(option("scenario-environments", "40000"));
        this.drainLimit = seconds(option("drain-limit", "120s"));
        this.threadDumps = Integer.parseInt(option("thread-dumps", "0"));
        this.profile = Boolean.parseBoolean(option("profile", "false"));
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
        List<String> workloads = List.of(option("workloads",
                "status,help,unknown,deploy,deploy-pg,soak,storm,replicas,takeover").split(","));
        Path beforeJar = options.containsKey("before-jar") ? Path.of(option("before-jar", "")).toAbsolutePath() : null;
        List<String> servers = List.of(option("servers", String.join(",", Servers.ALL.stream()
                .filter(s -> beforeJar != null || !s.equals("before")).toList())).split(","));
        for (String workload : workloads) { // a typo found now, not after an hour of runs
            if (!SCENARIOS.contains(workload) && !workload.equals("soak") && Workload.named(workload, "", 1) == null) {
                throw new IllegalArgumentException("unknown workload " + workload);
            }
        }
        if (!Servers.ALL.containsAll(servers)) {
            throw new IllegalArgumentException("unknown server in " + servers + "; known: " + Servers.ALL);
        }
        try (AlwaysOkSlack slack = new AlwaysOkSlack(); Postgres postgres = new Postgres()) {
            Servers launcher = new Servers(jar, beforeJar, out, slack);
            for (String flagSet : flagSets) {
                List<String> flags = flags(flagSet);
                List<Run> deployPeers = new ArrayList<>();
                for (String workload : workloads) {
                    if (workload.equals("soak")) {
                        continue; // once, after the flag sets: it has flags of its own
                    }
                    if (SCENARIOS.contains(workload)) {
                        sections.add(scenario(workload, flagSet, flags, slack));
                        continue;
                    }
                    sections.add(compare(launcher, postgres, flagSet, flags, servers, workload, deployPeers));
                }
            }
            if (workloads.contains("soak")) {
                Duration soak = seconds(option("soak", "300s"));
                sections.add(new SoakScenario(setup(slack, environments), launcher, soak).run());
            }
        }
        String report = report();
        Files.writeString(out.resolve("results.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + out.resolve("results.md"));
    }

    /**
     * Measures {@code servers} under one workload, round after round, and returns the workload's table.
     * {@code deployPeers}: the peers' runs of {@code deploy}, kept for {@code deploy-pg}'s table.
     */
    private String compare(Servers launcher, Postgres postgres, String flagSet, List<String> flags,
                           List<String> servers, String workload, List<Run> deployPeers) throws Exception {
        Workload named = Workload.named(workload, "", 1);
        // deploy-pg measures Slipway alone: to the peers it is deploy's acknowledgement again.
        List<String> roster = workload.equals("deploy-pg")
                ? servers.stream().filter(Servers::isSlipway).toList() : servers;
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String server : roster) {
                Run run = measure(launcher, postgres, flagSet, flags, server, workload, round);
                runs.add(run);
                System.out.println(ComparisonTable.line(run));
            }
        }
        if (workload.equals("deploy")) {
            runs.stream().filter(r -> !Servers.isSlipway(r.server())).forEach(deployPeers::add);
        }
        String title = named.title() + switch (workload) {
            case "deploy" -> ", on SQLite";
            case "deploy-pg" -> ", on PostgreSQL";
            default -> "";
        };
        String section = ComparisonTable.of(flagSet, workload, title, runs,
                workload.equals("deploy-pg") ? deployPeers : List.of());
        System.out.println(section);
        return section;
    }

    private Setup setup(AlwaysOkSlack slack, int environments) {
        return new Setup(warmup, measure, connections, clientThreads, environments, jar, out, slack,
                options.containsKey("keep"));
    }

    /** Runs a Slipway-only scenario and returns its Markdown section. */
    private String scenario(String name, String flagSet, List<String> flags, AlwaysOkSlack slack) throws Exception {
        Setup setup = setup(slack, scenarioEnvironments);
        return switch (name) {
            case "storm" -> new RetryStormScenario(setup).run(flagSet, flags);
            case "replicas" -> new ReplicasScenario(setup, drainLimit).run(flagSet, flags);
            case "takeover" -> new TakeoverScenario(setup, Integer.parseInt(option("takeover-rounds", "3")),
                    seconds(option("lease", "3s")), seconds(option("takeover-script", "5s"))).run(flagSet, flags);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private Run measure(Servers launcher, Postgres postgres, String flagSet, List<String> flags, String server,
                        String workloadName, int round) throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Workload workload = Workload.named(workloadName, runId, environments);
        int port = freePort();
        Path dir = Files.createTempDirectory("slipway-bench-");
        Path config = dir.resolve("slipway.yaml");
        boolean slipway = Servers.isSlipway(server);
        boolean durable = workloadName.startsWith("deploy");
        Callable<Connection> database = null;
        String note = "";
        if (slipway) {
            String databaseYaml;
            if (workloadName.equals("deploy-pg")) {
                String url = postgres.server().createDatabase("bench_" + runId);
                databaseYaml = SlipwayYaml.postgres(url);
                database = () -> DriverManager.getConnection(url, EmbeddedPostgresServer.USER, null);
            } else {
                Path file = dir.resolve("slipway.db");
                databaseYaml = SlipwayYaml.sqlite(file);
                database = () -> DriverManager.getConnection("jdbc:sqlite:" + file);
            }
            int envs = durable ? environments : 2;
            Files.writeString(config, SlipwayYaml.of(databaseYaml, dir.resolve("data"), port, launcher.slackUrl(),
                    envs, "true", "{ workers: 4 }"));
            note = envs + " environments" + (flagSet.equals("shipped") ? "; bin/slipway with its archive" : "");
        }
        List<String> command = launcher.command(server, flagSet, flags, port, config);
        String label = server + "-" + workloadName + "-" + fileLabel(flagSet) + "-r" + round;
        System.out.printf(Locale.ROOT, "%s: starting (%s)%n", label, String.join(" ", flags));
        ServerProcess process = ServerProcess.start(command, out.resolve(label + ".log"), port, true);
        LoadGenerator.Result result;
        double cpuMicrosPerRequest;
        double serverCores;
        double clientCores;
        double otherCores;
        Backlog backlog = null;
        try {
            // The peers acknowledge with an empty body: only Slipway's answers are read for what they say.
            LoadGenerator generator = new LoadGenerator(new InetSocketAddress("127.0.0.1", port), workload, SECRET,
                    connections, clientThreads, slipway);
            CompletableFuture<LoadGenerator.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return generator.run(warmup, measure);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(warmup.toMillis());
            long ownCpu0 = cpuNanos(process.pid(), false);
            long serverCpu0 = cpuNanos(process.pid(), true);
            long clientCpu0 = ownCpuNanos();
            long machineCpu0 = machineBusyNanos();
            long wall0 = System.nanoTime();
            Path recording = out.resolve(label + ".jfr");
            if (profile && slipway) {
                Files.deleteIfExists(recording);
                JfrBreakdown.record(process.pid(), measure.toSeconds(), recording);
            }
            dumpThreads(process.pid(), label);
            long left = measure.toNanos() - (System.nanoTime() - wall0);
            Thread.sleep(Math.max(0, left / 1_000_000));
            if (profile && slipway) {
                awaitFile(recording);
                sections.add(JfrBreakdown.of(recording, label));
            }
            double wall = (System.nanoTime() - wall0) / 1e9;
            long ownCpu = cpuNanos(process.pid(), false) - ownCpu0;
            serverCores = (cpuNanos(process.pid(), true) - serverCpu0) / 1e9 / wall;
            clientCores = (ownCpuNanos() - clientCpu0) / 1e9 / wall;
            otherCores = Math.max(0, (machineBusyNanos() - machineCpu0) / 1e9 / wall - serverCores - clientCores);
            result = load.get();
            cpuMicrosPerRequest = result.requests() == 0 ? Double.NaN : ownCpu / 1e3 / result.requests();
            if (slipway && durable) {
                backlog = Backlog.drain(database, drainLimit);
            }
        } finally {
            process.close();
        }
        if (!options.containsKey("keep")) {
            deleteTree(dir);
        }
        return new Run(flagSet, server, workloadName, round, result, process.coldStart(), process.firstAnswer(),
                process.peakRssKib(), cpuMicrosPerRequest, serverCores, clientCores, otherCores, backlog, note);
    }

    /** Spreads {@code --thread-dumps} jcmd samples over the measured window. */
    /** A recording is written when its duration ends, which is about when the window does. */
    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.isRegularFile(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(500); // written whole before it is read
    }

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

    private String report() {
        StringBuilder md = new StringBuilder();
        md.append("# Slipway benchmark, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(memTotal()).append(", Java ").append(System.getProperty("java.runtime.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append(")\n\n");
        md.append("Load: ").append(connections).append(" keep-alive connections on 127.0.0.1, one request in flight on each (")
                .append(clientThreads).append(" client thread(s)); warm-up ").append(warmup.toSeconds())
                .append(" s, then ").append(measure.toSeconds()).append(" s measured; ").append(rounds)
                .append(" round(s), the servers one after the other in each. Flag sets: ");
        FLAG_SETS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> md.append("`").append(e.getKey()).append("` = `").append(e.getValue().isEmpty() ? "(none)" : e.getValue()).append("`; "));
        md.append("\n\n");
        md.append("""
                Servers: `baseline` = Javalin checking the Slack signature, nothing else; `bolt` = Bolt for Java 1.47.0
                (its jakarta servlet on Jetty 11, signature verification on) acknowledging `/slipway` and app_mention
                events; `slipway` = `java -jar target/slipway.jar serve` (`shipped`: bin/slipway with its archive).
                Figures are the median over rounds, (min–max) when there were several. Ratios: Slipway's figure over
                the peer's in the same round, median (min–max) of those. `server CPU µs/req`: utime + stime of the
                server process (/proc/<pid>/stat) over the measured window, divided by the requests answered in it.
                `cold start`: launch to the first 200 on `GET /healthz`; `first signed answer`: launch to the first 200
                to a signed `/slipway help` (a fresh one every ~10 ms), on a fresh database. `peak RSS`: VmHWM.
                `CPU cores`: CPU time over the measured window divided by its length, of the load generator and of
                every other process on the machine (from /proc/stat), which competes for the same cores: a high
                figure there means a noisy round.
                `not done`: a deploy Slipway acknowledged without accepting it (accepted: "Deploying", "Queued", or
                joining a deployment queued just before with the same ref).
                """);
        sections.forEach(md::append);
        return md.toString();
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
     * CPU time of a process (utime + stime) and, if asked, of its children it has waited for (the scripts Slipway runs), from
     * /proc/<pid>/stat, assuming the usual 100 ticks a second.
     */
    static long cpuNanos(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= (withChildren ? 14 : 12); i++) {
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

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
