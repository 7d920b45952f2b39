package dev.slipway.backend.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.backend.HookAnswer;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.RecordingReports;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.RunReports.Outcome;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.RefusedException;
import dev.slipway.testing.FakeGitHub;
import dev.slipway.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hook against the fixtures, replayed as bytes with the headers and secret of {@code signing-vectors.json}. */
class GitHubHookTest {
    private static final String SECRET = "acceptance-github-webhook-secret-0001";
    private static final String PING = "github-ping.json";
    private static final String DEPLOYMENT = "github-deployment.json";
    private static final String STATUS = "github-deployment_status.json";
    private static final String PUSH = "github-push.json";
    private static final JsonNode VECTORS = Fixtures.vectors();

    private final GitHubHook hook = new GitHubHook(SECRET, Map.of());
    private final RecordingReports reports = new RecordingReports();

    @Test
    void is_mounted_at_hooks_github() {
        assertThat(hook.path()).isEqualTo("/hooks/github");
    }

    // --- the fixtures

    @Test
    void a_ping_is_answered() {
        HookAnswer answer = hook.handle(replay(PING), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("pong", true);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_deployment_another_tool_created_is_announced_as_theirs_with_its_repository_and_creator() {
        HookAnswer answer = hook.handle(replay(DEPLOYMENT), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(reports.calls).containsExactly("foreign github acme-corp/web-api production v2.14.0 900001"
                + " acme-deploybot[bot] github:" + headers(DEPLOYMENT).get("X-GitHub-Delivery"));
    }

    @Test
    void a_deployment_of_a_repository_or_environment_slipway_does_not_deploy_is_accepted_and_changes_nothing() {
        HookAnswer answer = hook.handle(replay(DEPLOYMENT), RecordingReports.refusing(ErrorCode.UNKNOWN_DEPLOYMENT));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json()).containsEntry("ignored", "no project deploys from acme-corp/web-api");
    }

    @Test
    void a_deployment_status_reports_the_deployments_outcome_keyed_on_the_delivery() {
        HookAnswer answer = hook.handle(replay(STATUS), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("deployment", 1L).containsEntry("state", "succeeded");
        assertThat(reports.calls).containsExactly(
                "report github 900001 SUCCEEDED github github:a0000000-0000-4000-8000-000000000003");
    }

    @Test
    void a_push_is_accepted_and_changes_nothing() {
        HookAnswer answer = hook.handle(replay(PUSH), reports);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json()).containsEntry("ignored", "Slipway does not act on push events");
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void each_deployment_state_becomes_an_outcome() {
        Map<String, Outcome> expected = Map.of("queued", Outcome.RUNNING, "pending", Outcome.RUNNING,
                "in_progress", Outcome.RUNNING, "success", Outcome.SUCCEEDED, "failure", Outcome.FAILED,
                "error", Outcome.FAILED);
        expected.forEach((state, outcome) -> {
            RecordingReports recording = new RecordingReports();

            HookAnswer answer = hook.handle(signed(withState(state), "deployment_status", SECRET), recording);

            assertThat(answer.status()).as(state).isEqualTo(200);
            assertThat(recording.calls).as(state).singleElement().asString().contains(" " + outcome + " ");
        });
    }

    @Test
    void an_inactive_deployment_is_accepted_and_reports_nothing() {
        HookAnswer answer = hook.handle(signed(withState("inactive"), "deployment_status", SECRET), reports);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_resent_delivery_carries_the_same_key() {
        hook.handle(replay(STATUS), reports);
        hook.handle(replay(STATUS), reports);

        assertThat(reports.keys).containsExactly("github:a0000000-0000-4000-8000-000000000003",
                "github:a0000000-0000-4000-8000-000000000003");
    }

    // --- deployments Slipway created

    @Test
    void a_deployment_slipway_created_is_announced_with_its_deployment_and_start() {
        String body = deploymentEvent(900123, "{\"slipway\":{\"deployment\":42,\"start\":\"start-key-1\","
                + "\"project\":\"web-api\"},\"requested_by\":\"alice\"}");

        HookAnswer answer = hook.handle(signed(body, "deployment", SECRET), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("deployment", 42L).containsEntry("state", "running");
        assertThat(reports.calls).containsExactly("announce github 900123 42 start-key-1 github:delivery-1");
    }

    @Test
    void a_payload_github_holds_as_a_json_string_is_read_too() throws Exception {
        String payload = new ObjectMapper().writeValueAsString("{\"slipway\":{\"deployment\":43,\"start\":\"k2\"}}");
        String body = deploymentEvent(900124, payload);

        HookAnswer answer = hook.handle(signed(body, "deployment", SECRET), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(reports.calls).containsExactly("announce github 900124 43 k2 github:delivery-1");
    }

    @Test
    void a_payload_without_a_start_is_announced_without_one() {
        String body = deploymentEvent(900125, "{\"slipway\":{\"deployment\":44}}");

        hook.handle(signed(body, "deployment", SECRET), reports);

        assertThat(reports.calls).containsExactly("announce github 900125 44 null github:delivery-1");
    }

    @Test
    void a_deployment_or_status_without_its_id_or_state_is_a_bad_request() {
        for (String[] call : new String[][] {
                {"deployment", "{\"deployment\":{\"payload\":{}}}"},
                {"deployment", "{\"deployment\":{\"id\":\"900001\"}}"},
                {"deployment_status", "{\"deployment\":{\"id\":900001},\"deployment_status\":{}}"},
                {"deployment_status", "{\"deployment\":{\"id\":0},\"deployment_status\":{\"state\":\"success\"}}"}}) {
            HookAnswer answer = hook.handle(signed(call[1], call[0], SECRET), reports);

            assertThat(answer.status()).as(call[1]).isEqualTo(400);
        }
        assertThat(reports.calls).isEmpty();
    }

    // --- authentication

    @Test
    void githubs_published_vector_verifies() {
        JsonNode vector = VECTORS.path("published_vendor_vectors").path("github_doc_example");
        byte[] body = vector.path("body").asText().getBytes(StandardCharsets.UTF_8);
        String secret = vector.path("secret").asText();

        assertThat(secret).isEqualTo("It's a Secret to Everybody");
        assertThat(vector.path("body").asText()).isEqualTo("Hello, World!");
        assertThat(GitHubHook.signed(body, secret, vector.path("expected_header").asText())).isTrue();
        assertThat(GitHubHook.signed(body, secret,
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).isTrue();
        assertThat(GitHubHook.signed(body, secret,
                "SHA256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17")).isTrue();
        assertThat(GitHubHook.signed(body, "another secret", vector.path("expected_header").asText())).isFalse();
        assertThat(GitHubHook.signed("Hello, World".getBytes(StandardCharsets.UTF_8), secret,
                vector.path("expected_header").asText())).isFalse();
    }

    @Test
    void a_missing_signature_is_refused_and_reports_nothing() {
        Map<String, String> headers = headers(STATUS);
        headers.remove("X-Hub-Signature-256");

        HookAnswer answer = hook.handle(new HookRequest(headers, fixture(STATUS)), reports);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_sha1_only_delivery_is_refused() {
        JsonNode negative = VECTORS.path("negative").path("github_sha1_only");
        assertThat(negative.path("fixture").asText()).isEqualTo(PUSH);
        Map<String, String> headers = headers(PUSH);
        headers.remove("X-Hub-Signature-256");
        headers.put("X-Hub-Signature", negative.path("headers").path("X-Hub-Signature").asText());

        HookAnswer answer = hook.handle(new HookRequest(headers, fixture(PUSH)), reports);

        assertThat(answer.status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sha256=0000000000000000000000000000000000000000000000000000000000000000",
            "sha256=dd46d930eeb303ce30b720645907433cbb31e1c68de51df3702fe800f51fa40",
            "sha256=not hex at all",
            "sha256=",
            "dd46d930eeb303ce30b720645907433cbb31e1c68de51df3702fe800f51fa409",
            "sha1=50c771be99cfaa655bba3d2c4f90fe85317a1a8b",
            "sha512=dd46d930eeb303ce30b720645907433cbb31e1c68de51df3702fe800f51fa409",
            " "})
    void a_wrong_or_garbled_signature_is_refused_and_reports_nothing(String signature) {
        Map<String, String> headers = headers(STATUS);
        headers.put("X-Hub-Signature-256", signature);

        HookAnswer answer = hook.handle(new HookRequest(headers, fixture(STATUS)), reports);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_signature_under_another_secret_or_over_other_bytes_is_refused() {
        byte[] reserialized = text(STATUS).replace("\n", "").replace("  ", "").getBytes(StandardCharsets.UTF_8);

        assertThat(new GitHubHook("another-secret", Map.of()).handle(replay(STATUS), reports).status()).isEqualTo(401);
        assertThat(hook.handle(new HookRequest(headers(STATUS), reserialized), reports).status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void without_any_secret_every_delivery_is_refused() {
        assertThat(new GitHubHook(null, Map.of()).handle(replay(STATUS), reports).status()).isEqualTo(401);
        assertThat(new GitHubHook("", Map.of()).handle(replay(STATUS), reports).status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_repositorys_own_secret_replaces_the_shared_one_for_its_deliveries_whatever_the_case() {
        GitHubHook perRepository = new GitHubHook(SECRET, Map.of("Acme-Corp/Web-API", "repository-secret-0001"));
        String ours = text(STATUS);
        String theirs = ours.replace("\"full_name\": \"acme-corp/web-api\"", "\"full_name\": \"acme-corp/other\"");
        assertThat(theirs).isNotEqualTo(ours);

        HookAnswer withOwnSecret = perRepository.handle(signed(ours, "deployment_status", "repository-secret-0001"),
                reports);
        HookAnswer withSharedSecret = perRepository.handle(replay(STATUS), reports);
        HookAnswer otherWithShared = perRepository.handle(signed(theirs, "deployment_status", SECRET), reports);
        HookAnswer otherWithOwn = perRepository.handle(signed(theirs, "deployment_status", "repository-secret-0001"),
                reports);

        assertThat(withOwnSecret.status()).isEqualTo(200);
        assertThat(withSharedSecret.status()).isEqualTo(401);
        assertThat(otherWithShared.status()).isEqualTo(200);
        assertThat(otherWithOwn.status()).isEqualTo(401);
        assertThat(reports.calls).hasSize(2);
    }

    @Test
    void a_repositorys_own_secret_works_without_a_shared_one() {
        GitHubHook perRepository = new GitHubHook(null, Map.of(FakeGitHub.REPO, "repository-secret-0001"));

        assertThat(perRepository.handle(signed(text(STATUS), "deployment_status", "repository-secret-0001"), reports)
                .status()).isEqualTo(200);
        assertThat(perRepository.handle(signed(text(PUSH).replace("acme-corp/web-api", "acme-corp/other"), "push",
                "repository-secret-0001"), reports).status()).isEqualTo(401);
    }

    // --- what cannot be read

    @Test
    void a_signed_body_that_is_not_a_json_object_is_a_bad_request() {
        for (String body : new String[] {"not json", "[1,2]", "\"text\"", ""}) {
            HookAnswer answer = hook.handle(signed(body, "deployment_status", SECRET), reports);

            assertThat(answer.status()).as(body).isEqualTo(400);
        }
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_delivery_without_its_event_is_a_bad_request() {
        Map<String, String> headers = headers(STATUS);
        headers.remove("X-GitHub-Event");

        HookAnswer answer = hook.handle(new HookRequest(headers, fixture(STATUS)), reports);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "missing X-GitHub-Event");
        assertThat(reports.calls).isEmpty();
    }

    // --- runs Slipway does not know

    @Test
    void a_run_slipway_does_not_know_is_accepted_and_changes_nothing() {
        RunReports unknown = RecordingReports.refusing(ErrorCode.UNKNOWN_DEPLOYMENT);
        String created = deploymentEvent(900126, "{\"slipway\":{\"deployment\":45,\"start\":\"k\"}}");

        HookAnswer status = hook.handle(replay(STATUS), unknown);
        HookAnswer announced = hook.handle(signed(created, "deployment", SECRET), unknown);

        assertThat(status.status()).isEqualTo(202);
        assertThat(status.json()).containsEntry("ignored", "no deployment ran 900001");
        assertThat(announced.status()).isEqualTo(202);
        assertThat(announced.json()).containsEntry("ignored", "no deployment started 900126");
    }

    @Test
    void other_refusals_are_left_to_the_http_layer() {
        ErrorCode other = java.util.Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.UNKNOWN_DEPLOYMENT)
                .findFirst().orElseThrow();

        assertThatThrownBy(() -> hook.handle(replay(STATUS), RecordingReports.refusing(other))).isInstanceOf(RefusedException.class);
    }

    // --- helpers

    /** A {@code deployment} event of the fixture's repository, for deployment {@code id} with {@code payload}. */
    private static String deploymentEvent(long id, String payload) {
        return "{\"action\":\"created\",\"deployment\":{\"id\":" + id + ",\"ref\":\"v2.14.0\",\"task\":\"deploy\","
                + "\"environment\":\"production\",\"payload\":" + payload + "},"
                + "\"repository\":{\"id\":500001,\"full_name\":\"acme-corp/web-api\"}}";
    }

    /** The status fixture with another state. */
    private static String withState(String state) {
        String body = text(STATUS);
        assertThat(body).contains("\"state\": \"success\"");
        return body.replace("\"state\": \"success\"", "\"state\": \"" + state + "\"");
    }

    private static HookRequest replay(String name) {
        return new HookRequest(headers(name), fixture(name));
    }

    private static HookRequest signed(String body, String event, String secret) {
        return new HookRequest(Map.of("Content-Type", "application/json", "X-GitHub-Event", event,
                "X-GitHub-Delivery", "delivery-1", "X-Hub-Signature-256", FakeGitHub.signature(secret, body)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(String name) {
        assertThat(Fixtures.secretOf(name)).isEqualTo(SECRET);
        return Fixtures.signedHeaders(name);
    }

    private static String text(String name) {
        return Fixtures.text(name);
    }

    private static byte[] fixture(String name) {
        return Fixtures.bytes(name);
    }
}
