package dev.slipway.backend;

/**
 * Something that actually deploys: runs a script, triggers a pipeline, rolls out to a cluster.
 *
 * <p>Contract: {@link #start} begins one run and returns quickly with a handle that Slipway stores.
 * {@link #follow} blocks until that run ends and may be called again with the same handle by a new
 * process after a restart, so a run is never started twice for one deployment. {@link #cancel} asks the
 * run to stop; the {@code follow} in progress then returns {@link RunResult.Outcome#CANCELLED}.
 * Failures throw {@link TransientBackendException} when a retry can help and
 * {@link PermanentBackendException} when it cannot.
 */
public interface Backend {

    StartedRun start(DeploymentTask task) throws BackendException;

    /** How the end of a run becomes known. */
    enum Completion {
        /** {@link #follow} blocks until the run ends. */
        FOLLOW,
        /** The system reports the end to one of Slipway's inbound hooks; {@link #follow} is not called. */
        HOOK
    }

    default Completion completion() {
        return Completion.FOLLOW;
    }

    /** For {@link Completion#HOOK}: how long a run may go without a report before its deployment fails. */
    default java.time.Duration reportDeadline() {
        return java.time.Duration.ofHours(1);
    }

    RunResult follow(DeploymentTask task, StartedRun run) throws BackendException, InterruptedException;

    void cancel(DeploymentTask task, StartedRun run) throws BackendException;

    /**
     * Takes down what the preview deployment {@code task} ({@link DeploymentTask#preview()} set) left running,
     * once its build's review has ended; a second call, or one for something already gone, is harmless. Backends
     * whose runs leave nothing running do nothing, and so does every backend for a task that is not a preview.
     */
    default void retire(DeploymentTask task) throws BackendException {
    }
}
