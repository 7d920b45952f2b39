package dev.slipway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.slipway.backend.HookSignatures;
import dev.slipway.backend.webhook.WebhookCallbacks;
import dev.slipway.testing.Fixtures;
import dev.slipway.testing.FuzzedBodies;
import dev.slipway.testing.InboundFuzzServer;
import dev.slipway.testing.LoopbackHttp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every inbound hook: {@code /hooks/notify}, {@code /hooks/build-complete}, {@code /hooks/gitlab},
 * {@code /hooks/github}, {@code /hooks/circleci} and {@code /hooks/webhook}, each with its real shape (the fixtures
 * where there are some) and one value mutated, authenticated as its sender would be, or with its authentication
 * mangled (then the answer must be 401). A seed (under {@code HookFuzzTestInputs}) is fuzzed text, then the bytes of
 * the mutation's choices, then a byte for the hook's shape, a byte for the hook (0 to 5, in the order above), and a
 * byte for the authentication (0 authentic, 5 to 7 mangled).
 */
class HookFuzzTest {
    private static final List<String> GITLAB = List.of("gitlab-pipeline-event-running.json",
            "gitlab-pipeline-event-success.json", "gitlab-pipeline-event-failed.json");
    private static final List<String> GITHUB = List.of("github-deployment.json", "github-deployment_status.json",
            "github-ping.json", "github-push.json");
    private static final List<String> CIRCLECI = List.of("circleci-workflow-completed.json",
            "circleci-job-completed.json");
    private static final AtomicLong DELIVERIES = new AtomicLong();
    @TempDir
    static Path dir;
    private static InboundFuzzServer server;

    @BeforeAll
    static void start() {
        server = InboundFuzzServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "15s")
    void hooks_answer_or_refuse_without_a_trace_and_refusals_change_nothing(FuzzedDataProvider data) {
        boolean mangled = data.consumeInt(0, 7) >= 5;
        Call call = switch (data.consumeInt(0, 5)) {
            case 0 -> notify(data, mangled);
            case 1 -> buildComplete(data, mangled);
            case 2 -> gitlab(data, mangled);
            case 3 -> github(data, mangled);
            case 4 -> circleci(data, mangled);
            default -> webhook(data, mangled);
        };
        HttpResponse<String> response = server.send(call.toString(), () -> call.get
                ? LoopbackHttp.get(server.port(), call.path)
                : LoopbackHttp.post(server.port(), call.path, call.contentType, call.body, call.headers));
        if (response != null && mangled) {
            assertThat(response.statusCode()).as("%s with mangled authentication: %s", call.path, response.body())
                    .isEqualTo(401);
        }
    }

    /** One request to send: GET {@code path}, or POST {@code body} there. */
    private record Call(boolean get, String path, String contentType, String body, Map<String, String> headers) {
    }

