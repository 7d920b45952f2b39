package dev.slipway.config;

import dev.slipway.backend.BackendType;
import dev.slipway.domain.Environment;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefPattern;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.WhenBusy;
import dev.slipway.domain.WorkspaceChannel;
import dev.slipway.domain.RunbookParameter;
import dev.slipway.domain.Runbooks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
        return toProjects(config, toRunbooks(config), types);
    }

    /** As {@link #toProjects(SlipwayConfig, Map)}, with the configuration's runbooks already mapped. */
    public static Projects toProjects(SlipwayConfig config, Runbooks runbooks, Map<String, BackendType<?>> types) {
        List<Project> projects = new ArrayList<>();
        for (ProjectConfig project : config.projects()) {
            Map<String, Environment> environments = new LinkedHashMap<>();
            project.environments().forEach((name, environment) ->
                    environments.put(name, environment(project, name, environment, types)));
            runbookEnvironments(runbooks, project.id()).forEach(e -> environments.put(e.name(), e));
            projects.add(new Project(project.id(), project.name(), project.owners(), project.qa(), channel(config, project),
                    project.defaultEnvironment(), environments, project.url(), project.hookToken(),
                    project.previewEnvironment(), project.productionEnvironment(),
                    project.github() == null ? null : project.github().repo()));
        }
        List<Environment> withoutProject = runbookEnvironments(runbooks, Runbook.NO_PROJECT);
        if (!withoutProject.isEmpty()) {
            Map<String, Environment> environments = new LinkedHashMap<>();
            withoutProject.forEach(e -> environments.put(e.name(), e));
            projects.add(new Project(Runbook.NO_PROJECT, "runbooks", List.of(), List.of(), null, null, environments));
        }
        return new Projects(projects);
    }

    /**
     * The address of the project's channel: in its workspace when the app is installed in several (a channel id
     * means nothing without its workspace), else the channel id as written.
     */
    static String channel(SlipwayConfig config, ProjectConfig project) {
        boolean distributed = config.slack() != null && config.slack().distributed();
        return WorkspaceChannel.of(distributed ? project.team() : null, project.channel());
    }

    /** The allow-listed runbooks of {@code config}, in file order. */
    public static Runbooks toRunbooks(SlipwayConfig config) {
        List<Runbook> runbooks = new ArrayList<>();
        for (RunbookConfig runbook : config.runbooks()) {
            List<RunbookParameter> parameters = runbook.parameters().stream().map(p -> new RunbookParameter(p.name(),
                    p.required(), p.pattern() == null ? null : Pattern.compile(p.pattern()), p.values(),
                    p.defaultValue(), p.secret())).toList();
            runbooks.add(new Runbook(runbook.name(), runbook.description(), runbook.account(), parameters,
                    runbook.runOn(), runbook.project(), new Policy(List.of(), runbook.deployers(), null)));
        }
        return new Runbooks(runbooks);
    }

    /** Where the runbooks of {@code project} run: an environment each, on the azure backend. */
    private static List<Environment> runbookEnvironments(Runbooks runbooks, String project) {
        return runbooks.list().stream().filter(r -> r.project().equals(project))
                .map(r -> new Environment(r.environment(), r.policy(), RUNBOOK_BACKEND, null, RefKind.RUNBOOK))
                .toList();
    }

    /** The backend type runbooks run on. */
    public static final String RUNBOOK_BACKEND = "azure";

    private static Environment environment(ProjectConfig project, String name, EnvironmentConfig environment,
                                           Map<String, BackendType<?>> types) {
        BackendConfig backend = environment.backend();
        BackendType<?> type = types.get(backend.type());
        if (type == null) {
            throw new IllegalArgumentException("no backend type named " + backend.type());
        }
        ApprovalsConfig approvals = environment.approvals();
        List<FreezeConfig> freezes = new ArrayList<>(project.freeze());
        freezes.addAll(environment.freeze());
        Policy policy = new Policy(environment.allowedRefs().stream().map(RefPattern::new).toList(),
                environment.deployers(), environment.defaultRef(),
                approvals == null ? null : new Policy.Approvals(approvals.required(), approvals.from(),
                        approvals.expiresAfter()),
                WhenBusy.fromLabel(environment.whenBusy()), environment.confirm(), FreezeWindows.of(freezes),
                environment.rollback().lock());
        return new Environment(name, policy, backend.type(), type.defaultRefOf(backend.settings()).orElse(null),
                type.refKind());
    }
}
