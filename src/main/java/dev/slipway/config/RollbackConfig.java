package dev.slipway.config;

/** An environment's {@code rollback: { lock: false }}: whether a rollback locks it for its requester (default true). */
public record RollbackConfig(Boolean lock) {
}
