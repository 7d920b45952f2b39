package dev.slipway.config;

import java.util.List;

/** One environment of a project: its backend and its policy. {@code approvals} is null when none are required. */
public record EnvironmentConfig(BackendConfig backend, String defaultRef, List<String> allowedRefs,
                                List<String> deployers, ApprovalsConfig approvals) {
}
