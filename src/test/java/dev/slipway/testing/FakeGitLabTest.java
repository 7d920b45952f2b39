package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeGitLabTest {
    private static final String TOKEN = "glptt-FakeTriggerToken00000000001";
    private static final String FORM = "token=" + TOKEN + "&ref=main&variables%5BDEPLOY_ENV%5D=production";
    private static final String FORM_TYPE = "application/x-www-form-urlencoded";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeGitLab gitlab = new FakeGitLab(TOKEN);

    @AfterEach
    void close() {
        gitlab.close();
    }

    @Test
    void creates_pipelines_with_increasing_ids_and_records_the_request() throws Exception {
        HttpResponse<String> first = post("/api/v4/projects/4242/trigger/pipeline", FORM_TYPE, FORM, Map.of());
        HttpResponse<String> second =
                post("/api/v4/projects/acme%2Fweb-api/trigger/pipeline", FORM_TYPE, FORM, Map.of());

        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode pipeline = JSON.readTree(first.body());
        assertThat(pipeline.get("id").asLong()).isEqualTo(88001);
        assertThat(pipeline.get("status").asText()).isEqualTo("created");
        assertThat(pipeline.get("source").asText()).isEqualTo("trigger");
        assertThat(pipeline.get("web_url").asText()).isEqualTo(gitlab.url() + "/acme/web-api/-/pipelines/88001");
        assertThat(JSON.readTree(second.body()).get("id").asLong()).isEqualTo(88002);
        assertThat(gitlab.requests()).hasSize(2);
        FakeGitLab.Request request = gitlab.requests().get(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v4/projects/acme%2Fweb-api/trigger/pipeline");
        assertThat(request.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.form()).containsEntry("ref", "main").containsEntry("variables[DEPLOY_ENV]", "production");
        assertThat(gitlab.pipelines()).extracting(FakeGitLab.Pipeline::variables)
                .containsOnly(Map.of("DEPLOY_ENV", "production"));
    }

    @Test
    void answers_like_gitlab_to_a_wrong_token_a_hook_loop_and_a_non_string_variable() throws Exception {
        String path = "/api/v4/projects/4242/trigger/pipeline";

        var wrongToken = post(path, FORM_TYPE, FORM.replace(TOKEN, "glptt-wrong"), Map.of());
        var loop = post(path, FORM_TYPE, FORM, Map.of("X-Gitlab-Event", "Pipeline Hook"));
        var notAString = post(path, "application/json",
                "{\"token\":\"" + TOKEN + "\",\"ref\":\"main\",\"variables\":{\"REPLICAS\":3}}", Map.of());

        assertThat(wrongToken.statusCode()).isEqualTo(404);
        assertThat(wrongToken.body()).isEqualTo("{\"message\":\"404 Not Found\"}");
        assertThat(loop.statusCode()).isEqualTo(403);
        assertThat(notAString.statusCode()).isEqualTo(400);
        assertThat(notAString.body()).contains("variables needs to be a map of key-valued strings");
        assertThat(gitlab.pipelines()).isEmpty();
    }

    @Test
    void answers_the_next_requests_as_told_then_goes_back_to_normal() throws Exception {
        gitlab.answerNext(2, 503, "");
        String path = "/api/v4/projects/4242/trigger/pipeline";

        assertThat(post(path, FORM_TYPE, FORM, Map.of()).statusCode()).isEqualTo(503);
        assertThat(post(path, FORM_TYPE, FORM, Map.of()).statusCode()).isEqualTo(503);
        assertThat(post(path, FORM_TYPE, FORM, Map.of()).statusCode()).isEqualTo(201);
    }

    @Test
    void writes_the_pipeline_webhook_for_a_pipeline_it_created() throws Exception {
        post("/api/v4/projects/4242/trigger/pipeline", FORM_TYPE, FORM, Map.of());

        JsonNode hook = JSON.readTree(gitlab.pipelineHook(88001, "success"));

        assertThat(hook.get("object_kind").asText()).isEqualTo("pipeline");
        assertThat(hook.at("/object_attributes/id").asLong()).isEqualTo(88001);
        assertThat(hook.at("/object_attributes/status").asText()).isEqualTo("success");
        assertThat(hook.at("/object_attributes/variables/0/key").asText()).isEqualTo("DEPLOY_ENV");
        assertThat(hook.at("/object_attributes/url").asText())
                .isEqualTo(gitlab.url() + "/acme/web-api/-/pipelines/88001");
        assertThat(gitlab.pipelineHookHeaders("secret")).containsEntry("X-Gitlab-Event", "Pipeline Hook")
                .containsEntry("X-Gitlab-Token", "secret").containsKey("Idempotency-Key");
    }

    private HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gitlab.url() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
