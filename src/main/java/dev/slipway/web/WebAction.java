package dev.slipway.web;

import dev.slipway.app.command.Command;
import dev.slipway.app.command.CommandSpec;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person may do from a page: each posted to {@code /actions/<name>} with the fields it needs, confirmed on a
 * page of its own first, then run as the {@link Command} chat would run.
 */
enum WebAction {
    DEPLOY("Deploy"),
    CONFIRM("Confirm"),
    APPROVE("Approve"),
    REJECT("Reject"),
    CANCEL("Cancel"),
    RETRY("Retry"),
    PROMOTE("Promote"),
    CLOSE("Close"),
    LOCK("Lock"),
    UNLOCK("Unlock"),
    ROLLBACK("Roll back");

    private final String label;

    WebAction(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    String path() {
        return "/actions/" + name().toLowerCase(Locale.ROOT);
    }

    static Optional<WebAction> named(String name) {
        for (WebAction action : values()) {
            if (action.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /** The fields an action was posted with; blank ones are null. */
    record Fields(String project, String environment, String ref, Long deployment, String reason) {
    }

    /** The command this action runs, or empty when a field it needs is missing. */
    Optional<Command> command(Fields f) {
        boolean onDeployment = f.deployment() != null;
        boolean onEnvironment = f.project() != null && f.environment() != null;
        return Optional.ofNullable(switch (this) {
            case DEPLOY -> onEnvironment && f.ref() != null ? new Command.Deploy(f.project(), f.ref(), f.environment())
                    : null;
            case CONFIRM -> onDeployment ? new Command.Confirm(f.deployment()) : null;
            case APPROVE -> onDeployment ? new Command.ReviewStep(CommandSpec.APPROVE, f.deployment(), null) : null;
            case REJECT -> onDeployment ? new Command.ReviewStep(CommandSpec.REJECT, f.deployment(), f.reason()) : null;
            case CANCEL -> onDeployment ? new Command.Cancel(f.deployment()) : null;
            case RETRY -> onDeployment ? new Command.Retry(f.deployment()) : null;
            case PROMOTE -> onDeployment ? new Command.ReviewStep(CommandSpec.PROMOTE, f.deployment(), null) : null;
            case CLOSE -> onDeployment ? new Command.ReviewStep(CommandSpec.CLOSE, f.deployment(), null) : null;
            case LOCK -> onEnvironment ? new Command.Lock(f.project(), f.environment(), f.reason()) : null;
            case UNLOCK -> onEnvironment ? new Command.Unlock(f.project(), f.environment()) : null;
            case ROLLBACK -> onEnvironment ? new Command.Rollback(f.project(), f.environment(), null) : null;
        });
    }

    /** The question the confirmation page asks. */
    String question(Fields f) {
        String where = f.project() + " " + f.environment();
        String which = "#" + f.deployment();
        return switch (this) {
            case DEPLOY -> "Deploy " + f.project() + " " + f.ref() + " to " + f.environment() + "?";
            case CONFIRM -> "Confirm deployment " + which + "?";
            case APPROVE -> "Approve " + which + "?";
            case REJECT -> "Reject " + which + "?";
            case CANCEL -> "Cancel deployment " + which + "?";
            case RETRY -> "Deploy again what " + which + " shipped?";
            case PROMOTE -> "Promote the build of " + which + " to production?";
            case CLOSE -> "Close the review of " + which + " without deploying it?";
            case LOCK -> "Lock " + where + "?";
            case UNLOCK -> "Unlock " + where + "?";
            case ROLLBACK -> "Roll " + where + " back to what ran there before?";
        };
    }
}
