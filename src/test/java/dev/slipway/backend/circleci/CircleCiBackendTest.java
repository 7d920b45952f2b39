package dev.slipway.backend.circleci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ProviderHook;
import dev.slipway.backend.ReportedBackendContract;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.StartAttempt;
import dev.slipway.testing.FakeCircleCi;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CircleCiBackendTest extends ReportedBackendContract {
    private static final String TOKEN = "CCIPAT_FakePersonalApiToken_0001";
    private static final String SECRET = "acceptance-circleci-signing-secret-0001";
    private static final String SLUG = FakeCircleCi.PROJECT_SLUG;
    private static final AtomicLong DEPLOYMENT_IDS = new AtomicLong(1000);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeploymentTask TASK =
            new DeploymentTask(17, "web-api", "production", "main", "alice", "C0001", "1717171600.000100");

    private final FakeCircleCi circleci = new FakeCircleCi(TOKEN,
            Set.of("deploy_env", "deploy_ref", "slack_thread_ts", "note", "github_deployment", "slipway_deployment"));

    @AfterEach
    void close() {
        circleci.close();
    }

    /** CircleCI keeps no trigger parameters to match a pipeline to its trigger by. */
    @Override
    protected boolean findsItsStarts() {
        return false;
    }

    // --- the trigger

    @Test
    void posts_the_branch_and_the_filled_parameters_as_json_with_the_token() throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("deploy_env", "{{environment}}");
        parameters.put("deploy_ref", "{{ref}}");
        parameters.put("slack_thread_ts", "{{thread}}");
        parameters.put("note", "#{{deployment}} by {{user}} of {{project}} in {{channel}} & more");
        parameters.put("github_deployment", "{{providerDeployment}}");

        backend(parameters).start(TASK.withProviderDeployment("900001"));

        FakeCircleCi.Request request = circleci.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v2/project/gh/acme-corp/web-api/pipeline");
        assertThat(request.header("Circle-Token")).isEqualTo(TOKEN);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.json()).isEqualTo(JSON.readTree("{\"branch\":\"main\",\"parameters\":{"
                + "\"deploy_env\":\"production\",\"deploy_ref\":\"main\",\"slack_thread_ts\":\"1717171600.000100\","
                + "\"note\":\"#17 by alice of web-api in C0001 & more\",\"github_deployment\":\"900001\"}}"));
        assertThat(request.body()).startsWith("{\"branch\":\"main\",\"parameters\":{\"deploy_env\"");
    }

    @Test
    void without_parameters_the_body_names_only_the_branch() throws Exception {
        backend(Map.of()).start(TASK);

        assertThat(circleci.requests().get(0).body()).isEqualTo("{\"branch\":\"main\"}");
    }

    @ParameterizedTest
    @CsvSource({
            "refs/tags/v2.14.0, {\"tag\":\"v2.14.0\"}",
            "tags/v2.14.0, {\"tag\":\"v2.14.0\"}",
            "refs/heads/release/1.2, {\"branch\":\"release/1.2\"}",
            "release/1.2, {\"branch\":\"release/1.2\"}",
            "v2.14.0, {\"branch\":\"v2.14.0\"}"})
    void a_tag_ref_is_triggered_as_a_tag_and_anything_else_as_a_branch(String ref, String body) throws Exception {
        backend(Map.of()).start(task(DEPLOYMENT_IDS.incrementAndGet(), ref));

        assertThat(circleci.requests().get(0).body()).isEqualTo(body);
        assertThat(circleci.pipelines()).hasSize(1);
    }

    @Test
    void quotes_and_backslashes_in_a_parameter_value_are_serialized_safely() throws Exception {
        DeploymentTask task = new DeploymentTask(18, "web-api", "production", "main", "al\"ice\\", "C0001", null);

        backend(Map.of("note", "say \"{{user}}\" \\n }{ ,\"x\":1")).start(task);

        assertThat(circleci.pipelines().get(0).parameters())
                .containsExactly(Map.entry("note", "say \"al\"ice\\\" \\n }{ ,\"x\":1"));
    }

    @Test
    void returns_the_pipeline_id_as_handle_and_its_page_as_url() throws Exception {
        Instant before = Instant.now();

        StartedRun first = backend(Map.of()).start(TASK);
        StartedRun second = backend(Map.of()).start(TASK);

        assertThat(first.handle()).isEqualTo(circleci.pipelines().get(0).id()).matches("[0-9a-f-]{36}");
        assertThat(first.url()).isEqualTo(circleci.url() + "/pipelines/gh/acme-corp/web-api/1207");
        assertThat(first.startedAt()).isAfterOrEqualTo(before);
        assertThat(second.url()).endsWith("/1208");
    }

    @Test
    void circlecis_cloud_api_links_to_its_web_app() {
        assertThat(CircleCiBackend.appUrl("https://circleci.com", "gh/acme/api"))
                .isEqualTo("https://app.circleci.com/pipelines/gh/acme/api");
        assertThat(CircleCiBackend.appUrl("https://circleci.acme.internal", "gh/acme/api"))
                .isEqualTo("https://circleci.acme.internal/pipelines/gh/acme/api");
    }

    @Test
    void each_segment_of_the_slug_is_encoded_and_its_slashes_kept() throws Exception {
        String slug = "bb/acme/wéb@api";
        try (FakeCircleCi other = new FakeCircleCi(slug, TOKEN, Set.of())) {
            new CircleCiBackend(new CircleCiSettings(other.url() + "/", slug, TOKEN, Map.of(), null, null), CLIENT)
                    .start(TASK);

            assertThat(other.requests().get(0).path()).isEqualTo("/api/v2/project/bb/acme/w%C3%A9b%40api/pipeline");
            assertThat(other.pipelines()).hasSize(1);
        }
    }

    @Test
    void the_backend_type_is_circleci_for_git_refs_without_a_default() {
        BackendType<CircleCiSettings> type = CircleCiBackend.type(CLIENT);
        CircleCiSettings settings = new CircleCiSettings(SLUG, TOKEN, null);

        assertThat(type.name()).isEqualTo("circleci");
        assertThat(type.settingsType()).isEqualTo(CircleCiSettings.class);
        assertThat(type.refKind()).isEqualTo(RefKind.GIT);
        assertThat(type.defaultRefOf(settings)).isEmpty();
        assertThat(type.create(settings)).isInstanceOf(CircleCiBackend.class);
    }

    @Test
    void a_task_without_a_ref_is_permanent() {
        DeploymentTask noRef = new DeploymentTask(19, "web-api", "staging", " ", "alice", null, null);

        BackendException e = catchThrowableOfType(() -> backend(Map.of()).start(noRef), BackendException.class);

        assertThat(e).isInstanceOf(PermanentBackendException.class)
                .hasMessage("deployment 19 names no ref, and the circleci backend has no default ref");
        assertThat(circleci.requests()).isEmpty();
    }

    // --- answers in plain words

    @Test
    void an_undeclared_parameter_says_to_declare_it_in_the_config() {
        try (FakeCircleCi strict = new FakeCircleCi(TOKEN, Set.of())) {
            CircleCiBackend backend = new CircleCiBackend(new CircleCiSettings(strict.url(), SLUG, TOKEN,
                    Map.of("deploy_env", "{{environment}}"), null, null), CLIENT);

            BackendException e = startFails(backend);

            assertThat(e).isInstanceOf(PermanentBackendException.class).hasMessage("CircleCI refused the trigger:"
                    + " Unexpected argument(s): deploy_env; every pipeline parameter must be declared under"
                    + " parameters: in .circleci/config.yml of project gh/acme-corp/web-api");
            assertThat(strict.pipelines()).isEmpty();
        }
    }

    @Test
    void another_refusal_says_what_circleci_said_without_the_token() {
        circleci.answerNext(400, "{\"message\":\"Branch not found\"}", Map.of());
        circleci.answerNext(400, "{\"message\":\"bad token " + TOKEN + "\"}", Map.of());
        circleci.answerNext(400, "<html>oops</html>", Map.of());

        assertThat(startFails()).isInstanceOf(PermanentBackendException.class)
                .hasMessage("CircleCI refused the trigger: Branch not found");
        assertThat(startFails()).hasMessage("CircleCI refused the trigger: bad token ***");
        assertThat(startFails()).hasMessage("CircleCI refused the trigger: <html>oops</html>");
    }

    @Test
    void a_token_circleci_refuses_is_permanent_and_never_shown() {
        BackendException e = startFails(new CircleCiBackend(
                new CircleCiSettings(circleci.url(), SLUG, "CCIPAT_Wrong", Map.of(), null, null), CLIENT));

        assertThat(e).isInstanceOf(PermanentBackendException.class).hasMessage("CircleCI refused the token (HTTP 401)"
                + " when asked to trigger a pipeline: check token for project gh/acme-corp/web-api");
        assertThat(e.getMessage()).doesNotContain("CCIPAT_Wrong");
    }

    @Test
    void an_unknown_project_is_permanent() {
        BackendException e = startFails(new CircleCiBackend(
                new CircleCiSettings(circleci.url(), "gh/acme-corp/other", TOKEN, Map.of(), null, null), CLIENT));

        assertThat(e).isInstanceOf(PermanentBackendException.class).hasMessage("CircleCI has no project"
                + " gh/acme-corp/other, or the token cannot see it (HTTP 404 when asked to trigger a pipeline)");
        assertThat(circleci.pipelines()).isEmpty();
    }

    @Test
    void a_throttled_trigger_started_nothing_and_says_when_to_retry() {
        circleci.throttleNext(10);

        BackendException e = startFails();

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessage("CircleCI is throttling requests"
                + " (HTTP 429) and asks to wait 10s (Retry-After); will retry");
        assertThat(((TransientBackendException) e).nothingStarted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503})
    void an_unavailable_circleci_started_nothing(int status) {
        circleci.answerNext(status, "", Map.of());

        BackendException e = startFails();

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessage("CircleCI answered HTTP " + status
                + "; will retry");
        assertThat(((TransientBackendException) e).nothingStarted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 504})
    void a_server_error_leaves_the_start_in_doubt(int status) {
        circleci.answerNext(status, "{\"message\":\"Internal Server Error\"}", Map.of());

        BackendException e = startFails();

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessage("CircleCI answered HTTP " + status
                + "; a pipeline may have been created; will check before retrying");
        assertThat(((TransientBackendException) e).nothingStarted()).isFalse();
    }

    @Test
    void a_created_answer_that_is_not_a_pipeline_is_permanent() {
        circleci.answerNext(201, "<html>Sign in</html>", Map.of());

        assertThat(startFails()).isInstanceOf(PermanentBackendException.class).hasMessage("CircleCI answered HTTP 201"
                + " but not with a pipeline (<html>Sign in</html>); a pipeline may have started, check "
                + circleci.url() + "/pipelines/gh/acme-corp/web-api");
    }

    @Test
    void an_answer_slower_than_the_timeout_leaves_the_start_in_doubt() {
        circleci.delayResponses(Duration.ofSeconds(3));

        BackendException e = startFails(backend(Map.of(), Duration.ofMillis(200)));

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessage("could not reach CircleCI at "
                + circleci.url() + ": no answer within 200ms; a pipeline may have been created; will check before"
                + " retrying");
        assertThat(((TransientBackendException) e).nothingStarted()).isFalse();
    }

    @Test
    void a_dropped_connection_leaves_the_start_in_doubt() {
        circleci.dropNext();

        BackendException e = startFails();

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessageStartingWith("could not reach CircleCI at " + circleci.url() + ": ");
        assertThat(((TransientBackendException) e).nothingStarted()).isFalse();
    }

    @Test
    void an_unreachable_circleci_started_nothing() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }

        BackendException e = startFails(new CircleCiBackend(
                new CircleCiSettings(closed, SLUG, TOKEN, Map.of(), null, null), CLIENT));

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessageStartingWith("could not reach CircleCI at " + closed + ": ").hasMessageEndingWith("; will retry");
        assertThat(((TransientBackendException) e).nothingStarted()).isTrue();
    }

    @Test
    void an_unknown_host_started_nothing_and_is_named() {
        BackendException e = startFails(new CircleCiBackend(
                new CircleCiSettings("http://circleci.invalid", SLUG, TOKEN, Map.of(), null, null), CLIENT));

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessage("could not reach CircleCI at http://circleci.invalid: unknown host circleci.invalid; will retry");
        assertThat(((TransientBackendException) e).nothingStarted()).isTrue();
    }

    @Test
    void an_interrupted_start_keeps_the_interrupt_and_is_transient() {
        circleci.delayResponses(Duration.ofSeconds(3));
        Thread.currentThread().interrupt();

        BackendException e = startFails();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessageContaining("interrupted");
    }

    // --- a start in doubt

    @Test
    void a_trigger_that_created_a_pipeline_but_never_answered_is_in_doubt_and_then_unknown_with_its_link()
            throws Exception {
        circleci.createThenHang();
        CircleCiBackend backend = backend(Map.of(), Duration.ofMillis(300));
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet(), "main"));

        BackendException e = catchThrowableOfType(() -> backend.start(task), BackendException.class);
        StartLookup found = lookUpWhenSettled(task);

        assertThat(e).isInstanceOf(TransientBackendException.class);
        assertThat(((TransientBackendException) e).nothingStarted()).isFalse();
        assertThat(found).isEqualTo(new StartLookup.Unknown("CircleCI does not say which trigger created a pipeline",
                circleci.url() + "/pipelines/gh/acme-corp/web-api/1207"));
        assertThat(circleci.pipelines()).hasSize(1);
    }

    @Test
    void it_is_too_soon_to_look_until_twice_the_timeout_has_passed() {
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet(), "main"));

        BackendException e = catchThrowableOfType(() -> backend(Map.of(), Duration.ofSeconds(30)).findStart(task),
                BackendException.class);

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessageContaining("may still be creating its"
                + " pipeline");
        assertThat(circleci.requests()).isEmpty();
    }

    @Test
    void no_pipeline_since_the_attempt_means_not_started_whatever_came_before_or_elsewhere() throws Exception {
        circleci.pageSize(2);
        for (int i = 0; i < 5; i++) {
            circleci.seedPipeline("main", null, Instant.now().minus(Duration.ofHours(2)).plusSeconds(i), "api");
        }
        circleci.seedPipeline("feature", null, Instant.now(), "api");
        for (int i = 0; i < 3; i++) {
            circleci.seedPipeline("main", null, Instant.now().plusSeconds(i), "webhook");
        }
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet(), "main"));

        StartLookup found = lookUpWhenSettled(task);

        assertThat(found).isEqualTo(new StartLookup.NotStarted());
        assertThat(circleci.requests()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/api/v2/project/gh/acme-corp/web-api/pipeline");
            assertThat(r.query()).startsWith("branch=main");
        });
        // The pushes fill the first page; the second reaches pipelines older than the attempt, and a third is not
        // asked for.
        assertThat(circleci.requests()).hasSize(2);
        assertThat(circleci.requests().get(1).query()).contains("page-token=");
    }

    @Test
    void a_tag_is_looked_for_on_every_page_of_all_the_projects_pipelines() throws Exception {
        circleci.pageSize(2);
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet(), "refs/tags/v2.14.0"));
        StartedRun run = backend(Map.of()).start(task);
        for (int i = 0; i < 4; i++) {
            backend(Map.of()).start(task(DEPLOYMENT_IDS.incrementAndGet(), "main"));
        }

        StartLookup found = lookUpWhenSettled(task);

        assertThat(found).isEqualTo(new StartLookup.Unknown("CircleCI does not say which trigger created a pipeline",
                run.url()));
        assertThat(circleci.requests()).filteredOn(r -> r.method().equals("GET"))
                .allSatisfy(r -> assertThat(String.valueOf(r.query())).doesNotContain("branch="))
                .filteredOn(r -> r.query() != null && r.query().contains("page-token=")).hasSize(2);
    }

    @Test
    void a_tag_without_its_pipeline_is_not_started() throws Exception {
        backend(Map.of()).start(task(DEPLOYMENT_IDS.incrementAndGet(), "main"));
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet(), "tags/v2.14.0"));

        assertThat(lookUpWhenSettled(task)).isEqualTo(new StartLookup.NotStarted());
    }

    @Test
    void looking_with_a_token_circleci_refuses_is_permanent() {
        DeploymentTask task = task(DEPLOYMENT_IDS.incrementAndGet(), "main")
                .withStartAttempt(new StartAttempt("k", Instant.now().minusSeconds(60)));
        CircleCiBackend backend = new CircleCiBackend(
                new CircleCiSettings(circleci.url(), SLUG, "CCIPAT_Wrong", Map.of(), null, null), CLIENT);

        BackendException e = catchThrowableOfType(() -> backend.findStart(task), BackendException.class);

        assertThat(e).isInstanceOf(PermanentBackendException.class).hasMessage("CircleCI refused the token (HTTP 401)"
                + " when asked to list the pipelines: check token for project gh/acme-corp/web-api");
    }

    // --- cancel

    @Test
    void cancelling_a_finished_pipeline_changes_nothing() throws Exception {
        CircleCiBackend backend = newBackend();
        StartedRun run = backend.start(TASK);
        circleci.workflowCompleted(run.handle(), "success", SECRET);

        assertThat(backend.cancel(TASK, run)).isEqualTo(new Cancellation.Stopped());
        assertThat(circleci.workflowStatus(run.handle())).isEqualTo("success");
        assertThat(circleci.requests()).noneMatch(r -> r.path().endsWith("/cancel"));
    }

    @Test
    void a_running_pipeline_is_cancelled_workflow_by_workflow() throws Exception {
        CircleCiBackend backend = newBackend();
        StartedRun run = backend.start(TASK);

        backend.cancel(TASK, run);

        assertThat(circleci.requests()).extracting(r -> r.method() + " " + r.path()).containsSubsequence(
                "GET /api/v2/pipeline/" + run.handle() + "/workflow",
                "POST /api/v2/workflow/" + circleci.pipelines().get(0).workflowId() + "/cancel");
    }

    @Test
    void the_report_deadline_is_the_pipeline_timeout() {
        CircleCiBackend backend = new CircleCiBackend(
                new CircleCiSettings(circleci.url(), SLUG, TOKEN, Map.of(), null, Duration.ofMinutes(20)), CLIENT);

        assertThat(backend.reportDeadline()).isEqualTo(Duration.ofMinutes(20));
    }

    // --- the contract, against the fake

    @Override
    protected CircleCiBackend newBackend() {
        return backend(Map.of("slipway_deployment", "{{deployment}}"), Duration.ofMillis(500));
    }

    @Override
    protected DeploymentTask taskThatSucceeds() {
        return task(DEPLOYMENT_IDS.incrementAndGet(), "main");
    }

    @Override
    protected DeploymentTask taskThatRunsUntilCancelled() {
        return task(DEPLOYMENT_IDS.incrementAndGet(), "main");
    }

    @Override
    protected int timesStarted(DeploymentTask task) {
        return (int) circleci.pipelines().stream()
                .filter(p -> Long.toString(task.deploymentId()).equals(p.parameters().get("slipway_deployment")))
                .count();
    }

    @Override
    protected Outcome outcomeOf(DeploymentTask task, StartedRun run) {
        return switch (circleci.workflowStatus(run.handle())) {
            case "success" -> Outcome.SUCCEEDED;
            case "canceled" -> Outcome.CANCELLED;
            default -> Outcome.FAILED;
        };
    }

    @Override
    protected ProviderHook hook() {
        return new CircleCiHook(SECRET);
    }

    @Override
    protected HookRequest successReport(StartedRun run) {
        FakeCircleCi.Delivery delivery = circleci.workflowCompleted(run.handle(), "success", SECRET);
        return new HookRequest(delivery.headers(), delivery.body());
    }

    @Override
    protected HookRequest unauthenticated(HookRequest request) {
        return without(request, "circleci-signature");
    }

    // --- helpers

    private static DeploymentTask task(long id, String ref) {
        return new DeploymentTask(id, "web-api", "production", ref, "alice", "C0001", null);
    }

    private CircleCiBackend backend(Map<String, String> parameters) {
        return backend(parameters, null);
    }

    private CircleCiBackend backend(Map<String, String> parameters, Duration timeout) {
        return new CircleCiBackend(new CircleCiSettings(circleci.url(), SLUG, TOKEN, parameters, timeout, null), CLIENT);
    }

    private BackendException startFails() {
        return startFails(backend(Map.of()));
    }

    private static BackendException startFails(CircleCiBackend backend) {
        BackendException e = catchThrowableOfType(() -> backend.start(TASK), BackendException.class);
        assertThat(e).as("start should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        return e;
    }
}
