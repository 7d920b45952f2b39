package dev.slipway.app.job;

import dev.slipway.app.LogContext;
import dev.slipway.app.Catalog;
import dev.slipway.app.JobKinds;
import dev.slipway.app.Transitions;
import dev.slipway.backend.Backend;
import dev.slipway.backend.Backends;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.HandingOnBackend;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.StartedRun;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.HandedOnRun;
import dev.slipway.domain.Secrets;
import dev.slipway.domain.StartAttempt;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Hands a deployment's run on to the next backend ({@link HandingOnBackend}): starts the next run at most once —
 * the intent committed first, a start in doubt reconciled through the next backend, never made blindly again — and
 * tells the first provider how it goes. The same step may be asked for twice (after the run started, and when the
 * provider announces it); the second finds the next run recorded and does nothing.
 */
public final class HandOnRunJob implements JobHandler {
    static final String ACTOR = "slipway";
    static final Duration WAIT_FOR_RUN = Duration.ofMillis(200);

    private final Store store;
    private final Backends backends;
    private final Transitions transitions;
    private final Catalog catalog;
    private final Secrets secrets;
    private final Clock clock;

    public HandOnRunJob(Store store, Backends backends, Transitions transitions, Catalog catalog, Secrets secrets,
                        Clock clock) {
        this.store = store;
        this.backends = backends;
        this.transitions = transitions;
        this.catalog = catalog;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return JobKinds.HAND_ON_RUN;
    }

    @Override
    public void handle(Job job) throws Exception {
        JobKinds.HandOn step = JobKinds.handOnOf(job.payload());
        Optional<Deployment> found = store.read(tx -> tx.deployments().findById(step.deploymentId()));
        Optional<HandingOnBackend> backend = found.flatMap(this::handingOn);
        if (found.isEmpty() || backend.isEmpty() || backend.get().next().isEmpty()) {
            return;
        }
        Deployment deployment = found.get();
        LogContext.deployment(deployment);
        String handle = deployment.externalId() != null ? deployment.externalId() : step.providerRun();
        if (handle == null) {
            throw RetryLater.waiting("#" + deployment.id() + " waits for the id of its run", WAIT_FOR_RUN);
        }
        StartedRun run = new StartedRun(handle, deployment.externalUrl(),
                deployment.startedAt() != null ? deployment.startedAt() : clock.instant());
        DeploymentTask task = RunDeploymentJob.taskOf(deployment, catalog).withProviderDeployment(handle);
        HandingOnBackend first = backend.get();
        HandingOnBackend.Next next = first.next().get();
        if (!step.start()) {
            String logUrl = store.read(tx -> tx.handedOnRuns().find(deployment.id(), next.type()))
                    .map(HandedOnRun::runUrl).orElse(null);
            first.handedOnEnded(task, run, step.outcome(), logUrl, secrets.mask(deployment.summary()));
            return;
        }
        if (deployment.state().isTerminal()) {
            return;
        }
        Optional<HandedOnRun> committed = store.read(tx -> tx.handedOnRuns().find(deployment.id(), next.type()));
        if (committed.isPresent() && committed.get().started()) {
            // Handed on before; a job cut short before the first provider heard of it tells it now.
            if (committed.get().toldAt() == null) {
                tellStarted(first, next, task, run, new StartedRun(committed.get().runId(), committed.get().runUrl(),
                        committed.get().attempt().at()));
            }
            return;
        }
        StartedRun nextRun;
        if (committed.isPresent()) {
            DeploymentTask inDoubt = task.withStartAttempt(committed.get().attempt());
            nextRun = StartAtMostOnce.reconcile(next.backend(), inDoubt, "#" + deployment.id() + "'s " + next.type()
                    + " run", forgetting(next, inDoubt));
        } else {
            // Told before the commitment, so that failing to tell leaves no start in doubt behind.
            first.handingOn(task, run);
            StartAttempt attempt = StartAttempt.newAt(clock.instant());
            if (!store.inTransaction(tx -> tx.handedOnRuns().recordAttempt(deployment.id(), next.type(), attempt))) {
                throw RetryLater.waiting("#" + deployment.id() + " was just committed to hand on elsewhere", WAIT_FOR_RUN);
            }
            DeploymentTask committedTask = task.withStartAttempt(attempt);
            nextRun = StartAtMostOnce.start(next.backend(), committedTask, forgetting(next, committedTask));
        }
        StartedRun started = nextRun;
        store.inTransaction(tx -> {
            tx.handedOnRuns().recordRun(deployment.id(), next.type(), started.handle(), started.url());
            // Where a person watches it now is the pipeline: the report links it, in the message and its thread.
            // (Not before the run job recorded the handle itself, which would write its own link over this one.)
            Deployment current = tx.deployments().findById(deployment.id()).orElseThrow();
            if (started.url() != null && handle.equals(current.externalId())) {
                tx.deployments().recordRun(deployment.id(), handle, started.url());
                current = current.withRun(handle, started.url());
            }
            transitions.note(tx, current, ACTOR, "deployment.handed_on", next.type() + " " + started.handle()
                    + (started.url() != null ? " " + started.url() : ""));
            return null;
        });
        tellStarted(first, next, task, run, started);
    }

    private void tellStarted(HandingOnBackend first, HandingOnBackend.Next next, DeploymentTask task, StartedRun run,
                             StartedRun started) throws Exception {
        first.handedOn(task, run, started);
        store.inTransaction(tx -> {
            tx.handedOnRuns().recordTold(task.deploymentId(), next.type(), clock.instant());
            return null;
        });
    }

    private Optional<HandingOnBackend> handingOn(Deployment deployment) {
        Optional<Backend> backend = backends.find(deployment.project(), deployment.environment());
        return backend.filter(HandingOnBackend.class::isInstance).map(HandingOnBackend.class::cast);
    }

    /** The commitment to {@code task}'s handed-on start, taken back when the next backend certainly started nothing. */
    private Runnable forgetting(HandingOnBackend.Next next, DeploymentTask task) {
        return () -> store.inTransaction(tx -> {
            tx.handedOnRuns().clearAttempt(task.deploymentId(), next.type(), task.startAttempt().key());
            return null;
        });
    }

    /**
     * The next run could not be started: the deployment fails with the reason, and the first provider is told in
     * a step of its own, so that telling it can be retried apart from this.
     */
    @Override
    public void giveUp(Job job, String lastError) {
        JobKinds.HandOn step = JobKinds.handOnOf(job.payload());
        if (!step.start()) {
            return;
        }
        String reason = secrets.shown(lastError);
        store.inTransaction(tx -> {
            Optional<Deployment> current = tx.deployments().findById(step.deploymentId());
            if (current.isPresent() && current.get().state().canMoveTo(DeploymentState.FAILED)) {
                Optional<Deployment> failed = transitions.move(tx, current.get().withResult(reason,
                        current.get().outputTail()), DeploymentState.FAILED, ACTOR, reason);
                if (failed.isPresent()) {
                    tx.jobs().enqueue(JobKinds.HAND_ON_RUN, JobKinds.handOnPayload(new JobKinds.HandOn(
                                    step.deploymentId(), step.providerRun(), RunReports.Outcome.FAILED)),
                            JobKinds.handOnKey(step.deploymentId()), clock.instant());
                }
            }
            return null;
        });
    }
}
