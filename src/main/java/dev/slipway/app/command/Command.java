package dev.slipway.app.command;

import dev.slipway.domain.DeploymentState;

/** A parsed request, the same whichever surface it came from. Nullable fields mean "not given". */
public sealed interface Command {
    /** {@code project} null means the channel's project ({@code deploy <environment>} in a bound channel). */
    record Deploy(String project, String ref, String environment) implements Command { }

    /**
     * {@code deploy <first> <second>}: project {@code first} to environment {@code second}, or, in a bound channel, its
     * project to environment {@code first} at ref {@code second}; the dispatcher decides which.
     */
    record DeployEither(String first, String second) implements Command { }

    /** Ship a project to its default environment and ref; {@code project} null means the channel's project. */
    record Release(String project) implements Command { }

    record Status(String project) implements Command { }

    record History(String project, String environment) implements Command { }

    /** The audit events of the last {@code since}, newest first; project and environment filter when not null. */
    record Audit(String project, String environment, java.time.Duration since) implements Command {
        /** How far back {@code audit} looks when {@code --since} does not say. */
        public static final java.time.Duration DEFAULT_SINCE = java.time.Duration.ofDays(7);
    }

    /** {@code project} null: {@code environment} is a runbook's ({@code runbook:<name>}), whose project is its own. */
    record Lock(String project, String environment, String reason) implements Command { }

    record Unlock(String project, String environment) implements Command { }

    record Cancel(long deploymentId) implements Command { }

    /** A person's word on how a running deployment ended: {@code outcome} is succeeded or failed. */
    record Resolve(long deploymentId, DeploymentState outcome) implements Command { }

    /** A finished build to preview and review, as CI posts it. */
    record Build(String project, String image, String type, String target) implements Command { }

    /**
     * Approve, reject, promote or close: a step of a build's review (the build named by its preview deployment), or
     * an approver's word on a deployment that awaits approval. {@code reason}: a rejection's, or null.
     */
    record ReviewStep(CommandSpec step, long deploymentId, String reason) implements Command {
        public ReviewStep(CommandSpec step, long deploymentId) {
            this(step, deploymentId, null);
        }
    }

    /** {@code deploy … --force <reason>}: an owner pushes {@code deploy} (a Deploy or DeployEither) through a freeze. */
    record Force(Command deploy, String reason) implements Command { }

    /** The requester confirms a deployment that waits for it. */
    record Confirm(long deploymentId) implements Command { }

    /** Deploy again what a failed deployment shipped. */
    record Retry(long deploymentId) implements Command { }

    /**
     * Redeploy the last successful version before the current one: of {@code project}'s {@code environment}, or, from
     * a button ({@code deploymentId} set), of the environment that deployment shipped to, if it is still current.
     */
    record Rollback(String project, String environment, Long deploymentId) implements Command { }

    /** Freeze {@code project}'s (or, for {@code all}, every project's) {@code environment} for {@code duration}. */
    record Freeze(String project, String environment, java.time.Duration duration, String reason) implements Command { }

    /** Lift a freeze made from chat. */
    record Unfreeze(String project, String environment) implements Command { }

    /** Run the runbook {@code name} with {@code words}, its arguments as typed (quoted ones whole). */
    record Runbook(String name, java.util.List<String> words) implements Command {
        public Runbook {
            words = java.util.List.copyOf(words);
        }
    }

    /** List the runbooks there are. */
    record Runbooks() implements Command { }

    /** Recent runs of runbook {@code name}, or of every runbook (null). */
    record RunbookHistory(String name) implements Command { }

    /** Bind the channel to the project deploying from {@code repository} ({@code owner/name}). */
    record Setup(String repository) implements Command { }

    /** Forget the channel's binding. */
    record Reset() implements Command { }

    /** Show the channel's binding, policies and hooks. */
    record Config() implements Command { }

    /** List the logins to claim ({@code login} null), or claim {@code login}. */
    record Hello(String login) implements Command { }

    /** Give up one's GitHub login. */
    record Goodbye() implements Command { }

    record Help(String topic) implements Command { }

    /** A thank-you (a configured keyword); it gets a friendly word back. */
    record Thanks() implements Command { }

    /** Text that names a known command but breaks its grammar. */
    record Invalid(CommandSpec spec, String reason) implements Command { }

    /** Text that names no known command. */
    record Unknown(String text) implements Command { }
}
