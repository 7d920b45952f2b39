package dev.slipway.chat.slack;

import static dev.slipway.testing.ServerHarness.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.app.JobKinds;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Job;
import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slash command in a channel the bot cannot post in still reaches people: the real server on 127.0.0.1, signed
 * Slack requests, and a {@link FakeSlack} that refuses the channel and serves the command's response URL.
 */
class SlackResponseUrlFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MENTION_TS = "1717171700.000200";

    @TempDir
    Path dir;
    private FakeSlack slack;
    private FakeGitLab gitlab;
    private ServerHarness server;

    @BeforeEach
    void start() {
        server = ServerHarness.startWithFakes(dir);
        slack = server.fakeSlack();
        gitlab = server.fakeGitLab();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_slash_command_deploy_in_a_channel_the_bot_is_not_in_reports_every_state_through_its_response_url() {
        slack.leaveChannel(CHANNEL);

        HttpResponse<String> ack = server.slack().slashCommand("/slipway", "deploy web-api main to staging",
                ServerHarness.OWNER, CHANNEL, "2000000000001.1.abc", slack.responseUrl("cmd1"));
        assertThat(ack.body()).contains("Deploying web-api main to staging");
        // the run does not wait for a channel message that cannot come
        await().atMost(Duration.ofSeconds(20)).until(() -> !gitlab.pipelines().isEmpty());
        await().atMost(WAIT).until(() -> slack.responsePosts("cmd1").size() >= 3);
        String thread = gitlab.pipelines().get(0).variables().get("SLACK_THREAD_TS");
        assertThat(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + "&result=success&channel="
                + CHANNEL + "&timestamp=" + thread).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> slack.responsePosts("cmd1").size() == 4);
        awaitNoPendingReports();

        List<JsonNode> posts = slack.responsePosts("cmd1");
        assertThat(posts).extracting(post -> post.get("response_type").asText())
                .containsExactly("in_channel", "ephemeral", "in_channel", "in_channel");
        assertThat(posts.get(0).get("text").asText()).contains("queued");
        assertThat(posts.get(1).get("text").asText()).contains("I'm not in <#" + CHANNEL + ">", "/invite @slipway");
        assertThat(posts.get(2).get("text").asText()).contains("running");
        assertThat(posts.get(3).get("text").asText()).contains("succeeded");
        assertThat(onlyDeployment().state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(server.slipway().store().read((dev.slipway.store.Transaction tx) -> tx.responseUrls().findByDeployment(onlyDeployment().id())))
                .isEmpty();
        assertThat(failedReports()).isEmpty();
    }

    @Test
    void a_slash_command_deploy_in_an_archived_channel_reports_through_its_response_url() {
        slack.archiveChannel(CHANNEL);

        server.slack().slashCommand("/slipway", "deploy web-api main to staging", ServerHarness.OWNER, CHANNEL,
                "2000000000002.1.abc", slack.responseUrl("cmd2"));
        await().atMost(WAIT).until(() -> slack.responsePosts("cmd2").size() >= 3);

        List<JsonNode> posts = slack.responsePosts("cmd2");
        assertThat(posts.get(1).get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(posts.get(1).get("text").asText()).startsWith("<#" + CHANNEL + "> is archived");
        assertThat(posts).filteredOn(post -> post.get("response_type").asText().equals("ephemeral")).hasSize(1);
    }

    @Test
    void a_mention_reports_in_its_thread_as_before_and_once_the_bot_left_the_report_fails_once_without_retrying() {
        server.slack().event(SlackRequests.mention("Ev0001", "U0002", CHANNEL, MENTION_TS, null, "<@U0009> release"),
                Map.of());
        await().atMost(WAIT).until(() -> server.deployments().stream().anyMatch(d -> d.state() == DeploymentState.RUNNING));
        awaitNoPendingReports();
        assertThat(slack.calls("chat.postMessage")).isNotEmpty()
                .allSatisfy(post -> assertThat(post.param("thread_ts")).isEqualTo(MENTION_TS));

        slack.leaveChannel(CHANNEL);
        int updatesBefore = slack.calls("chat.update").size();
        assertThat(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + "&result=success&channel="
                + CHANNEL + "&timestamp=" + MENTION_TS).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !failedReports().isEmpty());
        awaitNoPendingReports();

        assertThat(failedReports()).singleElement().satisfies(job -> {
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.lastError()).contains("not_in_channel", "no response URL");
        });
        assertThat(slack.calls("chat.update")).hasSize(updatesBefore + 1);
    }

    private Deployment onlyDeployment() {
        assertThat(server.deployments()).hasSize(1);
        return server.deployments().get(0);
    }

    private void awaitNoPendingReports() {
        await().atMost(WAIT).until(() -> server.slipway().store().read(tx -> tx.jobs().listPending()).stream()
                .noneMatch(job -> job.kind().equals(JobKinds.notifyKind(SlackSurface.NAME))));
    }

    private List<Job> failedReports() {
        return server.slipway().store().read(tx -> LongStream.rangeClosed(1, 100)
                .mapToObj(id -> tx.jobs().findById(id)).flatMap(Optional::stream)
                .filter(job -> job.kind().equals(JobKinds.notifyKind(SlackSurface.NAME)))
                .filter(job -> job.status().equals(Job.FAILED)).toList());
    }
}
