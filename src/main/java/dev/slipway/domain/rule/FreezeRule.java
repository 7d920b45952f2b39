package dev.slipway.domain.rule;

import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.Refusal;
import dev.slipway.domain.WhenBusy;

/**
 * During a change freeze nothing starts: a request is refused, or with {@code whenBusy: queue} held in the queue
 * until the freeze ends, naming the freeze and its end. An owner's forced deployment goes through.
 */
public final class FreezeRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (!attempt.isDeploy() || attempt.freeze().isEmpty() || attempt.forced() != null) {
            return Ruling.PASS;
        }
        Freeze freeze = attempt.freeze().get();
        String told = Freezes.describe(freeze, attempt.now());
        if (attempt.stage() == Stage.START || attempt.environment().policy().whenBusy() == WhenBusy.QUEUE) {
            return Ruling.waitAs(DeploymentState.QUEUED, "held by " + told);
        }
        return Ruling.refuse(new Refusal(ErrorCode.FROZEN, "%s is frozen: %s. An owner may push one deployment"
                .formatted(attempt.where(), told) + " through with `deploy … --force <reason>`."));
    }
}
