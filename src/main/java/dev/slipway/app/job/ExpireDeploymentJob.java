package dev.slipway.app.job;

import dev.slipway.app.JobKinds;
import dev.slipway.app.Transitions;
import dev.slipway.backend.RunReports;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.DurationText;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.time.Duration;
import java.util.Optional;

/**
 * The watchdog of a run that reports its end through a hook: due when the report should have come, it fails
 * the deployment if that run is still running, so a pipeline that never calls back does not hold its
 * environment for ever. If the report came, the job finds the deployment ended and does nothing.
 */
public final class ExpireDeploymentJob implements JobHandler {
    private final Store store;
    private final Transitions transitions;

    public ExpireDeploymentJob(Store store, Transitions transitions) {
        this.store = store;
        this.transitions = transitions;
    }

    @Override
    public String kind() {
        return JobKinds.EXPIRE_DEPLOYMENT;
    }

    /** The payload for the run {@code externalId} of deployment {@code id}, which had {@code deadline} to report. */
    static String payload(long id, String externalId, Duration deadline) {
        return JobKinds.expirePayload(id, externalId, deadline);
    }

    @Override
    public void handle(Job job) {
        String[] fields = job.payload().split(":", 3);
        long id = Long.parseLong(fields[0]);
        Duration deadline = Duration.ofSeconds(Long.parseLong(fields[1]));
        String externalId = fields[2];
        store.inTransaction(tx -> {
            Deployment current = tx.deployments().findById(id).orElse(null);
            if (current == null || current.state() != DeploymentState.RUNNING || !externalId.equals(current.externalId())) {
                return null;
            }
            String summary = "no report of its end within " + DurationText.of(deadline)
                    + (current.externalUrl() != null ? "; see " + current.externalUrl() : "");
            Optional<Deployment> failed = transitions.move(tx, current.withResult(summary, current.outputTail()),
                    DeploymentState.FAILED, RunDeploymentJob.ACTOR, summary);
            if (failed.isPresent()) {
                // A provider that handed the run on (GitHub) hears that it failed; for any other the step does nothing.
                tx.jobs().enqueue(JobKinds.HAND_ON_RUN, JobKinds.handOnPayload(new JobKinds.HandOn(id, externalId,
                        RunReports.Outcome.FAILED)), JobKinds.handOnKey(id), failed.get().updatedAt());
            }
            return null;
        });
    }
}
