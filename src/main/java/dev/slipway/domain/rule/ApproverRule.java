package dev.slipway.domain.rule;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.DurationText;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Refusal;
import dev.slipway.domain.Verdict;

/**
 * Who may approve or reject a deployment that awaits approval: one of the approvers the environment names, never the
 * requester, once, and before the request expires.
 */
public final class ApproverRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if ((attempt.action() != Action.APPROVE && attempt.action() != Action.REJECT) || attempt.subject().isEmpty()) {
            return Ruling.PASS;
        }
        Deployment d = attempt.subject().get();
        Policy.Approvals approvals = attempt.environment().policy().approvals();
        if (d.state() != DeploymentState.AWAITING_APPROVAL || approvals == null) {
            return Ruling.refuse(new Refusal(ErrorCode.ALREADY_DECIDED, "#%d does not await approval: it is %s%s."
                    .formatted(d.id(), d.state().label(), d.summary() == null ? "" : " (" + d.summary() + ")")));
        }
        if (d.requestedBy().equals(attempt.user())) {
            return Ruling.refuse(new Refusal(ErrorCode.SELF_APPROVAL, ("You asked for #%d, so you cannot approve or"
                    + " reject it; %s can.").formatted(d.id(), People.describe(attempt.project(), approvals.from()))));
        }
        if (approvals.from().stream().noneMatch(group -> attempt.project().isIn(group, attempt.user()))) {
            return Ruling.refuse(new Refusal(ErrorCode.NOT_AN_APPROVER, "%s may not approve deployments to %s;"
                    .formatted(attempt.user(), attempt.where()) + " approvers there: "
                    + People.describe(attempt.project(), approvals.from()) + "."));
        }
        if (!attempt.now().isBefore(d.createdAt().plus(approvals.expiresAfter()))) {
            return Ruling.refuse(new Refusal(ErrorCode.APPROVAL_EXPIRED, "#%d expired: no approval within %s of the"
                    .formatted(d.id(), DurationText.hoursOf(approvals.expiresAfter())) + " request; ask again with `deploy`."));
        }
        Verdict.Kind asked = attempt.action() == Action.APPROVE ? Verdict.Kind.APPROVED : Verdict.Kind.REJECTED;
        boolean again = attempt.verdicts().stream()
                .anyMatch(v -> v.reviewer().equals(attempt.user()) && v.kind() == asked);
        if (again) {
            return Ruling.refuse(new Refusal(ErrorCode.ALREADY_DECIDED, "You already %s #%d."
                    .formatted(asked.label(), d.id())));
        }
        return Ruling.PASS;
    }
}
