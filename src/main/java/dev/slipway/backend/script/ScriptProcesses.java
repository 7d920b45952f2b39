package dev.slipway.backend.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding a launched script again from its handle, and stopping it with everything it spawned. */
final class ScriptProcesses {
    // Two JVMs derive a process's start instant from boot time and clock ticks; allow for rounding between them.
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private ScriptProcesses() {
    }

    /** The run's wrapper shell if it is still running, and really is that process rather than a recycled pid. */
    static Optional<ProcessHandle> find(ScriptRun run) {
        return ProcessHandle.of(run.pid())
                .filter(process -> startedAt(process, run.processStart()))
                .filter(ScriptProcesses::isRunning);
    }

    static Optional<Instant> startOf(ProcessHandle process) {
        return process.info().startInstant();
    }

    /**
     * Whether the process still runs. A zombie counts as ended: once Slipway has restarted, nobody may reap
     * the wrapper (a container's pid 1 often does not), and {@link ProcessHandle#isAlive} reports zombies alive.
     */
    static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && !isZombie(process.pid());
    }

    /**
     * Sends TERM to the run's process group and every process below the wrapper, waits up to {@code grace} for
     * them to go, then KILLs what is left. The group reaches children that were re-parented away from the
     * wrapper; the walk of descendants covers a wrapper that could not be given its own session.
     */
    static void killTree(ScriptRun run, Duration grace, Duration poll) {
        Optional<ProcessHandle> wrapper = find(run);
        if (wrapper.isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(wrapper.get());
        wrapper.get().descendants().forEach(tree::add);

        signalGroup(run.pid(), "TERM");
        tree.forEach(ProcessHandle::destroy);
        boolean interrupted = awaitEnd(tree, grace, poll);
        signalGroup(run.pid(), "KILL");
        tree.stream().filter(ScriptProcesses::isRunning).forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the processes to end; returns whether the wait was interrupted (the kill goes on regardless). */
    private static boolean awaitEnd(List<ProcessHandle> processes, Duration grace, Duration poll) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (processes.stream().anyMatch(ScriptProcesses::isRunning) && System.nanoTime() < deadline) {
                Thread.sleep(poll.toMillis());
            }
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void signalGroup(long groupId, String signal) {
        // Java cannot signal a process group; the shell's kill can. Values go in as arguments, never as code.
        ProcessBuilder kill = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$1\" -- \"-$2\" 2>/dev/null",
                "slipway-kill", signal, Long.toString(groupId))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            kill.start().onExit().join();
        } catch (IOException e) {
            // Without a shell there is no group to signal; the walk of descendants still stops the run.
        }
    }

    private static boolean startedAt(ProcessHandle process, Instant expected) {
        Optional<Instant> actual = startOf(process);
        if (expected == null || actual.isEmpty()) {
            return true;
        }
        return Duration.between(expected, actual.get()).abs().compareTo(START_TOLERANCE) <= 0;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state follows the command name, which is in parentheses and may itself contain ") ".
            int end = stat.lastIndexOf(')');
            return end >= 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
