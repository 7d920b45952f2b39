package dev.slipway.config;

import dev.slipway.backend.BackendType;
import dev.slipway.domain.Environment;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a loaded configuration into the domain's projects and environments. */
public final class ConfigMapper {
    private ConfigMapper() {
    }

    /**
     * The projects of {@code config}, environments in file order.
     *
     * @param config a configuration returned by {@link ConfigLoader#load}
     * @param types  the backend types by name; must hold every type the configuration uses
     * @throws IllegalArgumentException if an environment uses a type missing from {@code types}
     */
    public static Projects toProjects(SlipwayConfig config, Map<String, BackendType<?>> types) {
        List<Project> projects = new ArrayList<>();
        for (ProjectConfig project : config.projects()) {
            Map<String, Environment> environments = new LinkedHashMap<>();
            project.environments().forEach((name, environment) ->
                    environments.put(name, environment(name, environment, types)));
            projects.add(new Project(project.id(), project.name(), project.owners(), project.qa(), project.channel(),
                    project.defaultEnvironment(), environments, project.url(), project.hookToken(),
                    project.previewEnvironment(), project.productionEnvironment(),
                    project.github() == null ? null : project.github().repo()));
        }
        return new Projects(projects);
    }

    private static Environment environment(String name, EnvironmentConfig environment,
                                           Map<String, BackendType<?>> types) {
        BackendConfig backend = environment.backend();
        BackendType<?> type = types.get(backend.type());
        if (type == null) {
            throw new IllegalArgumentException("no backend type named " + backend.type());
        }
        ApprovalsConfig approvals = environment.approvals();
        Policy policy = new Policy(environment.allowedRefs().stream().map(RefPattern::new).toList(),
                environment.deployers(), environment.defaultRef(),
                approvals == null ? null : new Policy.Approvals(approvals.required(), approvals.from()));
        return new Environment(name, policy, backend.type(), type.defaultRefOf(backend.settings()).orElse(null),
                type.refKind());
    }
}
