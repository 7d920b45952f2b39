package dev.slipway.backend.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.ProviderHook;
import dev.slipway.backend.ReportedBackendContract;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.testing.FakeGitLab;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitLabBackendTest extends ReportedBackendContract {
    private static final String TOKEN = "glptt-FakeTriggerToken00000000001";
    private static final String API_TOKEN = "glpat-FakeApiToken000000000001";
    private static final String WEBHOOK_TOKEN = "acceptance-gitlab-webhook-token-0001";
    private static final AtomicLong DEPLOYMENT_IDS = new AtomicLong(1000);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final DeploymentTask TASK =
            new DeploymentTask(17, "web-api", "production", "v2.14.0", "alice", "C0001", "1717171600.000100");

    private final FakeGitLab gitlab = new FakeGitLab(TOKEN, API_TOKEN);

    @AfterEach
    void close() {
        gitlab.close();
    }

    @Test
    void posts_the_token_the_ref_and_the_filled_variables_as_a_form() throws Exception {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("DEPLOY_ENV", "{{environment}}");
        variables.put("DEPLOY_REF", "{{ref}}");
        variables.put("SLACK_THREAD_TS", "{{thread}}");
        variables.put("NOTE", "#{{deployment}} by {{user}} of {{project}} in {{channel}} & more");

        backend(gitlab.url(), "4242", variables).start(TASK);

        FakeGitLab.Request request = gitlab.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v4/projects/4242/trigger/pipeline");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.form()).containsExactly(
                Map.entry("token", TOKEN),
                Map.entry("ref", "v2.14.0"),
                Map.entry("variables[DEPLOY_ENV]", "production"),
                Map.entry("variables[DEPLOY_REF]", "v2.14.0"),
                Map.entry("variables[SLACK_THREAD_TS]", "1717171600.000100"),
                Map.entry("variables[NOTE]", "#17 by alice of web-api in C0001 & more"),
                Map.entry("variables[SLIPWAY_DEPLOYMENT_ID]", "17"));
    }

    @Test
    void returns_the_pipeline_id_as_handle_and_its_web_url() throws Exception {
        Instant before = Instant.now();

        StartedRun first = backend(gitlab.url(), "4242", Map.of()).start(TASK);
        StartedRun second = backend(gitlab.url(), "4242", Map.of()).start(TASK);

        assertThat(first.handle()).isEqualTo("88001");
        assertThat(first.url()).isEqualTo(gitlab.url() + "/acme/web-api/-/pipelines/88001");
        assertThat(first.startedAt()).isAfterOrEqualTo(before);
        assertThat(second.handle()).isEqualTo("88002");
    }

    @Test
    void a_project_path_is_sent_as_one_encoded_segment() throws Exception {
        StartedRun run = backend(gitlab.url(), "acme/web-api", Map.of()).start(TASK);

        assertThat(gitlab.requests().get(0).path()).isEqualTo("/api/v4/projects/acme%2Fweb-api/trigger/pipeline");
        assertThat(run.handle()).isEqualTo("88001");
    }

    @Test
    void a_trailing_slash_in_the_url_is_ignored() throws Exception {
        backend(gitlab.url() + "/", "4242", Map.of()).start(TASK);

        assertThat(gitlab.requests().get(0).path()).isEqualTo("/api/v4/projects/4242/trigger/pipeline");
    }

    @Test
    void the_configured_ref_is_used_when_the_task_names_none() throws Exception {
        DeploymentTask noRef = new DeploymentTask(18, "web-api", "staging", " ", "alice", null, null);
        GitLabSettings settings = new GitLabSettings(gitlab.url(), "4242", TOKEN, "main", Map.of(), null, null);

        new GitLabBackend(settings, CLIENT).start(noRef);

        assertThat(gitlab.requests().get(0).form()).containsEntry("ref", "main");
    }

    @Test
    void a_refused_trigger_is_permanent_and_says_why() {
        gitlab.answerNext(1, 400, "{\"message\":\"variables needs to be a map of key-valued strings\"}");

        BackendException e = startFails();

        assertThat(e).isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitLab refused the trigger: variables needs to be a map of key-valued strings");
    }

    @Test
    void field_errors_from_gitlab_are_written_out_readably() {
        gitlab.answerNext(1, 400, "{\"message\":{\"base\":[\"Reference not found\"]}}");
        gitlab.answerNext(1, 400,
                "{\"message\":{\"ref\":[\"is invalid\",\"is too long\"],\"variables\":[\"is bad\"]}}");
        gitlab.answerNext(1, 400, "{\"error\":\"ref is empty\"}");

        assertThat(startFails()).hasMessage("GitLab refused the trigger: Reference not found");
        assertThat(startFails())
                .hasMessage("GitLab refused the trigger: ref is invalid, is too long; variables is bad");
        assertThat(startFails()).hasMessage("GitLab refused the trigger: ref is empty");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void a_refused_token_is_permanent_and_never_shown(int status) {
        gitlab.answerNext(1, status, "{\"message\":\"" + status + " Forbidden " + TOKEN + "\"}");

        BackendException e = startFails();

        assertThat(e).isInstanceOf(PermanentBackendException.class).hasMessage("GitLab refused the trigger token (HTTP "
                + status + "): check triggerToken for project 4242");
        assertThat(e.getMessage()).doesNotContain(TOKEN);
    }

    @Test
    void a_token_gitlab_does_not_know_is_permanent_and_never_shown() {
        GitLabSettings settings = new GitLabSettings(gitlab.url(), "4242", "glptt-WrongToken", null, Map.of(), null, null);

        BackendException e = startFails(new GitLabBackend(settings, CLIENT));

        assertThat(e).isInstanceOf(PermanentBackendException.class)
                .hasMessageStartingWith("GitLab project 4242 was not found at " + gitlab.url() + " (HTTP 404)");
        assertThat(e.getMessage()).doesNotContain("glptt-WrongToken");
    }

    @Test
    void an_unknown_project_is_permanent() {
        BackendException e = startFails(backend(gitlab.url(), "9999", Map.of()));

        assertThat(e).isInstanceOf(PermanentBackendException.class)
                .hasMessageStartingWith("GitLab project 9999 was not found at " + gitlab.url() + " (HTTP 404)");
        assertThat(gitlab.pipelines()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503})
    void rate_limits_and_server_errors_are_transient(int status) {
        gitlab.answerNext(1, status, "");

        BackendException e = startFails();

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessage("GitLab answered HTTP " + status + "; will retry");
    }

    @Test
    void a_created_answer_that_is_not_a_pipeline_is_permanent() {
        gitlab.answerNext(1, 201, "<html>Sign in</html>");
        gitlab.answerNext(1, 201, "{\"status\":\"created\"}");

        assertThat(startFails()).isInstanceOf(PermanentBackendException.class)
                .hasMessageContaining("GitLab answered HTTP 201 but not with a pipeline (<html>Sign in</html>)");
        assertThat(startFails()).isInstanceOf(PermanentBackendException.class);
    }

    @Test
    void an_answer_slower_than_the_timeout_is_transient() {
        gitlab.delayResponses(Duration.ofSeconds(3));
        GitLabSettings settings = new GitLabSettings(gitlab.url(), "4242", TOKEN, null, Map.of(),
                Duration.ofMillis(200), null);

        BackendException e = startFails(new GitLabBackend(settings, CLIENT));

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessage("could not reach GitLab at " + gitlab.url() + ": no answer within 200ms; will retry");
    }

    @Test
    void an_unreachable_gitlab_is_transient() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }

        BackendException e = startFails(backend(closed, "4242", Map.of()));

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessageStartingWith("could not reach GitLab at " + closed + ": ")
                .hasMessageEndingWith("; will retry")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void an_unknown_host_is_transient_and_named() {
        BackendException e = startFails(backend("http://gitlab.invalid", "4242", Map.of()));

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessage("could not reach GitLab at http://gitlab.invalid: unknown host gitlab.invalid; will retry");
    }

    @Test
    void an_interrupted_start_keeps_the_interrupt_and_is_transient() {
        gitlab.delayResponses(Duration.ofSeconds(3));
        Thread.currentThread().interrupt();

        BackendException e = startFails();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessageContaining("interrupted");
    }

    @Test
    void without_an_api_token_cancel_says_where_to_cancel_the_pipeline() throws Exception {
        GitLabBackend backend = backend(gitlab.url(), "4242", Map.of());
        StartedRun run = backend.start(TASK);

        Cancellation answer = backend.cancel(TASK, run);

        assertThat(answer).isEqualTo(new Cancellation.CannotStop("GitLab cannot be asked to stop pipeline 88001 without"
                + " an API token (apiToken): cancel it at " + gitlab.url() + "/acme/web-api/-/pipelines/88001"));
        assertThat(gitlab.status(88001)).isEqualTo("created");
    }

    @Test
    void without_an_api_token_a_start_in_doubt_cannot_be_known_and_says_where_to_look() throws Exception {
        GitLabBackend backend = backend(gitlab.url(), "acme/web-api", Map.of());

        StartLookup found = backend.findStart(committed(TASK));

        assertThat(found).isEqualTo(new StartLookup.Unknown("GitLab cannot be asked which pipelines were triggered"
                + " without an API token (apiToken)", gitlab.url() + "/acme/web-api/-/pipelines?ref=v2.14.0"));
        assertThat(gitlab.requests()).isEmpty();
    }

    @Test
    void a_start_in_doubt_is_found_on_a_later_page_of_the_projects_pipelines() throws Exception {
        GitLabBackend backend = newBackend();
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet()));
        StartedRun run = backend.start(task);
        for (int i = 0; i < GitLabApi.PER_PAGE + 5; i++) {
            backend.start(committed(task(DEPLOYMENT_IDS.incrementAndGet())));
        }

        StartLookup found = lookUpWhenSettled(task);

        assertThat(found).isEqualTo(new StartLookup.Started(new StartedRun(run.handle(), run.url(),
                task.startAttempt().at())));
        assertThat(gitlab.requests()).filteredOn(r -> r.path().endsWith("/pipelines") && r.query().contains("page=2"))
                .isNotEmpty();
    }

    @Test
    void a_start_is_found_by_its_start_key_not_by_an_older_pipeline_of_the_same_deployment() throws Exception {
        DeploymentTask earlier = committed(task(DEPLOYMENT_IDS.incrementAndGet()));
        newBackend().start(earlier);
        DeploymentTask retried = committed(earlier);

        StartLookup found = lookUpWhenSettled(retried);

        assertThat(found).isEqualTo(new StartLookup.NotStarted());
    }

    // --- the contract, against the fake with an API token

    @Override
    protected GitLabBackend newBackend() {
        return new GitLabBackend(new GitLabSettings(gitlab.url(), "4242", TOKEN, null, Map.of(), Duration.ofMillis(500),
                null, API_TOKEN), CLIENT);
    }

    @Override
    protected DeploymentTask taskThatSucceeds() {
        return task(DEPLOYMENT_IDS.incrementAndGet());
    }

    @Override
    protected DeploymentTask taskThatRunsUntilCancelled() {
        return task(DEPLOYMENT_IDS.incrementAndGet());
    }

    @Override
    protected int timesStarted(DeploymentTask task) {
        return (int) gitlab.pipelines().stream()
                .filter(p -> Long.toString(task.deploymentId()).equals(p.variables().get("SLIPWAY_DEPLOYMENT_ID")))
                .count();
    }

    @Override
    protected Outcome outcomeOf(DeploymentTask task, StartedRun run) {
        return switch (gitlab.status(Long.parseLong(run.handle()))) {
            case "success" -> Outcome.SUCCEEDED;
            case "canceled" -> Outcome.CANCELLED;
            default -> Outcome.FAILED;
        };
    }

    @Override
    protected ProviderHook hook() {
        return new GitLabHook(WEBHOOK_TOKEN);
    }

    @Override
    protected HookRequest successReport(StartedRun run) {
        long id = Long.parseLong(run.handle());
        gitlab.setStatus(id, "success");
        return new HookRequest(gitlab.pipelineHookHeaders(WEBHOOK_TOKEN),
                gitlab.pipelineHook(id, "success").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected HookRequest unauthenticated(HookRequest request) {
        return without(request, "X-Gitlab-Token");
    }

    private static DeploymentTask task(long id) {
        return new DeploymentTask(id, "web-api", "production", "v2.14.0", "alice", "C0001", null);
    }

    private GitLabBackend backend(String url, String projectId, Map<String, String> variables) {
        return new GitLabBackend(new GitLabSettings(url, projectId, TOKEN, null, variables, null, null), CLIENT);
    }

    private BackendException startFails() {
        return startFails(backend(gitlab.url(), "4242", Map.of()));
    }

    private static BackendException startFails(GitLabBackend backend) {
        BackendException e = catchThrowableOfType(() -> backend.start(TASK), BackendException.class);
        assertThat(e).as("start should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        return e;
    }
}
