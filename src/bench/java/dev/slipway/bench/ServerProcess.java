package dev.slipway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in a JVM of its own: launched, timed until its first 200 on {@code GET /healthz} (its cold
 * start) and, if asked, until its first 200 to a signed {@code /slipway help} (its first answer), and watched for its peak resident set ({@code VmHWM} of {@code /proc/<pid>/status}) until it is stopped.
 * A server still running when the benchmark's JVM exits, however it exits, gets SIGKILL.
 */
final class ServerProcess implements AutoCloseable {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);

    private final Process process;
    private final Path log;
    private final Duration coldStart;
    private final Duration firstAnswer;
    private final Thread sampler;
    private volatile long peakRssKib;

    private ServerProcess(Process process, Path log, Duration coldStart, Duration firstAnswer) {
        this.process = process;
        this.log = log;
        this.coldStart = coldStart;
        this.firstAnswer = firstAnswer;
        this.sampler = new Thread(this::sample, "rss-" + process.pid());
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Launches {@code command} (output to {@code log}) and waits for {@code /healthz} on {@code port} to answer 200. */
    static ServerProcess start(List<String> command, Path log, int port) throws IOException, InterruptedException {
        return start(command, log, port, false);
    }

    /**
     * {@code firstAnswer}: also wait for the first 200 to a signed {@code /slipway help} (a fresh request every
     * 10 ms or so), polled beside {@code /healthz} so that neither waits for the other.
     */
    static ServerProcess start(List<String> command, Path log, int port, boolean firstAnswer)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        long launched = System.nanoTime();
        Process process = builder.start();
        RUNNING.add(process);
        long deadline = launched + START_TIMEOUT.toNanos();
        long healthyAt = 0;
        long answeredAt = firstAnswer ? 0 : launched;
        for (int probe = 0; healthyAt == 0 || answeredAt == 0; probe++) {
            if (healthyAt == 0 && healthy(port)) {
                healthyAt = System.nanoTime();
            }
            if (answeredAt == 0 && SignedProbe.answers(port, probe)) {
                answeredAt = System.nanoTime();
            }
            if (healthyAt != 0 && answeredAt != 0) {
                break;
            }
            if (!process.isAlive()) {
                RUNNING.remove(process);
                throw new IllegalStateException("the server exited with " + process.exitValue() + " before answering; see " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                RUNNING.remove(process);
                throw new IllegalStateException("the server did not answer /healthz" + (firstAnswer ? " and a signed slash command" : "")
                        + " within " + START_TIMEOUT + "; see " + log);
            }
            Thread.sleep(firstAnswer ? 10 : 5);
        }
        return new ServerProcess(process, log, Duration.ofNanos(healthyAt - launched),
                firstAnswer ? Duration.ofNanos(answeredAt - launched) : null);
    }

    /** What the server printed so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown of any kind; returns once the process is gone (at most 10 s). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid " + process.pid() + " still runs 10 s after SIGKILL");
        }
        RUNNING.remove(process);
    }

    long pid() {
        return process.pid();
    }

    Duration coldStart() {
        return coldStart;
    }

    /** Launch to the first 200 to a signed slash command, or null if it was not asked for. */
    Duration firstAnswer() {
        return firstAnswer;
    }

    /** What the process holds resident now (VmRSS), in KiB; 0 once it has gone. */
    long rssKib() {
        return readStatus("VmRSS:");
    }

    /** The most memory the process has held resident so far, in KiB. */
    long peakRssKib() {
        peakRssKib = Math.max(peakRssKib, readHwm());
        return peakRssKib;
    }

    /** SIGTERM, then SIGKILL if it has not exited after {@link #STOP_TIMEOUT}. */
    @Override
    public void close() throws InterruptedException {
        peakRssKib();
        sampler.interrupt();
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        RUNNING.remove(process);
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted() && process.isAlive()) {
            peakRssKib = Math.max(peakRssKib, readHwm());
            try {
                Thread.sleep(SAMPLE_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long readHwm() {
        return readStatus("VmHWM:");
    }

    /** A size in KiB from /proc/<pid>/status. */
    private long readStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
            return 0;
        } catch (IOException | UncheckedIOException e) {
            return 0; // the process has gone
        }
    }

    /** One {@code GET /healthz} on a fresh connection: true on 200, false while nothing listens or it answers otherwise. */
    static boolean healthy(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] statusLine = in.readNBytes(12);
            return new String(statusLine, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }
}
