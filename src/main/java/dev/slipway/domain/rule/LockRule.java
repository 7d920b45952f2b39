package dev.slipway.domain.rule;

import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;

/**
 * A lock blocks everyone but its holder: a new request is refused, naming who locked, when and why; a deployment
 * queued before the lock was taken waits in the queue until it is lifted.
 */
public final class LockRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (!attempt.isDeploy() || attempt.lock().isEmpty() || attempt.lock().get().holder().equals(attempt.user())) {
            return Ruling.PASS;
        }
        EnvironmentLock lock = attempt.lock().get();
        String why = lock.reason().isBlank() ? "" : " (" + lock.reason() + ")";
        if (attempt.stage() == Stage.START) {
            return Ruling.waitAs(DeploymentState.QUEUED, "held by the lock %s took%s".formatted(lock.holder(), why));
        }
        return Ruling.refuse(new Refusal(ErrorCode.LOCKED,
                "%s %s is locked by %s since %s%s; ask them to `unlock %s %s`.".formatted(
                        lock.project(), lock.environment(), lock.holder(), lock.since(), why,
                        lock.project(), lock.environment())));
    }
}
