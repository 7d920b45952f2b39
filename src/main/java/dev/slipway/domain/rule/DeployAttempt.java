package dev.slipway.domain.rule;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Project;
import java.util.Optional;

/** Everything a rule may look at: who wants to ship which ref where, and what already holds that environment. */
public record DeployAttempt(Project project, Environment environment, String ref, String user,
                            Optional<EnvironmentLock> lock, Optional<Deployment> active) {
}
