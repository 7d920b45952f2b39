package dev.slipway.domain.rule;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefKind;
import java.util.Optional;

/**
 * Everything a rule may look at: who wants to ship which ref where, and what already holds that environment.
 *
 * @param refKind the grammar {@code ref} must follow: the environment's, or {@link RefKind#IMAGE} for a reviewed
 *                build's image
 */
public record DeployAttempt(Project project, Environment environment, String ref, RefKind refKind, String user,
                            Optional<EnvironmentLock> lock, Optional<Deployment> active) {
    public DeployAttempt {
        java.util.Objects.requireNonNull(refKind, "refKind");
    }

    /** An attempt to deploy a ref of the kind the environment's backend deploys. */
    public DeployAttempt(Project project, Environment environment, String ref, String user,
                         Optional<EnvironmentLock> lock, Optional<Deployment> active) {
        this(project, environment, ref, environment.refKind(), user, lock, active);
    }
}
