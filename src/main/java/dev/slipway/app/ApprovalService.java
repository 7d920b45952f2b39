package dev.slipway.app;

import dev.slipway.chat.DeploymentMessages;
import dev.slipway.domain.ApprovalCount;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Verdict;
import dev.slipway.domain.rule.Action;
import dev.slipway.domain.rule.Attempt;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Approvals of deployments that await them: N distinct approvers approve (never the requester), one rejection
 * rejects. Approved, a deployment enters its environment's queue.
 */
public final class ApprovalService {
    private final Store store;
    private final Catalog catalog;
    private final Rules rules;
    private final Transitions transitions;
    private final DeploymentQueue queue;
    private final ApprovalNotices notices;
    private final Clock clock;

    public ApprovalService(Store store, Catalog catalog, Rules rules, Transitions transitions, DeploymentQueue queue,
                           Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.rules = rules;
        this.transitions = transitions;
        this.queue = queue;
        this.notices = new ApprovalNotices(clock);
        this.clock = clock;
    }

    /** Whether {@code id} names a deployment (rather than a build under review). */
    public boolean isDeployment(long id) {
        return store.read(tx -> tx.deployments().findById(id)).filter(d -> d.slot() == null).isPresent();
    }

    /** {@code user} approves deployment {@code id}; the last approval it needs queues it. */
    public String approve(long id, String user) {
        return store.inTransaction(tx -> {
            Decision decision = decide(tx, id, user, Action.APPROVE);
            Deployment d = decision.deployment();
            List<Verdict> verdicts = tx.deployments().listApprovals(id);
            Optional<String> missing = ApprovalCount.missing(decision.environment().policy().approvals(),
                    decision.project(), verdicts);
            notices.ask(tx, d, decision.project(), decision.environment());
            if (missing.isPresent()) {
                Deployment told = d.withResult(missing.get(), d.outputTail());
                if (tx.deployments().moveState(told, DeploymentState.AWAITING_APPROVAL)) {
                    transitions.note(tx, told, user, "deployment.approval", "approved by " + user);
                }
                return "You approved #%d (%s); it %s.".formatted(id, DeploymentMessages.what(d), missing.get());
            }
            String approvers = String.join(", ", verdicts.stream().filter(v -> v.kind() == Verdict.Kind.APPROVED)
                    .map(Verdict::reviewer).toList());
            Deployment queued = transitions.move(tx, d.withResult("approved by " + approvers, d.outputTail()),
                    DeploymentState.QUEUED, user, "approved by " + approvers)
                    .orElseThrow(() -> DeployService.changedMeanwhile(id));
            boolean started = queue.advance(tx, queued.project(), queued.environment())
                    .filter(next -> next.id() == id).isPresent();
            if (!started) {
                queue.wakeLater(tx, queued);
            }
            return "You approved #%d (%s); approved by %s, it %s.".formatted(id, DeploymentMessages.what(d), approvers,
                    started ? "starts now" : "waits its turn in the queue");
        });
    }

    /** {@code user} rejects deployment {@code id}: it ends rejected, and its requester is told why. */
    public String reject(long id, String user, String reason) {
        return store.inTransaction(tx -> {
            Decision decision = decide(tx, id, user, Action.REJECT);
            Deployment d = decision.deployment();
            String why = "rejected by " + user + (reason == null || reason.isBlank() ? "" : ": " + reason);
            transitions.move(tx, d.withResult(why, d.outputTail()), DeploymentState.REJECTED, user, why)
                    .orElseThrow(() -> DeployService.changedMeanwhile(id));
            notices.ask(tx, d, decision.project(), decision.environment());
            return "You rejected #%d (%s); %s is told.".formatted(id, DeploymentMessages.what(d), d.requestedBy());
        });
    }

    private record Decision(Deployment deployment, Project project, Environment environment) {
    }

    /** Checks {@code user} may take {@code action} on deployment {@code id}, then keeps their word. */
    private Decision decide(Transaction tx, long id, String user, Action action) {
        Deployment d = tx.deployments().findById(id).filter(found -> found.slot() == null).orElseThrow(() ->
                new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT, "There is no deployment #" + id + "."));
        Project project = catalog.project(d.project());
        Environment environment = catalog.environment(project, d.environment());
        rules.require(Attempt.of(action, project, environment, user, clock.instant()).on(d)
                .withVerdicts(tx.deployments().listApprovals(id), true));
        Verdict.Kind kind = action == Action.APPROVE ? Verdict.Kind.APPROVED : Verdict.Kind.REJECTED;
        tx.deployments().saveApproval(new Verdict(id, user, kind, clock.instant()));
        tx.audit().record(AuditEvent.of(clock.instant(), user, "deployment." + (action == Action.APPROVE
                ? "approve" : "reject"), d, ""));
        return new Decision(d, project, environment);
    }
}
