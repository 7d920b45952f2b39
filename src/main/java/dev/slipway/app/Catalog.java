package dev.slipway.app;

import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefusedException;

/**
 * Looks up projects and environments for use cases, refusing with the names that do exist (and an excerpt of the
 * name asked for).
 */
public final class Catalog {
    private final Projects projects;

    public Catalog(Projects projects) {
        this.projects = projects;
    }

    public Projects projects() {
        return projects;
    }

    public Project project(String id) {
        return projects.findById(id).orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_PROJECT,
                "I don't know a project `%s`. Projects: %s.".formatted(Excerpt.of(id),
                        String.join(", ", projects.ids()))));
    }

    public Environment environment(Project project, String name) {
        return project.environment(name).orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_ENVIRONMENT,
                "%s has no environment `%s`. Environments: %s.".formatted(project.id(), Excerpt.of(name),
                        String.join(", ", project.environmentNames()))));
    }
}
