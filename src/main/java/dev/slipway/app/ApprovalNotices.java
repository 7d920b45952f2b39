package dev.slipway.app;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.util.List;

/**
 * Queues, in the caller's transaction, each approver's message about a deployment that awaits approval: shown when it
 * starts waiting, and shown anew (from the stored state) whenever someone decides.
 */
public final class ApprovalNotices {
    private final Clock clock;

    public ApprovalNotices(Clock clock) {
        this.clock = clock;
    }

    /** The people who may approve deployments to {@code environment}, the requester left out. */
    public static List<String> approvers(Project project, Environment environment, String requester) {
        Policy.Approvals approvals = environment.policy().approvals();
        return approvals == null ? List.of() : project.people(approvals.from()).stream()
                .filter(person -> !person.equals(requester)).toList();
    }

    /**
     * Shows every approver their message about {@code deployment}, which no longer awaits approval for another reason
     * than their word (withdrawn, lapsed), as it now is: without buttons. A project or environment no longer
     * configured has nobody to tell.
     */
    public void withdrawn(Transaction tx, Deployment deployment, Catalog catalog) {
        catalog.projects().findById(deployment.project()).ifPresent(project -> project
                .environment(deployment.environment())
                .ifPresent(environment -> ask(tx, deployment, project, environment)));
    }

    /** Shows every approver their message about {@code deployment} as it will be once this transaction commits. */
    public void ask(Transaction tx, Deployment deployment, Project project, Environment environment) {
        for (String approver : approvers(project, environment, deployment.requestedBy())) {
            tx.jobs().enqueue(JobKinds.notifyApprovalKind(deployment.origin().surface()),
                    JobKinds.approvalPayload(deployment.id(), approver), JobKinds.approvalKey(deployment.id(), approver),
                    clock.instant());
        }
    }
}
