package dev.slipway.backend.circleci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.backend.HookAnswer;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.RecordingReports;
import dev.slipway.backend.RunReports;
import dev.slipway.backend.RunReports.Outcome;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.RefusedException;
import dev.slipway.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hook against the fixtures, replayed as bytes with the headers and secret of {@code signing-vectors.json}. */
class CircleCiHookTest {
    private static final String SECRET = "acceptance-circleci-signing-secret-0001";
    private static final String WORKFLOW = "circleci-workflow-completed.json";
    private static final String JOB = "circleci-job-completed.json";
    private static final String PIPELINE = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";
    private static final JsonNode VECTORS = Fixtures.vectors();

    private final CircleCiHook hook = new CircleCiHook(SECRET);
    private final RecordingReports reports = new RecordingReports();

    @Test
    void is_mounted_at_hooks_circleci() {
        assertThat(hook.path()).isEqualTo("/hooks/circleci");
    }

    @Test
    void a_successful_workflow_succeeds_its_pipelines_deployment_deduplicated_on_the_payload_id() {
        HookAnswer answer = hook.handle(replay(WORKFLOW), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("deployment", 1L).containsEntry("state", "succeeded");
        assertThat(reports.calls).containsExactly("report circleci " + PIPELINE + " SUCCEEDED circleci"
                + " circleci:f0f0f0f0-1111-4222-8333-444444444444");
    }

    @Test
    void a_completed_job_says_the_run_goes_on_even_when_the_job_failed() {
        HookAnswer answer = hook.handle(replay(JOB), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(reports.calls).containsExactly("report circleci " + PIPELINE + " RUNNING circleci"
                + " circleci:f1f1f1f1-1111-4222-8333-444444444445");
    }

    @Test
    void each_workflow_status_becomes_an_outcome() {
        Map<String, Outcome> expected = Map.of("success", Outcome.SUCCEEDED, "failed", Outcome.FAILED,
                "error", Outcome.FAILED, "unauthorized", Outcome.FAILED, "canceled", Outcome.CANCELLED);
        expected.forEach((status, outcome) -> {
            RecordingReports recording = new RecordingReports();
            String body = text(WORKFLOW).replace("\"status\": \"success\"", "\"status\": \"" + status + "\"");

            HookAnswer answer = hook.handle(signed(body, "workflow-completed"), recording);

            assertThat(answer.status()).as(status).isEqualTo(200);
            assertThat(recording.calls).as(status).singleElement().asString().contains(" " + outcome + " ");
        });
    }

    @Test
    void the_downgrade_vector_is_accepted_because_only_v1_is_checked() {
        JsonNode downgrade = VECTORS.path("negative").path("circleci_downgrade");
        Map<String, String> headers = headers(JOB);
        headers.put("circleci-signature", downgrade.path("headers").path("circleci-signature").asText());

        HookAnswer answer = hook.handle(new HookRequest(headers, fixture(JOB)), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(reports.calls).hasSize(1);
    }

    @Test
    void circlecis_published_vectors_verify() {
        JsonNode cases = VECTORS.path("published_vendor_vectors").path("circleci_doc_examples").path("cases");
        assertThat(cases).hasSize(4);
        for (JsonNode example : cases) {
            byte[] body = example.path("body").asText().getBytes(StandardCharsets.UTF_8);
            String secret = example.path("secret").asText();
            assertThat(CircleCiHook.signature(secret, body)).isEqualTo(example.path("v1").asText());
            // Signed correctly, but not an event: past authentication, refused as unreadable.
            HookAnswer answer = new CircleCiHook(secret).handle(new HookRequest(
                    Map.of("circleci-signature", "v1=" + example.path("v1").asText()), body), reports);
            assertThat(answer.status()).isEqualTo(400);
        }
        assertThat(CircleCiHook.signature("secret", "hello world".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("734cc62f32841568f45715aeb9f4d7891324e6d948e4c6c60c0621cdac48623a");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "v1=0000000000000000000000000000000000000000000000000000000000000000",
            "v2=522311a19a790ca0c679b9c398c608bd89c45429adfb7cc5c15d9bdccd5e6b4a",
            "522311a19a790ca0c679b9c398c608bd89c45429adfb7cc5c15d9bdccd5e6b4a",
            "v1=522311a19a790ca0c679b9c398c608bd89c45429adfb7cc5c15d9bdccd5e6b4",
            "v1=not hex at all",
            "v1=",
            "",
            ",,,=",
            "sha256=522311a19a790ca0c679b9c398c608bd89c45429adfb7cc5c15d9bdccd5e6b4a"})
    void a_wrong_or_garbled_signature_is_refused_and_reports_nothing(String signature) {
        Map<String, String> headers = headers(WORKFLOW);
        headers.put("circleci-signature", signature);

        HookAnswer answer = hook.handle(new HookRequest(headers, fixture(WORKFLOW)), reports);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_missing_signature_is_refused() {
        Map<String, String> headers = headers(WORKFLOW);
        headers.remove("circleci-signature");

        assertThat(hook.handle(new HookRequest(headers, fixture(WORKFLOW)), reports).status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_signature_under_another_secret_or_over_other_bytes_is_refused() {
        byte[] reserialized = text(WORKFLOW).replace("\n", "").replace("  ", "").getBytes(StandardCharsets.UTF_8);

        assertThat(new CircleCiHook("another-secret").handle(replay(WORKFLOW), reports).status()).isEqualTo(401);
        assertThat(hook.handle(new HookRequest(headers(WORKFLOW), reserialized), reports).status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void without_a_secret_every_call_is_refused() {
        assertThat(new CircleCiHook(null).handle(replay(WORKFLOW), reports).status()).isEqualTo(401);
        assertThat(new CircleCiHook("").handle(replay(WORKFLOW), reports).status()).isEqualTo(401);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_body_that_is_not_an_event_is_a_bad_request() {
        for (String body : new String[] {"not json", "[1,2]", "{\"type\":\"workflow-completed\"}",
                "{\"id\":7,\"type\":\"workflow-completed\"}", "{\"id\":\"x\",\"type\":\"workflow-completed\"}",
                "{\"id\":\"x\",\"type\":\"workflow-completed\",\"pipeline\":{\"id\":\"p\"},\"workflow\":{}}",
                "{\"id\":\"x\",\"type\":\"job-completed\",\"pipeline\":{}}"}) {
            HookAnswer answer = hook.handle(signed(body, "workflow-completed"), reports);

            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat((String) answer.json().get("error")).as(body).doesNotContain("\n");
        }
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void an_event_of_another_type_is_accepted_and_changes_nothing() {
        String body = text(WORKFLOW).replace("\"type\": \"workflow-completed\"", "\"type\": \"ping\"");

        HookAnswer answer = hook.handle(signed(body, "ping"), reports);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_pipeline_slipway_did_not_start_is_accepted_and_changes_nothing() {
        RunReports unknown = RecordingReports.refusing(ErrorCode.UNKNOWN_DEPLOYMENT);

        HookAnswer answer = hook.handle(replay(WORKFLOW), unknown);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json()).containsEntry("ignored", "no deployment ran pipeline " + PIPELINE);
    }

    @Test
    void other_refusals_are_left_to_the_http_layer() {
        ErrorCode other = java.util.Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.UNKNOWN_DEPLOYMENT)
                .findFirst().orElseThrow();
        assertThatThrownBy(() -> hook.handle(replay(WORKFLOW), RecordingReports.refusing(other))).isInstanceOf(RefusedException.class);
    }

    @Test
    void a_resent_delivery_carries_the_same_key() {
        hook.handle(replay(WORKFLOW), reports);
        hook.handle(replay(WORKFLOW), reports);

        assertThat(reports.keys).containsExactly("circleci:f0f0f0f0-1111-4222-8333-444444444444",
                "circleci:f0f0f0f0-1111-4222-8333-444444444444");
    }

    // --- helpers

    private static HookRequest replay(String name) {
        return new HookRequest(headers(name), fixture(name));
    }

    private static HookRequest signed(String body, String type) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new HookRequest(Map.of("content-type", "application/json", "circleci-event-type", type,
                "circleci-signature", "v1=" + CircleCiHook.signature(SECRET, bytes)), bytes);
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
