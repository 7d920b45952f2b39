package dev.slipway.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.SlipwayHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One deployment triggers one GitLab pipeline, even when GitLab created the pipeline but its answer was lost (a
 * timeout) or Slipway stopped before storing the pipeline's id: the start is committed first, and a start in doubt is
 * looked up through GitLab's API, or, without an API token, left to a person instead of being made again.
 */
@Timeout(60)
class StartAtMostOnceTest {
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
    void a_trigger_that_times_out_after_gitlab_created_the_pipeline_is_found_again_not_repeated() {
        slipway = SlipwayHarness.start(dir, yaml(GitLabOnTheConsole.API_TOKEN));
        gitlab.createThenHang(1);

        long id = slipway.type("alice", "deploy web main to staging").get(0);

        Deployment running = awaitState(id, DeploymentState.RUNNING);
        assertThat(gitlab.pipelines()).singleElement().satisfies(pipeline ->
                assertThat(running.externalId()).isEqualTo(Long.toString(pipeline.id())));
        assertThat(triggers()).isEqualTo(1);
    }

    @Test
    void a_slipway_stopped_between_the_trigger_and_storing_the_pipeline_finds_the_pipeline_after_restarting() {
        slipway = SlipwayHarness.start(dir, yaml(GitLabOnTheConsole.API_TOKEN));
        gitlab.createThenHang(1);
        long id = slipway.type("alice", "deploy web main to staging").get(0);
        await().atMost(WITHIN).until(() -> gitlab.pipelines().size() == 1);

        slipway.restart();

        Deployment running = awaitState(id, DeploymentState.RUNNING);
        assertThat(gitlab.pipelines()).singleElement().satisfies(pipeline ->
                assertThat(running.externalId()).isEqualTo(Long.toString(pipeline.id())));
        assertThat(triggers()).isEqualTo(1);
    }

    @Test
    void without_an_api_token_a_start_in_doubt_fails_the_deployment_with_where_to_check_and_never_triggers_again() {
        slipway = SlipwayHarness.start(dir, yaml(null));
        gitlab.createThenHang(1);

        long id = slipway.type("alice", "deploy web main to staging").get(0);

        Deployment failed = awaitState(id, DeploymentState.FAILED);
        assertThat(failed.summary()).contains("it may have started: " + gitlab.url()
                + "/projects/4242/-/pipelines?ref=main");
        await().atMost(WITHIN).until(() -> gitlab.pipelines().size() == 1);
        assertThat(triggers()).isEqualTo(1);
    }

    private Deployment awaitState(long id, DeploymentState state) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> slipway.deployment(id).state(),
                current -> current == state || current.isTerminal());
        Deployment deployment = slipway.deployment(id);
        assertThat(deployment.state()).as(deployment.summary()).isEqualTo(state);
        return deployment;
    }

    private long triggers() {
        return gitlab.requests().stream().filter(r -> r.path().endsWith("/trigger/pipeline")).count();
    }

    private String yaml(String apiToken) {
        return GitLabOnTheConsole.yaml(gitlab, apiToken, "500ms");
    }
}
