package dev.slipway.app;

import dev.slipway.domain.ChatOrigin;

/**
 * Someone asks to ship a project.
 *
 * @param environment    null for a bare {@code release}: the project's default environment
 * @param ref            null to use the environment's default ref
 * @param idempotencyKey the inbound request's unique key (Slack event id, trigger id...), or null
 */
public record DeployRequest(String project, String environment, String ref, String user, ChatOrigin origin,
                            String idempotencyKey) {
}
