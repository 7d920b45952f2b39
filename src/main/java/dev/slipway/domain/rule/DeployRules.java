package dev.slipway.domain.rule;

import dev.slipway.domain.Refusal;
import java.util.List;
import java.util.Optional;

/** The ordered list of rules a deployment must pass; the first refusal wins. */
public record DeployRules(List<DeployRule> rules) {
    public DeployRules {
        rules = List.copyOf(rules);
    }

    /** The rules every deployment passes, cheapest and most fundamental first: a malformed ref goes no further. */
    public static DeployRules standard() {
        return new DeployRules(List.of(new RefFormatRule(), new AllowedRefRule(), new PermissionRule(), new LockRule(),
                new OneAtATimeRule()));
    }

    public Optional<Refusal> check(DeployAttempt attempt) {
        for (DeployRule rule : rules) {
            Optional<Refusal> refusal = rule.check(attempt);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }
}