    private static Call notify(FuzzedDataProvider data, boolean mangled) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("token", mangled ? "wrong-" + FuzzedBodies.headerValue(data.consumeString(20)) : InboundFuzzServer.NOTIFY_TOKEN);
        params.put("source", "gitlab");
        params.put("result", data.pickValue(List.of("success", "failure", "failed", "succeeded")));
        params.put("channel", "C0001");
        params.put("timestamp", "1717171700.000200");
        String form = FuzzedBodies.mutateForm(data, params);
        return data.consumeBoolean() ? new Call(true, "/hooks/notify?" + form, null, "", Map.of())
                : new Call(false, "/hooks/notify", "application/x-www-form-urlencoded", form, Map.of());
    }

    private static Call buildComplete(FuzzedDataProvider data, boolean mangled) {
        String json = """
                {"project":"%s","image":"registry.example.com/web-api:1.2.3","type":"branch","target":"feature-login"}"""
                .formatted(InboundFuzzServer.PROJECT);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + (mangled
                ? "x" + FuzzedBodies.headerValue(data.consumeString(30)) : InboundFuzzServer.HOOK_TOKEN));
        if (data.consumeBoolean()) {
            return new Call(false, "/hooks/build-complete", "application/json", FuzzedBodies.mutateJson(data, json),
                    headers);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("project", InboundFuzzServer.PROJECT);
        form.put("image", "registry.example.com/web-api:1.2.3");
        form.put("type", "tag");
        form.put("target", "v1.2.3");
        return new Call(false, "/hooks/build-complete", "application/x-www-form-urlencoded",
                FuzzedBodies.mutateForm(data, form), headers);
    }

    private static Call gitlab(FuzzedDataProvider data, boolean mangled) {
        Map<String, String> headers = new HashMap<>(Fixtures.signedHeaders(data.pickValue(GITLAB)));
        String body = FuzzedBodies.mutateJson(data, Fixtures.text(data.pickValue(GITLAB)));
        headers.put("Idempotency-Key", "fuzz-" + DELIVERIES.incrementAndGet());
        if (mangled) {
            headers.put("X-Gitlab-Token", FuzzedBodies.headerValue(data.consumeString(40)) + "-wrong");
        } else {
            headers.put("X-Gitlab-Token", InboundFuzzServer.GITLAB_TOKEN);
        }
        return new Call(false, "/hooks/gitlab", "application/json", body, headers);
    }

    private static Call github(FuzzedDataProvider data, boolean mangled) {
        String fixture = data.pickValue(GITHUB);
        Map<String, String> headers = new HashMap<>(Fixtures.signedHeaders(fixture));
        headers.remove("X-Hub-Signature");
        if (data.consumeBoolean()) {
            headers.put("X-GitHub-Event", FuzzedBodies.headerValue(data.consumeString(30)));
        }
        headers.put("X-GitHub-Delivery", "fuzz-" + DELIVERIES.incrementAndGet());
        String body = FuzzedBodies.mutateJson(data, Fixtures.text(fixture));
        String secret = mangled ? "not-the-secret" : InboundFuzzServer.GITHUB_SECRET;
        headers.put("X-Hub-Signature-256", "sha256=" + HookSignatures.hmacSha256Hex(secret,
                body.getBytes(StandardCharsets.UTF_8)));
        return new Call(false, "/hooks/github", "application/json", body, headers);
    }

    private static Call circleci(FuzzedDataProvider data, boolean mangled) {
        String fixture = data.pickValue(CIRCLECI);
        Map<String, String> headers = new HashMap<>(Fixtures.signedHeaders(fixture));
        String body = FuzzedBodies.mutateJson(data, Fixtures.text(fixture));
        String secret = mangled ? "not-the-secret" : InboundFuzzServer.CIRCLECI_SECRET;
        headers.put("circleci-signature", "v1=" + HookSignatures.hmacSha256Hex(secret,
                body.getBytes(StandardCharsets.UTF_8)));
        return new Call(false, "/hooks/circleci", "application/json", body, headers);
    }

    private static Call webhook(FuzzedDataProvider data, boolean mangled) {
        long deployment = data.consumeInt(1, 3);
        String token = WebhookCallbacks.token(mangled ? "not-the-secret" : InboundFuzzServer.WEBHOOK_SECRET,
                InboundFuzzServer.WEBHOOK_PROJECT, InboundFuzzServer.WEBHOOK_ENVIRONMENT, deployment);
        String query = "?project=" + InboundFuzzServer.WEBHOOK_PROJECT + "&environment="
                + InboundFuzzServer.WEBHOOK_ENVIRONMENT + "&deployment=" + deployment + "&token=" + token;
        String body = FuzzedBodies.mutateJson(data, """
                {"state":"%s","description":"rolled out 3 of 3","logUrl":"https://ci.example.com/runs/1"}"""
                .formatted(data.pickValue(List.of("running", "succeeded", "failed"))));
        return new Call(false, "/hooks/webhook" + query, "application/json", body,
                Map.of("X-Request-Id", URLEncoder.encode("fuzz-" + DELIVERIES.incrementAndGet(), StandardCharsets.UTF_8)));
    }
}
