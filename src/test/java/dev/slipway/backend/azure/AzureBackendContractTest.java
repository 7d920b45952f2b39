package dev.slipway.backend.azure;

import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.FollowedBackendContract;
import dev.slipway.domain.StartAttempt;
import dev.slipway.testing.FakeAzure;
import dev.slipway.testing.FakeAzure.Script;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The followed-backend contract against the fake Azure; the fake runs a job by the ref its task deploys. */
class AzureBackendContractTest extends FollowedBackendContract {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicLong IDS = new AtomicLong(9100);

    private static FakeAzure azure;
    private static AzureAccount account;

    @BeforeAll
    static void startAzure() {
        azure = new FakeAzure();
        azure.scriptWhen("Ref", "fails", Script.fails("Deployment slot swap failed: slot 'staging' is not healthy."));
        azure.scriptWhen("Ref", "stuck", Script.runsUntilStopped());
        account = azure.account("main", Duration.ofMillis(20), Duration.ofHours(1));
    }

    @AfterAll
    static void stopAzure() {
        azure.close();
    }

    @Override
    protected FollowedBackend newBackend() {
        return new AzureBackend(account, new AzureSettings(null, FakeAzure.RUNBOOK, Map.of("Ref", "{{ref}}"), null,
                null), HTTP, Clock.systemUTC());
    }

    @Override
    protected DeploymentTask taskThatSucceeds() {
        return task("v2.14.0");
    }

    @Override
    protected DeploymentTask taskThatFails() {
        return task("fails");
    }

    @Override
    protected DeploymentTask taskThatRunsUntilCancelled() {
        return task("stuck");
    }

    @Override
    protected int timesStarted(DeploymentTask task) {
        return azure.creates(task.startAttempt().key());
    }

    private static DeploymentTask task(String ref) {
        return new DeploymentTask(IDS.incrementAndGet(), "web-api", "production", ref, "U0001", "C0001", null)
                .withStartAttempt(StartAttempt.newAt(Instant.now()));
    }
}
