package dev.slipway.backend.script;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.RunProgress;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.DurationText;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.StartAttempt;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys by running a shell command on Slipway's host. The command runs detached, writing its output and
 * finally its exit code into {@code <runsDir>/<deploymentId>/}, so a run outlives a restart of Slipway and a
 * new process follows or cancels it from the handle alone.
 *
 * <p>The handle names the host that launched the run ({@link ScriptHost}). Only that host follows the process;
 * another one (a replica elsewhere, or this machine after a reboot) never looks up or signals the pid, and knows
 * the outcome only if the run's files are in its own runs directory (a shared dataDir). Otherwise the outcome is
 * {@link Outcome#UNKNOWN}: the script may still be running there.
 *
 * <p>Values are data, never code: the deployment's values reach the script only as {@code SLIPWAY_*} environment
 * variables, which the command's placeholders refer to in quotes ({@link ScriptCommand}). The script's environment
 * is built from nothing — {@code PATH}, {@code HOME}, {@code LANG}, the {@code SLIPWAY_*} variables and the
 * settings' {@code env} — so none of Slipway's own secrets reach it.
 */
public final class ScriptBackend implements FollowedBackend {
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    static final Duration KILL_GRACE = Duration.ofSeconds(2);
    static final String DISAPPEARED = "the script's process disappeared before reporting its exit code";

    // Serialises starts within this JVM; the file lock in start() does the same across processes.
    private static final Object START_LOCK = new Object();

    /** What a script inherits from Slipway's own environment; everything else it must be given through env. */
    static final java.util.List<String> INHERITED = java.util.List.of("PATH", "HOME", "LANG");
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final ScriptSettings settings;
    private final String shellCommand;
    private final Map<String, String> inherited;
    private final Path runsDir;
    private final String host;
    private final ScriptLauncher launcher = new ScriptLauncher();

    public ScriptBackend(ScriptSettings settings, Path runsDir) {
        this(settings, runsDir, System.getenv(), ScriptHost.local());
    }

    /** With {@code slipwayEnvironment} standing for Slipway's own environment, of which {@link #INHERITED} passes. */
    ScriptBackend(ScriptSettings settings, Path runsDir, Map<String, String> slipwayEnvironment) {
        this(settings, runsDir, slipwayEnvironment, ScriptHost.local());
    }

    /** As on the machine {@code host} ({@link ScriptHost#local()} in production), which its runs' handles record. */
    ScriptBackend(ScriptSettings settings, Path runsDir, Map<String, String> slipwayEnvironment, String host) {
        this.settings = settings;
        this.shellCommand = ScriptCommand.toShell(settings.command());
        this.runsDir = runsDir;
        this.host = ScriptHost.clean(host);
        Map<String, String> inherited = new java.util.LinkedHashMap<>();
        inherited.put("PATH", DEFAULT_PATH);
        for (String name : INHERITED) {
            String value = slipwayEnvironment.get(name);
            if (value != null) {
                inherited.put(name, value);
            }
        }
        this.inherited = Map.copyOf(inherited);
    }

    public static BackendType<ScriptSettings> type(Path runsDir) {
        return new BackendType<>("script", ScriptSettings.class, RefKind.GIT, s -> new ScriptBackend(s, runsDir),
                s -> Optional.empty());
    }

    @Override
    public StartedRun start(DeploymentTask task) throws BackendException {
        Path workdir = workdirOf(task);
        Path runDir = runsDir.resolve(Long.toString(task.deploymentId()));
        synchronized (START_LOCK) {
            try {
                Files.createDirectories(runDir);
                try (FileChannel channel = FileChannel.open(runDir.resolve("start.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    // One run per deployment, ever: a start job retried after a crash, or a run already over,
                    // gets the recorded run back rather than deploying a second time.
                    Optional<StartedRun> existing = ScriptRunFiles.recorded(runDir);
                    if (existing.isPresent()) {
                        return existing.get();
                    }
                    if (task.startAttempt() != null) {
                        ScriptRunFiles.recordAttempt(runDir, task.startAttempt());
                    }
                    Instant startedAt = Instant.now();
                    ScriptRun run = launcher.launch(shellCommand, workdir, environment(task), runDir, host);
                    StartedRun started = new StartedRun(run.handle(), null, startedAt);
                    ScriptRunFiles.record(runDir, started);
                    return started;
                }
            } catch (IOException e) {
                throw new TransientBackendException("could not start the script for deployment "
                        + task.deploymentId() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public RunResult follow(DeploymentTask task, StartedRun started) throws BackendException, InterruptedException {
        return follow(task, started, RunProgress.NONE);
    }

    /** Follows the run, telling {@code progress} its output's tail whenever it grew, at most once a second. */
    @Override
    public RunResult follow(DeploymentTask task, StartedRun started, RunProgress progress)
            throws BackendException, InterruptedException {
        ScriptRun run = ScriptRun.parse(started.handle());
        OutputWatch watch = new OutputWatch(run.output(), progress);
        Instant deadline = started.startedAt().plus(settings.timeout());
        try {
            if (!launchedHere(run)) {
                return followFromAfar(task, run, deadline);
            }
            while (true) {
                Optional<RunResult> ended = ended(run);
                if (ended.isPresent()) {
                    return ended.get();
                }
                if (ScriptProcesses.find(run).isEmpty()) {
                    // It may have written its exit code between the two looks.
                    return ended(run).orElse(result(run, Outcome.FAILED, DISAPPEARED));
                }
                if (!Instant.now().isBefore(deadline)) {
                    return timeOut(run);
                }
                watch.look();
                // An interrupt lands here and leaves the script running: that is how a run is handed back.
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (IOException e) {
            throw new TransientBackendException("could not read the script run in " + run.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A run launched on another host (or before this host's last reboot): its pid means nothing here, so it is
     * never looked up or signalled. Only its files can tell how it went, when this host's runs directory is the
     * same (a shared dataDir); otherwise, or when it outlives its timeout, its outcome is unknown.
     */
    private RunResult followFromAfar(DeploymentTask task, ScriptRun run, Instant deadline)
            throws IOException, InterruptedException {
        Path localDir = runsDir.resolve(Long.toString(task.deploymentId()));
        Optional<ScriptRun> recorded = recordedHere(localDir);
        if (recorded.isEmpty() || !recorded.get().sameLaunchAs(run)) {
            return result(null, Outcome.UNKNOWN, unseen(run));
        }
        ScriptRun files = run.in(localDir);
        while (true) {
            Optional<RunResult> ended = ended(files);
            if (ended.isPresent()) {
                return ended.get();
            }
            if (!Instant.now().isBefore(deadline)) {
                return result(files, Outcome.UNKNOWN, unseen(run) + ", and had not ended when its timeout of "
                        + DurationText.of(settings.timeout()) + " passed");
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private static Optional<ScriptRun> recordedHere(Path localDir) throws IOException {
        Optional<StartedRun> recorded = ScriptRunFiles.recorded(localDir);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScriptRun.parse(recorded.get().handle()));
        } catch (PermanentBackendException e) {
            return Optional.empty();
        }
    }

    private static String unseen(ScriptRun run) {
        return "the script ran on " + run.host() + ", which this server cannot see";
    }

    /** Handles recorded before hosts were named count as this host's, as they were followed then. */
    private boolean launchedHere(ScriptRun run) {
        return run.host() == null || run.host().equals(host);
    }

    /**
     * The run the run directory records. A directory with output but no record is a launch cut short between
     * starting the script and recording it: the script may be running, and only a person can tell.
     */
    @Override
    public StartLookup findStart(DeploymentTask task) throws BackendException {
        Path runDir = runsDir.resolve(Long.toString(task.deploymentId()));
        try {
            Optional<StartedRun> recorded = ScriptRunFiles.recorded(runDir);
            if (recorded.isPresent()) {
                return new StartLookup.Started(recorded.get());
            }
            if (Files.exists(runDir.resolve(ScriptRun.OUTPUT))) {
                return new StartLookup.Unknown("the script was launched but its run was not recorded", runDir.toString());
            }
            StartAttempt attempt = task.startAttempt();
            if (attempt != null && !ScriptRunFiles.attempted(runDir, attempt)) {
                // Committed, but no launch began from here: it may have begun on another server, whose files
                // this one cannot see (a dataDir of its own), or the server stopped before it began.
                return new StartLookup.Unknown("its start was committed on another server, or cut short before it"
                        + " began, and no run of it is recorded in this server's " + runsDir,
                        "the run directory of deployment " + task.deploymentId() + " on the server that committed its"
                                + " start (not " + host + ")");
            }
            return new StartLookup.NotStarted();
        } catch (IOException e) {
            throw new TransientBackendException("could not read the script run in " + runDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Cancellation cancel(DeploymentTask task, StartedRun started) throws BackendException {
        ScriptRun run = ScriptRun.parse(started.handle());
        try {
            if (ended(run).isPresent()) {
                return new Cancellation.Stopped(); // its end is recorded: nothing to stop, nothing to change
            }
        } catch (IOException e) {
            throw new TransientBackendException("could not read the script run in " + run.dir() + ": "
                    + e.getMessage(), e);
        }
        if (!launchedHere(run) || ScriptProcesses.find(run).isEmpty()) {
            // Not running here and not ended: its process is on another host (or gone), out of this one's reach;
            // and a pid from another host may name an unrelated process here, so it is never signalled.
            return new Cancellation.CannotStop("Slipway cannot see the script of deployment " + task.deploymentId()
                    + " from this host (it runs on another host, or it is gone): stop process " + run.pid()
                    + " on the host whose runs are in " + run.dir());
        }
        try {
            // The marker goes first: a killed wrapper reports no exit code, and follow() must not take that
            // for a process that disappeared.
            ScriptRunFiles.write(run.cancelledMarker(), "cancelled");
        } catch (IOException e) {
            throw new TransientBackendException("could not mark the script run in " + run.dir()
                    + " as cancelled: " + e.getMessage(), e);
        }
        ScriptProcesses.killTree(run, KILL_GRACE, POLL_INTERVAL);
        return new Cancellation.Stopped();
    }

    private RunResult timeOut(ScriptRun run) throws IOException {
        // Recorded, so that following again after a restart gives the same answer rather than "disappeared".
        ScriptRunFiles.write(run.timedOutMarker(), "timed out after " + DurationText.of(settings.timeout()));
        ScriptProcesses.killTree(run, KILL_GRACE, POLL_INTERVAL);
        return ended(run).orElseThrow();
    }

    /** The result if the run has ended in a way it recorded: cancelled, timed out or exited. */
    private static Optional<RunResult> ended(ScriptRun run) throws IOException {
        if (Files.exists(run.cancelledMarker())) {
            return Optional.of(result(run, Outcome.CANCELLED, "cancelled"));
        }
        Optional<String> timedOut = ScriptRunFiles.read(run.timedOutMarker());
        if (timedOut.isPresent()) {
            return Optional.of(result(run, Outcome.FAILED, timedOut.get().strip()));
        }
        Optional<String> exitCode = ScriptRunFiles.read(run.exitCode()).map(String::strip);
        if (exitCode.isPresent()) {
            Outcome outcome = exitCode.get().equals("0") ? Outcome.SUCCEEDED : Outcome.FAILED;
            return Optional.of(result(run, outcome, "exit code " + exitCode.get()));
        }
        return Optional.empty();
    }

    /** {@code run} null: a run whose files are not here, so there is no output to show. */
    private static RunResult result(ScriptRun run, Outcome outcome, String summary) throws IOException {
        if (run == null) {
            return new RunResult(outcome, summary, java.util.List.of(), "");
        }
        ScriptOutput output = ScriptOutput.read(run.output());
        return new RunResult(outcome, summary, output.tail(), output.full());
    }

    private Path workdirOf(DeploymentTask task) throws PermanentBackendException {
        if (settings.workdir() == null) {
            return null;
        }
        Path workdir = Path.of(task.fill(settings.workdir()));
        if (!Files.isDirectory(workdir)) {
            throw new PermanentBackendException(
                    "the script's workdir " + workdir + " does not exist or is not a directory");
        }
        return workdir;
    }

    /** The line {@code /bin/sh -c} runs: the configured command with its placeholders turned into quoted references. */
    String shellCommand() {
        return shellCommand;
    }

    /** The script's whole environment: nothing of Slipway's but {@link #INHERITED}. */
    Map<String, String> environment(DeploymentTask task) {
        Map<String, String> environment = new java.util.LinkedHashMap<>(inherited);
        settings.env().forEach((name, value) -> environment.put(name, task.fill(value)));
        task.placeholders().forEach((placeholder, value) ->
                environment.put(ScriptCommand.VARIABLES.get(placeholder), value));
        return environment;
    }

    /** Tells a run's output as it grows, read from its log no more often than {@link RunProgress#OUTPUT_EVERY}. */
    private static final class OutputWatch {
        private final Path log;
        private final RunProgress progress;
        private long toldSize = 0;
        private long nextLook = 0;

        OutputWatch(Path log, RunProgress progress) {
            this.log = log;
            this.progress = progress;
        }

        void look() throws IOException {
            long now = System.nanoTime();
            if (progress == RunProgress.NONE || now - nextLook < 0) {
                return;
            }
            nextLook = now + RunProgress.OUTPUT_EVERY.toNanos();
            long size = java.nio.file.Files.exists(log) ? java.nio.file.Files.size(log) : 0;
            if (size != toldSize) {
                toldSize = size;
                progress.output(ScriptOutput.read(log).tail());
            }
        }
    }
}
