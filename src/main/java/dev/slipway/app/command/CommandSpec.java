package dev.slipway.app.command;

import java.util.List;
import java.util.Optional;

/**
 * A command's name, aliases, usage and one-line description. The parser reads its grammar from here and
 * {@code help} prints it, so help cannot drift from what is accepted.
 */
public enum CommandSpec {
    DEPLOY("deploy", List.of(), "deploy <project> [<ref>] [to] <environment> [--force <reason…>] | deploy <environment> [<ref>]",
            "ship a ref of a project to an environment (the environment's default ref when none is named;"
                    + " the channel's project when none is named); owners push one through a freeze with --force"),
    CONFIRM("confirm", List.of(), "confirm <deployment-id>",
            "go ahead with your deployment to an environment that asks for a confirmation (it lapses after 10 minutes)"),
    RETRY("retry", List.of(), "retry <deployment-id>", "deploy again what a failed deployment shipped"),
    ROLLBACK("rollback", List.of(), "rollback <project> [to] <environment>",
            "redeploy the last successful version before the current one, and lock the environment for you"),
    RELEASE("release", List.of(), "release [<project>]",
            "ship a project to its default environment and ref (the channel's project when none is named)"),
    STATUS("status", List.of(), "status [<project>]", "what runs where, what is in flight, what is locked, which builds await review"),
    HISTORY("history", List.of("list"), "history [<project>] [<environment>] | history runbooks | history runbook <name>",
            "recent deployments, newest first (bare, in a channel bound to a repository: its GitHub deployments);"
                    + " or recent runbook runs"),
    AUDIT("audit", List.of(), "audit [<project>] [<environment>] [--since <duration>]",
            "who did what, newest first: deployments, locks, overrides and refusals of the last 7d, or as far back"
                    + " as --since says (12h, 30m, 2d…)"),
    LOCK("lock", List.of(), "lock <project> <environment> [reason…] | lock runbook:<name> [reason…]",
            "stop everyone else from deploying to an environment, or from running a runbook"),
    UNLOCK("unlock", List.of(), "unlock <project> <environment> | unlock runbook:<name>",
            "lift a lock (its holder or a project owner)"),
    CANCEL("cancel", List.of(), "cancel <deployment-id>", "stop a deployment that is queued or running"),
    RESOLVE("resolve", List.of(), "resolve <deployment-id> succeeded|failed",
            "end a running deployment whose outcome Slipway cannot see, once you have checked how it went"
                    + " (whoever may cancel it)"),
    BUILD("build", List.of(), "build <project> <image> <branch|tag> <target>",
            "preview a finished build for review, as CI does through /hooks/build-complete (owners)"),
    APPROVE("approve", List.of(), "approve <deployment-id>",
            "approve a deployment that awaits approval (its approvers), or a build under review (QA)"),
    REJECT("reject", List.of(), "reject <deployment-id> [reason…]",
            "reject a deployment that awaits approval (its approvers), or a build under review (QA)"),
    PROMOTE("promote", List.of(), "promote <deployment-id>", "deploy a reviewed build to production (owners)"),
    CLOSE("close", List.of(), "close <deployment-id>", "end a build's review without deploying it (owners)"),
    FREEZE("freeze", List.of(), "freeze <project|all> <environment> <duration> [reason…]",
            "stop deployments to an environment for a while, such as 2h or 3d (owners)"),
    UNFREEZE("unfreeze", List.of(), "unfreeze <project|all> <environment>", "lift a freeze made with `freeze` (owners)"),
    RUNBOOK("runbook", List.of(), "runbook <name> [<value>…] [<parameter>=<value>…]",
            "run an allow-listed runbook; values in the order of its parameters or by name, \"quoted\" when they"
                    + " have spaces"),
    RUNBOOKS("runbooks", List.of(), "runbooks", "the runbooks you can run, their parameters and who may run them"),
    SETUP("setup", List.of(), "setup <owner>/<repo>",
            "bind this channel to the project that deploys from a GitHub repository"),
    RESET("reset", List.of(), "reset", "forget this channel's binding (linked logins stay)"),
    CONFIG("config", List.of(), "config", "this channel's project, its environments' policies and the hooks to configure"),
    HELLO("hello", List.of(), "hello [<login>]",
            "link your GitHub login: lists the repository's collaborators not linked yet, or claims one"),
    GOODBYE("goodbye", List.of(), "goodbye", "unlink your GitHub login"),
    HELP("help", List.of(), "help [<command>]", "this list, or one command's usage");

    private final String word;
    private final List<String> aliases;
    private final String usage;
    private final String description;

    CommandSpec(String word, List<String> aliases, String usage, String description) {
        this.word = word;
        this.aliases = aliases;
        this.usage = usage;
        this.description = description;
    }

    public String word() {
        return word;
    }

    public String usage() {
        return usage;
    }

    public String description() {
        return description;
    }

    public static Optional<CommandSpec> byWord(String word) {
        for (CommandSpec spec : values()) {
            if (spec.word.equals(word) || spec.aliases.contains(word)) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }

    /** The full help text: every command's usage and description. */
    public static String helpText() {
        return HelpText.TEXT;
    }

    /** Built once, when first asked for: the commands do not change while Slipway runs. */
    private static final class HelpText {
        static final String TEXT = build();
    }

    private static String build() {
        StringBuilder text = new StringBuilder("Commands:");
        for (CommandSpec spec : values()) {
            text.append("\n  ").append(spec.usage).append(" — ").append(spec.description);
            if (!spec.aliases.isEmpty()) {
                text.append(" (also: ").append(String.join(", ", spec.aliases)).append(')');
            }
        }
        return text.toString();
    }

    public String helpLine() {
        return "Usage: " + usage + " — " + description;
    }
}
