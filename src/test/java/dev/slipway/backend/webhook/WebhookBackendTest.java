package dev.slipway.backend.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.HookAnswer;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.RecordingReports;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.RefKind;
import dev.slipway.testing.FakeWebhookReceiver;
import dev.slipway.testing.LoopbackHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookBackendTest {
    private static final String SECRET = "whsec-test-0001";
    private static final String PUBLIC_URL = "https://slipway.example.com";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeploymentTask TASK =
            new DeploymentTask(17, "web-api", "production", "main", "alice", "C0001", null);

    private final FakeWebhookReceiver receiver = new FakeWebhookReceiver(SECRET);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @AfterEach
    void close() {
        receiver.close();
    }

    // --- the document

    @Test
    void posts_the_deployment_as_json_that_the_receiver_verifies() throws Exception {
        backend().start(TASK);

        FakeWebhookReceiver.Received document = receiver.document(17);
        ObjectNode expected = JSON.createObjectNode().put("action", "deploy").put("deployment", 17).put("project", "web-api")
                .put("environment", "production").put("ref", "main").put("requestedBy", "alice").put("channel", "C0001");
        expected.putNull("thread");
        expected.put("callbackUrl", backend().callbackUrl(TASK));
        assertThat(document.json()).isEqualTo(expected);
        assertThat(document.header("Content-Type")).isEqualTo("application/json");
        assertThat(document.header("X-Slipway-Deployment")).isEqualTo("17");
        assertThat(document.header("X-Slipway-Timestamp")).isEqualTo(Long.toString(now.getEpochSecond()));
        assertThat(document.header("X-Slipway-Signature")).matches("sha256=[0-9a-f]{64}");
        assertThat(receiver.refused()).isEmpty();
    }

    @Test
    void a_thread_is_sent_when_there_is_one_and_text_a_person_typed_stays_text() throws Exception {
        DeploymentTask task = new DeploymentTask(18, "web-api", "production", "release/\"1.2\"", "al\"ice\\\n",
                "C0001", "1717171600.000100");

        backend().start(task);

        FakeWebhookReceiver.Received document = receiver.document(18);
        assertThat(document.json().path("thread").asText()).isEqualTo("1717171600.000100");
        assertThat(document.json().path("requestedBy").asText()).isEqualTo("al\"ice\\\n");
        assertThat(document.json().path("ref").asText()).isEqualTo("release/\"1.2\"");
        assertThat(document.json().size()).isEqualTo(9);
    }

    @Test
    void the_signature_is_the_hmac_of_the_timestamp_a_dot_and_the_raw_body() {
        // Computed apart from Slipway: python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec-test-0001",
        //   b"1717171717." + b"{\"action\":\"cancel\",\"deployment\":17}", hashlib.sha256).hexdigest())'
        assertThat(WebhookTokens.signature(SECRET, 1717171717L,
                "{\"action\":\"cancel\",\"deployment\":17}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=4335748287acc23c52e51832333e77cc4d3eeb855475c046fff8f808b40ba844");
    }

    @Test
    void configured_headers_are_sent_with_every_post() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer gateway-token-0001");
        headers.put("X-Team", "payments");
        WebhookBackend backend = backend(new WebhookSettings(receiver.url(), SECRET, headers, null, null));

        StartedRun run = backend.start(TASK);
        backend.cancel(TASK, run);

        assertThat(receiver.documents()).singleElement().satisfies(d -> {
            assertThat(d.header("Authorization")).isEqualTo("Bearer gateway-token-0001");
            assertThat(d.header("X-Team")).isEqualTo("payments");
        });
        assertThat(receiver.cancels()).singleElement()
                .satisfies(c -> assertThat(c.header("Authorization")).isEqualTo("Bearer gateway-token-0001"));
    }

    @Test
    void the_run_is_named_by_its_deployment_and_starts_when_sent() throws Exception {
        StartedRun run = backend().start(TASK);

        assertThat(run).isEqualTo(new StartedRun("webhook-17", null, now));
    }

    // --- answers in plain words

    @Test
    void a_receiver_with_another_secret_refuses_and_the_start_is_permanent() {
        BackendException e = startFails(backend(new WebhookSettings(receiver.url(), "another-secret")));

        assertThat(e).isInstanceOf(PermanentBackendException.class).hasMessage("the webhook receiver at "
                + receiver.url() + " refused deployment 17 (HTTP 401): {\"error\":\"X-Slipway-Signature does not"
                + " verify\"}; check that it verifies signatures with this environment's secret");
        assertThat(receiver.refused()).singleElement().extracting(FakeWebhookReceiver.Refused::reason)
                .isEqualTo("X-Slipway-Signature does not verify");
        assertThat(receiver.documents()).isEmpty();
    }

    @Test
    void a_timestamp_older_than_the_receivers_window_is_refused() {
        Clock behind = Clock.fixed(now.minus(Duration.ofMinutes(10)), ZoneOffset.UTC);

        BackendException e = startFails(new WebhookBackend(new WebhookSettings(receiver.url(), SECRET), "web-api",
                PUBLIC_URL, CLIENT, behind));

        assertThat(e).isInstanceOf(PermanentBackendException.class);
        assertThat(receiver.refused()).singleElement().extracting(FakeWebhookReceiver.Refused::reason)
                .isEqualTo("X-Slipway-Timestamp is too old or in the future");
    }

    @Test
    void a_refusal_says_the_first_line_of_the_answer_without_secrets() {
        Map<String, String> headers = Map.of("Authorization", "Bearer gateway-token-0001");
        WebhookBackend backend = backend(new WebhookSettings(receiver.url(), SECRET, headers, null, null));
        receiver.answerNext(422, "unknown ref main for " + SECRET + " (Bearer gateway-token-0001)\n  at Receiver.java:12");
        receiver.answerNext(400, "");
        receiver.answerNext(404, "x".repeat(500));

        assertThat(startFails(backend)).isInstanceOf(PermanentBackendException.class).hasMessage("the webhook"
                + " receiver at " + receiver.url() + " refused deployment 17 (HTTP 422): unknown ref main for *** (***)");
        assertThat(startFails(backend)).hasMessageEndingWith("(HTTP 400): no reason given");
        assertThat(startFails(backend).getMessage()).hasSizeLessThan(300).endsWith("x…");
        assertThat(receiver.timesStarted(17)).isZero();
    }

    @Test
    void a_url_shown_in_a_message_leaves_out_its_credentials() {
        String url = receiver.url().replace("http://", "http://user:pa55word@") + "?key=k3y";
        receiver.answerNext(400, "no");

        BackendException e = startFails(backend(new WebhookSettings(url, SECRET)));

        assertThat(e).hasMessageStartingWith("the webhook receiver at " + receiver.url() + " refused");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void a_busy_or_broken_receiver_is_transient_and_may_simply_be_sent_again(int status) {
        receiver.answerNext(status, "busy");

        BackendException e = startFails();

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessage("the webhook receiver at "
                + receiver.url() + " answered HTTP " + status + " when sent deployment 17; will send it again");
        assertThat(((TransientBackendException) e).nothingStarted()).isTrue();
    }

    @Test
    void a_resend_after_a_500_is_deduplicated_by_the_receiver() throws Exception {
        receiver.failNextAfterActing(500);
        WebhookBackend backend = backend();

        BackendException e = startFails(backend);
        StartedRun run = backend().start(TASK);

        assertThat(e).isInstanceOf(TransientBackendException.class);
        assertThat(run.handle()).isEqualTo("webhook-17");
        assertThat(receiver.deliveries(17)).isEqualTo(2);
        assertThat(receiver.timesStarted(17)).isEqualTo(1);
    }

    @Test
    void a_resend_after_a_dropped_connection_is_deduplicated_by_the_receiver() throws Exception {
        receiver.dropNextAfterActing();

        BackendException e = startFails();
        backend().start(TASK);

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessageStartingWith("could not reach the webhook receiver at " + receiver.url()
                        + " when sent deployment 17: ").hasMessageEndingWith("; will send it again");
        assertThat(((TransientBackendException) e).nothingStarted()).isTrue();
        assertThat(receiver.timesStarted(17)).isEqualTo(1);
    }

    @Test
    void an_answer_slower_than_the_timeout_is_transient() {
        receiver.delayResponses(Duration.ofSeconds(5));

        BackendException e = startFails(backend(new WebhookSettings(receiver.url(), SECRET, null,
                Duration.ofMillis(200), null)));

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessage("the webhook receiver at "
                + receiver.url() + " gave no answer within 200ms when sent deployment 17; will send it again");
        assertThat(((TransientBackendException) e).nothingStarted()).isTrue();
    }

    @Test
    void an_unreachable_receiver_is_transient() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort() + "/deploy";
        }

        BackendException e = startFails(backend(new WebhookSettings(closed, SECRET)));

        assertThat(e).isInstanceOf(TransientBackendException.class)
                .hasMessageStartingWith("could not reach the webhook receiver at " + closed + " when sent deployment 17: ");
    }

    @Test
    void a_task_of_another_project_is_refused_before_anything_is_sent() {
        DeploymentTask other = new DeploymentTask(19, "billing", "production", "main", "alice", "C0001", null);

        BackendException e = catchThrowableOfType(() -> backend().start(other), BackendException.class);

        assertThat(e).isInstanceOf(PermanentBackendException.class)
                .hasMessage("this webhook backend deploys web-api, not billing");
        assertThat(receiver.documents()).isEmpty();
    }

    // --- a start in doubt, and cancel

    @Test
    void a_start_in_doubt_is_sent_again_because_the_receiver_deduplicates() throws Exception {
        assertThat(backend().findStart(TASK)).isEqualTo(new StartLookup.NotStarted());
        assertThat(receiver.documents()).isEmpty();
    }

    @Test
    void cancel_sends_a_signed_cancel_for_the_deployment() throws Exception {
        StartedRun run = backend().start(TASK);

        Cancellation answer = backend().cancel(TASK, run);

        assertThat(answer).isEqualTo(new Cancellation.Stopped());
        assertThat(receiver.cancels()).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("{\"action\":\"cancel\",\"deployment\":17}");
            assertThat(c.header("X-Slipway-Deployment")).isEqualTo("17");
            assertThat(c.header("Content-Type")).isEqualTo("application/json");
        });
        assertThat(receiver.refused()).isEmpty();
        assertThat(receiver.state(17)).isEqualTo("cancelled");
    }

    @Test
    void a_refused_cancel_tells_the_person_to_stop_it_where_it_runs() throws Exception {
        StartedRun run = backend().start(TASK);
        receiver.answerNext(409, "already deploying, cannot stop\nmore");

        Cancellation answer = backend().cancel(TASK, run);

        assertThat(answer).isEqualTo(new Cancellation.CannotStop("the webhook receiver at " + receiver.url()
                + " refused to cancel deployment 17 (HTTP 409: already deploying, cannot stop): stop it where it runs"));
    }

    @Test
    void a_cancel_that_meets_a_broken_receiver_is_transient() throws Exception {
        StartedRun run = backend().start(TASK);
        receiver.answerNext(503, "");

        BackendException e = catchThrowableOfType(() -> backend().cancel(TASK, run), BackendException.class);

        assertThat(e).isInstanceOf(TransientBackendException.class).hasMessage("the webhook receiver at "
                + receiver.url() + " answered HTTP 503 when asked to cancel deployment 17; will retry");
    }

    // --- the callback

    @Test
    void the_callback_url_names_the_deployment_with_a_token_for_it_alone() {
        WebhookBackend backend = new WebhookBackend(new WebhookSettings(receiver.url(), SECRET), null,
                PUBLIC_URL + "//", CLIENT, clock);
        DeploymentTask spaced = new DeploymentTask(17, "web api", "prod&eu", "main", "alice", null, null);

        String url = backend.callbackUrl(TASK);

        assertThat(url).isEqualTo(PUBLIC_URL + "/hooks/webhook?project=web-api&environment=production&deployment=17"
                + "&token=baec4d327a220d5df5f7a83348304b381477f1609b0f294d6d1f3a9ce1551af7");
        assertThat(backend.callbackUrl(spaced)).startsWith(PUBLIC_URL
                + "/hooks/webhook?project=web%20api&environment=prod%26eu&deployment=17&token=");
        String other = token(backend.callbackUrl(new DeploymentTask(18, "web-api", "production", "main", "a", null, null)));
        String otherEnvironment = token(backend.callbackUrl(
                new DeploymentTask(17, "web-api", "staging", "main", "a", null, null)));
        String otherProject = token(backend.callbackUrl(
                new DeploymentTask(17, "billing", "production", "main", "a", null, null)));
        assertThat(java.util.Set.of(token(url), other, otherEnvironment, otherProject)).hasSize(4);
    }

    @Test
    void the_receivers_call_back_reaches_the_hook_through_slipways_public_url() throws Exception {
        RecordingReports reports = new RecordingReports();
        WebhookHook hook = new WebhookHook(Map.of("web-api/production", SECRET));
        var slipway = LoopbackHttp.serve(exchange -> {
            try (exchange) {
                Map<String, String> query = new LinkedHashMap<>();
                for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                    String[] parts = pair.split("=", 2);
                    query.put(decode(parts[0]), decode(parts[1]));
                }
                HookAnswer answer = exchange.getRequestURI().getPath().equals(hook.path())
                        ? hook.handle(new HookRequest(Map.of(), query, exchange.getRequestBody().readAllBytes()), reports)
                        : HookAnswer.badRequest("wrong path");
                byte[] body = JSON.writeValueAsBytes(answer.json());
                exchange.sendResponseHeaders(answer.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }, Executors.newSingleThreadExecutor());
        try {
            WebhookBackend backend = new WebhookBackend(new WebhookSettings(receiver.url(), SECRET), "web-api",
                    "http://127.0.0.1:" + slipway.getAddress().getPort() + "/", CLIENT, clock);
            backend.start(TASK);

            int status = receiver.callBack(17, "succeeded", "deployed 2.14.0", "https://ci.example.com/runs/9");

            assertThat(status).isEqualTo(200);
            assertThat(reports.calls).containsExactly("deployment webhook web-api production 17 SUCCEEDED"
                    + " deployed 2.14.0 https://ci.example.com/runs/9 webhook");
        } finally {
            slipway.stop(0);
        }
    }

    // --- the type

    @Test
    void the_backend_type_is_webhook_for_git_refs_without_a_default() {
        BackendType<WebhookSettings> type = WebhookBackend.type(CLIENT, PUBLIC_URL, clock);
        WebhookSettings settings = new WebhookSettings(receiver.url(), SECRET);

        assertThat(type.name()).isEqualTo("webhook");
        assertThat(type.settingsType()).isEqualTo(WebhookSettings.class);
        assertThat(type.refKind()).isEqualTo(RefKind.GIT);
        assertThat(type.defaultRefOf(settings)).isEmpty();
        assertThat(type.handsOnTo()).isEmpty();
        assertThat(type.create(settings, new BackendType.Placement("web-api", null))).isInstanceOf(WebhookBackend.class);
    }

    @Test
    void a_backend_without_slipways_public_url_cannot_be_built() {
        BackendType<WebhookSettings> type = WebhookBackend.type(CLIENT, null, clock);

        assertThatThrownBy(() -> type.create(new WebhookSettings(receiver.url(), SECRET)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a webhook backend needs server.publicUrl, where its receiver calls back");
    }

    @Test
    void the_report_deadline_is_the_report_timeout() {
        WebhookBackend backend = backend(new WebhookSettings(receiver.url(), SECRET, null, null, Duration.ofMinutes(20)));

        assertThat(backend.reportDeadline()).isEqualTo(Duration.ofMinutes(20));
        assertThat(backend().reportDeadline()).isEqualTo(Duration.ofHours(1));
    }

    // --- helpers

    private WebhookBackend backend() {
        return backend(new WebhookSettings(receiver.url(), SECRET));
    }

    private WebhookBackend backend(WebhookSettings settings) {
        return new WebhookBackend(settings, "web-api", PUBLIC_URL, CLIENT, clock);
    }

    private BackendException startFails() {
        return startFails(backend());
    }

    private static BackendException startFails(WebhookBackend backend) {
        BackendException e = catchThrowableOfType(() -> backend.start(TASK), BackendException.class);
        assertThat(e).as("start should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return e;
    }

    private static String token(String callbackUrl) {
        String query = URI.create(callbackUrl).getRawQuery();
        return query.substring(query.indexOf("token=") + "token=".length());
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
