package dev.slipway.config;

import java.util.List;

/** One environment of a project: its backend and its policy. */
public record EnvironmentConfig(BackendConfig backend, String defaultRef, List<String> allowedRefs,
                                List<String> deployers) {
}
