package dev.slipway.domain.rule;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.Refusal;
import java.util.stream.Collectors;

/**
 * Refuses refs that the environment's {@code allowedRefs} do not match — except one that succeeded there before, which
 * a rollback goes back to.
 */
public final class AllowedRefRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (!attempt.isDeploy() || attempt.stage() == Stage.START) {
            return Ruling.PASS;
        }
        if (!attempt.refKind().accepts(attempt.ref())) {
            return Ruling.PASS; // RefFormatRule says why
        }
        if (attempt.knownRef() || attempt.environment().policy().allowsRef(attempt.refKind(), attempt.ref())) {
            return Ruling.PASS;
        }
        String allowed = attempt.environment().policy().allowedRefs().stream()
                .map(Object::toString).collect(Collectors.joining(", "));
        return Ruling.refuse(new Refusal(ErrorCode.REF_NOT_ALLOWED,
                "%s only accepts %s; `%s` is not allowed there.".formatted(attempt.where(), allowed,
                        Excerpt.of(attempt.ref()))));
    }
}
