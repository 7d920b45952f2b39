package dev.slipway.app;

import dev.slipway.domain.ChatOrigin;

/**
 * Someone asks to ship a project.
 *
 * @param environment    null for a bare {@code release}: the project's default environment
 * @param ref            null to use the environment's default ref
 * @param idempotencyKey the inbound request's unique key (Slack event id, trigger id...), or null
 * @param force          an owner's reason for pushing it through a change freeze, or null
 */
public record DeployRequest(String project, String environment, String ref, String user, ChatOrigin origin,
                            String idempotencyKey, String force) {
    public DeployRequest(String project, String environment, String ref, String user, ChatOrigin origin,
                         String idempotencyKey) {
        this(project, environment, ref, user, origin, idempotencyKey, null);
    }
}
