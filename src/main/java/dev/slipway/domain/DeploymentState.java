package dev.slipway.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where a deployment is in its life; see SPEC §4 for the graph. */
public enum DeploymentState {
    REQUESTED,
    AWAITING_APPROVAL,
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    REJECTED;

    private static final Set<DeploymentState> ACTIVE = EnumSet.of(REQUESTED, AWAITING_APPROVAL, QUEUED, RUNNING);

    /** Active deployments hold their environment: at most one per project and environment. */
    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    public boolean isTerminal() {
        return !isActive();
    }

    public boolean canMoveTo(DeploymentState next) {
        return switch (this) {
            case REQUESTED -> next == AWAITING_APPROVAL || next == QUEUED || next == REJECTED || next == CANCELLED;
            case AWAITING_APPROVAL -> next == QUEUED || next == REJECTED || next == CANCELLED;
            case QUEUED -> next == RUNNING || next == CANCELLED || next == FAILED;
            case RUNNING -> next == SUCCEEDED || next == FAILED || next == CANCELLED;
            case SUCCEEDED, FAILED, CANCELLED, REJECTED -> false;
        };
    }

    /** The lower-case name used in the database, in chat and in the CLI. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeploymentState fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
