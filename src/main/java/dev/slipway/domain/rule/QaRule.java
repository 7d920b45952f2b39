package dev.slipway.domain.rule;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;

/** Only a project's QA approve or reject its builds under review. */
public final class QaRule implements Rule {
    @Override
    public Ruling check(Attempt attempt) {
        if (attempt.action() != Action.JUDGE_BUILD || attempt.project().isQa(attempt.user())) {
            return Ruling.PASS;
        }
        return Ruling.refuse(new Refusal(ErrorCode.NOT_PERMITTED, "Only QA of %s (%s) may approve or reject builds."
                .formatted(attempt.project().id(), String.join(", ", attempt.project().qa()))));
    }
}
