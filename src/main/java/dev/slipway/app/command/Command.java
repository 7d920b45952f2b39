package dev.slipway.app.command;

import dev.slipway.domain.DeploymentState;

/** A parsed request, the same whichever surface it came from. Nullable fields mean "not given". */
public sealed interface Command {
    record Deploy(String project, String ref, String environment) implements Command { }

    /** Ship a project to its default environment and ref; {@code project} null means the channel's project. */
    record Release(String project) implements Command { }

    record Status(String project) implements Command { }

    record History(String project, String environment) implements Command { }

    record Lock(String project, String environment, String reason) implements Command { }

    record Unlock(String project, String environment) implements Command { }

    record Cancel(long deploymentId) implements Command { }

    /** A person's word on how a running deployment ended: {@code outcome} is succeeded or failed. */
    record Resolve(long deploymentId, DeploymentState outcome) implements Command { }

    /** A finished build to preview and review, as CI posts it. */
    record Build(String project, String image, String type, String target) implements Command { }

    /** One step of a build's review: approve, reject, promote or close; the build is named by its preview deployment. */
    record ReviewStep(CommandSpec step, long deploymentId) implements Command { }

    record Help(String topic) implements Command { }

    /** A thank-you (a configured keyword); it gets a friendly word back. */
    record Thanks() implements Command { }

    /** Text that names a known command but breaks its grammar. */
    record Invalid(CommandSpec spec, String reason) implements Command { }

    /** Text that names no known command. */
    record Unknown(String text) implements Command { }
}
