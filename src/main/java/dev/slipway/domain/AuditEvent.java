package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Who did what, when, where and how it ended. {@code project}, {@code environment} and
 * {@code deploymentId} are null where they do not apply; {@code id} is 0 until stored.
 */
public record AuditEvent(long id, Instant at, String actor, String action, String project, String environment,
                         Long deploymentId, String detail) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        detail = detail == null ? "" : detail;
    }

    public static AuditEvent of(Instant at, String actor, String action, Deployment deployment, String detail) {
        return new AuditEvent(0, at, actor, action, deployment.project(), deployment.environment(),
                deployment.id(), detail);
    }
}
