package dev.slipway.backend;

/**
 * Something that actually deploys: runs a script, triggers a pipeline, rolls out to a cluster. A backend is one of
 * two kinds, and the kind says how the end of a run becomes known: Slipway {@linkplain FollowedBackend follows} the
 * run itself (it polls or watches until the end), or the provider {@linkplain ReportedBackend reports} it to one of
 * Slipway's inbound hooks.
 *
 * <p>Contract: {@link #start} begins one run and returns quickly with a handle that Slipway stores. Before calling
 * it Slipway commits the intent (the task's {@linkplain DeploymentTask#startAttempt() start attempt}); a start that ended
 * in doubt (a crash, a timeout) is never repeated blindly: Slipway first asks {@link #findStart}, and starts again
 * only when the backend is sure nothing was started. {@link #cancel} says in its answer whether the run was asked to
 * stop or, when it cannot be, what the person who asked is told. Any instance over the same system answers for a
 * run another instance (another process or replica) started: everything needed is in the task and the handle.
 * Failures throw {@link TransientBackendException} when a retry can help and {@link PermanentBackendException} when
 * it cannot.
 */
public sealed interface Backend permits FollowedBackend, ReportedBackend {

    StartedRun start(DeploymentTask task) throws BackendException;

    /**
     * The run an earlier {@link #start} for this task began, looked up after that start ended in doubt. Never
     * starts anything.
     */
    StartLookup findStart(DeploymentTask task) throws BackendException;

    /** Asks the run to stop; a second call, or one for a run that has ended, is harmless. */
    Cancellation cancel(DeploymentTask task, StartedRun run) throws BackendException;

    /**
     * Takes down what the preview deployment {@code task} ({@link DeploymentTask#preview()} set) left running,
     * once its build's review has ended; a second call, or one for something already gone, is harmless. Backends
     * whose runs leave nothing running do nothing, and so does every backend for a task that is not a preview.
     */
    default void retire(DeploymentTask task) throws BackendException {
    }
}
