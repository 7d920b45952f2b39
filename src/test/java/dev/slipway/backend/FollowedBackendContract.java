package dev.slipway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.backend.RunResult.Outcome;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a backend whose runs Slipway follows must do besides {@link BackendContract}. */
public abstract class FollowedBackendContract extends BackendContract<FollowedBackend> {
    private final ExecutorService followers = Executors.newCachedThreadPool();

    protected abstract DeploymentTask taskThatFails();

    @AfterEach
    void stopFollowers() {
        followers.shutdownNow();
    }

    @Override
    protected Outcome outcomeOf(DeploymentTask task, StartedRun run) throws Exception {
        return followers.submit(() -> newBackend().follow(task, run)).get(60, TimeUnit.SECONDS).outcome();
    }

    @Test
    void a_succeeding_run_ends_succeeded() throws Exception {
        FollowedBackend backend = newBackend();
        DeploymentTask task = taskThatSucceeds();

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void a_failing_run_ends_failed_with_a_summary() throws Exception {
        FollowedBackend backend = newBackend();
        DeploymentTask task = taskThatFails();

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isNotBlank();
    }

    @Test
    void following_again_after_a_restart_gives_the_same_result_without_starting_anything() throws Exception {
        FollowedBackend backend = newBackend();
        DeploymentTask task = taskThatSucceeds();
        StartedRun run = backend.start(task);
        RunResult first = backend.follow(task, run);

        RunResult second = newBackend().follow(task, run);

        assertThat(second).isEqualTo(first);
        assertThat(timesStarted(task)).isEqualTo(1);
    }

    @Test
    void another_instance_takes_over_a_run_and_follows_it_to_its_end() throws Exception {
        DeploymentTask task = taskThatSucceeds();
        StartedRun run = newBackend().start(task);

        RunResult result = newBackend().follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(timesStarted(task)).isEqualTo(1);
    }

    @Test
    void cancelling_a_running_run_ends_the_follow_in_progress_cancelled() throws Exception {
        FollowedBackend backend = newBackend();
        DeploymentTask task = taskThatRunsUntilCancelled();
        StartedRun run = backend.start(task);
        Future<RunResult> following = followers.submit(() -> backend.follow(task, run));

        backend.cancel(task, run);

        assertThat(following.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.CANCELLED);
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
