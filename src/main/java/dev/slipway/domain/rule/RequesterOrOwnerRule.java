package dev.slipway.domain.rule;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;

/** Only a deployment's requester or an owner of its project may cancel it or say how it ended. */
public final class RequesterOrOwnerRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if ((attempt.action() != Action.CANCEL && attempt.action() != Action.RESOLVE) || attempt.subject().isEmpty()) {
            return Ruling.PASS;
        }
        Deployment d = attempt.subject().get();
        if (d.requestedBy().equals(attempt.user()) || attempt.project().isOwner(attempt.user())) {
            return Ruling.PASS;
        }
        String verb = attempt.action() == Action.CANCEL ? "cancel" : "resolve";
        return Ruling.refuse(new Refusal(ErrorCode.NOT_PERMITTED, "Only %s (who asked for it) or an owner of %s (%s)"
                .formatted(d.requestedBy(), attempt.project().id(), String.join(", ", attempt.project().owners()))
                + " may %s #%d.".formatted(verb, d.id())));
    }
}
