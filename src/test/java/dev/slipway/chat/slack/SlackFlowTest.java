package dev.slipway.chat.slack;

import static dev.slipway.testing.ServerHarness.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.app.JobKinds;
import dev.slipway.app.command.CommandSpec;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC workflow 1 end to end: signed Slack requests into the real server on 127.0.0.1, a fake Slack Web API and
 * a fake GitLab speaking their wire formats, and the hooks pipelines call back.
 */
class SlackFlowTest {
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

    private HttpResponse<String> mention(String eventId, String ts, String text) {
        return server.slack().event(SlackRequests.mention(eventId, "U0002", CHANNEL, ts, null, text), Map.of());
    }

    private Deployment onlyDeployment() {
        List<Deployment> all = server.deployments();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private void awaitRunning() {
        await().atMost(WAIT).until(() -> server.deployments().stream().anyMatch(d -> d.state() == DeploymentState.RUNNING));
    }

    private void awaitQuiet() {
        // everything done but the pipeline's watchdog, which is due only if the pipeline never reports
        await().atMost(WAIT).until(() -> server.slipway().store().read(tx -> tx.jobs().listPending()).stream()
                .allMatch(job -> job.kind().equals(JobKinds.EXPIRE_DEPLOYMENT)));
    }

    @Test
    void a_mention_starts_exactly_one_pipeline_under_concurrent_retries_and_reports_in_its_thread() throws Exception {
        String event = SlackRequests.mention("Ev0001", "U0002", CHANNEL, MENTION_TS, null, "<@U0009> release");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> deliveries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Map<String, String> retry = i == 0 ? Map.of()
                        : Map.of("X-Slack-Retry-Num", Integer.toString(i % 3 + 1), "X-Slack-Retry-Reason", "http_timeout");
                deliveries.add(pool.submit(() -> server.slack().event(event, retry)));
            }
            for (Future<HttpResponse<String>> delivery : deliveries) {
                assertThat(delivery.get().statusCode()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        // The same message delivered again under another event id is still the same request.
        assertThat(server.slack().event(SlackRequests.mention("Ev0002", "U0002", CHANNEL, MENTION_TS, null,
                "<@U0009> release"), Map.of()).statusCode()).isEqualTo(200);
        awaitRunning();
        awaitQuiet();

        assertThat(gitlab.pipelines()).hasSize(1);
        FakeGitLab.Pipeline pipeline = gitlab.pipelines().get(0);
        assertThat(pipeline.ref()).isEqualTo("main");
        assertThat(pipeline.variables()).containsEntry("RELEASE", "true").containsEntry("DEPLOY_ENV", "production")
                .containsEntry("SLACK_CHANNEL", CHANNEL).containsEntry("SLACK_THREAD_TS", MENTION_TS);
        Deployment deployment = onlyDeployment();
        assertThat(deployment.externalId()).isEqualTo(Long.toString(pipeline.id()));
        assertThat(deployment.externalUrl()).isEqualTo(pipeline.webUrl());

        List<FakeSlack.Call> posts = slack.calls("chat.postMessage");
        assertThat(posts).isNotEmpty().allSatisfy(post -> {
            assertThat(post.param("channel")).isEqualTo(CHANNEL);
            assertThat(post.param("thread_ts")).isEqualTo(MENTION_TS);
        });
        assertThat(posts).anySatisfy(post -> assertThat(post.param("text")).contains(pipeline.webUrl()));
        assertThat(slack.reactions(CHANNEL, MENTION_TS)).contains("eyes");
    }

    @Test
    void a_mention_inside_a_thread_is_answered_in_that_thread_and_gets_its_own_reaction() {
        String threadTs = "1717171600.000100";
        String mentionTs = "1717171701.000300";
        server.slack().event(SlackRequests.mention("Ev0001", "U0002", CHANNEL, mentionTs, threadTs,
                "<@U0009> release"), Map.of());
        awaitRunning();
        await().atMost(WAIT).until(() -> slack.reactions(CHANNEL, mentionTs).contains("eyes"));
        assertThat(slack.reactions(CHANNEL, threadTs)).isEmpty();
        assertThat(slack.calls("chat.postMessage")).allSatisfy(post -> assertThat(post.param("thread_ts")).isEqualTo(threadTs));
        assertThat(gitlab.pipelines().get(0).variables()).containsEntry("SLACK_THREAD_TS", threadTs);
        assertThat(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + "&result=success&channel="
                + CHANNEL + "&timestamp=" + threadTs).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> slack.reactions(CHANNEL, mentionTs).contains("white_check_mark"));
    }

    @Test
    void the_notify_curl_line_of_existing_pipelines_ends_the_deployment() {
        mention("Ev0001", MENTION_TS, "<@U0009> リリース");
        awaitRunning();
        HttpResponse<String> notified = server.get("/hooks/notify?" + ServerHarness.NOTIFY_TOKEN
                + "=true&source=gitlab&result=success&channel=" + CHANNEL + "&timestamp=" + MENTION_TS);
        assertThat(notified.statusCode()).isEqualTo(200);
        assertThat(onlyDeployment().state()).isEqualTo(DeploymentState.SUCCEEDED);
        await().atMost(WAIT).until(() -> slack.reactions(CHANNEL, MENTION_TS).contains("white_check_mark"));
        await().atMost(WAIT).until(() -> slack.messages().stream().anyMatch(m -> m.text().contains("succeeded")));
        assertThat(server.get("/hooks/notify?" + ServerHarness.NOTIFY_TOKEN
                + "=true&source=gitlab&result=success&channel=" + CHANNEL + "&timestamp=" + MENTION_TS).body())
                .contains("\"changed\":false");
    }

    @Test
    void a_failing_pipeline_reported_with_a_token_parameter_fails_the_deployment() {
        mention("Ev0001", MENTION_TS, "<@U0009> release web-api");
        awaitRunning();
        HttpResponse<String> notified = server.post("/hooks/notify", "application/x-www-form-urlencoded",
                "token=" + ServerHarness.NOTIFY_TOKEN + "&source=gitlab&result=failure&channel=" + CHANNEL
                        + "&timestamp=" + MENTION_TS, Map.of());
        assertThat(notified.statusCode()).isEqualTo(200);
        assertThat(onlyDeployment().state()).isEqualTo(DeploymentState.FAILED);
        await().atMost(WAIT).until(() -> slack.reactions(CHANNEL, MENTION_TS).contains("x"));
    }

    @Test
    void the_gitlab_pipeline_webhook_moves_the_deployment_once_per_delivery() {
        mention("Ev0001", MENTION_TS, "<@U0009> release");
        awaitRunning();
        long pipeline = gitlab.pipelines().get(0).id();
        Map<String, String> running = gitlab.pipelineHookHeaders(ServerHarness.GITLAB_WEBHOOK_TOKEN);
        assertThat(server.post("/hooks/gitlab", "application/json", gitlab.pipelineHook(pipeline, "running"), running)
                .statusCode()).isEqualTo(200);
        Map<String, String> success = gitlab.pipelineHookHeaders(ServerHarness.GITLAB_WEBHOOK_TOKEN);
        HttpResponse<String> first = server.post("/hooks/gitlab", "application/json", gitlab.pipelineHook(pipeline, "success"), success);
        HttpResponse<String> resent = server.post("/hooks/gitlab", "application/json", gitlab.pipelineHook(pipeline, "success"), success);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"state\":\"succeeded\"", "\"changed\":true");
        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(resent.body()).contains("\"changed\":false");
        Deployment done = onlyDeployment();
        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        List<String> audit = server.slipway().store().inTransaction(tx -> tx.audit().listByDeployment(done.id()))
                .stream().map(e -> e.action()).toList();
        assertThat(audit).containsOnlyOnce("deployment.succeeded");
    }

