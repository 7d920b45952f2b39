package dev.slipway.domain.rule;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Refusal;
import java.util.Map;

/** What only a project's owners may do: freezes and overrides of them, builds by hand, promoting or closing builds. */
public final class OwnerRule implements Rule {
    private static final Map<Action, String> WHAT = Map.of(
            Action.FREEZE, "freeze its environments",
            Action.UNFREEZE, "unfreeze its environments",
            Action.POST_BUILD, "post builds by hand",
            Action.PROMOTE, "deploy builds to %s or close them",
            Action.CLOSE, "deploy builds to %s or close them");

    @Override
    public Ruling check(Attempt attempt) {
        boolean forcing = attempt.isDeploy() && attempt.forced() != null && attempt.stage() != Stage.START;
        if (!forcing && !WHAT.containsKey(attempt.action())) {
            return Ruling.PASS;
        }
        if (attempt.project().isOwner(attempt.user())) {
            return Ruling.PASS;
        }
        String what = forcing ? "push a deployment through a freeze with --force"
                : WHAT.get(attempt.action()).formatted(attempt.project().productionEnvironment());
        return Ruling.refuse(new Refusal(ErrorCode.NOT_PERMITTED, "Only %s may %s.".formatted(
                People.owners(attempt.project()), what)));
    }
}
