package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A deploy script that counts its runs: each run appends one line ({@code <deployment id> <environment> <pid>})
 * to {@code runs.log}. While the test holds its environment it waits for a go file, and its exit code is what
 * that file says. It waits at most 60 seconds, and {@link #releaseAll} lets every waiting run end, so no run
 * outlives its test for long.
 */
public final class CountingScript {
    /** One line of {@code runs.log}: one start of the script. */
    public record Run(long deploymentId, String environment, long pid) {
    }

    private static final String SCRIPT = """
            #!/bin/sh
            echo "$SLIPWAY_DEPLOYMENT_ID $SLIPWAY_ENVIRONMENT $$" >> runs.log
            i=0
            if [ -f "hold-$SLIPWAY_ENVIRONMENT" ]; then
              while [ ! -f "go-$SLIPWAY_DEPLOYMENT_ID" ] && [ ! -f go-all ] && [ $i -lt 1200 ]; do
                sleep 0.05; i=$((i+1))
              done
            fi
            code=$(cat "go-$SLIPWAY_DEPLOYMENT_ID" 2>/dev/null)
            exit "${code:-0}"
            """;

    private final Path workdir;

    private CountingScript(Path workdir) {
        this.workdir = workdir;
    }

    /** Writes the script as {@code run.sh} in {@code workdir}, where its runs log and wait. */
    public static CountingScript installIn(Path workdir) {
        try {
            Files.createDirectories(workdir);
            Path script = workdir.resolve("run.sh");
            Files.writeString(script, SCRIPT);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new CountingScript(workdir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code backend:} value of an environment deployed by this script. */
    public String backendYaml() {
        return "{ type: script, command: ./run.sh, workdir: " + workdir + ", timeout: 2m }";
    }

    /** Every start so far, oldest first. */
    public List<Run> runs() {
        try {
            Path log = workdir.resolve("runs.log");
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log).stream().filter(line -> !line.isBlank()).map(line -> {
                String[] parts = line.trim().split(" ");
                return new Run(Long.parseLong(parts[0]), parts[1], Long.parseLong(parts[2]));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Run> runsOf(String environment) {
        return runs().stream().filter(run -> run.environment().equals(environment)).toList();
    }

    /** From now on, a run in {@code environment} waits for {@link #release}. */
    public void hold(String environment) {
        touch("hold-" + environment, "");
    }

    /** Lets the held run of {@code deploymentId} end with {@code exitCode}. */
    public void release(long deploymentId, int exitCode) {
        touch("go-" + deploymentId, Integer.toString(exitCode));
    }

    /** Lets every held run end, now and later. */
    public void releaseAll() {
        touch("go-all", "");
    }

    private void touch(String name, String content) {
        try {
            Path temporary = workdir.resolve(name + ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, workdir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
