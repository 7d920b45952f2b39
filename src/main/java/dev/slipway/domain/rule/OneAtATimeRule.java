package dev.slipway.domain.rule;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;
import java.util.Optional;

/** Refuses a second deployment while another one of the same project and environment is active. */
public final class OneAtATimeRule implements DeployRule {
    @Override
    public Optional<Refusal> check(DeployAttempt attempt) {
        if (attempt.active().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(busy(attempt.active().get()));
    }

    /** The refusal for an environment held by {@code active}; also used when the database catches a race. */
    public static Refusal busy(Deployment active) {
        return new Refusal(ErrorCode.ENVIRONMENT_BUSY,
                "%s %s is busy: deployment #%d of %s by %s is %s. Wait for it or `cancel %d`.".formatted(
                        active.project(), active.environment(), active.id(), active.ref(), active.requestedBy(),
                        active.state().label(), active.id()));
    }
}
