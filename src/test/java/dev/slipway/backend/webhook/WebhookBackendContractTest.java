package dev.slipway.backend.webhook;

import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.ProviderHook;
import dev.slipway.backend.ReportedBackend;
import dev.slipway.backend.ReportedBackendContract;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.StartedRun;
import dev.slipway.testing.FakeWebhookReceiver;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;

/** The backend port's contract, against a receiver written from the README. */
class WebhookBackendContractTest extends ReportedBackendContract {
    private static final String SECRET = "whsec-contract-0001";
    private static final AtomicLong DEPLOYMENT_IDS = new AtomicLong(3000);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final FakeWebhookReceiver receiver = new FakeWebhookReceiver(SECRET);

    @AfterEach
    void close() {
        receiver.close();
    }

    /** The receiver cannot be asked what it started; it deduplicates a resend on the deployment id instead. */
    @Override
    protected boolean resendsAreDeduplicated() {
        return true;
    }

    @Override
    protected ReportedBackend newBackend() {
        return new WebhookBackend(new WebhookSettings(receiver.url(), SECRET), "web-api", "https://slipway.example.com",
                CLIENT, Clock.systemUTC());
    }

    @Override
    protected DeploymentTask taskThatSucceeds() {
        return task();
    }

    @Override
    protected DeploymentTask taskThatRunsUntilCancelled() {
        return task();
    }

    @Override
    protected int timesStarted(DeploymentTask task) {
        return receiver.timesStarted(task.deploymentId());
    }

    /** What the receiver did with the deployment: it runs until it is cancelled or says how it ended. */
    @Override
    protected Outcome outcomeOf(DeploymentTask task, StartedRun run) {
        String state = receiver.state(task.deploymentId());
        return switch (state == null ? "" : state) {
            case "cancelled" -> Outcome.CANCELLED;
            case "failed" -> Outcome.FAILED;
            default -> Outcome.SUCCEEDED;
        };
    }

    @Override
    protected ProviderHook hook() {
        return new WebhookHook(Map.of("web-api/production", SECRET));
    }

    @Override
    protected HookRequest successReport(StartedRun run) {
        long deployment = Long.parseLong(run.handle().substring("webhook-".length()));
        FakeWebhookReceiver.Callback callback = receiver.callback(deployment, "succeeded", null, null);
        return new HookRequest(Map.of("Content-Type", "application/json"), callback.query(), callback.body());
    }

    /** The callback URL's token is its credential. */
    @Override
    protected HookRequest unauthenticated(HookRequest request) {
        Map<String, String> query = new HashMap<>(request.query());
        query.remove("token");
        return new HookRequest(request.headers(), query, request.body());
    }

    @Override
    protected String successfulReport(DeploymentTask task, StartedRun run) {
        return "deployment webhook web-api production " + task.deploymentId() + " SUCCEEDED .*";
    }

    private static DeploymentTask task() {
        return new DeploymentTask(DEPLOYMENT_IDS.incrementAndGet(), "web-api", "production", "main", "alice", "C0001",
                null);
    }
}
