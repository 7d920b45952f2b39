package dev.slipway.app.command;

import dev.slipway.domain.ChatOrigin;

/**
 * Who runs a command and from where.
 *
 * @param idempotencyKey the inbound request's unique key, or null when the surface has none (the console)
 */
public record Invocation(String user, ChatOrigin origin, String idempotencyKey) {
}
