package dev.slipway.backend.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.slipway.backend.Backend;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.StartAttempt;
import dev.slipway.testing.FakeAzure;
import dev.slipway.testing.MovingClock;
import dev.slipway.testing.FakeAzure.Kind;
import dev.slipway.testing.FakeAzure.Script;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureBackendTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration POLL = Duration.ofMillis(20);
    private static final AtomicLong IDS = new AtomicLong(4200);
    private static final String EXCEPTION = "Deployment slot swap failed: slot 'staging' is not healthy.";

    private final ExecutorService followers = Executors.newCachedThreadPool();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private FakeAzure azure;
    private AzureAccount account;

    @BeforeEach
    void start() {
        azure = new FakeAzure();
        account = azure.account("main", POLL, Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        followers.shutdownNow();
        azure.close();
    }

    // --- following a job to its end

    @Test
    void a_completed_job_succeeds_with_its_output_and_tells_each_status_on_the_way() throws Exception {
        FollowedBackend backend = backend();
        DeploymentTask task = task();

        RunResult result = backend.follow(task, backend.start(task), progress::add);

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.summary()).isEqualTo("Azure job Completed");
        assertThat(result.tail()).containsExactly("Swapping slot staging -> production", "Health check OK (3/3)",
                "Deployed web-api v2.14.0");
        assertThat(result.fullOutput()).isEqualTo(FakeAzure.OUTPUT);
        assertThat(progress).containsExactly("Azure job New", "Azure job Running");
    }

    @Test
    void keeps_only_the_last_lines_of_a_long_output() throws Exception {
        StringBuilder output = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            output.append("line ").append(i).append('\n');
        }
        DeploymentTask task = task();
        azure.script(task.startAttempt().key(), Script.completes().output(output.toString()));
        FollowedBackend backend = backend();

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.tail()).hasSize(AzureBackend.TAIL_LINES).startsWith("line 31").endsWith("line 50");
    }

    @Test
    void starts_a_job_named_by_the_start_key_with_filled_parameters_and_the_arguments_winning() throws Exception {
        AzureSettings settings = new AzureSettings(null, FakeAzure.RUNBOOK,
                Map.of("Environment", "{{environment}}", "Version", "{{ref}}"), "hybrid-workers", null);
        DeploymentTask task = task().withArguments(Map.of("Version", "v9.9.9", "RequestedBy", "U0001"));

        StartedRun run = new AzureBackend(client(), settings, Clock.systemUTC()).start(task);

        String name = task.startAttempt().key();
        assertThat(run.handle()).isEqualTo(name);
        assertThat(run.url()).isEqualTo(FakeAzure.PORTAL_URL + "/#resource" + FakeAzure.jobId(name));
        assertThat(run.startedAt()).isEqualTo(azure.job(name).orElseThrow().creationTime());
        FakeAzure.Request put = azure.requests("PUT", "/jobs/" + name).get(0);
        assertThat(put.path()).isEqualTo(FakeAzure.jobId(name));
        assertThat(put.query()).isEqualTo("api-version=2023-11-01");
        assertThat(put.header("Content-Type")).isEqualTo("application/json");
        assertThat(put.header("Authorization")).startsWith("Bearer eyJ");
        assertThat(put.header("clientRequestId")).isEqualTo(name);
        assertThat(put.json().path("properties").path("runbook").path("name").asText()).isEqualTo(FakeAzure.RUNBOOK);
        assertThat(put.json().path("properties").path("runOn").asText()).isEqualTo("hybrid-workers");
        assertThat(azure.job(name).orElseThrow().parameters()).isEqualTo(Map.of("Environment", "production",
                "Version", "v9.9.9", "RequestedBy", "U0001"));
    }

    @Test
    void a_job_without_a_worker_group_runs_on_an_empty_run_on() throws Exception {
        DeploymentTask task = task();

        backend().start(task);

        FakeAzure.Request put = azure.requests("PUT", "/jobs/" + task.startAttempt().key()).get(0);
        assertThat(put.json().path("properties").path("runOn").isTextual()).isTrue();
        assertThat(put.json().path("properties").path("runOn").asText()).isEmpty();
        assertThat(put.json().path("properties").path("parameters").isObject()).isTrue();
    }

    @Test
    void a_failed_job_fails_with_its_exception_and_error_streams_before_its_output() throws Exception {
        DeploymentTask task = task();
        azure.script(task.startAttempt().key(),
                Script.fails(EXCEPTION + "\nAt line 12").errors(EXCEPTION, "second error").output("before\n"));
        FollowedBackend backend = backend();

        RunResult result = backend.follow(task, backend.start(task), progress::add);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("Azure job Failed: " + EXCEPTION);
        assertThat(result.tail()).containsExactly(EXCEPTION, "second error", "before");
        assertThat(azure.requests("GET", "/streams").get(0).query())
                .isEqualTo("api-version=2023-11-01&$filter=properties/streamType%20eq%20'Error'");
    }

    @Test
    void a_failed_job_whose_output_cannot_be_read_still_fails_with_its_exception() throws Exception {
        DeploymentTask task = task();
        azure.script(task.startAttempt().key(), Script.of("Failed").exception(EXCEPTION).errors(EXCEPTION));
        FollowedBackend backend = backend();
        StartedRun run = backend.start(task);
        azure.failNext(Kind.OUTPUT, 2, 500);

        RunResult result = backend.follow(task, run);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("Azure job Failed: " + EXCEPTION);
        assertThat(result.tail()).isEmpty();
    }

    @Test
    void a_job_someone_stopped_in_azure_ends_cancelled() throws Exception {
        DeploymentTask task = task();
        azure.script(task.startAttempt().key(), Script.of("New", "Running", "Stopped"));
        FollowedBackend backend = backend();

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(result.summary()).isEqualTo("Azure job Stopped");
    }

    @Test
    void a_suspended_job_asks_a_person_to_look_and_completes_once_resumed() throws Exception {
        DeploymentTask task = task();
        String name = task.startAttempt().key();
        azure.script(name, Script.of("New", "Running", "Suspended", "Running", "Completed").holdingAt("Suspended"));
        FollowedBackend backend = backend();
        StartedRun run = backend.start(task);
        Future<RunResult> following = followers.submit(() -> backend.follow(task, run, progress::add));
        String suspended = "Azure job Suspended: a person must look at it: " + FakeAzure.PORTAL_URL + "/#resource"
                + FakeAzure.jobId(name);

        await().atMost(Duration.ofSeconds(10)).until(() -> progress.contains(suspended));
        azure.advance(name);

        assertThat(following.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(progress).containsExactly("Azure job New", "Azure job Running", suspended, "Azure job Running");
    }

    @Test
    void a_blocked_job_says_a_person_should_look() throws Exception {
        DeploymentTask task = task();
        azure.script(task.startAttempt().key(), Script.of("Blocked", "Completed"));
        FollowedBackend backend = backend();

        backend.follow(task, backend.start(task), progress::add);

        assertThat(progress).singleElement().asString()
                .startsWith("Azure job Blocked: a person should look at it: " + FakeAzure.PORTAL_URL);
    }

    @Test
    void a_job_that_runs_past_the_accounts_timeout_is_stopped_and_fails_saying_why() throws Exception {
        DeploymentTask task = task();
        String name = task.startAttempt().key();
        azure.script(name, Script.runsUntilStopped());
        FollowedBackend backend = backend();
        StartedRun started = backend.start(task);
        StartedRun longAgo = new StartedRun(started.handle(), started.url(), started.startedAt().minusSeconds(7200));

        RunResult result = backend.follow(task, longAgo);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("timed out after 1h: Slipway stopped the Azure job");
        assertThat(azure.stops(name)).isEqualTo(1);
        assertThat(azure.job(name).orElseThrow().status()).isEqualTo("Stopped");
    }

    @Test
    void the_settings_timeout_replaces_the_accounts_and_counts_from_the_runs_start() throws Exception {
        DeploymentTask task = task();
        String name = task.startAttempt().key();
        azure.script(name, Script.runsUntilStopped());
        FollowedBackend backend = new AzureBackend(client(),
                new AzureSettings(null, FakeAzure.RUNBOOK, Map.of(), null, Duration.ofMillis(300)), Clock.systemUTC());

        RunResult result = backend.follow(task, backend.start(task));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("timed out after 300ms: Slipway stopped the Azure job");
        assertThat(azure.stops(name)).isEqualTo(1);
    }

    @Test
    void a_job_that_does_not_stop_when_asked_fails_anyway_once_the_grace_has_passed() throws Exception {
        DeploymentTask task = task();
        String name = task.startAttempt().key();
        azure.script(name, Script.runsUntilStopped());
        MovingClock clock = new MovingClock(Instant.now());
        FollowedBackend backend = new AzureBackend(client(), settings(), clock);
        StartedRun run = backend.start(task);
        clock.move(Duration.ofHours(2));
        azure.answerNext(Kind.STOP, 200, "", Map.of()); // accepted, and ignored
        Future<RunResult> following = followers.submit(() -> backend.follow(task, run));

        await().atMost(Duration.ofSeconds(10)).until(() -> azure.stops(name) == 1);
        clock.move(AzureBackend.STOP_GRACE.plusSeconds(1));

        RunResult result = following.get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).startsWith("timed out after 1h: Slipway stopped the Azure job")
                .contains("still Running");
        assertThat(azure.stops(name)).isEqualTo(1);
    }

    @Test
    void following_again_a_job_stopped_for_its_timeout_still_says_it_timed_out() throws Exception {
        DeploymentTask task = task();
        azure.script(task.startAttempt().key(), Script.of("Stopped"));
        FollowedBackend backend = backend();
        StartedRun started = backend.start(task);
        StartedRun longAgo = new StartedRun(started.handle(), started.url(), started.startedAt().minusSeconds(7200));

        RunResult result = backend().follow(task, longAgo);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("timed out after 1h: Slipway stopped the Azure job");
    }

    @Test
    void a_job_that_vanished_fails_in_plain_words() throws Exception {
        DeploymentTask task = task();

        RunResult result = backend().follow(task, new StartedRun("gone-job", null, Instant.now()));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.summary()).isEqualTo("the Azure job gone-job no longer exists");
    }

    @Test
    void a_blip_while_following_is_waited_out() throws Exception {
        FollowedBackend backend = backend();
        DeploymentTask task = task();
        StartedRun run = backend.start(task);
        azure.failNext(Kind.READ, 3, 503);

        assertThat(backend.follow(task, run).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void a_throttled_read_waits_what_azure_asks_before_asking_again() throws Exception {
        FollowedBackend backend = backend();
        DeploymentTask task = task();
        StartedRun run = backend.start(task);
        int before = azure.requests().size();
        azure.throttle(Kind.READ, 1, 1);

        assertThat(backend.follow(task, run).outcome()).isEqualTo(Outcome.SUCCEEDED);

        List<FakeAzure.Request> reads = azure.requests().subList(before, azure.requests().size());
        assertThat(reads.get(1).at()).isAfterOrEqualTo(reads.get(0).at().plusSeconds(1));
    }

    @Test
    void a_follow_taken_over_by_another_instance_never_creates_the_job_again() throws Exception {
        DeploymentTask task = task();
        String name = task.startAttempt().key();
        azure.script(name, Script.completes().holdingAt("Running"));
        StartedRun run = backend().start(task);
        Future<RunResult> first = followers.submit(() -> backend().follow(task, run));
        await().atMost(Duration.ofSeconds(10)).until(() -> progressOf(name).equals("Running"));
        first.cancel(true);

        Future<RunResult> second = followers.submit(() -> backend().follow(task, run));
        azure.advance(name);

        assertThat(second.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(azure.requests("PUT", name)).hasSize(1);
        assertThat(azure.creates(name)).isEqualTo(1);
    }

    @Test
    void an_interrupt_ends_the_follow_with_interrupted_and_leaves_the_job_running() throws Exception {
        DeploymentTask task = task();
        String name = task.startAttempt().key();
        azure.script(name, Script.runsUntilStopped());
        FollowedBackend backend = backend();
        StartedRun run = backend.start(task);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try {
                backend.follow(task, run);
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        follower.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> progressOf(name).equals("Running"));

        follower.interrupt();

        await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() != null);
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(azure.stops(name)).isZero();
        assertThat(azure.job(name).orElseThrow().status()).isEqualTo("Running");
    }

    // --- starts in doubt

    @Test
    void a_create_that_timed_out_after_making_the_job_is_found_and_not_made_again() throws Exception {
        FollowedBackend backend = new AzureBackend(new AzureClient(HTTP, account, Clock.systemUTC(),
                Duration.ofMillis(500)), settings(), Clock.systemUTC());
        DeploymentTask task = task();
        String name = task.startAttempt().key();
        azure.createThenHang();

        TransientBackendException e = catchThrowableOfType(TransientBackendException.class,
                () -> backend.start(task));
        StartLookup found = backend().findStart(task);

        assertThat(e.nothingStarted()).isFalse();
        assertThat(e.getMessage()).contains("no answer within 500ms").contains("may have been created");
        assertThat(found).isInstanceOf(StartLookup.Started.class);
        StartedRun run = ((StartLookup.Started) found).run();
        assertThat(run.handle()).isEqualTo(name);
        assertThat(run.url()).endsWith(FakeAzure.jobId(name));
        assertThat(azure.jobs()).hasSize(1);
        assertThat(azure.creates(name)).isEqualTo(1);
    }

    @Test
    void a_start_for_a_job_that_exists_returns_it_instead_of_creating_another() throws Exception {
        DeploymentTask task = task();

        StartedRun first = backend().start(task);
        StartedRun second = backend().start(task);

        assertThat(second).isEqualTo(first);
        assertThat(azure.creates(task.startAttempt().key())).isEqualTo(1);
    }

    @Test
    void a_start_that_never_happened_is_not_found() throws Exception {
        assertThat(backend().findStart(task())).isInstanceOf(StartLookup.NotStarted.class);
    }

    @Test
    void a_look_up_that_azure_cannot_answer_is_not_taken_for_nothing_started() {
        azure.failNext(Kind.READ, 1, 500);

        assertThatThrownBy(() -> backend().findStart(task())).isInstanceOf(TransientBackendException.class);
    }

    @Test
    void a_start_needs_the_start_slipway_committed() {
        DeploymentTask task = new DeploymentTask(IDS.incrementAndGet(), "web-api", "production", "v1", "U0001", "C1",
                "t1");

        assertThatThrownBy(() -> backend().start(task)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no start attempt");
    }

    // --- cancelling

    @Test
    void cancel_asks_azure_to_stop_the_job_and_the_follow_ends_cancelled() throws Exception {
        DeploymentTask task = task();
        String name = task.startAttempt().key();
        azure.script(name, Script.runsUntilStopped());
        FollowedBackend backend = backend();
        StartedRun run = backend.start(task);

        Cancellation answer = backend.cancel(task, run);

        assertThat(answer).isInstanceOf(Cancellation.Stopped.class);
        assertThat(azure.requests("POST", "/jobs/" + name + "/stop")).singleElement()
                .satisfies(stop -> assertThat(stop.query()).isEqualTo("api-version=2023-11-01"));
        RunResult result = backend.follow(task, run);
        assertThat(result.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(result.summary()).isEqualTo("Azure job Stopped");
    }

    @Test
    void cancelling_a_job_that_has_ended_is_harmless() throws Exception {
        DeploymentTask task = task();
        azure.script(task.startAttempt().key(), Script.of("Completed"));
        FollowedBackend backend = backend();
        StartedRun run = backend.start(task);
        backend.follow(task, run);

        assertThat(backend.cancel(task, run)).isInstanceOf(Cancellation.Stopped.class);
    }

    @Test
    void cancelling_a_job_azure_does_not_have_says_so() throws Exception {
        StartedRun run = new StartedRun("gone-job", "https://portal.example/gone", Instant.now());

        Cancellation answer = backend().cancel(task(), run);

        assertThat(answer).isInstanceOf(Cancellation.CannotStop.class);
        assertThat(((Cancellation.CannotStop) answer).message()).contains("gone-job").contains(run.url());
    }

    // --- the token

    @Test
    void one_token_serves_two_runs_of_two_backends_of_one_account() throws Exception {
        var type = AzureBackend.type(HTTP, Map.of("main", account), Clock.systemUTC());
        FollowedBackend one = (FollowedBackend) type.create(settings());
        FollowedBackend two = (FollowedBackend) type.create(settings());
        DeploymentTask first = task();
        DeploymentTask second = task();

        one.follow(first, one.start(first));
        two.follow(second, two.start(second));

        assertThat(azure.tokenRequests()).isEqualTo(1);
        FakeAzure.Request token = azure.requests("POST", "/oauth2/v2.0/token").get(0);
        assertThat(token.path()).isEqualTo("/login/" + FakeAzure.TENANT + "/oauth2/v2.0/token");
        assertThat(token.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(token.form()).isEqualTo(Map.of("client_id", FakeAzure.CLIENT_ID,
                "scope", azure.managementUrl() + "/.default", "client_secret", FakeAzure.CLIENT_SECRET,
                "grant_type", "client_credentials"));
        assertThat(token.body()).contains("client_secret=FakeClientSecret%7E0001");
    }

    @Test
    void a_token_is_asked_for_again_shortly_before_it_expires() throws Exception {
        MovingClock clock = new MovingClock(Instant.now());
        azure.tokenLifetime(Duration.ofSeconds(600));
        Backend backend = new AzureBackend(new AzureClient(HTTP, account, clock, Duration.ofSeconds(5)), settings(),
                clock);

        backend.findStart(task());
        clock.move(Duration.ofSeconds(530));
        backend.findStart(task());
        assertThat(azure.tokenRequests()).isEqualTo(1);

        clock.move(Duration.ofSeconds(15));
        backend.findStart(task());
        assertThat(azure.tokenRequests()).isEqualTo(2);
    }

    @Test
    void a_token_azure_refuses_is_replaced_once() throws Exception {
        Backend backend = backend();
        backend.findStart(task());
        azure.revokeTokens();

        assertThat(backend.findStart(task())).isInstanceOf(StartLookup.NotStarted.class);

        assertThat(azure.tokenRequests()).isEqualTo(2);
    }

    @Test
    void callers_that_need_a_token_at_once_share_one_request() throws Exception {
        azure.delayTokens(Duration.ofMillis(500));
        Backend backend = backend();
        List<Future<StartLookup>> lookups = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lookups.add(followers.submit(() -> backend.findStart(task())));
        }

        for (Future<StartLookup> lookup : lookups) {
            assertThat(lookup.get(30, TimeUnit.SECONDS)).isInstanceOf(StartLookup.NotStarted.class);
        }
        assertThat(azure.tokenRequests()).isEqualTo(1);
    }

    // --- refusals, in plain words

    @Test
    void a_wrong_client_secret_is_named_without_showing_it() {
        azure.rejectSecret(true);

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> backend().start(task()));

        assertThat(e.getMessage()).isEqualTo("Azure refused the client secret of service principal "
                + FakeAzure.CLIENT_ID + " (AADSTS7000215): check azure.clientSecret");
        assertNoSecrets(e);
    }

    @Test
    void another_token_refusal_says_the_error_and_the_first_line_of_its_description() {
        azure.answerNext(Kind.TOKEN, 400, "{\"error\":\"invalid_scope\",\"error_description\":\"AADSTS1002012: The"
                + " provided value for scope is not valid.\\r\\nTrace ID: x\",\"error_codes\":[1002012]}", Map.of());

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> backend().findStart(task()));

        assertThat(e.getMessage()).contains(FakeAzure.CLIENT_ID).contains("HTTP 400")
                .endsWith("invalid_scope: AADSTS1002012: The provided value for scope is not valid.");
        assertNoSecrets(e);
    }

    @Test
    void a_token_endpoint_that_fails_or_is_slow_started_nothing() {
        azure.answerNext(Kind.TOKEN, 503, "", Map.of());
        TransientBackendException unavailable = catchThrowableOfType(TransientBackendException.class,
                () -> backend().start(task()));
        azure.delayTokens(Duration.ofSeconds(5));
        Backend impatient = new AzureBackend(new AzureClient(HTTP, account, Clock.systemUTC(), Duration.ofMillis(300)),
                settings(), Clock.systemUTC());
        TransientBackendException slow = catchThrowableOfType(TransientBackendException.class,
                () -> impatient.start(task()));

        assertThat(unavailable.nothingStarted()).isTrue();
        assertThat(unavailable.getMessage()).contains("HTTP 503");
        assertThat(slow.nothingStarted()).isTrue();
        assertThat(slow.getMessage()).contains("gave no token within 300ms");
        assertThat(azure.jobs()).isEmpty();
    }

    @Test
    void a_principal_without_the_role_is_told_which_role_to_give() {
        azure.forbidNextCreate();

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> backend().start(task()));

        assertThat(e.getMessage()).startsWith("the service principal " + FakeAzure.CLIENT_ID
                        + " may not start jobs in automation account " + FakeAzure.AUTOMATION_ACCOUNT
                        + ": give it the Automation Job Operator role (Azure said: AuthorizationFailed: ")
                .contains("does not have authorization");
        assertNoSecrets(e);
    }

    @Test
    void an_unknown_runbook_is_named() {
        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> backend(new AzureSettings(null, "Deploy-Nothing", Map.of(), null, null)).start(task()));

        assertThat(e.getMessage()).startsWith("Azure has no runbook Deploy-Nothing in automation account "
                + FakeAzure.AUTOMATION_ACCOUNT + " (or no such account/resource group): NotFound");
    }

    @Test
    void an_unpublished_runbook_is_to_be_published() {
        azure.runbook("Deploy-Draft", false);

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> backend(new AzureSettings(null, "Deploy-Draft", Map.of(), null, null)).start(task()));

        assertThat(e.getMessage()).startsWith("runbook Deploy-Draft is not published in "
                + FakeAzure.AUTOMATION_ACCOUNT + ": publish it in the Azure portal");
    }

    @Test
    void an_unsupported_media_type_mentions_the_content_type() {
        azure.answerNext(Kind.CREATE, 415, "{\"code\":\"UnsupportedMediaType\",\"message\":\"Only 'application/json'"
                + " is supported.\"}", Map.of());

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> backend().start(task()));

        assertThat(e.getMessage()).contains("HTTP 415").contains("Content-Type").contains("application/json");
    }

    @Test
    void a_throttled_create_started_nothing_and_says_how_long_azure_asks_to_wait() {
        azure.throttle(Kind.CREATE, 1, 7);

        TransientBackendException e = catchThrowableOfType(TransientBackendException.class,
                () -> backend().start(task()));

        assertThat(e.nothingStarted()).isTrue();
        assertThat(e.getMessage()).contains("HTTP 429").contains("7s (Retry-After)");
        assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(7));
        assertThat(azure.jobs()).isEmpty();
    }

    @Test
    void a_server_error_on_create_leaves_the_start_in_doubt() {
        azure.failNext(Kind.CREATE, 1, 500);

        TransientBackendException e = catchThrowableOfType(TransientBackendException.class,
                () -> backend().start(task()));

        assertThat(e.nothingStarted()).isFalse();
        assertThat(e.getMessage()).contains("HTTP 500").contains("will check before retrying");
    }

    @Test
    void a_refused_token_after_a_new_one_is_permanent_and_shows_no_token() throws Exception {
        azure.answerNext(Kind.READ, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"no\"}}",
                Map.of());
        azure.answerNext(Kind.READ, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"no\"}}",
                Map.of());

        PermanentBackendException e = catchThrowableOfType(PermanentBackendException.class,
                () -> backend().findStart(task()));

        assertThat(e.getMessage()).contains("refused the token of service principal " + FakeAzure.CLIENT_ID);
        assertThat(azure.tokenRequests()).isEqualTo(2);
        assertNoSecrets(e);
    }

    // --- helpers

    private void assertNoSecrets(BackendException e) {
        assertThat(e.getMessage()).doesNotContain(FakeAzure.CLIENT_SECRET).doesNotContain("eyJ");
    }

    private String progressOf(String name) {
        return azure.job(name).map(FakeAzure.Job::status).orElse("");
    }

    private AzureClient client() {
        return new AzureClient(HTTP, account, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    private static AzureSettings settings() {
        return new AzureSettings(null, FakeAzure.RUNBOOK, Map.of("Version", "{{ref}}"), null, null);
    }

    private FollowedBackend backend() {
        return backend(settings());
    }

    private FollowedBackend backend(AzureSettings settings) {
        return new AzureBackend(client(), settings, Clock.systemUTC());
    }

    private static DeploymentTask task() {
        return new DeploymentTask(IDS.incrementAndGet(), "web-api", "production", "v2.14.0", "U0001", "C0001",
                "1717171717.000100").withStartAttempt(StartAttempt.newAt(Instant.now()));
    }

    /** A clock tests move by hand. */
}
