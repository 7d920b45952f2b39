package dev.slipway.app.job;

import dev.slipway.backend.Backend;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;

/**
 * The two steps of starting a run at most once, after its start attempt was committed: a deployment's own run
 * ({@link RunDeploymentJob}) and a run handed on to another backend ({@link HandOnRunJob}) take them alike.
 */
final class StartAtMostOnce {
    private StartAtMostOnce() {
    }

    /**
     * Asks {@code backend} to start the task's run; a failure that certainly started nothing runs {@code forget},
     * which takes the committed attempt back so that the next try commits a new one.
     */
    static StartedRun start(Backend backend, DeploymentTask task, Runnable forget) throws BackendException {
        try {
            return backend.start(task);
        } catch (TransientBackendException e) {
            if (e.nothingStarted()) {
                forget.run();
            }
            throw e;
        }
    }

    /**
     * A start in doubt: carries on with the run it began, starts only if the backend is sure none was, or fails for
     * a person to check where it may have started.
     *
     * @param what the run, as the failure names it ("#12", "#12's circleci run")
     */
    static StartedRun reconcile(Backend backend, DeploymentTask task, String what, Runnable forget)
            throws BackendException {
        StartLookup lookup = backend.findStart(task);
        if (lookup instanceof StartLookup.Started started) {
            return started.run();
        }
        if (lookup instanceof StartLookup.Unknown unknown) {
            throw new PermanentBackendException("the start of " + what + " ended in doubt and " + unknown.reason()
                    + "; it may have started: " + unknown.where());
        }
        return start(backend, task, forget);
    }
}
