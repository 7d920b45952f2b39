package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slipway.domain.WebSession;
import dev.slipway.testing.FuzzedBodies;
import dev.slipway.testing.InboundFuzzServer;
import dev.slipway.testing.LoopbackHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API and the web pages: {@code POST /api/v1/deployments} (its JSON body and {@code Idempotency-Key}),
 * {@code GET /api/v1/deployments} and {@code /api/v1/audit} (their query parameters), {@code POST /actions/<action>}
 * (its form, CSRF field included), {@code POST /login}, {@code GET /audit}, {@code GET /auth/slack/callback} (code,
 * state and the sign-in cookie) and fuzzed paths under the API and the deployment pages. Each is sent with a valid
 * API token or web session (and its CSRF token), so the parsers behind authentication are reached, or with its
 * credentials wrong (5), absent (6) or fuzzed (7), then refused as the call says. Beyond the server's oracle: the
 * answer is one the surface gives, and every deployment a request made was asked by that request's person, for a
 * configured project and environment, and for production only of {@code main}.
 *
 * <p>A seed (under {@code WebFuzzTestInputs}) is fuzzed text, then the bytes of the call's choices, then a byte for
 * the call (0 to 7, in the order above, 7 the paths) and a byte for the credentials (0 valid, 5 to 7 mangled).
 */
class WebFuzzTest {
    private static final String API_USER = "U0001";
    private static final String WEB_USER = "U0002";
    private static final String LOGIN = "login-form-token-0000000001";
    private static final String STATE = "sign-in-state-00000000001";
    private static final String NONCE = "sign-in-nonce-00000000001";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Set<Integer> ANSWERS = Set.of(200, 201, 303, 400, 401, 403, 404, 409, 413, 423);
    private static final List<String> ACTIONS = List.of("deploy", "confirm", "approve", "reject", "cancel", "retry",
            "promote", "close", "lock", "unlock", "rollback", "Deploy", "deploy.json", "");
    private static final AtomicLong COUNT = new AtomicLong();
    @TempDir
    static Path dir;
    private static InboundFuzzServer server;
    private static String apiToken;
    private static WebSession session;

    @BeforeAll
    static void start() {
        server = InboundFuzzServer.start(dir, true);
        apiToken = server.harness().slipway().access().createApiToken(API_USER, "fuzz").secret();
        session = server.harness().slipway().access().startSession(WEB_USER, "fuzz");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "10s")
    void pages_and_api_refuse_without_a_trace_and_deploy_only_as_the_rules_allow(FuzzedDataProvider data) {
        int credentials = data.consumeInt(0, 7);
        Call call = switch (data.consumeInt(0, 7)) {
            case 0 -> apiDeploy(data, credentials);
            case 1 -> apiDeployments(data, credentials);
            case 2 -> apiAudit(data, credentials);
            case 3 -> action(data, credentials);
            case 4 -> login(data, credentials);
            case 5 -> auditPage(data, credentials);
            case 6 -> slackCallback(data, credentials);
            default -> path(data, credentials);
        };
        long last = lastDeployment();
        HttpResponse<String> response = server.send(call.toString(), () -> LoopbackHttp.send(call.request()));
        if (response == null) {
            return;
        }
        int status = response.statusCode();
        assertThat(status).as("%s: %s", call.path, response.body()).isIn(ANSWERS);
        if (credentials >= 5 && call.refused != null) {
            assertThat(status).as("%s with credentials %d: %s", call.path, credentials, response.body())
                    .isIn(call.refused);
        }
        for (List<String> made : server.query("SELECT project, environment, ref, requested_by, origin_surface"
                + " FROM deployments WHERE id > " + last)) {
            assertThat(made.get(3)).as("who asked for %s after %s", made, call).isEqualTo(call.user);
            assertThat(made.get(4)).as("the surface of %s", made).isEqualTo(WebSurface.SURFACE);
            assertThat(made.get(0) + " " + made.get(1)).as("where %s deploys", made)
                    .isIn("web-api production", "web-api staging", InboundFuzzServer.WEBHOOK_PROJECT + " "
                            + InboundFuzzServer.WEBHOOK_ENVIRONMENT);
            if (made.get(0).equals("web-api") && made.get(1).equals("production")) {
                assertThat(made.get(2)).as("the ref of %s", made).isEqualTo("main");
            }
        }
    }

