package dev.slipway.chat;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.Runbook;
import java.time.Duration;

/** The words every surface uses to report a deployment, so the console shows what Slack shows. */
public final class DeploymentMessages {
    private DeploymentMessages() {
    }

    /**
     * One line: "#12 api main → production: running (asked by U01)"; for a build's preview,
     * "#14 api: attempting deployment of registry/api:1.2 (branch feature-login)".
     */
    public static String headline(Deployment d, DeploymentState state) {
        if (d.slot() != null) {
            return preview(d, d.previewSlot().orElseThrow(), state);
        }
        String line = "#%d %s: %s".formatted(d.id(), what(d), state.label());
        return switch (state) {
            case QUEUED, REQUESTED, AWAITING_APPROVAL -> line + " (asked by " + d.requestedBy() + ")";
            case RUNNING -> line + (d.externalUrl() != null ? " — " + d.externalUrl() : "") + progress(d);
            case SUCCEEDED, FAILED, CANCELLED, REJECTED -> line + ending(d);
        };
    }

    /** What is shipped or run, in a line's words: "api main → production", "runbook restart-web environment=staging". */
    public static String what(Deployment d) {
        if (Runbook.isRunbookEnvironment(d.environment())) {
            return "runbook " + Runbook.nameOf(d.environment()) + " " + d.ref();
        }
        return d.project() + " " + d.ref() + " → " + d.environment();
    }

    /** The headline, then on a line of its own who took part ({@link ChatNotifier#report}), if anyone did. */
    public static String headline(Deployment d, DeploymentState state, java.util.List<String> involved) {
        String line = headline(d, state);
        return involved.isEmpty() ? line : line + "\n" + String.join(" · ", involved);
    }

    private static String preview(Deployment d, PreviewSlot slot, DeploymentState state) {
        String build = d.ref() + " (" + slot.type() + " " + slot.target() + ")";
        String head = "#" + d.id() + " " + d.project() + ": ";
        return switch (state) {
            case REQUESTED, AWAITING_APPROVAL, QUEUED -> head + "attempting deployment of " + build;
            case RUNNING -> head + "attempting deployment of " + build
                    + (d.externalUrl() != null ? " at " + d.externalUrl() : "") + progress(d);
            case SUCCEEDED -> head + "deployed " + build + " to " + d.environment()
                    + (d.externalUrl() != null ? ": " + d.externalUrl() : "");
            case FAILED, CANCELLED, REJECTED -> head + "deployment of " + build + " " + state.label()
                    + (d.summary() != null && !d.summary().isBlank() ? ": " + d.summary() : "");
        };
    }

    /**
     * How a running deployment goes, as its backend last told it ("Suspended: …"); a run nobody here can see says
     * so while it holds its environment, with what a person can do.
     */
    private static String progress(Deployment d) {
        return d.summary() != null && !d.summary().isBlank() ? " (" + d.summary() + ")" : "";
    }

    private static String ending(Deployment d) {
        StringBuilder text = new StringBuilder();
        if (d.summary() != null && !d.summary().isBlank()) {
            text.append(" (").append(d.summary()).append(')');
        }
        if (d.startedAt() != null && d.finishedAt() != null) {
            text.append(" in ").append(human(Duration.between(d.startedAt(), d.finishedAt())));
        }
        return text.toString();
    }

    /** "3s", "2m 5s", "1h 2m". */
    public static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }
}
