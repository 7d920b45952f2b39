package dev.slipway.domain.rule;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;

/** Only the person who asked for a deployment confirms it: a confirmation is their second look, nobody else's. */
public final class RequesterRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (attempt.action() != Action.CONFIRM || attempt.subject().isEmpty()) {
            return Ruling.PASS;
        }
        Deployment d = attempt.subject().get();
        if (d.requestedBy().equals(attempt.user())) {
            return Ruling.PASS;
        }
        return Ruling.refuse(new Refusal(ErrorCode.NOT_PERMITTED,
                "Only %s, who asked for #%d, may confirm it; `cancel %d` is for them or an owner.".formatted(
                        d.requestedBy(), d.id(), d.id())));
    }
}
