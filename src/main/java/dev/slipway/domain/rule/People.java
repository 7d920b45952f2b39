package dev.slipway.domain.rule;

import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import java.util.List;

/** How rules name the people a refusal sends someone to. */
final class People {
    private People() {
    }

    /** "the owners (alice, bob), QA (carol), dave". */
    static String describe(Project project, List<String> groups) {
        StringBuilder text = new StringBuilder();
        for (String group : groups) {
            if (text.length() > 0) {
                text.append(", ");
            }
            switch (group) {
                case Policy.OWNERS -> text.append("the owners (").append(String.join(", ", project.owners())).append(')');
                case Policy.QA -> text.append("QA (").append(String.join(", ", project.qa())).append(')');
                default -> text.append(group);
            }
        }
        return text.toString();
    }

    /** "owners of api (alice, bob)". */
    static String owners(Project project) {
        return "owners of %s (%s)".formatted(project.id(), String.join(", ", project.owners()));
    }
}
