package dev.slipway.config;

/**
 * {@code backend:} — {@code type} picks the backend; the other keys are bound to that backend's settings
 * record ({@link dev.slipway.backend.BackendType#settingsType()}), held here in {@code settings}.
 *
 * @param next the backend this one hands its runs on to, configured under a key named after its type (a
 *             {@code github} backend's {@code circleci:}), or null
 */
public record BackendConfig(String type, Object settings, BackendConfig next) {

    /** A backend that hands nothing on. */
    public BackendConfig(String type, Object settings) {
        this(type, settings, null);
    }
}
