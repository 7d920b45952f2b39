package dev.slipway.domain.rule;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;
import java.util.Optional;

/**
 * Refuses refs that break their grammar (git's ref names, or image references), saying which rule. It runs first,
 * so that no other rule, and nothing stored, ever sees such a ref.
 */
public final class RefFormatRule implements DeployRule {
    @Override
    public Optional<Refusal> check(DeployAttempt attempt) {
        return attempt.refKind().refusal(attempt.ref()).map(message -> new Refusal(ErrorCode.BAD_REF, message));
    }
}