    /**
     * One request: {@code body} posted ({@code contentType}) or, when null, a GET; {@code refused} the statuses it
     * must get with bad credentials (null: not checked), {@code user} who it acts for when it deploys.
     */
    private record Call(String path, String contentType, String body, Map<String, String> headers,
                        Set<Integer> refused, String user) {
        HttpRequest.Builder request() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
            if (body == null) {
                request.GET();
            } else {
                request.POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
            }
            headers.forEach(request::header);
            return request;
        }
    }

    private static long lastDeployment() {
        return Long.parseLong(server.query("SELECT COALESCE(MAX(id), 0) FROM deployments").get(0).get(0));
    }

    private static Map<String, String> bearer(FuzzedDataProvider data, int credentials) {
        return switch (credentials) {
            case 5 -> Map.of("Authorization", "Bearer unknownTokenUnknownToken0001");
            case 6 -> Map.of();
            case 7 -> Map.of("Authorization", FuzzedBodies.headerValue(data.consumeString(60)));
            default -> Map.of("Authorization", "Bearer " + apiToken);
        };
    }

    /** The session cookie, and the CSRF field its forms carry. */
    private static Map<String, String> cookie(FuzzedDataProvider data, int credentials) {
        return switch (credentials) {
            case 5 -> Map.of("Cookie", WebSessions.COOKIE + "=unknownSessionUnknownSession01");
            case 6 -> Map.of();
            case 7 -> Map.of("Cookie", WebSessions.COOKIE + "=" + session.token() + "; "
                    + FuzzedBodies.headerValue(data.consumeString(40)));
            default -> Map.of("Cookie", WebSessions.COOKIE + "=" + session.token());
        };
    }

    private static Call apiDeploy(FuzzedDataProvider data, int credentials) {
        Map<String, String> headers = new LinkedHashMap<>(bearer(data, credentials));
        switch (data.consumeInt(0, 3)) {
            case 0 -> headers.put("Idempotency-Key", "fuzz-" + COUNT.incrementAndGet());
            case 1 -> headers.put("Idempotency-Key", "fuzz-repeated");
            case 2 -> headers.put("Idempotency-Key", FuzzedBodies.headerValue(data.consumeString(60)));
            default -> {
                // none
            }
        }
        String json = """
                {"project":"web-api","environment":"%s","ref":"%s"}""".formatted(
                data.pickValue(List.of("staging", "production")), data.pickValue(List.of("main", "feature-x", "v1.2.3")));
        return new Call("/api/v1/deployments", "application/json", FuzzedBodies.mutateJson(data, json), headers,
                Set.of(401), API_USER);
    }

    private static Call apiDeployments(FuzzedDataProvider data, int credentials) {
        Map<String, String> headers = bearer(data, credentials);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("state", data.pickValue(List.of("queued,running", "succeeded", "failed, cancelled")));
        parameters.put("limit", data.pickValue(List.of("1", "50", "500")));
        parameters.put("project", "web-api");
        parameters.put("environment", "staging");
        return new Call("/api/v1/deployments?" + FuzzedBodies.mutateForm(data, parameters), null, null, headers,
                Set.of(401), API_USER);
    }

    private static Map<String, String> auditFilters(FuzzedDataProvider data) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("project", "web-api");
        parameters.put("environment", "production");
        parameters.put("person", API_USER);
        parameters.put("action", data.pickValue(List.of("deployment.", "deployment.requested", "lock.")));
        parameters.put("from", data.pickValue(List.of("2026-12-01", "2026-12-01T00:00:00Z")));
        parameters.put("to", "2026-12-03T09:30:00Z");
        parameters.put("limit", "100");
        return parameters;
    }

    private static Call apiAudit(FuzzedDataProvider data, int credentials) {
        Map<String, String> headers = bearer(data, credentials);
        return new Call("/api/v1/audit?" + FuzzedBodies.mutateForm(data, auditFilters(data)), null, null, headers,
                Set.of(401), API_USER);
    }

    private static Call auditPage(FuzzedDataProvider data, int credentials) {
        Map<String, String> headers = cookie(data, credentials);
        // A page sends whoever is not signed in to sign in; a fuzzed cookie may still carry the session.
        return new Call("/audit?" + FuzzedBodies.mutateForm(data, auditFilters(data)), null, null, headers,
                credentials == 7 ? null : Set.of(303), WEB_USER);
    }

    private static Call action(FuzzedDataProvider data, int credentials) {
        Map<String, String> headers = cookie(data, credentials);
        String action = data.pickValue(ACTIONS);
        boolean confirmed = data.consumeBoolean();
        Map<String, String> form = new LinkedHashMap<>();
        form.put(WebSessions.CSRF_FIELD, credentials == 7 ? "forged-" + FuzzedBodies.headerValue(data.consumeString(30))
                : session.csrfToken());
        form.put("project", "web-api");
        form.put("environment", data.pickValue(List.of("staging", "production")));
        form.put("ref", data.pickValue(List.of("main", "feature-x")));
        form.put("deployment", data.pickValue(List.of("1", "2", "999")));
        form.put("reason", "fuzzing");
        if (confirmed) {
            form.put("confirmed", "yes");
            form.put("request", "fuzzRequestToken%012d".formatted(COUNT.incrementAndGet()));
        }
        // Without a session 401; with the session but another form token, 403.
        Set<Integer> refused = credentials == 7 ? Set.of(403) : Set.of(401);
        return new Call("/actions/" + URLEncoder.encode(action, StandardCharsets.UTF_8), FORM,
                FuzzedBodies.mutateForm(data, form), headers, refused, WEB_USER);
    }

    private static Call login(FuzzedDataProvider data, int credentials) {
        Map<String, String> headers = switch (credentials) {
            case 6 -> Map.of();
            case 7 -> Map.of("Cookie", "slipway_login=" + FuzzedBodies.headerValue(data.consumeString(40)) + "x");
            default -> Map.of("Cookie", "slipway_login=" + LOGIN);
        };
        Map<String, String> form = new LinkedHashMap<>();
        // A fresh link (made before the request, so not a change the request made), or one never handed out.
        form.put("token", credentials == 5 ? "unknownLinkUnknownLink0001"
                : server.harness().slipway().access().createLoginLink("U0003"));
        form.put("login", LOGIN);
        return new Call("/login", FORM, FuzzedBodies.mutateForm(data, form), headers, Set.of(401, 403), "U0003");
    }

    private static Call slackCallback(FuzzedDataProvider data, int credentials) {
        Map<String, String> headers = switch (credentials) {
            case 5 -> Map.of("Cookie", "slipway_sign_in=another-state-000000001." + NONCE);
            case 6 -> Map.of();
            case 7 -> Map.of("Cookie", "slipway_sign_in=" + FuzzedBodies.headerValue(data.consumeString(60)));
            default -> Map.of("Cookie", "slipway_sign_in=" + STATE + "." + NONCE);
        };
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", data.consumeBoolean() ? "not-a-code-0001"
                : server.fakeSlack().authorize("U0004", "T0001", "Dana", NONCE));
        parameters.put("state", STATE);
        return new Call(WebSurface.SLACK_CALLBACK + "?" + FuzzedBodies.mutateForm(data, parameters), null, null,
                headers, Set.of(401), "U0004");
    }

    private static Call path(FuzzedDataProvider data, int credentials) {
        Map<String, String> headers = new LinkedHashMap<>(bearer(data, credentials));
        headers.putAll(cookie(data, credentials));
        String prefix = data.pickValue(List.of("/api/v1/", "/api/v1/deployments/", "/deployments/",
                "/live/deployments/", "/actions/"));
        return new Call(prefix + FuzzedBodies.rest(data), null, null, headers, null, API_USER);
    }
}
