package dev.slipway.chat;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.Runbook;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The words every surface uses to report a deployment, so the console shows what Slack shows. */
public final class DeploymentMessages {
    static final String CONFIRM = "confirm";
    static final String CANCEL = "cancel";
    static final String RETRY = "retry";
    static final String ROLLBACK = "rollback";

    /**
     * How a surface writes the parts of a line that differ between surfaces: plain words (which it may have to
     * escape), a person, a moment.
     */
    public interface Words {
        String text(String plain);

        String person(String user);

        String time(Instant at);
    }

    /** Words as a terminal shows them: as they are, moments in UTC ("2026-03-01 10:02 UTC"). */
    public static final Words PLAIN = new Words() {
        private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC);

        @Override
        public String text(String plain) {
            return plain;
        }

        @Override
        public String person(String user) {
            return user;
        }

        @Override
        public String time(Instant at) {
            return UTC.format(at);
        }
    };

    private DeploymentMessages() {
    }

    /**
     * One line: "#12 api main → production: running (asked by U01)"; for a build's preview,
     * "#14 api: attempting deployment of registry/api:1.2 (branch feature-login)".
     */
    public static String headline(Deployment d, DeploymentState state) {
        return headline(d, state, PLAIN);
    }

    /**
     * As {@link #headline(Deployment, DeploymentState)}, in a surface's {@code words}. The end of a deployment says
     * who asked for it and when it ended: "#12 api main → production: succeeded (exit code 0) in 2m 5s — asked by
     * U01, ended 2026-03-01 10:02 UTC".
     */
    public static String headline(Deployment d, DeploymentState state, Words words) {
        if (d.slot() != null) {
            return words.text(preview(d, d.previewSlot().orElseThrow(), state));
        }
        String line = words.text("#%d %s: %s".formatted(d.id(), what(d), state.label()));
        return switch (state) {
            // What it waits for (a confirmation, approvals, its turn), as the rules said when it started waiting.
            // (Only while it still waits there: a late report of an earlier wait has the later one's reason.)
            case QUEUED, REQUESTED, AWAITING_APPROVAL -> line
                    + (d.state() != state || d.summary() == null || d.summary().isBlank() ? ""
                    : words.text(": " + d.summary())) + " (asked by " + words.person(d.requestedBy()) + ")";
            case RUNNING -> line + words.text((d.externalUrl() != null ? " — " + d.externalUrl() : "") + progress(d));
            case SUCCEEDED, FAILED, CANCELLED, REJECTED -> line + words.text(ending(d)) + " — asked by "
                    + words.person(d.requestedBy()) + (d.finishedAt() != null ? ", ended " + words.time(d.finishedAt()) : "");
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
    public static String headline(Deployment d, DeploymentState state, List<String> involved) {
        String line = headline(d, state);
        return involved.isEmpty() ? line : line + "\n" + String.join(" · ", involved);
    }

    /**
     * The buttons under the report of {@code d} in {@code announced}: what a person may want to do next. Waiting
     * for its requester: Deploy and Cancel; waiting for approval or its turn: Cancel; running: Cancel, which asks
     * first; failed: Retry; succeeded in its project's production ({@code production}): Rollback, which asks first.
     * A build's preview has none; a runbook run only Cancel while it is queued or running.
     */
    public static List<Choice> choices(Deployment d, DeploymentState announced, boolean production) {
        if (d.slot() != null) {
            return List.of();
        }
        boolean runbook = Runbook.isRunbookEnvironment(d.environment());
        String id = Long.toString(d.id());
        String shipping = d.project() + " " + d.ref() + " to " + d.environment();
        Choice cancel = new Choice(CANCEL, id, "Cancel");
        Choice stop = new Choice(CANCEL, id, "Cancel", Choice.Style.DANGER,
                "Stop " + (runbook ? what(d) : "deploying " + shipping) + "?");
        if (runbook) {
            return switch (announced) {
                case QUEUED -> List.of(cancel);
                case RUNNING -> List.of(stop);
                default -> List.of();
            };
        }
        return switch (announced) {
            case REQUESTED -> List.of(new Choice(CONFIRM, id, "Deploy", Choice.Style.PRIMARY, "Deploy " + shipping + "?"),
                    cancel);
            case AWAITING_APPROVAL, QUEUED -> List.of(cancel);
            case RUNNING -> List.of(stop);
            case FAILED -> List.of(new Choice(RETRY, id, "Retry"));
            case SUCCEEDED -> production ? List.of(new Choice(ROLLBACK, id, "Rollback", Choice.Style.DANGER, "Roll "
                    + d.project() + " " + d.environment() + " back to the version before " + d.ref() + " (#" + d.id()
                    + ")?")) : List.of();
            case CANCELLED, REJECTED -> List.of();
        };
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
