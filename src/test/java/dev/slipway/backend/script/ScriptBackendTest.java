package dev.slipway.backend.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.backend.Backend;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.FollowedBackendContract;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.RunProgress;
import dev.slipway.backend.StartedRun;
import dev.slipway.domain.StartAttempt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptBackendTest extends FollowedBackendContract {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AtomicLong DEPLOYMENT_IDS = new AtomicLong();
    private static final String SPAWNS_A_CHILD = "sleep 300 & echo $! > child.pid; wait";

    @TempDir
    Path tmp;
    Path runsDir;

    @BeforeEach
    void createRunsDir() {
        runsDir = tmp.resolve("runs");
    }

    @AfterEach
    void killWhatATestLeftRunning() throws IOException {
        if (!Files.isDirectory(runsDir)) {
            return;
        }
        try (Stream<Path> runs = Files.list(runsDir)) {
            for (Path dir : runs.toList()) {
                var recorded = ScriptRunFiles.recorded(dir);
                if (recorded.isPresent()) {
                    ScriptRun run = ScriptRun.parse(recorded.get().handle());
                    ScriptProcesses.killTree(run, Duration.ZERO, ScriptBackend.POLL_INTERVAL);
                }
            }
        } catch (PermanentBackendException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the contract's hooks: one command that behaves according to the ref it deploys

    @Override
    protected FollowedBackend newBackend() {
        return backend("echo started >> '" + tmp + "'/starts-{{deployment}}; case {{ref}} in "
                + "succeed) echo deployed ;; fail) echo broken >&2; exit 1 ;; *) sleep 300 ;; esac");
    }

    @Override
    protected DeploymentTask taskThatSucceeds() {
        return task("succeed");
    }

    @Override
    protected DeploymentTask taskThatFails() {
        return task("fail");
    }

    @Override
    protected DeploymentTask taskThatRunsUntilCancelled() {
        return task("wait");
    }

    @Override
    protected int timesStarted(DeploymentTask task) throws IOException {
        Path starts = tmp.resolve("starts-" + task.deploymentId());
        return Files.exists(starts) ? Files.readAllLines(starts).size() : 0;
    }

    // --- what is particular to scripts

    @Test
    void the_handle_names_the_wrapper_process_its_start_its_host_and_the_run_directory() throws Exception {
        DeploymentTask task = task("main");
        StartedRun run = backend("true").start(task);

        assertThat(run.handle()).matches("pid=\\d+;start=\\d+;host=[^;]+;dir=" + runsDir.resolve("" + task.deploymentId()));
        assertThat(ScriptRun.parse(run.handle()).handle()).isEqualTo(run.handle());
        assertThat(run.url()).isNull();
    }

    @Test
    void the_script_sees_the_deployment_in_its_environment_next_to_slipways_own() throws Exception {
        DeploymentTask task = task("v1.2.3");
        ScriptBackend backend = backend("echo \"$SLIPWAY_PROJECT $SLIPWAY_ENVIRONMENT $SLIPWAY_REF "
                + "$SLIPWAY_DEPLOYMENT_ID $SLIPWAY_USER\"; echo \"$PATH\"");

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.fullOutput()).isEqualTo("shop production v1.2.3 " + task.deploymentId() + " alice\n"
                + System.getenv("PATH") + "\n");
    }

    @Test
    void the_script_sees_a_clean_environment_without_slipways_secrets() throws Exception {
        Map<String, String> slipways = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/slipway", "LANG", "C.UTF-8",
                "SLACK_BOT_TOKEN", "xoxb-secret-bot-token", "NOTIFY_TOKEN", "secret-notify-token",
                "SLIPWAY_INJECTED", "from outside");
        ScriptBackend backend = new ScriptBackend(new ScriptSettings("env", null, null,
                Map.of("AWS_PROFILE", "deploy", "TARGET", "{{environment}}")), runsDir, slipways);
        DeploymentTask task = new DeploymentTask(DEPLOYMENT_IDS.incrementAndGet(), "shop", "production", "main",
                "alice", "C42", "1717.0001");

        RunResult result = backend.follow(task, backend.start(task));

        Map<String, String> seen = new java.util.TreeMap<>();
        result.fullOutput().lines().map(line -> line.split("=", 2)).filter(pair -> pair.length == 2)
                .forEach(pair -> seen.put(pair[0], pair[1]));
        seen.remove("PWD"); // the shell sets these two itself
        seen.remove("OLDPWD");
        assertThat(seen).isEqualTo(new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("PATH", "/usr/bin:/bin"), Map.entry("HOME", "/home/slipway"), Map.entry("LANG", "C.UTF-8"),
                Map.entry("AWS_PROFILE", "deploy"), Map.entry("TARGET", "production"),
                Map.entry("SLIPWAY_PROJECT", "shop"), Map.entry("SLIPWAY_ENVIRONMENT", "production"),
                Map.entry("SLIPWAY_REF", "main"), Map.entry("SLIPWAY_DEPLOYMENT_ID", "" + task.deploymentId()),
                Map.entry("SLIPWAY_USER", "alice"), Map.entry("SLIPWAY_CHANNEL", "C42"),
                Map.entry("SLIPWAY_THREAD", "1717.0001"))));
    }

    @Test
    void placeholders_in_the_command_are_filled_for_the_deployment() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("echo deploying {{ref}} of {{project}} to {{environment}} "
                + "as {{user}} for \\#{{deployment}}");

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.tail()).containsExactly(
                "deploying main of shop to production as alice for #" + task.deploymentId());
    }

    @Test
    void the_script_runs_in_its_workdir_with_placeholders_filled() throws Exception {
        Path workdir = Files.createDirectory(tmp.resolve("work-shop"));
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("pwd -P", tmp + "/work-{{project}}", null);

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.tail()).containsExactly(workdir.toRealPath().toString());
    }

    @Test
    void a_missing_workdir_is_a_permanent_failure_and_starts_nothing() {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("true", tmp.resolve("nowhere").toString(), null);

        assertThatThrownBy(() -> backend.start(task))
                .isInstanceOf(PermanentBackendException.class)
                .hasMessageContaining(tmp.resolve("nowhere").toString())
                .hasMessageContaining("does not exist");
        assertThat(runsDir.resolve(Long.toString(task.deploymentId()))).doesNotExist();
    }

    @Test
    void a_non_zero_exit_fails_with_its_code_and_the_last_lines() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("echo one; echo two >&2; exit 3");

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("exit code 3");
        assertThat(result.tail()).containsExactly("one", "two");
    }

    @Test
    void success_is_summarised_as_exit_code_zero() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("echo done");

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.summary()).isEqualTo("exit code 0");
    }

    @Test
    void the_output_is_told_while_the_script_runs() throws Exception {
        DeploymentTask task = task("main");
        Path go = tmp.resolve("go");
        ScriptBackend backend = backend("echo building; while [ ! -f '" + go + "' ]; do sleep 0.05; done; echo shipped");
        List<List<String>> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunProgress progress = new RunProgress() {
            @Override
            public void update(String status) {
            }

            @Override
            public void output(List<String> tail) {
                told.add(tail);
            }
        };
        StartedRun run = backend.start(task);
        java.util.concurrent.CompletableFuture<RunResult> followed = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return backend.follow(task, run, progress);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> told.contains(List.of("building")));
        Files.writeString(go, "");
        RunResult result = followed.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(result.tail()).containsExactly("building", "shipped");
        assertThat(told).doesNotHaveDuplicates();
    }

    @Test
    void the_tail_is_the_last_twenty_lines_of_stdout_and_stderr_in_the_order_printed() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("i=1; while [ $i -le 50 ]; do "
                + "if [ $((i % 2)) -eq 0 ]; then echo \"line $i\" >&2; else echo \"line $i\"; fi; "
                + "i=$((i + 1)); done");

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.tail()).isEqualTo(lines(31, 50));
        assertThat(result.fullOutput().lines()).isEqualTo(lines(1, 50));
    }

    @Test
    void a_huge_output_keeps_only_its_last_mebibyte_and_says_so() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("head -c 3000000 /dev/zero | tr '\\000' x; echo; echo last");

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.fullOutput()).startsWith("[output truncated: showing the last 1048576 of 3000006 bytes]");
        assertThat(result.fullOutput().length()).isLessThanOrEqualTo(ScriptOutput.MAX_BYTES + 100);
        assertThat(result.fullOutput()).endsWith("\nlast\n");
        assertThat(result.tail()).last().isEqualTo("last");
    }

    @Test
    void a_run_past_its_timeout_fails_and_its_whole_tree_is_killed() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend(SPAWNS_A_CHILD, tmp.toString(), Duration.ofSeconds(1));
        StartedRun run = backend.start(task);
        ProcessHandle wrapper = wrapperOf(run);
        ProcessHandle child = childOf(run);

        RunResult result = backend.follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("timed out after 1s");
        awaitGone(wrapper);
        awaitGone(child);
        assertThat(backend(SPAWNS_A_CHILD, tmp.toString(), Duration.ofSeconds(1)).follow(task, run))
                .isEqualTo(result);
    }

    @Test
    void the_timeout_counts_from_when_the_run_started_not_from_when_it_is_followed() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("sleep 300", null, Duration.ofMinutes(10));
        StartedRun run = backend.start(task);
        ProcessHandle wrapper = wrapperOf(run);
        StartedRun startedLongAgo = new StartedRun(run.handle(), null, Instant.now().minus(Duration.ofHours(1)));

        RunResult result = backend.follow(task, startedLongAgo);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("timed out after 10m");
        awaitGone(wrapper);
    }

    @Test
    void cancelling_kills_the_whole_tree() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend(SPAWNS_A_CHILD, tmp.toString(), null);
        StartedRun run = backend.start(task);
        ProcessHandle wrapper = wrapperOf(run);
        ProcessHandle child = childOf(run);

        backend.cancel(task, run);

        RunResult result = backend.follow(task, run);
        assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(result.summary()).isEqualTo("cancelled");
        awaitGone(wrapper);
        awaitGone(child);
    }

    @Test
    void a_script_that_ignores_term_is_killed_once_the_grace_is_over() throws Exception {
        DeploymentTask task = task("main");
        // An ignored signal stays ignored across fork and exec, so the child shrugs TERM off as well.
        ScriptBackend backend = backend("trap '' TERM; " + SPAWNS_A_CHILD, tmp.toString(), null);
        StartedRun run = backend.start(task);
        ProcessHandle wrapper = wrapperOf(run);
        ProcessHandle child = childOf(run);

        backend.cancel(task, run);

        assertThat(backend.follow(task, run).outcome()).isEqualTo(Outcome.CANCELLED);
        awaitGone(wrapper);
        awaitGone(child);
    }

    @Test
    void cancelling_a_run_that_already_ended_changes_nothing() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("echo done");
        StartedRun run = backend.start(task);
        RunResult result = backend.follow(task, run);

        backend.cancel(task, run);

        assertThat(backend.follow(task, run)).isEqualTo(result);
    }

    @Test
    void an_interrupted_follow_leaves_the_script_running_for_the_next_slipway_to_follow() throws Exception {
        DeploymentTask task = task("main");
        String command = "echo before; while [ ! -f release ]; do sleep 0.1; done; echo after";
        ScriptBackend backend = backend(command, tmp.toString(), null);
        StartedRun run = backend.start(task);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try {
                backend.follow(task, run);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        follower.start();
        Path output = ScriptRun.parse(run.handle()).output();
        await().atMost(PATIENCE).until(() -> Files.readString(output).contains("before"));

        follower.interrupt();
        follower.join(PATIENCE.toMillis());

        assertThat(follower.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(ScriptProcesses.find(ScriptRun.parse(run.handle()))).isPresent();

        Files.createFile(tmp.resolve("release"));
        RunResult result = backend(command, tmp.toString(), null).follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.fullOutput()).isEqualTo("before\nafter\n");
    }

    @Test
    void a_run_whose_process_vanished_without_an_exit_code_fails_saying_so() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend backend = backend("sleep 300");
        StartedRun run = backend.start(task);
        ProcessHandle wrapper = wrapperOf(run);
        await().atMost(PATIENCE).until(() -> wrapper.descendants().findAny().isPresent());
        List<ProcessHandle> below = wrapper.descendants().toList();

        // The wrapper first, as a reboot or kill -9 would take it, so that it cannot record an exit code.
        wrapper.destroyForcibly();
        awaitGone(wrapper);
        below.forEach(ProcessHandle::destroyForcibly);

        RunResult result = backend("sleep 300").follow(task, run);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("the script's process disappeared before reporting its exit code");
    }

    // --- a run taken over on another host, as by a replica on another machine

    @Test
    void a_run_launched_on_another_host_whose_files_are_not_here_has_an_unknown_outcome() throws Exception {
        DeploymentTask task = task("main");
        StartedRun run = backendOn("web-1", "sleep 300", runsDir, null).start(task);
        // What web-2 sees of a dead web-1: no process with that pid, and no run directory of its own.
        vanish(run);

        RunResult result = backendOn("web-2", "sleep 300", tmp.resolve("web-2-runs"), null).follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(result.summary()).isEqualTo("the script ran on web-1, which this server cannot see");
    }

    @Test
    void a_start_committed_on_another_host_whose_files_are_not_here_is_in_doubt_not_absent() throws Exception {
        DeploymentTask task = task("main").withStartAttempt(StartAttempt.newAt(Instant.now()));
        StartedRun run = backendOn("web-1", "sleep 300", runsDir, null).start(task);
        vanish(run);

        StartLookup found = backendOn("web-2", "sleep 300", tmp.resolve("web-2-runs"), null).findStart(task);

        assertThat(found).isInstanceOf(StartLookup.Unknown.class);
        assertThat(((StartLookup.Unknown) found).reason()).contains("another server");
    }

    @Test
    void a_start_committed_here_that_launched_nothing_is_not_started() throws Exception {
        DeploymentTask task = task("main").withStartAttempt(StartAttempt.newAt(Instant.now()));
        Path runDir = runsDir.resolve(Long.toString(task.deploymentId()));
        Files.createDirectories(runDir);
        ScriptRunFiles.recordAttempt(runDir, task.startAttempt());

        assertThat(backendOn("web-1", "sleep 300", runsDir, null).findStart(task))
                .isInstanceOf(StartLookup.NotStarted.class);
    }

    @Test
    void a_process_with_the_same_pid_here_is_not_taken_for_a_run_on_another_host() throws Exception {
        DeploymentTask task = task("main");
        StartedRun run = backendOn("web-1", "sleep 300", runsDir, null).start(task);
        ProcessHandle sameMachine = wrapperOf(run);
        ScriptBackend other = backendOn("web-2", "sleep 300", tmp.resolve("web-2-runs"), Duration.ofSeconds(1));

        RunResult result = other.follow(task, run);
        other.cancel(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(sameMachine.isAlive()).as("neither following nor cancelling signals a pid from another host")
                .isTrue();
    }

    @Test
    void a_run_from_another_host_that_ended_in_a_shared_runs_dir_has_its_real_result() throws Exception {
        DeploymentTask task = task("main");
        ScriptBackend launcher = backendOn("web-1", "echo deployed; exit 3", runsDir, null);
        StartedRun run = launcher.start(task);
        launcher.follow(task, run);

        RunResult result = backendOn("web-2", "echo deployed; exit 3", runsDir, null).follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("exit code 3");
        assertThat(result.fullOutput()).isEqualTo("deployed\n");
    }

    @Test
    void a_run_from_another_host_still_running_in_a_shared_runs_dir_is_followed_through_its_files() throws Exception {
        DeploymentTask task = task("main");
        String command = "while [ ! -f '" + tmp + "'/release ]; do sleep 0.1; done; echo done";
        StartedRun run = backendOn("web-1", command, runsDir, null).start(task);
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try {
                result.set(backendOn("web-2", command, runsDir, null).follow(task, run));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        follower.start();

        await().atMost(PATIENCE).until(() -> follower.getState() == Thread.State.TIMED_WAITING);
        Files.createFile(tmp.resolve("release"));
        follower.join(PATIENCE.toMillis());

        assertThat(result.get().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.get().fullOutput()).isEqualTo("done\n");
    }

    @Test
    void a_run_from_another_host_past_its_timeout_is_unknown_and_left_running() throws Exception {
        DeploymentTask task = task("main");
        StartedRun run = backendOn("web-1", "sleep 300", runsDir, null).start(task);
        ProcessHandle wrapper = wrapperOf(run);

        RunResult result = backendOn("web-2", "sleep 300", runsDir, Duration.ofSeconds(1)).follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(result.summary()).isEqualTo("the script ran on web-1, which this server cannot see,"
                + " and had not ended when its timeout of 1s passed");
        assertThat(wrapper.isAlive()).isTrue();
        assertThat(runsDir.resolve(Long.toString(task.deploymentId())).resolve("timed-out")).doesNotExist();
    }

    @Test
    void the_same_host_follows_its_own_run_as_before() throws Exception {
        DeploymentTask task = task("main");
        StartedRun run = backendOn("web-1", "sleep 300", runsDir, null).start(task);
        vanish(run);

        RunResult result = backendOn("web-1", "sleep 300", runsDir, null).follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("the script's process disappeared before reporting its exit code");
    }

    @Test
    void a_handle_recorded_before_hosts_were_is_this_hosts() throws Exception {
        ScriptRun old = ScriptRun.parse("pid=12;start=;dir=/var/lib/slipway/runs/4;x");

        assertThat(old.host()).isNull();
        assertThat(old.dir()).isEqualTo(Path.of("/var/lib/slipway/runs/4;x"));
        assertThat(ScriptRun.parse("pid=12;start=;host=web-1/b00t;dir=/r/4").host()).isEqualTo("web-1/b00t");
    }

    // --- helpers

    private ScriptBackend backend(String command) {
        return backend(command, null, null);
    }

    private ScriptBackend backend(String command, String workdir, Duration timeout) {
        return new ScriptBackend(new ScriptSettings(command, workdir, timeout), runsDir);
    }

    private ScriptBackend backendOn(String host, String command, Path runs, Duration timeout) {
        return new ScriptBackend(new ScriptSettings(command, null, timeout), runs, System.getenv(), host);
    }

    /** Ends the run's processes before the wrapper can record an exit code, as a machine going down would. */
    private static void vanish(StartedRun run) throws PermanentBackendException {
        ProcessHandle wrapper = wrapperOf(run);
        await().atMost(PATIENCE).until(() -> wrapper.descendants().findAny().isPresent());
        List<ProcessHandle> below = wrapper.descendants().toList();
        wrapper.destroyForcibly();
        awaitGone(wrapper);
        below.forEach(ProcessHandle::destroyForcibly);
    }

    private static DeploymentTask task(String ref) {
        return new DeploymentTask(DEPLOYMENT_IDS.incrementAndGet(), "shop", "production", ref, "alice", "C42", null);
    }

    private static ProcessHandle wrapperOf(StartedRun run) throws PermanentBackendException {
        return ProcessHandle.of(ScriptRun.parse(run.handle()).pid()).orElseThrow();
    }

    /** The background child that {@link #SPAWNS_A_CHILD} starts, once it has said who it is. */
    private ProcessHandle childOf(StartedRun run) {
        Path pidFile = tmp.resolve("child.pid");
        await().atMost(PATIENCE).until(() -> Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitGone(ProcessHandle process) {
        await().atMost(PATIENCE).until(() -> !ScriptProcesses.isRunning(process));
    }

    private static List<String> lines(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> "line " + i).toList();
    }
}
