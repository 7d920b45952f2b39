package dev.slipway.app.job;

import dev.slipway.app.DeploymentQueue;
import dev.slipway.app.JobKinds;
import dev.slipway.store.Job;

/** Moves an environment's queue on: its deployment ended, its lock was lifted, or its freeze is over. */
public final class AdvanceQueueJob implements JobHandler {
    private final DeploymentQueue queue;

    public AdvanceQueueJob(DeploymentQueue queue) {
        this.queue = queue;
    }

    @Override
    public String kind() {
        return JobKinds.ADVANCE_QUEUE;
    }

    @Override
    public void handle(Job job) {
        String[] parts = job.payload().split("\n", 2);
        queue.advance(parts[0], parts[1]);
    }
}
