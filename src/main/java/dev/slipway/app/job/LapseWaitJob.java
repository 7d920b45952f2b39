package dev.slipway.app.job;

import dev.slipway.app.ApprovalNotices;
import dev.slipway.app.Catalog;
import dev.slipway.app.JobKinds;
import dev.slipway.app.Transitions;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.DurationText;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.time.Clock;

/**
 * Due when a deployment's wait runs out: one still waiting for its requester's confirmation is cancelled, one still
 * awaiting approval is rejected, each saying why (and the approvers' messages lose their buttons). One that moved on
 * meanwhile is left as it is.
 */
public final class LapseWaitJob implements JobHandler {
    private final Store store;
    private final Transitions transitions;
    private final Catalog catalog;
    private final ApprovalNotices approvers;

    /** {@code catalog}: whose approvers are shown a lapsed request's end, in the messages they were asked in. */
    public LapseWaitJob(Store store, Transitions transitions, Catalog catalog, Clock clock) {
        this.store = store;
        this.transitions = transitions;
        this.catalog = catalog;
        this.approvers = new ApprovalNotices(clock);
    }

    @Override
    public String kind() {
        return JobKinds.LAPSE_WAIT;
    }

    @Override
    public void handle(Job job) {
        long id = JobKinds.deploymentIdOf(job.payload());
        DeploymentState waited = JobKinds.announcedStateOf(job.payload());
        store.inTransaction(tx -> {
            Deployment d = tx.deployments().findById(id).orElse(null);
            if (d == null || d.state() != waited) {
                return null;
            }
            String after = DurationText.hoursOf(java.time.Duration.between(d.createdAt(), job.runAt()));
            if (waited == DeploymentState.REQUESTED) {
                String why = "not confirmed within " + after;
                transitions.move(tx, d.withResult(why, null), DeploymentState.CANCELLED, RunDeploymentJob.ACTOR, why);
            } else if (waited == DeploymentState.AWAITING_APPROVAL) {
                String why = "no approval within " + after;
                transitions.move(tx, d.withResult(why, null), DeploymentState.REJECTED, RunDeploymentJob.ACTOR, why)
                        .ifPresent(rejected -> approvers.withdrawn(tx, rejected, catalog));
            }
            return null;
        });
    }
}
