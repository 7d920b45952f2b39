package dev.slipway.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code slipway serve} process on 127.0.0.1, port 0; its port is read from the line it logs once it listens.
 */
public final class Replica implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    /** What {@link Process#exitValue} says of a process ended by SIGKILL: 128 + 9. */
    public static final int KILLED = 137;

    private final String name;
    private final Process process;
    private final Path log;
    private int port;

    private Replica(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Launches the server; {@link #awaitListening} says when it serves. */
    static Replica launch(String name, Path config, Path log) {
        // Small and quick to start: several servers, the database and the test share a machine of two cores.
        ProcessBuilder serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.slipway.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            return new Replica(name, serve.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitListening(Duration atMost) {
        await().atMost(atMost).until(() -> LISTENING.matcher(log()).find() || !process.isAlive());
        Matcher listening = LISTENING.matcher(log());
        if (!listening.find()) {
            throw new IllegalStateException(name + " did not start listening:\n" + log());
        }
        port = Integer.parseInt(listening.group(1));
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** What it printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code pid} runs below this server: a script it launched and that still runs. */
    public boolean isAncestorOf(long pid) {
        return process.descendants().anyMatch(child -> child.pid() == pid);
    }

    /** {@code kill -9}: ends the process at once, with no shutdown of any kind; returns its exit value. */
    public int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still runs 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** A graceful stop if it comes within a few seconds, else SIGKILL. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }
}
