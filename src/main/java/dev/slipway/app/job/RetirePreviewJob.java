package dev.slipway.app.job;

import dev.slipway.app.Catalog;
import dev.slipway.app.JobKinds;
import dev.slipway.backend.Backend;
import dev.slipway.backend.Backends;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.util.Optional;

/**
 * Takes a closed build's preview down (its Deployment, Service and Ingress on Kubernetes), unless a newer build of
 * the same branch or tag has taken that slot over meanwhile. Safe to run again: what is gone stays gone.
 */
public final class RetirePreviewJob implements JobHandler {
    private final Store store;
    private final Backends backends;
    private final Catalog catalog;

    public RetirePreviewJob(Store store, Backends backends, Catalog catalog) {
        this.store = store;
        this.backends = backends;
        this.catalog = catalog;
    }

    @Override
    public String kind() {
        return JobKinds.RETIRE_PREVIEW;
    }

    @Override
    public void handle(Job job) throws Exception {
        long id = Long.parseLong(job.payload());
        Optional<Review> review = store.read(tx -> tx.reviews().findById(id));
        if (review.isEmpty() || review.get().state() != ReviewState.CLOSED || slotTakenOver(review.get())) {
            return;
        }
        Optional<Deployment> preview = store.read(tx -> tx.deployments().findById(id));
        Optional<Backend> backend = preview.flatMap(d -> backends.find(d.project(), d.environment()));
        if (backend.isPresent()) {
            backend.get().retire(RunDeploymentJob.taskOf(preview.get(), catalog));
        }
    }

    private boolean slotTakenOver(Review closed) {
        return store.read(tx -> tx.reviews().listInFlight(closed.project()).stream()
                .anyMatch(other -> other.deploymentId() != closed.deploymentId() && other.slot().equals(closed.slot())));
    }
}