    @Test
    void thanks_and_unknown_text_get_friendly_replies_in_the_thread() {
        mention("Ev0001", "1717171701.000100", "<@U0009> よろしく!");
        mention("Ev0002", "1717171702.000100", "<@U0009> what is the weather");
        await().atMost(WAIT).until(() -> slack.calls("chat.postMessage").size() == 2);
        assertThat(slack.calls("chat.postMessage")).anySatisfy(post -> {
            assertThat(post.param("thread_ts")).isEqualTo("1717171701.000100");
            assertThat(post.param("text")).contains("どういたしまして");
        }).anySatisfy(post -> {
            assertThat(post.param("thread_ts")).isEqualTo("1717171702.000100");
            assertThat(post.param("text")).contains("Commands:", "deploy &lt;project&gt;");
        });
        assertThat(server.deployments()).isEmpty();
        assertThat(gitlab.requests()).isEmpty();
    }

    @Test
    void a_slash_command_deploy_posts_in_the_channel_and_passes_that_message_as_the_thread() {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", "deploy web-api main to staging",
                ServerHarness.OWNER, CHANNEL, "1000000000001.1.abc");
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Deploying web-api main to staging");
        awaitRunning();
        FakeSlack.Call report = slack.calls("chat.postMessage").get(0);
        assertThat(report.param("channel")).isEqualTo(CHANNEL);
        assertThat(report.param("thread_ts")).isNull();
        String reportTs = slack.messages().get(0).ts();
        assertThat(gitlab.pipelines()).singleElement().satisfies(pipeline ->
                assertThat(pipeline.variables()).containsEntry("SLACK_THREAD_TS", reportTs));
        assertThat(gitlab.requests().get(0).path()).isEqualTo("/api/v4/projects/acme%2Fweb-api/trigger/pipeline");
        // the pipeline's notify step reports on the message Slipway posted
        assertThat(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + "&result=success&channel="
                + CHANNEL + "&timestamp=" + reportTs).statusCode()).isEqualTo(200);
        assertThat(onlyDeployment().state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void a_refused_slash_command_says_why_in_its_acknowledgement_and_starts_nothing() {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", "deploy web-api feature/login to production",
                ServerHarness.OWNER, CHANNEL, "1000000000002.1.abc");
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("web-api production only accepts main", "feature/login");
        HttpResponse<String> status = server.slack().slashCommand("/slipway", "status", "U0003", CHANNEL, "1000000000003.1.abc");
        assertThat(status.body()).contains("web-api production: nothing deployed yet");
        assertThat(server.deployments()).isEmpty();
        assertThat(gitlab.requests()).isEmpty();
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void a_slash_command_resolves_a_running_deployment_and_its_report_is_updated() {
        server.slack().slashCommand("/slipway", "deploy web-api main to staging", ServerHarness.OWNER, CHANNEL,
                "1000000000004.1.abc");
        awaitRunning();
        long id = onlyDeployment().id();

        assertThat(server.slack().slashCommand("/slipway", "resolve " + id + " maybe", ServerHarness.OWNER, CHANNEL,
                "1000000000005.1.abc").body()).contains("say how it ended, `succeeded` or `failed`, not `maybe`",
                "Usage: resolve \\u003cdeployment-id\\u003e succeeded|failed");
        assertThat(server.slack().slashCommand("/slipway", "resolve 999 failed", ServerHarness.OWNER, CHANNEL,
                "1000000000006.1.abc").body()).contains("There is no deployment #999.");
        assertThat(server.slack().slashCommand("/slipway", "resolve " + id + " failed", "U0003", CHANNEL,
                "1000000000007.1.abc").body()).contains("may resolve #" + id);
        assertThat(onlyDeployment().state()).isEqualTo(DeploymentState.RUNNING);

        HttpResponse<String> ack = server.slack().slashCommand("/slipway", "resolve " + id + " succeeded",
                ServerHarness.OWNER, CHANNEL, "1000000000008.1.abc");

        assertThat(ack.body()).contains("Resolved #" + id + " (web-api main → staging) as succeeded."
                + " staging is free again.");
        assertThat(onlyDeployment().state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(onlyDeployment().summary()).isEqualTo("resolved as succeeded by " + ServerHarness.OWNER);
        await().atMost(WAIT).until(() -> slack.calls("chat.update").stream()
                .anyMatch(update -> update.param("text").contains("staging: succeeded (resolved as succeeded by")));
    }

    @Test
    void a_malformed_or_huge_ref_is_refused_in_a_short_reply_on_every_way_in_and_starts_nothing() {
        String huge = "a".repeat(512 * 1024);
        HttpResponse<String> nul = server.slack().slashCommand("/slipway", "deploy web-api ma\u0000in to staging",
                ServerHarness.OWNER, CHANNEL, "1000000000004.1.abc");
        assertThat(nul.statusCode()).isEqualTo(200);
        assertThat(nul.body()).contains("is not a valid ref: it contains a control character (U+0000).");
        HttpResponse<String> tooLong = server.slack().slashCommand("/slipway", "deploy web-api " + huge + " to staging",
                ServerHarness.OWNER, CHANNEL, "1000000000005.1.abc");
        assertThat(tooLong.statusCode()).isEqualTo(200);
        assertThat(tooLong.body()).hasSizeLessThan(500).contains("is not a valid ref: it is longer than 255 bytes.");
        HttpResponse<String> unknown = server.slack().slashCommand("/slipway", huge, ServerHarness.OWNER, CHANNEL,
                "1000000000006.1.abc");
        assertThat(unknown.body()).contains("know `aaaaaaaaa") // JSON, where ' is escaped
                .hasSizeLessThan(500 + CommandSpec.helpText().length() * 2);
        mention("Ev0003", "1717171703.000100", "<@U0009> deploy web-api feature/a..b to staging");
        await().atMost(WAIT).until(() -> slack.calls("chat.postMessage").size() == 1);
        assertThat(slack.calls("chat.postMessage").get(0).param("text"))
                .isEqualTo("`feature/a..b` is not a valid ref: it contains `..`.");
        assertThat(server.deployments()).isEmpty();
        assertThat(gitlab.requests()).isEmpty();
    }

    @Test
    void slack_answering_429_is_retried_after_the_time_it_asked_for() {
        slack.rateLimitNext("chat.postMessage", 1, 2);
        Instant before = Instant.now();
        mention("Ev0001", MENTION_TS, "<@U0009> release");
        await().atMost(WAIT).until(() -> !slack.messages().isEmpty());
        // Slack said "Retry-After: 2": nothing was posted before that.
        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        awaitRunning();
        awaitQuiet();
        FakeSlack.Call refused = slack.calls("chat.postMessage").get(0);
        assertThat(refused.param("thread_ts")).isEqualTo(MENTION_TS);
        assertThat(slack.messages()).filteredOn(m -> MENTION_TS.equals(m.threadTs()) && m.text().startsWith("#1 web-api"))
                .hasSize(1);
        assertThat(onlyDeployment().messageRef()).isEqualTo(slack.messages().get(0).ts());
        assertThat(gitlab.pipelines()).hasSize(1);
    }

    @Test
    void a_restart_between_trigger_and_notify_loses_nothing() {
        mention("Ev0001", MENTION_TS, "<@U0009> release");
        awaitRunning();
        awaitQuiet();
        server.restart();
        assertThat(server.get("/hooks/notify?" + ServerHarness.NOTIFY_TOKEN + "=true&source=gitlab&result=success&channel="
                + CHANNEL + "&timestamp=" + MENTION_TS).statusCode()).isEqualTo(200);
        assertThat(onlyDeployment().state()).isEqualTo(DeploymentState.SUCCEEDED);
        await().atMost(WAIT).until(() -> slack.reactions(CHANNEL, MENTION_TS).contains("white_check_mark"));
        assertThat(gitlab.pipelines()).hasSize(1);
    }

    @Test
    void a_gitlab_refusal_fails_the_deployment_with_plain_words_in_the_thread() {
        gitlab.answerNext(1, 403, FakeGitLab.FORBIDDEN);
        mention("Ev0001", MENTION_TS, "<@U0009> release");
        await().atMost(WAIT).until(() -> !server.deployments().isEmpty()
                && server.deployments().get(0).state() == DeploymentState.FAILED);
        Deployment failed = onlyDeployment();
        assertThat(failed.summary()).contains("GitLab refused the trigger token (HTTP 403)")
                .doesNotContain(ServerHarness.TRIGGER_TOKEN);
        await().atMost(WAIT).until(() -> slack.messages().stream().anyMatch(m ->
                MENTION_TS.equals(m.threadTs()) && m.text().contains("GitLab refused the trigger token")));
        await().atMost(WAIT).until(() -> slack.reactions(CHANNEL, MENTION_TS).contains("x"));
        assertThat(gitlab.pipelines()).isEmpty();
    }

    @Test
    void gitlab_answering_503_is_retried_and_starts_one_pipeline() {
        gitlab.answerNext(2, 503, "{\"message\":\"503 Service Unavailable\"}");
        mention("Ev0001", MENTION_TS, "<@U0009> release");
        awaitRunning();
        assertThat(gitlab.requests()).hasSize(3);
        assertThat(gitlab.pipelines()).hasSize(1);
        assertThat(onlyDeployment().externalId()).isEqualTo(Long.toString(gitlab.pipelines().get(0).id()));
    }

    @Test
    void a_button_runs_its_command_and_answers_only_the_person_who_pressed_it() {
        HttpResponse<String> ack = server.slack().post("application/x-www-form-urlencoded",
                SlackRequests.blockAction("U0003", "C0001", "1000000000009.1.abc", "slipway.status", "web-api"), Map.of());
        assertThat(ack.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !slack.calls("chat.postEphemeral").isEmpty());
        FakeSlack.Call reply = slack.calls("chat.postEphemeral").get(0);
        assertThat(reply.param("channel")).isEqualTo(CHANNEL);
        assertThat(reply.param("user")).isEqualTo("U0003");
        assertThat(reply.param("text")).contains("web-api production: nothing deployed yet");
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void a_pipeline_that_never_reports_fails_its_deployment_after_its_timeout() {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", "deploy web-api preview",
                ServerHarness.OWNER, CHANNEL, "1000000000010.1.abc");
        assertThat(ack.body()).contains("Deploying web-api main to preview");
        await().atMost(WAIT).until(() -> server.deployments().get(0).state() == DeploymentState.FAILED);
        Deployment expired = onlyDeployment();
        assertThat(expired.summary()).isEqualTo("no report of its end within 1s; see " + gitlab.pipelines().get(0).webUrl());
        // a report arriving after that changes nothing
        assertThat(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + "&result=success&channel="
                + CHANNEL + "&timestamp=" + expired.messageRef()).body()).contains("\"changed\":false");
    }

    @Test
    void answers_slacks_url_verification() {
        HttpResponse<String> response = server.slack().event(
                "{\"token\":\"FakeVerificationToken0001\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}",
                Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }
}
