package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake answers as CircleCI's API v2 and {@code circleci-trigger-pipeline.json} do, and signs as CircleCI signs. */
class FakeCircleCiTest {
    private static final String TOKEN = "CCIPAT_FakePersonalApiToken_0001";
    private static final String SECRET = "acceptance-circleci-signing-secret-0001";
    private static final String TRIGGER = "/api/v2/project/gh/acme-corp/web-api/pipeline";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeCircleCi circleci = new FakeCircleCi(TOKEN, Set.of("deploy_env", "deploy_ref"));

    @AfterEach
    void close() {
        circleci.close();
    }

    @Test
    void creates_pipelines_with_uuid_ids_and_numbers_counting_up_and_records_the_request() throws Exception {
        HttpResponse<String> first = post(TRIGGER, "{\"branch\":\"main\",\"parameters\":{\"deploy_env\":\"production\"}}",
                Map.of("Circle-Token", TOKEN));
        HttpResponse<String> second = post(TRIGGER, "{\"tag\":\"v2.14.0\"}", Map.of("Circle-Token", TOKEN));

        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode pipeline = JSON.readTree(first.body());
        assertThat(pipeline.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(pipeline.get("state").asText()).isEqualTo("pending");
        assertThat(pipeline.get("number").asLong()).isEqualTo(1207);
        assertThat(pipeline.get("created_at").asText()).endsWith("Z");
        assertThat(JSON.readTree(second.body()).get("number").asLong()).isEqualTo(1208);
        assertThat(circleci.pipelines()).extracting(FakeCircleCi.Pipeline::branch, FakeCircleCi.Pipeline::tag)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("main", null),
                        org.assertj.core.groups.Tuple.tuple(null, "v2.14.0"));
        assertThat(circleci.pipelines().get(0).parameters()).isEqualTo(Map.of("deploy_env", "production"));
        FakeCircleCi.Request request = circleci.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(TRIGGER);
        assertThat(request.header("circle-token")).isEqualTo(TOKEN);
        assertThat(request.json().path("parameters").path("deploy_env").asText()).isEqualTo("production");
    }

    @Test
    void takes_the_token_as_the_user_of_http_basic_too() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((TOKEN + ":").getBytes(StandardCharsets.UTF_8));

