package dev.slipway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.domain.StartAttempt;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Backend} must do, whatever it deploys with and whichever kind it is; {@link FollowedBackendContract}
 * and {@link ReportedBackendContract} add what each kind promises. A subclass supplies the backend and tasks that make
 * the system behind it succeed, fail, or run until cancelled; each task must be for a deployment no other test has
 * used. Two instances from {@link #newBackend()} stand for two Slipway replicas over the same system.
 */
public abstract class BackendContract<B extends Backend> {

    /** A fresh backend over the same system each call, as a restarted Slipway, or another replica, would build it. */
    protected abstract B newBackend();

    protected abstract DeploymentTask taskThatSucceeds();

    /** A task whose run goes on until it is cancelled. */
    protected abstract DeploymentTask taskThatRunsUntilCancelled();

    /** How many times the system behind the backend has begun work for this task. */
    protected abstract int timesStarted(DeploymentTask task) throws Exception;

    /** How the run ended (or stands), as the system tells it; a followed run is followed to its end, within a bound. */
    protected abstract Outcome outcomeOf(DeploymentTask task, StartedRun run) throws Exception;

    /** The task as Slipway hands it over: with the start it committed before asking. */
    protected static DeploymentTask committed(DeploymentTask task) {
        return task.withStartAttempt(StartAttempt.newAt(Instant.now()));
    }

    @Test
    void a_start_in_doubt_is_found_by_another_instance_without_starting_again() throws Exception {
        DeploymentTask task = committed(taskThatSucceeds());
        StartedRun run = newBackend().start(task);

        StartLookup found = lookUpWhenSettled(task);

        if (resendsAreDeduplicated()) {
            assertThat(found).isInstanceOf(StartLookup.NotStarted.class);
            assertThat(newBackend().start(task).handle()).isEqualTo(run.handle());
        } else if (findsItsStarts()) {
            assertThat(found).isInstanceOf(StartLookup.Started.class);
            assertThat(((StartLookup.Started) found).run().handle()).isEqualTo(run.handle());
        } else {
            assertThat(found).isInstanceOf(StartLookup.Unknown.class);
            assertThat(((StartLookup.Unknown) found).where()).isNotBlank();
        }
        outcomeOf(task, run);
        assertThat(timesStarted(task)).isEqualTo(1);
    }

    /**
     * Whether the provider keeps enough with a run to tell which start made it; one that cannot (CircleCI keeps no
     * trigger parameters) answers a start in doubt with {@link StartLookup.Unknown} and where a person can look.
     */
    protected boolean findsItsStarts() {
        return true;
    }

    /**
     * Whether the provider deduplicates a start on the deployment id (a webhook receiver's idempotency key): it cannot
     * be asked what it started, so a start in doubt is answered {@link StartLookup.NotStarted}, and the start Slipway
     * then makes is answered as a duplicate instead of beginning a second run.
     */
    protected boolean resendsAreDeduplicated() {
        return false;
    }

    @Test
    void a_start_that_never_happened_is_not_found() throws Exception {
        DeploymentTask task = committed(taskThatSucceeds());

        StartLookup found = lookUpWhenSettled(task);

        assertThat(found).isNotInstanceOf(StartLookup.Started.class);
        assertThat(timesStarted(task)).isZero();
    }

    @Test
    void a_second_instance_cancels_a_run_the_first_started() throws Exception {
        DeploymentTask task = committed(taskThatRunsUntilCancelled());
        StartedRun run = newBackend().start(task);

        Cancellation answer = newBackend().cancel(task, run);

        if (stopsItsRuns()) {
            assertThat(answer).isInstanceOf(Cancellation.Stopped.class);
            assertThat(outcomeOf(task, run)).isEqualTo(Outcome.CANCELLED);
        } else {
            assertSaysWhereToStop(answer, run);
            assertThat(outcomeOf(task, run)).isNotEqualTo(Outcome.CANCELLED);
        }
    }

    /**
     * Whether the provider can be asked to stop a run; one that cannot (a GitHub Deployment is only a record, whatever
     * acts on it does the work) answers {@link Cancellation.CannotStop} with a message that links to the run, where a
     * person finds what runs it.
     */
    protected boolean stopsItsRuns() {
        return true;
    }

    @Test
    void cancelling_twice_is_harmless() throws Exception {
        DeploymentTask task = committed(taskThatRunsUntilCancelled());
        B backend = newBackend();
        StartedRun run = backend.start(task);

        Cancellation first = backend.cancel(task, run);
        Cancellation second = newBackend().cancel(task, run);

        if (stopsItsRuns()) {
            assertThat(second).isInstanceOf(Cancellation.Stopped.class);
            assertThat(outcomeOf(task, run)).isEqualTo(Outcome.CANCELLED);
        } else {
            assertSaysWhereToStop(second, run);
            assertThat(second).isEqualTo(first);
        }
    }

    private static void assertSaysWhereToStop(Cancellation answer, StartedRun run) {
        assertThat(answer).isInstanceOf(Cancellation.CannotStop.class);
        assertThat(((Cancellation.CannotStop) answer).message()).contains(run.url());
    }

    /** {@link Backend#findStart} from a fresh instance, asked again while the backend says it is too soon to tell. */
    protected StartLookup lookUpWhenSettled(DeploymentTask task) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return newBackend().findStart(task);
            } catch (TransientBackendException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }
}
