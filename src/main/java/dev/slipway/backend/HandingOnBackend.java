package dev.slipway.backend;

import java.util.Optional;

/**
 * A reported backend whose provider records the run but does not do the work itself: a GitHub Deployment, carried
 * on by a CI pipeline. Once the run is started (or its provider announces it), Slipway starts the {@linkplain #next()
 * next run} on the other backend — at most once, exactly as it starts a deployment's own run — and keeps this
 * backend's provider told how that run goes, so that it reports the deployment's end to its hook in turn.
 * Every call may be repeated after a crash; telling the provider the same thing twice must be harmless.
 */
public interface HandingOnBackend extends ReportedBackend {

    /** Whom runs are handed on to; empty when something outside Slipway acts on the provider's run. */
    Optional<Next> next();

    /** Tells the provider that the next run is about to be started (GitHub: {@code queued}). */
    void handingOn(DeploymentTask task, StartedRun run) throws BackendException;

    /** Tells the provider that {@code next} started and where to watch it (GitHub: {@code in_progress}). */
    void handedOn(DeploymentTask task, StartedRun run, StartedRun next) throws BackendException;

    /**
     * Tells the provider how the next run ended, as its own provider reported it, or that it could not be
     * started ({@link RunReports.Outcome#FAILED} with the reason as {@code description}).
     *
     * @param logUrl where a person reads how it went, or null
     */
    void handedOnEnded(DeploymentTask task, StartedRun run, RunReports.Outcome outcome, String logUrl,
                       String description) throws BackendException;

    /**
     * The backend that carries runs on.
     *
     * @param type its type name, by which its provider's hook reports its runs ({@code circleci})
     */
    record Next(String type, ReportedBackend backend) {
        public Next {
            java.util.Objects.requireNonNull(type, "type");
            java.util.Objects.requireNonNull(backend, "backend");
        }
    }
}
