package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeCircleCi;
import dev.slipway.testing.FakeGitHub;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.ServerHarness;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC workflow 2 end to end: `/slipway deploy staging` in a channel bound to a GitHub repository, signed Slack
 * requests into the real server on 127.0.0.1, and fakes of GitHub and CircleCI that speak their wire formats and
 * deliver their signed webhooks back to it, as the real ones do.
 */
class GitHubFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHANNEL = "C0001";
    private static final String ASKER = "U0001";
    private static final String GITHUB_SECRET = "acceptance-github-webhook-secret-0001";
    private static final String CIRCLECI_SECRET = "acceptance-circleci-signing-secret-0001";
    private static final String CIRCLE_TOKEN = "CCIPAT_FakePersonalApiToken_0001";

    @TempDir
    Path dir;
    private FakeSlack slack;
    private FakeGitHub github;
    private FakeCircleCi circleci;
    private ServerHarness server;
    private int triggers;

    @BeforeEach
    void fakes() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        github = FakeGitHub.builder().refs("main", "v2.14.0", "feature/login").start();
        circleci = new FakeCircleCi(CIRCLE_TOKEN, Set.of("deploy_env", "github_deployment", "slack_thread_ts"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        circleci.close();
        github.close();
        slack.close();
    }

    /** The server with project web-api bound to the channel, deploying through GitHub, handed on to CircleCI. */
    private void start(String circleciTimeout, String connection) {
        server = ServerHarness.startWith(dir, slack, """
                hooks:
                  githubSecret: %1$s
                  circleciSecret: %2$s
                projects:
                  - id: web-api
                    channel: %3$s
                    github: { repo: %4$s, apiUrl: "%5$s", %6$s }
                    environments:
                      staging:
                        defaultRef: main
                        backend:
                          type: github
                          requiredContexts: []
                          circleci:
                            url: "%7$s"
                            projectSlug: %8$s
                            token: %9$s
                            timeout: %10$s
                            parameters: { deploy_env: "{{environment}}", github_deployment: "{{providerDeployment}}",
                                          slack_thread_ts: "{{thread}}" }
                      actions:
                        defaultRef: main
                        backend: { type: github }
                      watched:
                        defaultRef: main
                        backend:
                          type: github
                          reportTimeout: 2s
                          circleci: { url: "%7$s", projectSlug: %8$s, token: %9$s }
                """.formatted(GITHUB_SECRET, CIRCLECI_SECRET, CHANNEL, FakeGitHub.REPO, github.url(), connection,
                circleci.url(), FakeCircleCi.PROJECT_SLUG, CIRCLE_TOKEN, circleciTimeout));
        connectWebhooks();
    }

    private void start() {
        start("30s", "token: " + FakeGitHub.TOKEN);
    }

    /** GitHub and CircleCI deliver to the server's hooks, wherever it listens now. */
    private void connectWebhooks() {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        github.deliverWebhooksTo(base.resolve("/hooks/github"), GITHUB_SECRET);
        circleci.deliverWebhooksTo(base.resolve("/hooks/circleci"), CIRCLECI_SECRET);
    }

    private String deploy(String text) {
        return server.slack().slashCommand("/slipway", text, ASKER, CHANNEL, "1000000000." + (++triggers) + ".abc")
                .body();
    }

    /** A slash command that asks GitHub: acknowledged at once, then answered to the asker alone; that answer. */
    private String privateAnswerTo(String text) {
        int before = slack.calls("chat.postEphemeral").size();
        assertThat(deploy(text)).contains("Asking GitHub");
        await().atMost(WAIT).until(() -> slack.calls("chat.postEphemeral").size() > before);
        return slack.calls("chat.postEphemeral").get(before).param("text");
    }

    private Deployment onlyDeployment() {
        List<Deployment> all = server.deployments();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private FakeGitHub.Deployment onlyGitHubDeployment() {
        await().atMost(WAIT).until(() -> !github.deployments().isEmpty());
        assertThat(github.deployments()).hasSize(1);
        return github.deployments().get(0);
    }

    private FakeCircleCi.Pipeline onlyPipeline() {
        await().atMost(WAIT).until(() -> !circleci.pipelines().isEmpty());
        assertThat(circleci.pipelines()).hasSize(1);
        return circleci.pipelines().get(0);
    }

    private List<String> statesOf(long deployment) {
        return github.statuses(deployment).stream().map(FakeGitHub.Status::state).toList();
    }

    private void awaitStates(long deployment, String... states) {
        await().atMost(WAIT).until(() -> statesOf(deployment), List.of(states)::equals);
    }

    private void awaitMessage(String text) {
        await().atMost(WAIT).until(() -> slack.messages().stream().anyMatch(m -> m.text().contains(text)));
    }

    @Test
    void deploy_staging_runs_a_circleci_pipeline_for_a_github_deployment_and_reports_it_to_the_end() {
        start();

        assertThat(deploy("deploy staging")).contains("Deploying web-api main to staging");

        FakeGitHub.Deployment created = onlyGitHubDeployment();
        assertThat(created.ref()).isEqualTo("main");
        assertThat(created.environment()).isEqualTo("staging");
        assertThat(created.payload().path("slipway").path("deployment").asLong()).isEqualTo(onlyDeployment().id());
        FakeCircleCi.Pipeline pipeline = onlyPipeline();
        assertThat(pipeline.branch()).isEqualTo("main");
        assertThat(pipeline.parameters()).containsEntry("deploy_env", "staging")
                .containsEntry("github_deployment", Long.toString(created.id()));
        awaitStates(created.id(), "queued", "in_progress");
        assertThat(github.statuses(created.id()).get(1).logUrl()).contains("/pipelines/" + FakeCircleCi.PROJECT_SLUG);

        assertThat(circleci.completeWorkflow(pipeline.id(), "success")).isEqualTo(200);

        awaitStates(created.id(), "queued", "in_progress", "success");
        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.SUCCEEDED);
        awaitMessage("staging: succeeded");
        // GitHub's own deployment_status deliveries came back and changed nothing more
        await().atMost(WAIT).until(() -> github.deliveries().stream()
                .filter(d -> d.event().equals("deployment_status")).count() == 3);
        assertThat(github.deliveries()).allSatisfy(d -> assertThat(d.status()).isBetween(200, 202));
        // one message in the channel, updated in place; details go to its thread, the pipeline's link among them
        assertThat(slack.calls("chat.postMessage")).filteredOn(call -> call.param("thread_ts") == null).hasSize(1);
        assertThat(slack.calls("chat.postMessage")).filteredOn(call -> call.param("thread_ts") != null)
                .anySatisfy(reply -> assertThat(reply.param("text")).contains("/pipelines/" + FakeCircleCi.PROJECT_SLUG));
        assertThat(onlyPipeline().id()).isEqualTo(pipeline.id());
        // list, bare in the bound channel, shows the repository's deployments as GitHub has them
        assertThat(privateAnswerTo("list")).contains(Long.toString(created.id()), "main", "staging", "success",
                "#" + onlyDeployment().id(), "@" + ASKER);
    }

    @Test
    void the_message_names_who_created_the_deployment_and_wrote_the_commit_mentioning_those_linked() {
        start();
        deploy("deploy staging");
        FakeCircleCi.Pipeline pipeline = onlyPipeline();
        awaitMessage("created by " + FakeGitHub.USER + " · commit by " + FakeGitHub.USER);

        assertThat(privateAnswerTo("hello " + FakeGitHub.USER)).contains("Hello, " + FakeGitHub.USER);
        circleci.completeWorkflow(pipeline.id(), "success");

        await().atMost(WAIT).until(() -> slack.calls("chat.update").stream().anyMatch(update ->
                update.param("text").contains("staging: succeeded")
                        && update.param("text").contains("created by <@" + ASKER + "> · commit by <@" + ASKER + ">")));
        // who took part is asked of GitHub once; the links are read at every update
        long created = onlyGitHubDeployment().id();
        assertThat(github.requests("GET", "/repos/" + FakeGitHub.REPO + "/deployments/" + created)).hasSize(1);
    }

    @Test
    void a_failed_workflow_fails_the_deployment_and_github_hears_failure() {
        start();
        deploy("deploy staging");
        FakeGitHub.Deployment created = onlyGitHubDeployment();
        FakeCircleCi.Pipeline pipeline = onlyPipeline();
        awaitStates(created.id(), "queued", "in_progress");

        circleci.completeWorkflow(pipeline.id(), "failed");

        awaitStates(created.id(), "queued", "in_progress", "failure");
        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.FAILED);
        awaitMessage("staging: failed");
    }

    @Test
    void cancel_stops_the_circleci_pipeline_and_github_hears_of_it() {
        start();
        deploy("deploy staging");
        FakeGitHub.Deployment created = onlyGitHubDeployment();
        FakeCircleCi.Pipeline pipeline = onlyPipeline();
        awaitStates(created.id(), "queued", "in_progress");

        assertThat(deploy("cancel " + onlyDeployment().id())).contains("Stopping #" + onlyDeployment().id());

        await().atMost(WAIT).until(() -> circleci.workflowStatus(pipeline.id()).equals("canceled"));
        circleci.completeWorkflow(pipeline.id(), "canceled"); // as CircleCI reports the cancelled workflow
        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.CANCELLED);
        awaitStates(created.id(), "queued", "in_progress", "error");
        awaitMessage("staging: cancelled");
    }

    @Test
    void a_pipeline_that_never_reports_fails_its_deployment_and_github_hears_failure() {
        start();
        deploy("deploy watched");
        FakeGitHub.Deployment created = onlyGitHubDeployment();
        onlyPipeline();

        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.FAILED);
        assertThat(onlyDeployment().summary()).contains("no report of its end within 2s");
        awaitStates(created.id(), "queued", "in_progress", "failure");
    }

    @Test
    void redelivered_and_concurrently_delivered_webhooks_start_one_pipeline_and_end_it_once() {
        start();
        deploy("deploy staging");
        FakeGitHub.Deployment created = onlyGitHubDeployment();
        FakeCircleCi.Pipeline pipeline = onlyPipeline();
        awaitStates(created.id(), "queued", "in_progress");
        String announced = github.deliveries().stream().filter(d -> d.event().equals("deployment")).findFirst()
                .orElseThrow().deliveryId();

        List<FakeGitHub.Delivery> both = github.deliverTwiceConcurrently(announced);
        github.redeliver(announced);
        assertThat(both).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
        assertThat(circleci.completeWorkflow(pipeline.id(), "success")).isEqualTo(200);
        assertThat(circleci.redeliver()).isEqualTo(200);

        awaitStates(created.id(), "queued", "in_progress", "success");
        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.SUCCEEDED);
        await().atMost(WAIT).until(() -> server.slipway().store().read(tx -> tx.jobs().listPending()).stream()
                .noneMatch(job -> job.kind().equals("hand-on-run")));
        assertThat(circleci.pipelines()).hasSize(1);
        assertThat(statesOf(created.id())).containsExactly("queued", "in_progress", "success");
    }

    @Test
    void a_restart_between_the_github_deployment_and_the_circleci_trigger_still_starts_one_pipeline() {
        start();
        circleci.throttleNext(1); // the first trigger is refused: nothing started before the restart
        deploy("deploy staging");
        FakeGitHub.Deployment created = onlyGitHubDeployment();
        await().atMost(WAIT).until(() -> circleci.requests().stream().anyMatch(r -> r.method().equals("POST")));

        server.restart();
        connectWebhooks();

        FakeCircleCi.Pipeline pipeline = onlyPipeline();
        awaitStates(created.id(), "queued", "queued", "in_progress");
        circleci.completeWorkflow(pipeline.id(), "success");
        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.SUCCEEDED);
        assertThat(circleci.pipelines()).hasSize(1);
        assertThat(github.deployments()).hasSize(1);
    }

    @Test
    void github_hears_in_progress_even_when_telling_it_failed_after_the_pipeline_started() {
        start();
        github.failNextStatus("in_progress");

        deploy("deploy staging");

        FakeGitHub.Deployment created = onlyGitHubDeployment();
        onlyPipeline();
        awaitStates(created.id(), "queued", "in_progress");
        assertThat(circleci.pipelines()).hasSize(1);
    }

    @Test
    void a_trigger_that_times_out_after_circleci_created_the_pipeline_is_not_fired_again() {
        start("1s", "token: " + FakeGitHub.TOKEN);
        circleci.createThenHang();

        deploy("deploy staging");

        FakeGitHub.Deployment created = onlyGitHubDeployment();
        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.FAILED);
        assertThat(onlyDeployment().summary()).contains("it may have started: ")
                .contains("/pipelines/" + FakeCircleCi.PROJECT_SLUG);
        awaitStates(created.id(), "queued", "failure");
        awaitMessage("it may have started");
        assertThat(circleci.pipelines()).hasSize(1);
    }

    @Test
    void without_circleci_whatever_acts_on_the_deployment_event_reports_through_deployment_status() throws Exception {
        start();
        deploy("deploy actions");
        FakeGitHub.Deployment created = onlyGitHubDeployment();
        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.RUNNING);

        // GitHub Actions, say, sets the statuses with its own token
        github.postStatusAsAnotherTool(created.id(), "in_progress", "https://ci.example.com/run/1");
        github.postStatusAsAnotherTool(created.id(), "success", "https://ci.example.com/run/1");

        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.SUCCEEDED);
        awaitMessage("actions: succeeded");
        assertThat(circleci.requests()).isEmpty();
    }

    @Test
    void a_deployment_another_tool_created_is_reported_in_the_channel_and_followed_to_its_end() {
        start();

        FakeGitHub.Deployment theirs = github.createDeploymentAsAnotherTool("v2.14.0", "actions", "bob-acme");

        await().atMost(WAIT).until(() -> server.deployments().size() == 1);
        Deployment reported = onlyDeployment();
        assertThat(reported.state()).isEqualTo(DeploymentState.RUNNING);
        assertThat(reported.externalId()).isEqualTo(Long.toString(theirs.id()));
        assertThat(reported.ref()).isEqualTo("v2.14.0");
        awaitMessage("web-api v2.14.0 → actions: running");
        // It runs out there, so it holds the environment: a deployment Slipway is asked for now waits its turn.
        java.util.Optional<Deployment> holder = server.slipway().store()
                .read(tx -> tx.deployments().findActive(reported.project(), "actions"));
        assertThat(holder).map(Deployment::id).contains(reported.id());
        github.postStatusAsAnotherTool(theirs.id(), "failure", "https://ci.example.com/run/2");
        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.FAILED);
        awaitMessage("actions: failed");
        // a deployment to an environment Slipway does not deploy is not its business
        github.createDeploymentAsAnotherTool("main", "qa", "bob-acme");
        await().atMost(WAIT).until(() -> github.deliveries().stream().filter(d -> d.event().equals("deployment"))
                .count() == 2 && github.deliveries().get(github.deliveries().size() - 1).status() == 202);
        // nor is one whose ref git would refuse
        github.createDeploymentAsAnotherTool("main..evil", "actions", "bob-acme");
        await().atMost(WAIT).until(() -> github.deliveries().stream().filter(d -> d.event().equals("deployment"))
                .count() == 3 && github.deliveries().get(github.deliveries().size() - 1).status() == 202);
        assertThat(server.deployments()).hasSize(1);
        assertThat(github.statuses(theirs.id())).extracting(FakeGitHub.Status::state).containsExactly("failure");
        assertThat(circleci.requests()).isEmpty();
    }

    @Test
    void bad_deliveries_to_either_hook_get_a_clear_answer_and_change_nothing() {
        start();
        String body = "{\"zen\":\"Keep it logically awesome.\",\"repository\":{\"full_name\":\"" + FakeGitHub.REPO
                + "\"}}";
        Map<String, String> ping = Map.of("X-GitHub-Event", "ping", "X-GitHub-Delivery", "d-1");

        assertThat(server.post("/hooks/github", "application/json", body, ping).statusCode()).isEqualTo(401);
        assertThat(server.post("/hooks/github", "application/json", body, Map.of("X-GitHub-Event", "ping",
                "X-Hub-Signature-256", FakeGitHub.signature("not-the-secret", body))).statusCode()).isEqualTo(401);
        assertThat(server.post("/hooks/github", "application/json", body, Map.of("X-GitHub-Event", "ping",
                "X-Hub-Signature-256", FakeGitHub.signature(GITHUB_SECRET, body))).statusCode()).isEqualTo(200);
        String garbage = "{not json";
        HttpResponse<String> malformed = server.post("/hooks/github", "application/json", garbage,
                Map.of("X-GitHub-Event", "deployment", "X-Hub-Signature-256", FakeGitHub.signature(GITHUB_SECRET, garbage)));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not a JSON object").doesNotContain("Exception");
        String push = "{\"ref\":\"refs/heads/main\"}";
        assertThat(server.post("/hooks/github", "application/json", push, Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", FakeGitHub.signature(GITHUB_SECRET, push))).statusCode()).isEqualTo(202);
        assertThat(server.post("/hooks/circleci", "application/json", "{}", Map.of("circleci-signature", "v1=00"))
                .statusCode()).isEqualTo(401);
        String huge = "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertThat(LoopbackHttp.statusOfPostAskingFirst(server.port(), "/hooks/github", "application/json", huge,
                Map.of("X-GitHub-Event", "deployment", "X-Hub-Signature-256", FakeGitHub.signature(GITHUB_SECRET, huge))))
                .isEqualTo(413);
        assertThat(LoopbackHttp.statusOfPostAskingFirst(server.port(), "/hooks/circleci", "application/json", huge,
                Map.of("circleci-event-type", "workflow-completed"))).isEqualTo(413);
        assertThat(server.deployments()).isEmpty();
        assertThat(github.deployments()).isEmpty();
        assertThat(circleci.requests()).isEmpty();
    }

    @Test
    void a_github_app_with_the_pkcs1_key_github_hands_out_deploys_too() {
        FakeGitHub appGitHub = FakeGitHub.builder().refs("main").app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID)
                .start();
        github.close();
        github = appGitHub;
        start("30s", "app: { appId: %d, privateKey: \"%s\" }".formatted(FakeGitHub.APP_ID,
                github.appPrivateKeyPem().replace("\n", "\\n")));

        deploy("deploy staging");

        FakeGitHub.Deployment created = onlyGitHubDeployment();
        onlyPipeline();
        awaitStates(created.id(), "queued", "in_progress");
        assertThat(github.installationTokens()).isNotEmpty();
    }

    @Test
    void a_refusal_from_github_fails_the_deployment_in_plain_words_and_starts_no_pipeline() {
        start();
        github.failingContexts(java.util.Map.of("ci/build", "failure"));
        github.nextDeployment(FakeGitHub.Outcome.FAILED_CHECKS);

        deploy("deploy staging");

        await().atMost(WAIT).until(() -> onlyDeployment().state() == DeploymentState.FAILED);
        assertThat(onlyDeployment().summary()).contains("ci/build");
        awaitMessage("ci/build");
        assertThat(circleci.requests()).isEmpty();
        assertThat(github.deployments()).isEmpty();
    }
}
