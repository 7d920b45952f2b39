package dev.slipway.backend.script;

import dev.slipway.backend.PermanentBackendException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One launched script as its handle describes it: the wrapper shell's pid, when that process started (so a
 * recycled pid is not mistaken for it), the host that launched it (the only one where that pid means anything)
 * and the run directory holding its output and exit code.
 *
 * <p>Handle format: {@code pid=123;start=1700000000000;host=web-1/6f1c…;dir=/var/lib/slipway/runs/42}, where
 * {@code start} is the process start in epoch milliseconds, empty when the platform could not tell, and
 * {@code host} is a {@link ScriptHost} identity. {@code dir} comes last so that a path containing {@code ;} still
 * parses. A handle without {@code host} (recorded before hosts were) counts as this host's.
 */
record ScriptRun(long pid, Instant processStart, String host, Path dir) {
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
        return "pid=" + pid + ";start=" + start + (host == null ? "" : ";host=" + host) + ";dir=" + dir;
    }

    /** Whether {@code other} is the same launch, wherever each found its run directory. */
    boolean sameLaunchAs(ScriptRun other) {
        return pid == other.pid && java.util.Objects.equals(processStart, other.processStart)
                && java.util.Objects.equals(host, other.host);
    }

    /** This launch, with its files read from {@code otherDir} (the same run directory, seen from another host). */
    ScriptRun in(Path otherDir) {
        return new ScriptRun(pid, processStart, host, otherDir);
    }

    static ScriptRun parse(String handle) throws PermanentBackendException {
        String[] parts = handle.split(";", 3);
        String host = null;
        if (parts.length == 3 && parts[2].startsWith("host=") && parts[2].indexOf(';') > 0) {
            host = parts[2].substring("host=".length(), parts[2].indexOf(';'));
            parts[2] = parts[2].substring(parts[2].indexOf(';') + 1);
        }
        if (parts.length != 3 || !parts[0].startsWith("pid=") || !parts[1].startsWith("start=")
                || !parts[2].startsWith("dir=")) {
            throw new PermanentBackendException("not a script run handle: " + handle);
        }
        try {
            long pid = Long.parseLong(parts[0].substring("pid=".length()));
            String start = parts[1].substring("start=".length());
            Instant processStart = start.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(start));
            return new ScriptRun(pid, processStart, host, Path.of(parts[2].substring("dir=".length())));
        } catch (RuntimeException e) {
            throw new PermanentBackendException("not a script run handle: " + handle, e);
        }
    }
}
