package dev.slipway.domain.rule;

import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;

/** A lock is lifted by its holder, or by an owner (which the audit records as an override). */
public final class UnlockRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (attempt.action() != Action.UNLOCK || attempt.lock().isEmpty()) {
            return Ruling.PASS;
        }
        EnvironmentLock lock = attempt.lock().get();
        if (lock.holder().equals(attempt.user()) || attempt.project().isOwner(attempt.user())) {
            return Ruling.PASS;
        }
        return Ruling.refuse(new Refusal(ErrorCode.NOT_PERMITTED,
                "%s is locked by %s; only they or an owner (%s) may unlock it.".formatted(attempt.where(),
                        lock.holder(), String.join(", ", attempt.project().owners()))));
    }
}
