package dev.slipway.app.job;

import dev.slipway.app.LogContext;
import dev.slipway.app.Catalog;
import dev.slipway.app.JobKinds;
import dev.slipway.backend.Backend;
import dev.slipway.backend.Backends;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.HandingOnBackend;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.StartedRun;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.HandedOnRun;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a running deployment's backend to stop. The deployment's own run job (or the provider's hook) records the
 * cancelled outcome when the run ends, so this job only has to deliver the request. A backend that cannot stop the
 * run says what a person must do instead, which goes into the audit trail as {@value #CANNOT_STOP}.
 */
public final class CancelDeploymentJob implements JobHandler {
    static final String CANNOT_STOP = "deployment.cancel_impossible";
    private static final Logger LOG = LoggerFactory.getLogger(CancelDeploymentJob.class);

    private final Store store;
    private final Backends backends;
    private final Catalog catalog;
    private final Clock clock;

    public CancelDeploymentJob(Store store, Backends backends, Catalog catalog, Clock clock) {
        this.store = store;
        this.backends = backends;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return JobKinds.CANCEL_DEPLOYMENT;
    }

    @Override
    public void handle(Job job) throws Exception {
        long id = Long.parseLong(job.payload());
        Optional<Deployment> found = store.read(tx -> tx.deployments().findById(id));
        if (found.isEmpty() || found.get().state().isTerminal()) {
            return;
        }
        Deployment deployment = found.get();
        LogContext.deployment(deployment);
        if (deployment.state() != DeploymentState.RUNNING || deployment.externalId() == null) {
            throw RetryLater.waiting("#" + id + " is starting; cancelling once its run is under way", Duration.ofMillis(200));
        }
        Optional<Backend> backend = backends.find(deployment.project(), deployment.environment());
        if (backend.isEmpty()) {
            return;
        }
        Cancellation answer = cancel(backend.get(), deployment);
        if (answer instanceof Cancellation.CannotStop cannot) {
            LOG.warn("#{} cannot be cancelled by Slipway: {}", id, cannot.message());
            store.inTransaction(tx -> {
                tx.audit().record(AuditEvent.of(clock.instant(), RunDeploymentJob.ACTOR, CANNOT_STOP, deployment,
                        cannot.message()));
                return null;
            });
        }
    }

    /**
     * Asks whatever does the work to stop: the run itself, or for a run handed on (a GitHub deployment carried
     * out by a CircleCI pipeline) the run it was handed on to, whose end is then reported as usual.
     */
    private Cancellation cancel(Backend backend, Deployment deployment) throws Exception {
        DeploymentTask task = RunDeploymentJob.taskOf(deployment, catalog);
        StartedRun run = new StartedRun(deployment.externalId(), deployment.externalUrl(), deployment.startedAt());
        if (!(backend instanceof HandingOnBackend handing) || handing.next().isEmpty()) {
            return backend.cancel(task, run);
        }
        HandingOnBackend.Next next = handing.next().get();
        Optional<HandedOnRun> handed = store.read(tx -> tx.handedOnRuns().find(deployment.id(), next.type()));
        if (handed.isEmpty() || !handed.get().started()) {
            throw RetryLater.waiting("#" + deployment.id() + " is handing its run on to " + next.type()
                    + "; cancelling once that run is under way", Duration.ofMillis(200));
        }
        return next.backend().cancel(task.withProviderDeployment(run.handle()),
                new StartedRun(handed.get().runId(), handed.get().runUrl(), deployment.startedAt()));
    }
}
