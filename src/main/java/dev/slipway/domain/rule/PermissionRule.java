package dev.slipway.domain.rule;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Refusal;
import java.util.List;
import java.util.Optional;

/** Refuses users who are not among the environment's {@code deployers}. */
public final class PermissionRule implements DeployRule {
    @Override
    public Optional<Refusal> check(DeployAttempt attempt) {
        List<String> deployers = attempt.environment().policy().deployers();
        if (mayDeploy(attempt.project(), deployers, attempt.user())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(ErrorCode.NOT_A_DEPLOYER,
                "%s may not deploy %s to %s; deployers there: %s.".formatted(
                        attempt.user(), attempt.project().id(), attempt.environment().name(),
                        describe(attempt.project(), deployers))));
    }

    static boolean mayDeploy(Project project, List<String> deployers, String user) {
        return deployers.stream().anyMatch(deployer -> project.isIn(deployer, user));
    }

    private static String describe(Project project, List<String> deployers) {
        StringBuilder text = new StringBuilder();
        for (String deployer : deployers) {
            if (text.length() > 0) {
                text.append(", ");
            }
            switch (deployer) {
                case Policy.OWNERS -> text.append("the owners (").append(String.join(", ", project.owners())).append(')');
                case Policy.QA -> text.append("QA (").append(String.join(", ", project.qa())).append(')');
                default -> text.append(deployer);
            }
        }
        return text.toString();
    }
}
