package dev.slipway.domain.rule;

import dev.slipway.domain.Refusal;
import java.util.Optional;

/** One guard in front of a deployment. Rules are pure: they read the attempt and say yes (empty) or why not. */
public interface DeployRule {
    Optional<Refusal> check(DeployAttempt attempt);
}
