package dev.slipway.app.job;

import dev.slipway.app.Transitions;
import dev.slipway.backend.Backend;
import dev.slipway.backend.Backends;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.StartedRun;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.time.Clock;
import java.util.Optional;

/**
 * Runs one deployment on its backend: queued → running, start the run (once), follow it to its end, record
 * the outcome. Every step first reads the stored deployment, so a second run of this job after a crash
 * continues where the first stopped instead of starting the backend again.
 */
public final class RunDeploymentJob implements JobHandler {
    static final String ACTOR = "slipway";

    private final Store store;
    private final Backends backends;
    private final Transitions transitions;
    private final Clock clock;

    public RunDeploymentJob(Store store, Backends backends, Transitions transitions, Clock clock) {
        this.store = store;
        this.backends = backends;
        this.transitions = transitions;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return JobKinds.RUN_DEPLOYMENT;
    }

    @Override
    public void handle(Job job) throws Exception {
        long id = Long.parseLong(job.payload());
        Optional<Deployment> found = load(id);
        if (found.isEmpty() || found.get().state().isTerminal()) {
            return;
        }
        Deployment deployment = found.get();
        if (deployment.state() == DeploymentState.QUEUED) {
            Deployment queued = deployment;
            Optional<Deployment> running = store.inTransaction(tx ->
                    transitions.move(tx, queued, DeploymentState.RUNNING, ACTOR, ""));
            if (running.isEmpty()) {
                return; // cancelled or moved by someone else in the meantime
            }
            deployment = running.get();
        }
        if (deployment.state() != DeploymentState.RUNNING) {
            return; // awaiting approval: another job picks it up once approved
        }
        Backend backend = backends.find(deployment.project(), deployment.environment()).orElseThrow(() ->
                new PermanentBackendException("no backend is configured for this environment any more"));
        DeploymentTask task = taskOf(deployment);
        StartedRun run = deployment.externalId() != null
                ? new StartedRun(deployment.externalId(), deployment.externalUrl(), deployment.startedAt())
                : start(backend, task, deployment);
        RunResult result = backend.follow(task, run);
        finish(id, result);
    }

    private StartedRun start(Backend backend, DeploymentTask task, Deployment deployment) throws Exception {
        StartedRun run = backend.start(task);
        store.inTransaction(tx -> {
            Deployment current = tx.deployments().findById(deployment.id()).orElseThrow();
            return tx.deployments().update(current.withRun(run.handle(), run.url()), current.state());
        });
        return new StartedRun(run.handle(), run.url(), deployment.startedAt() != null ? deployment.startedAt() : run.startedAt());
    }

    private void finish(long id, RunResult result) {
        DeploymentState end = switch (result.outcome()) {
            case SUCCEEDED -> DeploymentState.SUCCEEDED;
            case FAILED -> DeploymentState.FAILED;
            case CANCELLED -> DeploymentState.CANCELLED;
        };
        store.inTransaction(tx -> {
            Deployment current = tx.deployments().findById(id).orElseThrow();
            if (current.state().isTerminal()) {
                return null; // a previous attempt recorded it already
            }
            Deployment withResult = current.withResult(result.summary(), String.join("\n", result.tail()));
            tx.deployments().saveOutput(id, result.fullOutput());
            transitions.move(tx, withResult, end, ACTOR, result.summary());
            return null;
        });
    }

    /** After the last attempt the deployment fails with the last error, so nobody waits for it forever. */
    @Override
    public void giveUp(Job job, String lastError) {
        long id = Long.parseLong(job.payload());
        store.inTransaction(tx -> {
            Optional<Deployment> current = tx.deployments().findById(id);
            if (current.isPresent() && current.get().state().canMoveTo(DeploymentState.FAILED)) {
                transitions.move(tx, current.get().withResult(lastError, current.get().outputTail()),
                        DeploymentState.FAILED, ACTOR, lastError);
            }
            return null;
        });
    }

    private Optional<Deployment> load(long id) {
        return store.inTransaction(tx -> tx.deployments().findById(id));
    }

    static DeploymentTask taskOf(Deployment d) {
        return new DeploymentTask(d.id(), d.project(), d.environment(), d.ref(), d.requestedBy(),
                d.origin().channel(), d.origin().thread());
    }
}
