package dev.slipway.domain.rule;

import java.util.List;

/**
 * The one ordered chain of rules every "may this person do this here now?" goes through. Any refusal wins (the first
 * in order); otherwise the first rule that makes a deployment wait says how (a confirmation comes before approvals,
 * approvals before the queue); otherwise the attempt passes.
 */
public record Rules(List<Rule> rules) {
    public Rules {
        rules = List.copyOf(rules);
    }

    /** Every rule, who-may rules first, then what makes a deployment wait, in the order it waits for them. */
    public static Rules standard() {
        return new Rules(List.of(new RefFormatRule(), new AllowedRefRule(), new DeployerRule(),
                new RequesterOrOwnerRule(), new RequesterRule(), new OwnerRule(), new QaRule(), new ApproverRule(),
                new UnlockRule(), new ConfirmRule(), new ApprovalRule(), new LockRule(), new FreezeRule(),
                new OneAtATimeRule()));
    }

    public Ruling check(Attempt attempt) {
        Ruling firstWait = null;
        for (Rule rule : rules) {
            Ruling ruling = rule.check(attempt);
            if (ruling.refuses()) {
                return ruling;
            }
            if (ruling.waits() && firstWait == null) {
                firstWait = ruling;
            }
        }
        return firstWait != null ? firstWait : Ruling.PASS;
    }

    /** Throws the refusal, if the chain refuses; returns the ruling otherwise. */
    public Ruling require(Attempt attempt) {
        Ruling ruling = check(attempt);
        if (ruling.refuses()) {
            throw new dev.slipway.domain.RefusedException(ruling.refusal());
        }
        return ruling;
    }
}
