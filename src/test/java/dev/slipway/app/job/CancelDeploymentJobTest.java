package dev.slipway.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling a pipeline: through GitLab's API with an API token, else the audit trail says where a person can. */
@Timeout(60)
class CancelDeploymentJobTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final FakeGitLab gitlab = GitLabOnTheConsole.gitlab();
    private SlipwayHarness slipway;

    @AfterEach
    void close() {
        if (slipway != null) {
            slipway.close();
        }
        gitlab.close();
    }

    @Test
    void with_an_api_token_the_pipeline_is_cancelled_in_gitlab() {
        slipway = SlipwayHarness.start(dir, yaml(GitLabOnTheConsole.API_TOKEN));
        long id = runningDeployment();

        slipway.type("alice", "cancel " + id);

        await().atMost(WITHIN).until(() -> "canceled".equals(gitlab.status(gitlab.pipelines().get(0).id())));
    }

    @Test
    void without_an_api_token_the_audit_trail_says_where_to_cancel_the_pipeline() {
        slipway = SlipwayHarness.start(dir, yaml(null));
        long id = runningDeployment();

        slipway.type("alice", "cancel " + id);

        FakeGitLab.Pipeline pipeline = gitlab.pipelines().get(0);
        await().atMost(WITHIN).until(() -> slipway.audit(id).stream().map(AuditEvent::action)
                .anyMatch(CancelDeploymentJob.CANNOT_STOP::equals));
        assertThat(slipway.audit(id)).filteredOn(e -> e.action().equals(CancelDeploymentJob.CANNOT_STOP))
                .singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("GitLab cannot be asked to stop"
                        + " pipeline " + pipeline.id() + " without an API token (apiToken): cancel it at "
                        + pipeline.webUrl()));
        assertThat(gitlab.status(pipeline.id())).isEqualTo("created");
    }

    private long runningDeployment() {
        long id = slipway.type("alice", "deploy web main to staging").get(0);
        await().atMost(WITHIN).until(() -> slipway.deployment(id).state() == DeploymentState.RUNNING);
        return id;
    }

    private String yaml(String apiToken) {
        return GitLabOnTheConsole.yaml(gitlab, apiToken, null);
    }
}
