package dev.slipway.domain.rule;

import dev.slipway.domain.ApprovalCount;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;
import java.util.Optional;

/**
 * A deployment to an environment with {@code approvals} waits for them (awaiting approval); a build being promoted
 * brings its review's verdicts, and is refused until they suffice.
 */
public final class ApprovalRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (!attempt.isDeploy() || attempt.stage() == Stage.START) {
            return Ruling.PASS;
        }
        Optional<String> missing = ApprovalCount.missing(attempt.environment().policy().approvals(),
                attempt.project(), attempt.verdicts());
        if (missing.isEmpty()) {
            return Ruling.PASS;
        }
        if (!attempt.mayWait()) {
            String what = attempt.subject().map(build -> "#" + build.id()).orElse("This");
            return Ruling.refuse(new Refusal(ErrorCode.NEEDS_APPROVAL, "%s may not go to %s yet: %s."
                    .formatted(what, attempt.environment().name(), missing.get())));
        }
        boolean someoneElse = attempt.project().people(attempt.environment().policy().approvals().from()).stream()
                .anyMatch(person -> !person.equals(attempt.user()));
        if (!someoneElse) {
            // It would wait for nobody until it expired.
            return Ruling.refuse(new Refusal(ErrorCode.NEEDS_APPROVAL, ("Deployments to %s need approval from %s, and"
                    + " nobody there but you may give it; ask an owner to name other approvers.").formatted(
                    attempt.where(), People.describe(attempt.project(), attempt.environment().policy().approvals()
                            .from()))));
        }
        return Ruling.waitAs(DeploymentState.AWAITING_APPROVAL, missing.get());
    }
}
