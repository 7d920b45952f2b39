package dev.slipway.backend;

/**
 * A backend whose runs Slipway follows to their end itself (a script, a Kubernetes rollout). {@link #follow} may be
 * called again with the same handle by another process after a restart or on another replica, and never starts
 * anything; a {@link #cancel} that answers {@link Cancellation.Stopped} makes the {@code follow} in progress, in this
 * or another process, return {@link RunResult.Outcome#CANCELLED}.
 */
public non-sealed interface FollowedBackend extends Backend {

    /** Blocks until the run ends. An interrupt leaves the run going: that is how it is handed to another worker. */
    RunResult follow(DeploymentTask task, StartedRun run) throws BackendException, InterruptedException;

    /**
     * As {@link #follow(DeploymentTask, StartedRun)}, telling {@code progress} each change of the run's state on the
     * way (an Azure job that goes from New to Running, or is suspended and needs a person); backends whose runs have
     * nothing to tell before their end only follow.
     */
    default RunResult follow(DeploymentTask task, StartedRun run, RunProgress progress)
            throws BackendException, InterruptedException {
        return follow(task, run);
    }
}
