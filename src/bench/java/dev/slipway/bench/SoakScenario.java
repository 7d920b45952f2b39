package dev.slipway.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The memory soak: Slipway as shipped (bin/slipway, its flags and archive) on SQLite under the durable workload
 * for a long while, its resident set (VmRSS) and peak (VmHWM) read every 10 s, to see whether memory settles or
 * keeps growing: the slope of RSS over the second half, by least squares.
 */
final class SoakScenario {
    private static final Duration EVERY = Duration.ofSeconds(10);

    private record Sample(double seconds, long rssKib, long hwmKib) {
    }

    private final Setup setup;
    private final Servers launcher;
    private final Duration length;

    SoakScenario(Setup setup, Servers launcher, Duration length) {
        this.setup = setup;
        this.launcher = launcher;
        this.length = length;
    }

    String run() throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        int port = Bench.freePort();
        Path dir = Files.createTempDirectory("slipway-bench-soak-");
        Path config = dir.resolve("slipway.yaml");
        Files.writeString(config, SlipwayYaml.of(SlipwayYaml.sqlite(dir.resolve("slipway.db")), dir.resolve("data"),
                port, setup.slack().apiUrl(), setup.environments(), "true", "{ workers: 4 }"));
        List<String> flags = List.of(Bench.FLAG_SETS.get("shipped").split(" "));
        List<String> command = launcher.command("slipway", "shipped", flags, port, config);
        System.out.printf(Locale.ROOT, "slipway-soak: starting (bin/slipway), %d s of load%n", length.toSeconds());
        List<Sample> samples = new ArrayList<>();
        LoadGenerator.Result result;
        long peakKib;
        try (ServerProcess server = ServerProcess.start(command, setup.out().resolve("slipway-soak.log"), port)) {
            LoadGenerator generator = new LoadGenerator(new InetSocketAddress("127.0.0.1", port),
                    Workload.durableWrites(runId, setup.environments()), Bench.SECRET, setup.connections(),
                    setup.clientThreads(), true);
            long started = System.nanoTime();
            CompletableFuture<LoadGenerator.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return generator.run(Duration.ZERO, length);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            for (long at = 0; at <= length.toMillis(); at += EVERY.toMillis()) {
                Thread.sleep(Math.max(0, at - (System.nanoTime() - started) / 1_000_000));
                Sample sample = new Sample((System.nanoTime() - started) / 1e9, server.rssKib(), server.peakRssKib());
                samples.add(sample);
                System.out.printf(Locale.ROOT, "  %5.0f s  RSS %.0f MiB  HWM %.0f MiB%n", sample.seconds(),
                        sample.rssKib() / 1024.0, sample.hwmKib() / 1024.0);
            }
            result = load.get();
            peakKib = server.peakRssKib();
        } finally {
            if (!setup.keep()) {
                Bench.deleteTree(dir);
            }
        }
        return section(result, samples, peakKib);
    }

    private String section(LoadGenerator.Result result, List<Sample> samples, long peakKib) {
        StringBuilder md = new StringBuilder("\n## Memory soak (Slipway through bin/slipway, SQLite, `deploy`, ")
                .append(setup.environments()).append(" environments)\n\n");
        md.append(String.format(Locale.ROOT, "%d s of load: %,.0f req/s, p99 %.2f ms, non-2xx %d, not done %d, I/O "
                        + "errors %d. Peak RSS (VmHWM) %.0f MiB. RSS over the second half: %+.2f MiB/min (least "
                        + "squares).%n%n", length.toSeconds(), result.throughput(),
                Bench.ms(result.latencyMicros().getValueAtPercentile(99)), result.non2xx(), result.unfulfilled(),
                result.ioErrors(), peakKib / 1024.0, slopeMibPerMinute(samples)));
        md.append("| s | RSS MiB | VmHWM MiB |\n|--:|--:|--:|\n");
        for (Sample sample : samples) {
            md.append(String.format(Locale.ROOT, "| %.0f | %.0f | %.0f |%n", sample.seconds(), sample.rssKib() / 1024.0,
                    sample.hwmKib() / 1024.0));
        }
        return md.toString();
    }

    /** The least-squares slope of RSS against time over the samples of the second half, in MiB per minute. */
    private double slopeMibPerMinute(List<Sample> samples) {
        List<Sample> late = samples.stream().filter(s -> s.seconds() >= length.toSeconds() / 2.0).toList();
        if (late.size() < 2) {
            return Double.NaN;
        }
        double meanT = late.stream().mapToDouble(Sample::seconds).average().orElseThrow();
        double meanR = late.stream().mapToDouble(s -> s.rssKib() / 1024.0).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Sample s : late) {
            covariance += (s.seconds() - meanT) * (s.rssKib() / 1024.0 - meanR);
            variance += (s.seconds() - meanT) * (s.seconds() - meanT);
        }
        return covariance / variance * 60;
    }
}
