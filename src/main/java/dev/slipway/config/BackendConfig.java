package dev.slipway.config;

/**
 * {@code backend:} — {@code type} picks the backend; the other keys are bound to that backend's settings
 * record ({@link dev.slipway.backend.BackendType#settingsType()}), held here in {@code settings}.
 */
public record BackendConfig(String type, Object settings) {
}
