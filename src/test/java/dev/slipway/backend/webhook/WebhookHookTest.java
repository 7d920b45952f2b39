package dev.slipway.backend.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.backend.HookAnswer;
import dev.slipway.backend.HookRequest;
import dev.slipway.backend.RecordingReports;
import dev.slipway.backend.RunReports;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.RefusedException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookHookTest {
    private static final String SECRET = "whsec-test-0001";
    private static final String OTHER_SECRET = "whsec-test-0002";

    private final WebhookHook hook = new WebhookHook(Map.of("web-api/production", SECRET,
            "web-api/staging", OTHER_SECRET));
    private final RecordingReports reports = new RecordingReports();

    @Test
    void is_mounted_at_hooks_webhook() {
        assertThat(hook.path()).isEqualTo("/hooks/webhook");
    }

    @Test
    void a_report_with_the_deployments_token_reaches_slipway() {
        HookAnswer answer = hook.handle(call(17, "{\"state\":\"succeeded\",\"description\":\"deployed 2.14.0\","
                + "\"logUrl\":\"https://ci.example.com/runs/9\"}"), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("deployment", 17L).containsEntry("state", "succeeded")
                .containsEntry("changed", true);
        assertThat(reports.calls).containsExactly("deployment webhook web-api production 17 SUCCEEDED deployed 2.14.0"
                + " https://ci.example.com/runs/9 webhook");
    }

    @ParameterizedTest
    @CsvSource({"running, RUNNING", "succeeded, SUCCEEDED", "failed, FAILED", "cancelled, CANCELLED",
            "canceled, CANCELLED", "Succeeded, SUCCEEDED"})
    void each_state_becomes_an_outcome(String state, String outcome) {
        HookAnswer answer = hook.handle(call(17, "{\"state\":\"" + state + "\"}"), reports);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(reports.calls).containsExactly("deployment webhook web-api production 17 " + outcome
                + " null null webhook");
    }

    @Test
    void a_long_description_is_cut_and_a_blank_one_left_out() {
        hook.handle(call(17, "{\"state\":\"running\",\"description\":\"" + "y".repeat(1000) + "\"}"), reports);
        hook.handle(call(17, "{\"state\":\"running\",\"description\":\"  \",\"logUrl\":null}"), reports);

        assertThat(reports.calls.get(0)).contains(" " + "y".repeat(199) + "… ");
        assertThat(reports.calls.get(1)).isEqualTo("deployment webhook web-api production 17 RUNNING null null webhook");
    }

    // --- who may call

    @Test
    void a_wrong_token_is_refused_and_reports_nothing() {
        HookRequest request = with(call(17, "{\"state\":\"succeeded\"}"), "token", "0".repeat(64));

        assertUnauthorized(hook.handle(request, reports));
    }

    @Test
    void another_deployments_token_is_refused() {
        HookRequest eighteen = call(18, "{\"state\":\"succeeded\"}");

        assertUnauthorized(hook.handle(with(call(17, "{\"state\":\"succeeded\"}"), "token",
                eighteen.queryParam("token")), reports));
    }

    @Test
    void another_environments_token_is_refused() {
        HookRequest staging = with(call(17, "{\"state\":\"succeeded\"}"), "environment", "staging");

        assertUnauthorized(hook.handle(staging, reports));
    }

    @Test
    void an_unknown_environment_is_answered_like_a_wrong_token() {
        HookRequest unknown = with(call(17, "{\"state\":\"succeeded\"}"), "environment", "qa");

        HookAnswer answer = hook.handle(unknown, reports);

        assertUnauthorized(answer);
        assertThat(answer).isEqualTo(hook.handle(with(call(17, "{}"), "token", "x"), reports));
    }

    @ParameterizedTest
    @ValueSource(strings = {"project", "environment", "deployment", "token"})
    void a_call_without_a_parameter_is_refused(String parameter) {
        Map<String, String> query = new HashMap<>(call(17, "{}").query());
        query.remove(parameter);

        assertUnauthorized(hook.handle(new HookRequest(Map.of(), query, body("{\"state\":\"succeeded\"}")), reports));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-17", "17.0", "x17", "99999999999999999999", ""})
    void a_deployment_that_is_not_a_positive_whole_number_is_refused(String deployment) {
        assertUnauthorized(hook.handle(with(call(17, "{\"state\":\"succeeded\"}"), "deployment", deployment), reports));
    }

    @Test
    void an_environment_whose_secret_is_missing_cannot_be_configured() {
        Map<String, String> secrets = new HashMap<>();
        secrets.put("web-api/production", " ");

        assertThatThrownBy(() -> new WebhookHook(secrets)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the webhook environment web-api/production has no secret");
    }

    // --- what the body says

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "\"succeeded\"", "{\"state\":"})
    void a_body_that_is_not_a_json_object_is_a_bad_request(String body) {
        HookAnswer answer = hook.handle(call(17, body), reports);

        assertThat(answer).isEqualTo(HookAnswer.badRequest("the body is not a JSON object"));
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void an_unknown_state_is_a_bad_request_that_says_what_to_send() {
        assertThat(hook.handle(call(17, "{\"state\":\"done\"}"), reports))
                .isEqualTo(HookAnswer.badRequest("unknown state `done`: send running, succeeded or failed"));
        assertThat(hook.handle(call(17, "{\"status\":\"succeeded\"}"), reports))
                .isEqualTo(HookAnswer.badRequest("the body needs a state: send running, succeeded or failed"));
        assertThat(reports.calls).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"javascript:alert(1)\"", "\"ci.example.com/runs/9\"", "\"https://\"", "42",
            "\"http://exa mple.com\""})
    void a_log_url_that_is_not_a_web_address_is_a_bad_request(String logUrl) {
        HookAnswer answer = hook.handle(call(17, "{\"state\":\"running\",\"logUrl\":" + logUrl + "}"), reports);

        assertThat(answer).isEqualTo(HookAnswer.badRequest("logUrl must be an http or https URL"));
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void a_description_that_is_not_text_is_a_bad_request() {
        assertThat(hook.handle(call(17, "{\"state\":\"running\",\"description\":{\"a\":1}}"), reports))
                .isEqualTo(HookAnswer.badRequest("description must be a string"));
    }

    // --- what Slipway makes of it

    @Test
    void a_deployment_slipway_does_not_know_is_refused_as_a_token_that_is_not_valid() {
        HookAnswer answer = hook.handle(call(17, "{\"state\":\"succeeded\"}"),
                RecordingReports.refusing(ErrorCode.UNKNOWN_DEPLOYMENT));

        assertThat(answer).isEqualTo(
                HookAnswer.unauthorized("this callback's token is not valid for any running deployment"));
    }

    @Test
    void another_refusal_is_left_to_the_error_mapper() {
        assertThatThrownBy(() -> hook.handle(call(17, "{\"state\":\"succeeded\"}"),
                RecordingReports.refusing(ErrorCode.UNKNOWN_ENVIRONMENT)))
                .isInstanceOf(RefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"succeeded", "failed", "cancelled", "rejected"})
    void a_report_after_the_deployment_ended_is_refused_because_the_token_is_spent(String state) {
        HookAnswer answer = hook.handle(call(17, "{\"state\":\"running\"}"), answering(new RunReports.Answer(17,
                state, false)));

        assertThat(answer).isEqualTo(HookAnswer.unauthorized("this deployment has ended; its callback token is spent"));
    }

    @Test
    void the_report_that_ends_a_deployment_and_one_that_changes_nothing_while_it_runs_are_answered() {
        assertThat(hook.handle(call(17, "{\"state\":\"failed\"}"),
                answering(new RunReports.Answer(17, "failed", true))).status()).isEqualTo(200);
        assertThat(hook.handle(call(17, "{\"state\":\"running\"}"),
                answering(new RunReports.Answer(17, "running", false))).status()).isEqualTo(200);
    }

    // --- helpers

    /** A call as the receiver makes it: the callback URL's query for {@code deploymentId} and {@code body}. */
    private static HookRequest call(long deploymentId, String body) {
        Map<String, String> query = Map.of("project", "web-api", "environment", "production",
                "deployment", Long.toString(deploymentId),
                "token", WebhookTokens.callbackToken(SECRET, "web-api", "production", deploymentId));
        return new HookRequest(Map.of("Content-Type", "application/json"), query, body(body));
    }

    private static HookRequest with(HookRequest request, String parameter, String value) {
        Map<String, String> query = new HashMap<>(request.query());
        query.put(parameter, value);
        return new HookRequest(request.headers(), query, request.body());
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void assertUnauthorized(HookAnswer answer) {
        assertThat(answer).isEqualTo(
                HookAnswer.unauthorized("missing or wrong project, environment, deployment or token"));
        assertThat(reports.calls).isEmpty();
    }

    private static RunReports answering(RunReports.Answer answer) {
        RecordingReports recording = new RecordingReports();
        return new RunReports() {
            @Override
            public Answer report(String backendType, String runId, Outcome outcome, String source, String key) {
                return recording.report(backendType, runId, outcome, source, key);
            }

            @Override
            public Answer announce(String backendType, String runId, long deploymentId, String startKey, String key) {
                return recording.announce(backendType, runId, deploymentId, startKey, key);
            }

            @Override
            public Answer announceForeign(String backendType, String repository, String environment, String ref,
                                          String runId, String creator, String url, String key) {
                return recording.announceForeign(backendType, repository, environment, ref, runId, creator, url, key);
            }

            @Override
            public Answer reportDeployment(String backendType, String project, String environment, long deploymentId,
                                           Outcome outcome, String description, String url, String source) {
                return answer;
            }
        };
    }
}
