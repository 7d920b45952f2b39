package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeGitHubTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "acceptance-github-webhook-secret-0001";
    private static final String DEPLOYMENTS = "/repos/acme-corp/web-api/deployments";

    /** The request body of the 201 case of github-rest-create-deployment.json. */
    private static final String CREATE_DEPLOYMENT_REQUEST = """
            {"ref": "v2.14.0", "task": "deploy", "auto_merge": false, "required_contexts": [],
             "payload": {"slack": {"team_id": "T0001", "channel": "C0001", "thread_ts": "1717171600.000100"},
                         "requested_by": "U0001"},
             "environment": "production", "description": "Deploy requested from Slack by alice",
             "production_environment": true}
            """;
    /** The keys of the deployment object in github-rest-create-deployment.json and github-deployment.json. */
    private static final List<String> DEPLOYMENT_FIELDS = List.of("url", "id", "node_id", "sha", "ref", "task",
            "payload", "original_environment", "environment", "description", "creator", "created_at", "updated_at",
            "statuses_url", "repository_url", "transient_environment", "production_environment",
            "performed_via_github_app");

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }

    @Test
    void creates_a_deployment_answering_like_the_fixture() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        HttpResponse<String> answer = post(github, DEPLOYMENTS, CREATE_DEPLOYMENT_REQUEST);

        assertThat(answer.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(answer.body());
        for (String field : DEPLOYMENT_FIELDS) {
            assertThat(body.has(field)).as(field).isTrue();
        }
        assertThat(body.path("id").asLong()).isEqualTo(FakeGitHub.FIRST_DEPLOYMENT_ID);
        assertThat(body.path("payload")).isEqualTo(JSON.readTree(CREATE_DEPLOYMENT_REQUEST).path("payload"));
        assertThat(body.path("creator").path("login").asText()).isEqualTo(FakeGitHub.USER);
        assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(answer.headers().firstValue("X-RateLimit-Reset")).isPresent();
        assertThat(github.deployments()).singleElement().extracting(FakeGitHub.Deployment::ref).isEqualTo("v2.14.0");
    }

    @Test
    void refuses_an_unknown_ref_a_wrong_token_and_a_state_outside_githubs_list() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());

        HttpResponse<String> unknownRef = post(github, DEPLOYMENTS, "{\"ref\":\"nope\"}");
        HttpResponse<String> wrongToken = send(github, HttpRequest.newBuilder(URI.create(github.url() + DEPLOYMENTS))
                .header("Authorization", "Bearer ghp_wrong").GET());
        long id = github.addDeployment("main", "staging", JSON.createObjectNode()).id();
        HttpResponse<String> dashed = post(github, DEPLOYMENTS + "/" + id + "/statuses", "{\"state\":\"in-progress\"}");
        HttpResponse<String> underscored =
                post(github, DEPLOYMENTS + "/" + id + "/statuses", "{\"state\":\"in_progress\"}");

        assertThat(unknownRef.statusCode()).isEqualTo(422);
        assertThat(unknownRef.body()).contains("No ref found for: nope");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.body()).contains("Bad credentials");
        assertThat(dashed.statusCode()).isEqualTo(422);
        assertThat(underscored.statusCode()).isEqualTo(201);
        assertThat(github.statuses(id)).extracting(FakeGitHub.Status::state).containsExactly("in_progress");
    }

    @Test
    void pages_collaborators_thirty_at_a_time_with_link_headers() throws Exception {
        List<String> logins = IntStream.range(0, 65).mapToObj(i -> "user" + i).toList();
        FakeGitHub github = started(FakeGitHub.builder().collaborators(logins));

        HttpResponse<String> first = get(github, "/repos/acme-corp/web-api/collaborators");
        HttpResponse<String> third = get(github, "/repos/acme-corp/web-api/collaborators?page=3");

        assertThat(JSON.readTree(first.body())).hasSize(30);
        assertThat(first.headers().firstValue("Link")).get().asString()
                .contains("page=2>; rel=\"next\"").contains("page=3>; rel=\"last\"");
        assertThat(JSON.readTree(third.body())).hasSize(5);
        assertThat(third.headers().firstValue("Link")).get().asString().doesNotContain("rel=\"next\"");
    }

    @Test
    void answers_under_api_v3_like_github_enterprise() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder().pathPrefix("/api/v3"));

        assertThat(github.url()).endsWith("/api/v3");
        assertThat(get(github, "/repos/acme-corp/web-api").statusCode()).isEqualTo(200);
        HttpResponse<String> outside = send(github, HttpRequest.newBuilder(
                URI.create(github.url().replace("/api/v3", "") + "/repos/acme-corp/web-api")).GET());
        assertThat(outside.statusCode()).isEqualTo(404);
    }

    @Test
    void scripted_outcomes_answer_once_in_order() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        github.nextDeployment(FakeGitHub.Outcome.MERGING);
        github.nextDeployment(FakeGitHub.Outcome.FAILED_CHECKS);
        github.nextDeployment(FakeGitHub.Outcome.RATE_LIMITED);

        HttpResponse<String> merging = post(github, DEPLOYMENTS, "{\"ref\":\"feature/login\"}");
        HttpResponse<String> checks = post(github, DEPLOYMENTS, "{\"ref\":\"feature/login\"}");
        HttpResponse<String> limited = post(github, DEPLOYMENTS, "{\"ref\":\"feature/login\"}");
        HttpResponse<String> created = post(github, DEPLOYMENTS, "{\"ref\":\"feature/login\"}");

        assertThat(merging.statusCode()).isEqualTo(202);
        assertThat(merging.body()).contains("Auto-merged main into feature/login on deployment.");
        assertThat(checks.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(checks.body()).path("errors").get(0).path("contexts").get(0).path("context").asText())
                .isEqualTo("ci/build");
        assertThat(limited.statusCode()).isEqualTo(403);
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(github.deployments()).hasSize(1);
    }

    @Test
    void issues_an_installation_token_only_for_a_jwt_signed_with_the_app_key() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder().app(FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID));
        String tokens = "/app/installations/" + FakeGitHub.INSTALLATION_ID + "/access_tokens";

        HttpResponse<String> wrongKey = send(github, HttpRequest.newBuilder(URI.create(github.url() + tokens))
                .header("Authorization", "Bearer " + FakeGitHub.appJwt(FakeGitHub.rsaKeyPair().getPrivate(),
                        FakeGitHub.APP_ID)).POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> wrongIssuer = send(github, HttpRequest.newBuilder(URI.create(github.url() + tokens))
                .header("Authorization", "Bearer " + github.appJwt(999)).POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> issued = send(github, HttpRequest.newBuilder(URI.create(github.url() + tokens))
                .header("Authorization", "Bearer " + github.appJwt(FakeGitHub.APP_ID))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongIssuer.statusCode()).isEqualTo(401);
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = JSON.readTree(issued.body()).path("token").asText();
        assertThat(token).startsWith("ghs_");
        HttpResponse<String> repo = send(github, HttpRequest.newBuilder(
                URI.create(github.url() + "/repos/acme-corp/web-api")).header("Authorization", "token " + token).GET());
        assertThat(repo.statusCode()).isEqualTo(200);
        assertThat(github.appPrivateKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    void delivers_signed_webhooks_in_order_and_redelivers_with_the_same_id() throws Exception {
        Receiver receiver = new Receiver();
        closing.add(receiver);
        FakeGitHub github = started(FakeGitHub.builder());
        github.deliverWebhooksTo(receiver.uri(), SECRET);

        HttpResponse<String> created = post(github, DEPLOYMENTS, "{\"ref\":\"v2.14.0\",\"payload\":{\"a\":1}}");
        long id = JSON.readTree(created.body()).path("id").asLong();
        post(github, DEPLOYMENTS + "/" + id + "/statuses", "{\"state\":\"success\"}");
        List<FakeGitHub.Delivery> deliveries = github.awaitDeliveries(2, Duration.ofSeconds(10));

        assertThat(deliveries).extracting(FakeGitHub.Delivery::event)
                .containsExactly("deployment", "deployment_status");
        assertThat(deliveries).extracting(FakeGitHub.Delivery::status).containsExactly(200, 200);
        Receiver.Received first = receiver.received.get(0);
        assertThat(first.headers().get("X-hub-signature-256"))
                .isEqualTo(FakeGitHub.signature(SECRET, first.body()));
        assertThat(first.headers().get("User-agent")).isEqualTo("GitHub-Hookshot/fake");
        JsonNode event = JSON.readTree(first.body());
        for (String field : List.of("action", "deployment", "workflow", "workflow_run", "repository", "sender")) {
            assertThat(event.has(field)).as(field).isTrue();
        }
        for (String field : DEPLOYMENT_FIELDS) {
            assertThat(event.path("deployment").has(field)).as(field).isTrue();
        }
        assertThat(event.path("repository").path("full_name").asText()).isEqualTo(FakeGitHub.REPO);
        assertThat(event.path("deployment").path("payload").path("a").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(receiver.received.get(1).body()).path("deployment_status").path("state").asText())
                .isEqualTo("success");

        github.redeliver(deliveries.get(0).deliveryId());
        List<FakeGitHub.Delivery> again = github.awaitDeliveries(3, Duration.ofSeconds(10));
        assertThat(again.get(2).deliveryId()).isEqualTo(deliveries.get(0).deliveryId());
        assertThat(again.get(2).body()).isEqualTo(deliveries.get(0).body());
        List<FakeGitHub.Delivery> twice = github.deliverTwiceConcurrently(deliveries.get(1).deliveryId());
        assertThat(twice).extracting(FakeGitHub.Delivery::deliveryId).containsOnly(deliveries.get(1).deliveryId());
    }

    @Test
    void records_a_failed_delivery_without_retrying_it() throws Exception {
        FakeGitHub github = started(FakeGitHub.builder());
        github.deliverWebhooksTo(URI.create("http://127.0.0.1:1/hook"), SECRET);

        post(github, DEPLOYMENTS, "{\"ref\":\"main\"}");
        List<FakeGitHub.Delivery> deliveries = github.awaitDeliveries(1, Duration.ofSeconds(10));
        Thread.sleep(200);

        assertThat(github.deliveries()).hasSize(1);
        assertThat(deliveries.get(0).status()).isEqualTo(-1);
        assertThat(deliveries.get(0).error()).isNotBlank();
    }

    private FakeGitHub started(FakeGitHub.Builder builder) {
        FakeGitHub github = builder.start();
        closing.add(github);
        return github;
    }

    private static HttpResponse<String> get(FakeGitHub github, String path) throws Exception {
        return send(github, HttpRequest.newBuilder(URI.create(github.url() + path))
                .header("Authorization", "Bearer " + FakeGitHub.TOKEN).GET());
    }

    private static HttpResponse<String> post(FakeGitHub github, String path, String body) throws Exception {
        return send(github, HttpRequest.newBuilder(URI.create(github.url() + path))
                .header("Authorization", "Bearer " + FakeGitHub.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(FakeGitHub github, HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A webhook receiver that answers 200 and keeps what it got. */
    private static final class Receiver implements AutoCloseable {
        record Received(Map<String, String> headers, String body) {
        }

        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    Map<String, String> headers = new java.util.HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                    received.add(new Received(headers, body));
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/github");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