        assertThat(post(TRIGGER, "{\"branch\":\"main\"}", Map.of("Authorization", basic)).statusCode()).isEqualTo(201);
    }

    @Test
    void answers_like_circleci_to_a_wrong_token_an_unknown_project_and_a_bad_body() throws Exception {
        var noToken = post(TRIGGER, "{\"branch\":\"main\"}", Map.of());
        var wrongToken = post(TRIGGER, "{\"branch\":\"main\"}", Map.of("Circle-Token", "CCIPAT_Wrong"));
        var unknown = post("/api/v2/project/gh/acme-corp/other/pipeline", "{\"branch\":\"main\"}",
                Map.of("Circle-Token", TOKEN));
        var undeclared = post(TRIGGER, "{\"branch\":\"main\",\"parameters\":{\"deploy_env\":\"x\",\"a\":\"1\",\"b\":\"2\"}}",
                Map.of("Circle-Token", TOKEN));
        var both = post(TRIGGER, "{\"branch\":\"main\",\"tag\":\"v1\"}", Map.of("Circle-Token", TOKEN));

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.body()).isEqualTo("{\"message\":\"Permission denied\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Project not found\"}");
        assertThat(undeclared.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(undeclared.body()).get("message").asText()).isEqualTo("Unexpected argument(s): a, b");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(circleci.pipelines()).isEmpty();
    }

    @Test
    void lists_the_pipelines_newest_first_page_by_page_and_of_one_branch() throws Exception {
        circleci.pageSize(2);
        for (String branch : new String[] {"main", "feature", "main", "main"}) {
            post(TRIGGER, "{\"branch\":\"" + branch + "\"}", Map.of("Circle-Token", TOKEN));
        }

        List<Long> numbers = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = JSON.readTree(get(TRIGGER + "?branch=main" + (token == null ? "" : "&page-token=" + token))
                    .body());
            page.path("items").forEach(item -> {
                assertThat(item.at("/vcs/branch").asText()).isEqualTo("main");
                assertThat(item.at("/trigger/type").asText()).isEqualTo("api");
                numbers.add(item.get("number").asLong());
            });
            token = page.path("next_page_token").isNull() ? null : page.path("next_page_token").asText();
            pages++;
        } while (token != null);

        assertThat(numbers).containsExactly(1210L, 1209L, 1207L);
        assertThat(pages).isEqualTo(2);
        assertThat(JSON.readTree(get(TRIGGER).body()).path("items")).hasSize(2);
    }

    @Test
    void lists_and_cancels_a_pipelines_workflow() throws Exception {
        String id = JSON.readTree(post(TRIGGER, "{\"branch\":\"main\"}", Map.of("Circle-Token", TOKEN)).body())
                .get("id").asText();

        JsonNode workflows = JSON.readTree(get("/api/v2/pipeline/" + id + "/workflow").body());
        String workflow = workflows.at("/items/0/id").asText();
        int cancelled = post("/api/v2/workflow/" + workflow + "/cancel", "", Map.of("Circle-Token", TOKEN)).statusCode();

        assertThat(workflows.at("/items/0/status").asText()).isEqualTo("running");
        assertThat(cancelled).isEqualTo(202);
        assertThat(circleci.workflowStatus(id)).isEqualTo("canceled");
        assertThat(JSON.readTree(get("/api/v2/pipeline/" + id).body()).get("number").asLong()).isEqualTo(1207);
    }

    @Test
    void is_rude_to_the_next_triggers_as_told_then_goes_back_to_normal() throws Exception {
        circleci.throttleNext(10);
        circleci.answerNext(502, "", Map.of());
        circleci.dropNext();

        HttpResponse<String> throttled = post(TRIGGER, "{\"branch\":\"main\"}", Map.of("Circle-Token", TOKEN));
        int badGateway = post(TRIGGER, "{\"branch\":\"main\"}", Map.of("Circle-Token", TOKEN)).statusCode();
        Throwable dropped = catchThrowable(() -> post(TRIGGER, "{\"branch\":\"main\"}", Map.of("Circle-Token", TOKEN)));
        int normal = post(TRIGGER, "{\"branch\":\"main\"}", Map.of("Circle-Token", TOKEN)).statusCode();

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(badGateway).isEqualTo(502);
        assertThat(dropped).isInstanceOf(IOException.class);
        assertThat(normal).isEqualTo(201);
        assertThat(circleci.pipelines()).hasSize(1);
    }

    @Test
    void create_then_hang_creates_the_pipeline_and_never_answers() {
        circleci.createThenHang();
        HttpRequest request = HttpRequest.newBuilder(URI.create(circleci.url() + TRIGGER))
                .timeout(Duration.ofMillis(300)).header("Circle-Token", TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"branch\":\"main\"}")).build();

        Throwable timeout = catchThrowable(() -> CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));

        assertThat(timeout).isInstanceOf(HttpTimeoutException.class);
        assertThat(circleci.pipelines()).hasSize(1);
    }

    @Test
    void delivers_signed_webhooks_shaped_like_circlecis_and_can_deliver_one_twice() throws Exception {
        List<Map<String, String>> headers = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks/circleci", exchange -> {
            try (exchange) {
                bodies.add(exchange.getRequestBody().readAllBytes());
                headers.add(Map.of("type", exchange.getRequestHeaders().getFirst("circleci-event-type"),
                        "signature", exchange.getRequestHeaders().getFirst("circleci-signature"),
                        "agent", exchange.getRequestHeaders().getFirst("user-agent"),
                        "content", exchange.getRequestHeaders().getFirst("content-type")));
                exchange.sendResponseHeaders(bodies.size() == 1 ? 200 : 202, -1);
            }
        });
        receiver.start();
        try {
            String id = JSON.readTree(post(TRIGGER, "{\"branch\":\"main\"}", Map.of("Circle-Token", TOKEN)).body())
                    .get("id").asText();
            circleci.deliverWebhooksTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hooks/circleci"), SECRET);

            int first = circleci.completeWorkflow(id, "failed");
            int again = circleci.redeliver();
            int job = circleci.completeJob(id, "success");

            assertThat(List.of(first, again)).containsExactly(200, 202);
            assertThat(job).isEqualTo(202);
            assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
            JsonNode workflow = JSON.readTree(bodies.get(0));
            assertThat(workflow.get("type").asText()).isEqualTo("workflow-completed");
            assertThat(workflow.at("/pipeline/id").asText()).isEqualTo(id);
            assertThat(workflow.at("/pipeline/number").asLong()).isEqualTo(1207);
            assertThat(workflow.at("/workflow/status").asText()).isEqualTo("failed");
            assertThat(workflow.at("/project/slug").asText()).isEqualTo("gh/acme-corp/web-api");
            JsonNode jobEvent = JSON.readTree(bodies.get(2));
            assertThat(jobEvent.get("type").asText()).isEqualTo("job-completed");
            assertThat(jobEvent.get("id").asText()).isNotEqualTo(workflow.get("id").asText());
            assertThat(jobEvent.at("/job/status").asText()).isEqualTo("success");
            assertThat(jobEvent.at("/workflow/status").isMissingNode()).isTrue();
            assertThat(headers.get(0)).containsEntry("type", "workflow-completed")
                    .containsEntry("signature", "v1=" + hmac(bodies.get(0)))
                    .containsEntry("agent", "CircleCI-Webhook/1.0").containsEntry("content", "application/json");
            assertThat(headers.get(2)).containsEntry("type", "job-completed")
                    .containsEntry("signature", "v1=" + hmac(bodies.get(2)));
            assertThat(circleci.workflowStatus(id)).isEqualTo("failed");
        } finally {
            receiver.stop(0);
        }
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(circleci.url() + path)).header("Circle-Token", TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(circleci.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
