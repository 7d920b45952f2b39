package dev.slipway.domain.rule;

import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;
import java.util.Optional;

/** Refuses everyone but the holder while the environment is locked. */
public final class LockRule implements DeployRule {
    @Override
    public Optional<Refusal> check(DeployAttempt attempt) {
        if (attempt.lock().isEmpty() || attempt.lock().get().holder().equals(attempt.user())) {
            return Optional.empty();
        }
        EnvironmentLock lock = attempt.lock().get();
        String why = lock.reason().isBlank() ? "" : " (" + lock.reason() + ")";
        return Optional.of(new Refusal(ErrorCode.LOCKED,
                "%s %s is locked by %s since %s%s; ask them to `unlock %s %s`.".formatted(
                        lock.project(), lock.environment(), lock.holder(), lock.since(), why,
                        lock.project(), lock.environment())));
    }
}
