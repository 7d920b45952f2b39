package dev.slipway.config;

import java.util.List;

/**
 * One environment of a project: its backend and its policy. {@code approvals} is null when none are required.
 *
 * @param whenBusy     {@code queue} (the default) or {@code refuse}: what a deployment does while another runs
 * @param confirm      whether a deployment asked in chat waits for its requester to confirm it
 * @param freeze       the change freezes of this environment (the project's apply too)
 * @param rollback     how a rollback behaves here; null for the defaults
 * @param autoRollback whether a failed rollout is rolled back to the previous version by itself (Kubernetes)
 */
public record EnvironmentConfig(BackendConfig backend, String defaultRef, List<String> allowedRefs,
                                List<String> deployers, ApprovalsConfig approvals, String whenBusy, Boolean confirm,
                                List<FreezeConfig> freeze, RollbackConfig rollback, Boolean autoRollback) {

    /** An environment with the default queue, no confirmation, no freeze. */
    public EnvironmentConfig(BackendConfig backend, String defaultRef, List<String> allowedRefs,
                             List<String> deployers, ApprovalsConfig approvals) {
        this(backend, defaultRef, allowedRefs, deployers, approvals, "queue", false, List.of(), new RollbackConfig(true),
                false);
    }
}
