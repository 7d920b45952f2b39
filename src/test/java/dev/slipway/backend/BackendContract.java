package dev.slipway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.backend.RunResult.Outcome;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Backend} must do, whatever it deploys with. A subclass supplies the backend and tasks
 * that make the system behind it succeed, fail, or run until cancelled; each task must be for a deployment
 * no other test has used.
 */
public abstract class BackendContract {
    private final ExecutorService followers = Executors.newCachedThreadPool();

    /** A fresh backend over the same system each call, as a restarted Slipway would build it. */
    protected abstract Backend newBackend();

    protected abstract DeploymentTask taskThatSucceeds();

    protected abstract DeploymentTask taskThatFails();

    /** A task whose run goes on until it is cancelled. */
    protected abstract DeploymentTask taskThatRunsUntilCancelled();

    /** How many times the system behind the backend has begun work for this task. */
    protected abstract int timesStarted(DeploymentTask task) throws Exception;

    @AfterEach
    void stopFollowers() {
        followers.shutdownNow();
    }

    @Test
    void a_succeeding_run_ends_succeeded() throws Exception {
        Backend backend = newBackend();
        DeploymentTask task = taskThatSucceeds();

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void a_failing_run_ends_failed_with_a_summary() throws Exception {
        Backend backend = newBackend();
        DeploymentTask task = taskThatFails();

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isNotBlank();
    }

    @Test
    void following_again_after_a_restart_gives_the_same_result_without_starting_anything() throws Exception {
        Backend backend = newBackend();
        DeploymentTask task = taskThatSucceeds();
        StartedRun run = backend.start(task);
        RunResult first = backend.follow(task, run);

        RunResult second = newBackend().follow(task, run);

        assertThat(second).isEqualTo(first);
        assertThat(timesStarted(task)).isEqualTo(1);
    }

    @Test
    void cancelling_a_running_run_ends_it_cancelled() throws Exception {
        Backend backend = newBackend();
        DeploymentTask task = taskThatRunsUntilCancelled();
        StartedRun run = backend.start(task);
        Future<RunResult> following = followers.submit(() -> backend.follow(task, run));

        backend.cancel(task, run);

        assertThat(following.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void cancelling_twice_is_harmless() throws Exception {
        Backend backend = newBackend();
        DeploymentTask task = taskThatRunsUntilCancelled();
        StartedRun run = backend.start(task);

        backend.cancel(task, run);
        newBackend().cancel(task, run);

        assertThat(backend.follow(task, run).outcome()).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void starting_twice_for_one_deployment_returns_the_first_run() throws Exception {
        DeploymentTask task = taskThatSucceeds();
        StartedRun first = newBackend().start(task);

        StartedRun second = newBackend().start(task);

        assertThat(second).isEqualTo(first);
        assertThat(newBackend().follow(task, second).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(timesStarted(task)).isEqualTo(1);
    }
}
