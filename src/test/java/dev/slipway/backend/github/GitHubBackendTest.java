package dev.slipway.backend.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.HandingOnBackend;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.ProviderHook;
import dev.slipway.backend.ReportedBackend;
import dev.slipway.backend.ReportedBackendContract;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.RefKind;
import dev.slipway.testing.FakeGitHub;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubBackendTest extends ReportedBackendContract {
    private static final String SECRET = "acceptance-github-webhook-secret-0001";
    private static final String DEPLOYMENTS = "/repos/acme-corp/web-api/deployments";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final AtomicLong DEPLOYMENT_IDS = new AtomicLong(1000);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeGitHub github = new FakeGitHub();
    private final Receiver receiver = new Receiver();
    private final List<FakeGitHub> others = new ArrayList<>();

    GitHubBackendTest() throws IOException {
        github.deliverWebhooksTo(receiver.uri(), SECRET);
    }

    @AfterEach
    void close() {
        github.close();
        receiver.close();
        others.forEach(FakeGitHub::close);
    }

    /** A GitHub Deployment is a record; whatever acts on it does the work, and only that can be stopped. */
    @Override
    protected boolean stopsItsRuns() {
        return false;
    }

    // --- the deployment it asks for

    @Test
    void asks_for_a_deployment_of_the_ref_carrying_slipways_deployment_and_start_and_where_it_was_asked_for()
            throws Exception {
        DeploymentTask task = committed(new DeploymentTask(17, "web-api", "production", "v2.14.0", "alice", "C0001",
                "1717171600.000100"));

        backend(settings(null, null, null, null)).start(task);

        FakeGitHub.Request request = github.requests("POST", DEPLOYMENTS).get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("token " + FakeGitHub.TOKEN);
        JsonNode body = request.json();
        assertThat(body.path("ref").asText()).isEqualTo("v2.14.0");
        assertThat(body.path("task").asText()).isEqualTo("deploy");
        assertThat(body.path("auto_merge").isBoolean()).isTrue();
        assertThat(body.path("auto_merge").asBoolean()).isFalse();
        assertThat(body.has("required_contexts")).isFalse();
        assertThat(body.path("environment").asText()).isEqualTo("production");
        assertThat(body.path("production_environment").asBoolean()).isTrue();
        assertThat(body.path("transient_environment").isBoolean()).isTrue();
        assertThat(body.path("transient_environment").asBoolean()).isFalse();
        assertThat(body.path("description").asText()).contains("alice").contains("#17");
        assertThat(body.path("payload")).isEqualTo(JSON.readTree("{\"slipway\":{\"deployment\":17,\"start\":\""
                + task.startAttempt().key() + "\",\"project\":\"web-api\"},"
                + "\"chat\":{\"channel\":\"C0001\",\"thread_ts\":\"1717171600.000100\"},\"requested_by\":\"alice\"}"));
        assertThat(github.deployments()).singleElement().satisfies(d -> {
            assertThat(d.ref()).isEqualTo("v2.14.0");
            assertThat(d.environment()).isEqualTo("production");
            assertThat(d.payload().path("slipway").path("deployment").asLong()).isEqualTo(17);
        });
    }

    @Test
    void a_task_without_a_start_or_chat_sends_what_it_has() throws Exception {
        backend(settings(null, null, null, null)).start(
                new DeploymentTask(18, "web-api", "staging", "main", "bob", null, null));

        JsonNode payload = github.requests("POST", DEPLOYMENTS).get(0).json().path("payload");
        assertThat(payload).isEqualTo(JSON.readTree("{\"slipway\":{\"deployment\":18,\"project\":\"web-api\"},"
                + "\"chat\":{},\"requested_by\":\"bob\"}"));
    }

    @Test
    void only_production_is_a_production_environment_unless_the_settings_say() throws Exception {
        DeploymentTask staging = new DeploymentTask(19, "web-api", "staging", "main", "alice", null, null);
        DeploymentTask production = new DeploymentTask(20, "web-api", "production", "main", "alice", null, null);

        backend(settings(null, null, null, null)).start(staging);
        backend(settings(null, null, true, null)).start(staging);
        backend(settings(null, null, false, null)).start(production);

        assertThat(github.requests("POST", DEPLOYMENTS)).extracting(r -> r.json().path("production_environment"))
                .extracting(JsonNode::asBoolean).containsExactly(false, true, false);
        assertThat(github.deployments()).extracting(FakeGitHub.Deployment::productionEnvironment)
                .containsExactly(false, true, false);
    }

    @Test
    void sends_auto_merge_required_contexts_and_a_transient_environment_as_configured() throws Exception {
        backend(settings(true, List.of(), null, true)).start(task(DEPLOYMENT_IDS.incrementAndGet()));
        backend(settings(false, List.of("ci/build", "security/scan"), null, false))
                .start(task(DEPLOYMENT_IDS.incrementAndGet()));

        List<FakeGitHub.Request> requests = github.requests("POST", DEPLOYMENTS);
        JsonNode first = requests.get(0).json();
        assertThat(first.path("auto_merge").asBoolean()).isTrue();
        assertThat(first.path("required_contexts").isArray()).isTrue();
        assertThat(first.path("required_contexts")).isEmpty();
        assertThat(first.path("transient_environment").asBoolean()).isTrue();
        JsonNode second = requests.get(1).json();
        assertThat(second.path("auto_merge").asBoolean()).isFalse();
        assertThat(second.path("required_contexts")).extracting(JsonNode::asText)
                .containsExactly("ci/build", "security/scan");
        assertThat(second.path("transient_environment").asBoolean()).isFalse();
        assertThat(github.deployments()).extracting(FakeGitHub.Deployment::transientEnvironment)
                .containsExactly(true, false);
    }

    @Test
    void the_handle_is_the_deployment_id_and_the_url_the_environments_deployments_page() throws Exception {
        Instant before = Instant.now();

        StartedRun first = newBackend().start(task(DEPLOYMENT_IDS.incrementAndGet()));
        StartedRun second = newBackend().start(new DeploymentTask(DEPLOYMENT_IDS.incrementAndGet(), "web-api",
                "qa east", "main", "alice", null, null));

        assertThat(first.handle()).isEqualTo(Long.toString(FakeGitHub.FIRST_DEPLOYMENT_ID));
        assertThat(first.url()).isEqualTo(web(github) + "/acme-corp/web-api/deployments/production");
        assertThat(first.startedAt()).isAfterOrEqualTo(before);
        assertThat(second.handle()).isEqualTo(Long.toString(FakeGitHub.FIRST_DEPLOYMENT_ID + 1));
        assertThat(second.url()).isEqualTo(web(github) + "/acme-corp/web-api/deployments/qa%20east");
    }

    @Test
    void the_backend_type_is_github_for_git_refs_handing_on_to_circleci() {
        BackendType<GitHubSettings> type = GitHubBackend.type((project, timeout) -> client(github, timeout));
        GitHubSettings settings = settings(null, null, null, null);

        assertThat(type.name()).isEqualTo("github");
        assertThat(type.settingsType()).isEqualTo(GitHubSettings.class);
        assertThat(type.refKind()).isEqualTo(RefKind.GIT);
        assertThat(type.handsOnTo()).isEqualTo(Set.of("circleci"));
        assertThat(type.defaultRefOf(settings)).isEmpty();
        assertThat(type.create(settings)).isInstanceOf(GitHubBackend.class);
    }

    @Test
    void the_report_deadline_is_an_hour_unless_configured() {
        assertThat(backend(settings(null, null, null, null)).reportDeadline()).isEqualTo(Duration.ofHours(1));
        assertThat(backend(new GitHubSettings(null, null, null, null, null, Duration.ofMinutes(20))).reportDeadline())
                .isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void a_task_without_a_ref_is_permanent_and_asks_nothing() {
        DeploymentTask noRef = new DeploymentTask(21, "web-api", "staging", " ", "alice", null, null);

        BackendException e = startFails(newBackend(), noRef);

        assertThat(e).isInstanceOf(PermanentBackendException.class).hasMessage("deployment 21 names no ref: GitHub"
                + " deploys a branch, tag or commit; give one, or a defaultRef for the environment");
        assertThat(github.requests()).isEmpty();
    }

    // --- GitHub's refusals, in plain words

    @Test
    void while_github_merges_the_default_branch_first_nothing_started_and_a_repeat_succeeds() throws Exception {
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet()));
        github.nextDeployment(FakeGitHub.Outcome.MERGING);

        BackendException e = startFails(newBackend(), task);
        StartedRun run = newBackend().start(task);

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessage("GitHub is merging main into v2.14.0"
                + " first; no deployment was created yet; Slipway asks again shortly");
        assertThat(((TransientBackendException) e).nothingStarted()).isTrue();
        assertThat(github.deployments()).singleElement()
                .satisfies(d -> assertThat(Long.toString(d.id())).isEqualTo(run.handle()));
    }

    @Test
    void a_merge_conflict_is_permanent_and_says_what_to_do() {
        github.nextDeployment(FakeGitHub.Outcome.MERGE_CONFLICT);

        BackendException e = startFails(backend(settings(true, null, null, null)), TASK);

        assertThat(e).isInstanceOf(PermanentBackendException.class).hasMessage("GitHub cannot merge main into v2.14.0"
                + " (merge conflict) in acme-corp/web-api; merge it by hand, or deploy without auto-merge");
        assertThat(github.deployments()).isEmpty();
    }

    @Test
    void failed_checks_are_permanent_and_name_the_contexts() {
        github.failingContexts(Map.of("ci/build", "failure"));
        github.nextDeployment(FakeGitHub.Outcome.FAILED_CHECKS);
        github.nextDeployment(FakeGitHub.Outcome.FAILED_CHECKS_WITHOUT_CONTEXTS);

        BackendException named = startFails(newBackend(), TASK);
        BackendException unnamed = startFails(newBackend(), TASK);

        assertThat(named).isInstanceOf(PermanentBackendException.class).hasMessage("GitHub refused to deploy v2.14.0"
                + " in acme-corp/web-api: required status checks did not pass: ci/build (failure)");
        assertThat(unnamed).isInstanceOf(PermanentBackendException.class).hasMessage("GitHub refused to deploy"
                + " v2.14.0 in acme-corp/web-api (409): Conflict: Commit status checks failed for v2.14.0.");
        assertThat(github.deployments()).isEmpty();
    }

    @Test
    void a_ref_github_does_not_have_or_cannot_use_is_permanent() {
        DeploymentTask unknown = new DeploymentTask(22, "web-api", "production", "no-such-branch", "alice", null, null);
        github.nextDeployment(FakeGitHub.Outcome.UNPROCESSABLE);

        BackendException unusable = startFails(newBackend(), TASK);
        BackendException missing = startFails(newBackend(), unknown);

        assertThat(unusable).isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub refused `v2.14.0` in acme-corp/web-api (422): Validation Failed");
        assertThat(missing).isInstanceOf(PermanentBackendException.class)
                .hasMessage("GitHub has no ref `no-such-branch` in acme-corp/web-api");
        assertThat(github.deployments()).isEmpty();
    }

    // --- a start in doubt

    @Test
    void a_create_whose_connection_dropped_is_in_doubt_and_then_found() throws Exception {
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet()));
        decoys(task);
        github.nextDeployment(FakeGitHub.Outcome.DROP_AFTER_CREATE);

        BackendException e = startFails(newBackend(), task);
        StartLookup found = lookUpWhenSettled(task);

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("a deployment may have been created");
        assertThat(((TransientBackendException) e).nothingStarted()).isFalse();
        assertThat(found).isEqualTo(new StartLookup.Started(new StartedRun(Long.toString(created(task).id()),
                web(github) + "/acme-corp/web-api/deployments/production", task.startAttempt().at())));
        assertThat(timesStarted(task)).isEqualTo(1);
    }

    @Test
    void a_create_that_never_answered_is_in_doubt_and_then_found() throws Exception {
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet()));
        decoys(task);
        github.nextDeployment(FakeGitHub.Outcome.CREATE_THEN_HANG);

        BackendException e = startFails(newBackend(), task);
        StartLookup found = lookUpWhenSettled(task);

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessageContaining("did not answer within");
        assertThat(((TransientBackendException) e).nothingStarted()).isFalse();
        assertThat(found).isInstanceOfSatisfying(StartLookup.Started.class,
                started -> assertThat(started.run().handle()).isEqualTo(Long.toString(created(task).id())));
    }

    @Test
    void a_start_in_doubt_is_not_answered_before_a_create_could_have_finished() {
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet()));

        BackendException e = catchThrowableOfType(() -> backend(settings(null, null, null, null)).findStart(task),
                BackendException.class);

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessageContaining("may still be being created");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void a_start_that_made_nothing_is_not_found_among_other_deployments() throws Exception {
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet()));
        decoys(task);

        StartLookup found = lookUpWhenSettled(task);

        assertThat(found).isEqualTo(new StartLookup.NotStarted());
        assertThat(github.requests("GET", DEPLOYMENTS)).singleElement()
                .satisfies(r -> assertThat(r.query()).contains("ref=v2.14.0").contains("environment=production"));
    }

    @Test
    void a_start_is_found_when_github_holds_the_payload_as_a_json_string() throws Exception {
        DeploymentTask task = committed(task(DEPLOYMENT_IDS.incrementAndGet()));
        FakeGitHub.Deployment held = github.addDeployment("v2.14.0", "production", TextNode.valueOf(
                "{\"slipway\":{\"deployment\":" + task.deploymentId() + ",\"start\":\"" + task.startAttempt().key()
                        + "\"}}"));

        StartLookup found = lookUpWhenSettled(task);

        assertThat(found).isInstanceOfSatisfying(StartLookup.Started.class,
                started -> assertThat(started.run().handle()).isEqualTo(Long.toString(held.id())));
    }

    // --- cancelling

    @Test
    void cancel_says_github_cannot_stop_a_deployment_and_where_to_look() throws Exception {
        StartedRun run = newBackend().start(TASK);

        Cancellation answer = newBackend().cancel(TASK, run);

        assertThat(answer).isEqualTo(new Cancellation.CannotStop("GitHub cannot stop deployment " + run.handle()
                + " of acme-corp/web-api: stop whatever runs it (its pipeline), then mark it failed; see "
                + web(github) + "/acme-corp/web-api/deployments/production"));
        assertThat(github.statuses(Long.parseLong(run.handle()))).isEmpty();
    }

    // --- handing on, and telling GitHub how it goes

    @Test
    void handing_on_tells_github_queued_then_in_progress_with_the_next_runs_url_then_how_it_ended()
            throws Exception {
        GitHubBackend backend = handingOnBackend();
        StartedRun run = backend.start(TASK);
        long id = Long.parseLong(run.handle());
        StartedRun pipeline = new StartedRun("pipeline-1", "https://app.circleci.com/pipelines/gh/acme-corp/web-api/7",
                Instant.now());

        backend.handingOn(TASK, run);
        backend.handedOn(TASK, run, pipeline);
        backend.handedOnEnded(TASK, run, RunReports.Outcome.RUNNING, null, null);
        backend.handedOnEnded(TASK, run, RunReports.Outcome.SUCCEEDED, pipeline.url(), null);

        assertThat(github.statuses(id)).extracting(FakeGitHub.Status::state)
                .containsExactly("queued", "in_progress", "success");
        assertThat(github.statuses(id)).extracting(FakeGitHub.Status::logUrl)
                .containsExactly(null, pipeline.url(), pipeline.url());
        assertThat(github.statuses(id)).extracting(FakeGitHub.Status::description)
                .containsExactly("Slipway is starting circleci", "circleci runs it", "circleci reported success");
        assertThat(github.requests("POST", DEPLOYMENTS + "/" + id + "/statuses"))
                .extracting(r -> r.json().path("state").asText())
                .containsExactly("queued", "in_progress", "success");
    }

    @Test
    void a_failed_or_cancelled_next_run_is_a_failure_or_an_error_with_its_reason() throws Exception {
        GitHubBackend backend = handingOnBackend();
        StartedRun failed = backend.start(TASK);
        StartedRun cancelled = backend.start(TASK);

        backend.handedOnEnded(TASK, failed, RunReports.Outcome.FAILED, null, "CircleCI refused the trigger");
        backend.handedOnEnded(TASK, cancelled, RunReports.Outcome.CANCELLED, "https://ci.example/7", " ");

        assertThat(github.statuses(Long.parseLong(failed.handle()))).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo("failure");
            assertThat(s.description()).isEqualTo("CircleCI refused the trigger");
        });
        assertThat(github.statuses(Long.parseLong(cancelled.handle()))).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo("error");
            assertThat(s.logUrl()).isEqualTo("https://ci.example/7");
            assertThat(s.description()).isEqualTo("circleci reported error");
        });
    }

    @Test
    void a_backend_without_a_next_one_hands_nothing_on() {
        assertThat(newBackend().next()).isEmpty();
        assertThat(handingOnBackend().next()).hasValueSatisfying(next -> assertThat(next.type()).isEqualTo("circleci"));
    }

    // --- how Slipway reaches GitHub

    @Test
    void deploys_as_a_github_app_with_the_pkcs1_key_github_hands_out() throws Exception {
        FakeGitHub appGitHub = other(FakeGitHub.builder().app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID));
        GitHubConnection connection = new GitHubConnection(FakeGitHub.REPO, appGitHub.url(), null,
                new GitHubApp(FakeGitHub.APP_ID, appGitHub.appPrivateKeyPem(), null), null);
        GitHubBackend backend = new GitHubBackend(settings(null, null, null, null),
                new GitHubClient(connection, HTTP, Duration.ofSeconds(10)), null);

        StartedRun run = backend.start(TASK);

        assertThat(appGitHub.appPrivateKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(appGitHub.deployments()).singleElement().satisfies(d -> {
            assertThat(Long.toString(d.id())).isEqualTo(run.handle());
            assertThat(d.creator()).isEqualTo(FakeGitHub.BOT);
        });
        assertThat(appGitHub.installationTokens()).hasSize(1);
    }

    @Test
    void deploys_on_github_enterprise_under_api_v3_and_links_to_its_web_pages() throws Exception {
        FakeGitHub enterprise = other(FakeGitHub.builder().pathPrefix("/api/v3"));
        GitHubConnection connection = new GitHubConnection(FakeGitHub.REPO, enterprise.url(), FakeGitHub.TOKEN, null,
                null);
        GitHubBackend backend = new GitHubBackend(settings(null, null, null, null),
                new GitHubClient(connection, HTTP, Duration.ofSeconds(10)), null);

        StartedRun run = backend.start(TASK);

        assertThat(enterprise.url()).endsWith("/api/v3");
        assertThat(run.url()).isEqualTo(web(enterprise) + "/acme-corp/web-api/deployments/production");
        assertThat(enterprise.deployments()).hasSize(1);
        assertThat(enterprise.requests()).allSatisfy(r -> assertThat(r.path()).startsWith("/api/v3/"));
    }

    // --- the contract, against the fake with a token

    @Override
    protected GitHubBackend newBackend() {
        return backend(new GitHubSettings(null, null, null, null, TIMEOUT, null));
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
        return (int) github.deployments().stream().filter(d -> startedFor(task, d)).count();
    }

    /** How GitHub last heard the deployment went; a deployment without an end status is not over. */
    @Override
    protected Outcome outcomeOf(DeploymentTask task, StartedRun run) {
        List<FakeGitHub.Status> statuses = github.statuses(Long.parseLong(run.handle()));
        String state = statuses.isEmpty() ? "" : statuses.get(statuses.size() - 1).state();
        return switch (state) {
            case "success" -> Outcome.SUCCEEDED;
            case "failure", "error" -> Outcome.FAILED;
            default -> Outcome.UNKNOWN;
        };
    }

    @Override
    protected ProviderHook hook() {
        return new GitHubHook(SECRET, Map.of());
    }

    /** Whatever runs the deployment sets its status to success; GitHub delivers the deployment_status event. */
    @Override
    protected HookRequest successReport(StartedRun run) {
        long id = Long.parseLong(run.handle());
        try {
            client(github, Duration.ofSeconds(10)).createStatus(id, "success", null, "deployed", null);
            return receiver.await("deployment_status", event -> event.path("deployment").path("id").asLong() == id
                    && event.path("deployment_status").path("state").asText().equals("success"));
        } catch (BackendException | IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected HookRequest unauthenticated(HookRequest request) {
        return without(request, "X-Hub-Signature-256");
    }

    // --- helpers

    private static final DeploymentTask TASK =
            new DeploymentTask(17, "web-api", "production", "v2.14.0", "alice", "C0001", "1717171600.000100");

    private static DeploymentTask task(long id) {
        return new DeploymentTask(id, "web-api", "production", "v2.14.0", "alice", "C0001", null);
    }

    private static GitHubSettings settings(Boolean autoMerge, List<String> requiredContexts, Boolean production,
                                           Boolean transientEnvironment) {
        return new GitHubSettings(autoMerge, requiredContexts, production, transientEnvironment, null, null);
    }

    private GitHubBackend backend(GitHubSettings settings) {
        return new GitHubBackend(settings, client(github, settings.timeout()), null);
    }

    private GitHubBackend handingOnBackend() {
        GitHubSettings settings = settings(null, null, null, null);
        return new GitHubBackend(settings, client(github, settings.timeout()),
                new HandingOnBackend.Next("circleci", new NextBackend()));
    }

    private static GitHubClient client(FakeGitHub github, Duration timeout) {
        return new GitHubClient(new GitHubConnection(FakeGitHub.REPO, github.url(), FakeGitHub.TOKEN, null, SECRET),
                HTTP, timeout);
    }

    private FakeGitHub other(FakeGitHub.Builder builder) {
        FakeGitHub other = builder.start();
        others.add(other);
        return other;
    }

    /** Where a person sees the fake's repositories: its host, without any API prefix. */
    private static String web(FakeGitHub github) {
        URI api = URI.create(github.url());
        return api.getScheme() + "://" + api.getRawAuthority();
    }

    /**
     * Deployments of the same ref and environment that are not the task's start: an earlier start of the same
     * deployment, another deployment's, one made by something else, and one whose payload is not an object.
     */
    private void decoys(DeploymentTask task) throws IOException {
        github.addDeployment("v2.14.0", "production", JSON.readTree("{\"slipway\":{\"deployment\":"
                + task.deploymentId() + ",\"start\":\"an-earlier-start\"}}"));
        github.addDeployment("v2.14.0", "production", JSON.readTree("{\"slipway\":{\"deployment\":"
                + (task.deploymentId() + 100_000) + ",\"start\":\"" + task.startAttempt().key() + "\"}}"));
        github.addDeployment("v2.14.0", "production", JSON.readTree("{\"requested_by\":\"U0001\"}"));
        github.addDeployment("v2.14.0", "production", TextNode.valueOf("not json"));
    }

    private FakeGitHub.Deployment created(DeploymentTask task) {
        return github.deployments().stream().filter(d -> startedFor(task, d)).findFirst().orElseThrow();
    }

    private static boolean startedFor(DeploymentTask task, FakeGitHub.Deployment deployment) {
        JsonNode slipway = deployment.payload().path("slipway");
        return slipway.path("deployment").asLong() == task.deploymentId()
                && (task.startAttempt() == null || task.startAttempt().key().equals(slipway.path("start").asText()));
    }

    private static BackendException startFails(GitHubBackend backend, DeploymentTask task) {
        BackendException e = catchThrowableOfType(() -> backend.start(task), BackendException.class);
        assertThat(e).as("start should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(FakeGitHub.TOKEN);
        return e;
    }

    /** The next backend, which these tests never start. */
    private static final class NextBackend implements ReportedBackend {
        @Override
        public Duration reportDeadline() {
            return Duration.ofHours(1);
        }

        @Override
        public StartedRun start(DeploymentTask task) {
            throw new UnsupportedOperationException("not started in these tests");
        }

        @Override
        public StartLookup findStart(DeploymentTask task) {
            throw new UnsupportedOperationException("not looked up in these tests");
        }

        @Override
        public Cancellation cancel(DeploymentTask task, StartedRun run) {
            throw new UnsupportedOperationException("not cancelled in these tests");
        }
    }

    /** Where the fake delivers its webhooks: answers 200 and keeps each delivery as the hook would receive it. */
    private static final class Receiver implements AutoCloseable {
        private final List<HookRequest> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    Map<String, String> headers = new HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                    received.add(new HookRequest(headers, body));
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/github");
        }

        HookRequest await(String event, java.util.function.Predicate<JsonNode> matching)
                throws IOException, InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < end) {
                for (HookRequest request : received) {
                    if (event.equals(request.header("X-GitHub-Event")) && matching.test(JSON.readTree(request.body()))) {
                        return request;
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no " + event + " delivery arrived; got " + received.size());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
