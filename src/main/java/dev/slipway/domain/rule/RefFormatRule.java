package dev.slipway.domain.rule;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;

/**
 * Refuses refs that break their grammar (git's ref names, or image references), saying which rule, so that nothing
 * stored ever holds such a ref.
 */
public final class RefFormatRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (!attempt.isDeploy() || attempt.stage() == Stage.START) {
            // Checked where it entered: a stored ref (a promoted build's image) is not asked again.
            return Ruling.PASS;
        }
        return attempt.refKind().refusal(attempt.ref()).map(message -> Ruling.refuse(new Refusal(ErrorCode.BAD_REF,
                message))).orElse(Ruling.PASS);
    }
}
