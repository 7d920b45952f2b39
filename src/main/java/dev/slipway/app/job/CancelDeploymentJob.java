package dev.slipway.app.job;

import dev.slipway.app.Catalog;
import dev.slipway.backend.Backend;
import dev.slipway.backend.Backends;
import dev.slipway.backend.StartedRun;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a running deployment's backend to stop. The deployment's own run job records the cancelled outcome
 * when the backend reports it, so this job only has to deliver the request.
 */
public final class CancelDeploymentJob implements JobHandler {
    private final Store store;
    private final Backends backends;
    private final Catalog catalog;

    public CancelDeploymentJob(Store store, Backends backends, Catalog catalog) {
        this.store = store;
        this.backends = backends;
        this.catalog = catalog;
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
        if (deployment.state() != DeploymentState.RUNNING || deployment.externalId() == null) {
            throw RetryLater.waiting("#" + id + " is starting; cancelling once its run is under way", Duration.ofMillis(200));
        }
        Optional<Backend> backend = backends.find(deployment.project(), deployment.environment());
        if (backend.isPresent()) {
            backend.get().cancel(RunDeploymentJob.taskOf(deployment, catalog),
                    new StartedRun(deployment.externalId(), deployment.externalUrl(), deployment.startedAt()));
        }
    }
}
