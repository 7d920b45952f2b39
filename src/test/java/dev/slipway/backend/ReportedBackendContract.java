package dev.slipway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a backend whose provider reports its runs must do besides {@link BackendContract}: its provider's hook turns
 * the provider's report of a run into a report of the run with the handle {@link Backend#start} returned, and refuses
 * a call that does not come from the provider.
 */
public abstract class ReportedBackendContract extends BackendContract<ReportedBackend> {

    /** The backend's inbound hook, authenticating with the secret the provider is set up with. */
    protected abstract ProviderHook hook();

    /** The provider's call of the hook reporting that {@code run} succeeded, as the provider sends it. */
    protected abstract HookRequest successReport(StartedRun run);

    /** The same call without the provider's credentials. */
    protected abstract HookRequest unauthenticated(HookRequest request);

    @Test
    void a_run_has_a_deadline_for_its_report() {
        assertThat(newBackend().reportDeadline()).isPositive();
    }

    @Test
    void the_providers_report_of_a_run_reaches_slipway_with_the_runs_handle() throws Exception {
        DeploymentTask task = committed(taskThatSucceeds());
        StartedRun run = newBackend().start(task);
        RecordingReports reports = new RecordingReports();

        HookAnswer answer = hook().handle(successReport(run), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(reports.calls).singleElement().asString().matches(successfulReport(task, run));
    }

    /**
     * The line {@link RecordingReports} records for the report of {@code run}'s success: by default a report of
     * the run with its handle; a provider that reports through the address Slipway gave the run (a webhook
     * receiver's callback URL) reports the deployment that address names.
     */
    protected String successfulReport(DeploymentTask task, StartedRun run) {
        return "report \\S+ " + java.util.regex.Pattern.quote(run.handle()) + " SUCCEEDED .*";
    }

    @Test
    void a_call_without_the_providers_credentials_is_refused_and_reports_nothing() throws Exception {
        DeploymentTask task = committed(taskThatSucceeds());
        StartedRun run = newBackend().start(task);
        RecordingReports reports = new RecordingReports();

        HookAnswer answer = hook().handle(unauthenticated(successReport(run)), reports);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    /** {@code request} with {@code header} removed. */
    protected static HookRequest without(HookRequest request, String header) {
        Map<String, String> headers = new java.util.HashMap<>(request.headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase(header));
        return new HookRequest(headers, request.body());
    }
}
