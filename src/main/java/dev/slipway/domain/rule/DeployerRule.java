package dev.slipway.domain.rule;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;
import java.util.List;

/** Refuses a deployment by someone who is not among the environment's {@code deployers}. */
public final class DeployerRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (!attempt.isDeploy() || attempt.stage() == Stage.START) {
            return Ruling.PASS;
        }
        List<String> deployers = attempt.environment().policy().deployers();
        if (deployers.stream().anyMatch(group -> attempt.project().isIn(group, attempt.user()))) {
            return Ruling.PASS;
        }
        return Ruling.refuse(new Refusal(ErrorCode.NOT_A_DEPLOYER,
                "%s may not deploy %s to %s; deployers there: %s.".formatted(attempt.user(), attempt.project().id(),
                        attempt.environment().name(), People.describe(attempt.project(), deployers))));
    }
}
