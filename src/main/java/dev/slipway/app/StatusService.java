package dev.slipway.app;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Project;
import dev.slipway.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read-only views: what runs where, what is in flight, recent history. */
public final class StatusService {
    private final Store store;
    private final Catalog catalog;

    public StatusService(Store store, Catalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** One environment's situation. */
    public record EnvironmentStatus(String project, String environment, Optional<Deployment> current,
                                    Optional<Deployment> active, Optional<EnvironmentLock> lock) {
    }

    /** Every environment of one project, or of every project when {@code projectId} is null. */
    public List<EnvironmentStatus> status(String projectId) {
        List<Project> projects = projectId == null ? catalog.projects().list() : List.of(catalog.project(projectId));
        return store.read(tx -> {
            List<EnvironmentStatus> rows = new ArrayList<>();
            for (Project project : projects) {
                for (String environment : project.environmentNames()) {
                    rows.add(new EnvironmentStatus(project.id(), environment,
                            tx.deployments().findLastSucceeded(project.id(), environment),
                            tx.deployments().findActive(project.id(), environment),
                            tx.locks().find(project.id(), environment)));
                }
            }
            return rows;
        });
    }

    /** Recent deployments, newest first; project and environment filter when given. */
    public List<Deployment> history(String projectId, String environmentName, int limit) {
        if (projectId != null) {
            Project project = catalog.project(projectId);
            if (environmentName != null) {
                catalog.environment(project, environmentName);
            }
        }
        return store.read(tx -> tx.deployments().listRecent(projectId, environmentName, limit));
    }

    public Optional<Deployment> find(long deploymentId) {
        return store.read(tx -> tx.deployments().findById(deploymentId));
    }
}
