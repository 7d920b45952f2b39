package dev.slipway.domain.rule;

import dev.slipway.domain.DeploymentState;

/**
 * A deployment to an environment with {@code confirm: true}, or one pushed through a freeze, waits for its
 * requester's confirmation before anything else: a second look against fat fingers.
 */
public final class ConfirmRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (!attempt.isDeploy() || attempt.stage() != Stage.REQUEST) {
            return Ruling.PASS;
        }
        if (attempt.forced() != null) {
            return Ruling.waitAs(DeploymentState.REQUESTED, "it goes through a change freeze: confirm the override");
        }
        if (attempt.environment().policy().confirm()) {
            return Ruling.waitAs(DeploymentState.REQUESTED, attempt.environment().name() + " asks for a confirmation");
        }
        return Ruling.PASS;
    }
}
