package dev.slipway.backend.script;

import dev.slipway.backend.PermanentBackendException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One launched script as its handle describes it: the wrapper shell's pid, when that process started (so a
 * recycled pid is not mistaken for it) and the run directory holding its output and exit code.
 *
 * <p>Handle format: {@code pid=123;start=1700000000000;dir=/var/lib/slipway/runs/42}, where {@code start} is
 * the process start in epoch milliseconds, empty when the platform could not tell. {@code dir} comes last
 * so that a path containing {@code ;} still parses.
 */
record ScriptRun(long pid, Instant processStart, Path dir) {
    static final String OUTPUT = "output.log";
    static final String EXIT_CODE = "exit-code";

    Path output() {
        return dir.resolve(OUTPUT);
    }

    Path exitCode() {
        return dir.resolve(EXIT_CODE);
    }

    Path cancelledMarker() {
        return dir.resolve("cancelled");
    }

    Path timedOutMarker() {
        return dir.resolve("timed-out");
    }

    String handle() {
        String start = processStart == null ? "" : Long.toString(processStart.toEpochMilli());
        return "pid=" + pid + ";start=" + start + ";dir=" + dir;
    }

    static ScriptRun parse(String handle) throws PermanentBackendException {
        String[] parts = handle.split(";", 3);
        if (parts.length != 3 || !parts[0].startsWith("pid=") || !parts[1].startsWith("start=")
                || !parts[2].startsWith("dir=")) {
            throw new PermanentBackendException("not a script run handle: " + handle);
        }
        try {
            long pid = Long.parseLong(parts[0].substring("pid=".length()));
            String start = parts[1].substring("start=".length());
            Instant processStart = start.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(start));
            return new ScriptRun(pid, processStart, Path.of(parts[2].substring("dir=".length())));
        } catch (RuntimeException e) {
            throw new PermanentBackendException("not a script run handle: " + handle, e);
        }
    }
}
