package dev.slipway.backend;

/**
 * Where a {@link ProviderHook} leaves what a provider reports about a run it started for Slipway. A report for a run
 * that already ended changes nothing; a delivery key is recorded once, with the change it causes, so a resent
 * delivery is harmless. An unknown run is refused ({@code RefusedException} UNKNOWN_DEPLOYMENT, answered 404).
 */
public interface RunReports {

    /** How the provider says the run goes. */
    enum Outcome { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /** The reported deployment as it is now, and whether this report changed it. */
    record Answer(long deploymentId, String state, boolean changed) {
    }

    /**
     * @param backendType the type of backend that started the run ({@code gitlab})
     * @param runId       the provider's id of the run, as the backend's handle holds it
     * @param source      who reports, for the audit trail
     * @param deliveryKey the provider's key of this delivery, or null when it sends none
     */
    Answer report(String backendType, String runId, Outcome outcome, String source, String deliveryKey);

    /**
     * The provider announces a run Slipway started, possibly before Slipway recorded its id (GitHub's
     * {@code deployment} event follows its creation at once): a backend that {@linkplain HandingOnBackend hands its
     * runs on} does so now. The run is recognised by the deployment and start key Slipway gave it; anything else is
     * refused as an unknown run.
     *
     * @param deploymentId the Slipway deployment the provider echoes back
     * @param startKey     the start key the provider echoes back
     */
    Answer announce(String backendType, String runId, long deploymentId, String startKey, String deliveryKey);

    /**
     * The provider announces a run that another tool started in a repository Slipway deploys (a GitHub Deployment
     * made by GitHub Actions): Slipway reports it in the project's channel like one of its own, and its later
     * reports move it. Refused as an unknown run when no project deploys from the repository to that environment
     * with a backend of {@code backendType}, when no channel is bound to the project, or when another deployment
     * holds the environment.
     *
     * @param repository the repository, {@code owner/name}
     * @param creator    who started it, as the provider names them
     * @param url        where a person watches it, or null
     */
    Answer announceForeign(String backendType, String repository, String environment, String ref, String runId,
                           String creator, String url, String deliveryKey);

    /**
     * The provider reports on the deployment Slipway started it for, through the address Slipway gave it with the
     * run (the webhook backend's callback URL), which names the deployment; the report may come before Slipway
     * recorded the run. A report for a deployment that has ended changes nothing.
     *
     * @param description what the provider says about the run, shown with it; or null
     * @param url         where a person watches the run, or null
     * @throws dev.slipway.domain.RefusedException UNKNOWN_DEPLOYMENT when no deployment {@code deploymentId} of
     *         {@code project} {@code environment} runs on a backend of {@code backendType}
     */
    Answer reportDeployment(String backendType, String project, String environment, long deploymentId, Outcome outcome,
                            String description, String url, String source);
}
