package dev.slipway.app;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.Project;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * Deployments as metrics, counted by the process that moved them, once the move has committed:
 * {@code slipway_deployments_started_total} and {@code slipway_deployments_finished_total} by project, environment,
 * backend (and outcome, the final state), and {@code slipway_deployment_duration_seconds}, a histogram of how long
 * runs took from start to end.
 */
public final class DeploymentMeters {
    /** Buckets for runs, which take seconds to an hour, not the milliseconds Micrometer's defaults are made for. */
    private static final Duration[] RUN_BUCKETS = {Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1)};
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Catalog catalog;

    public DeploymentMeters(MeterRegistry registry, Catalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    /** Counts nothing: for use cases built without metrics. */
    public static DeploymentMeters none() {
        return new DeploymentMeters(new CompositeMeterRegistry(), null);
    }

    /** {@code moved} has just entered its state. */
    void moved(Deployment moved) {
        DeploymentState state = moved.state();
        if (state == DeploymentState.RUNNING) {
            Counter.builder("slipway.deployments.started").description("Deployments whose run started")
                    .tags("project", moved.project(), "environment", moved.environment(), "backend", backendOf(moved))
                    .register(registry).increment();
        } else if (state.isTerminal()) {
            String backend = backendOf(moved);
            Counter.builder("slipway.deployments.finished").description("Deployments that ended, by their final state")
                    .tags("project", moved.project(), "environment", moved.environment(), "backend", backend,
                            "outcome", state.label())
                    .register(registry).increment();
            if (moved.startedAt() != null && moved.finishedAt() != null) {
                Timer.builder("slipway.deployment.duration").description("How long runs took, from start to end")
                        .tags("project", moved.project(), "environment", moved.environment(), "backend", backend,
                                "outcome", state.label())
                        .serviceLevelObjectives(RUN_BUCKETS)
                        .register(registry).record(Duration.between(moved.startedAt(), moved.finishedAt()));
            }
        }
    }

    /** The backend type of the deployment's environment; "unknown" once the configuration no longer has it. */
    private String backendOf(Deployment d) {
        if (catalog == null) {
            return UNKNOWN;
        }
        Project project = catalog.projects().findById(d.project()).orElse(null);
        Environment environment = project == null ? null : project.environments().get(d.environment());
        return environment == null || environment.backendType() == null ? UNKNOWN : environment.backendType();
    }
}
