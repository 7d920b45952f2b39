package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.app.command.Command;
import dev.slipway.app.command.Invocation;
import dev.slipway.app.command.Reply;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.CapturedLogs;
import dev.slipway.testing.CountingScript;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.ServerHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API over real HTTP against the real server on 127.0.0.1: every endpoint with a valid token, a deployment
 * asked for through it that really runs, and each refusal with its stable code and nothing written.
 */
class ApiTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "alice";
    private static final String QA = "bob";

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs("jdk.internal.httpclient");

    @TempDir
    Path dir;
    private FakeSlack slack;
    private CountingScript script;
    private ServerHarness server;
    private String token;
    private String qaToken;

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        script = CountingScript.installIn(dir.resolve("work"));
        server = ServerHarness.startWith(dir, slack, """
                projects:
                  - id: shop
                    channel: C0001
                    owners: [%1$s]
                    qa: [%2$s]
                    environments:
                      staging:
                        backend: %3$s
                      production:
                        backend: %3$s
                        allowedRefs: [main, "v*"]
                        deployers: [owners]
                  - id: blog
                    channel: C0002
                    owners: [%1$s]
                    environments:
                      live:
                        backend: %3$s
                """.formatted(OWNER, QA, script.backendYaml()));
        token = server.slipway().access().createApiToken(OWNER, "ci-alice").secret();
        qaToken = server.slipway().access().createApiToken(QA, "ci-bob").secret();
    }

    @AfterEach
    void stop() {
        script.releaseAll();
        server.close();
        slack.close();
        assertThat(logs.lines()).as("the server's log lines").isNotEmpty();
        assertThat(logs.leaking(List.of(token, qaToken))).as("log lines that leak a token").isEmpty();
    }

    // ---- reading

    @Test
    void lists_the_projects_with_their_people_and_environments() {
        HttpResponse<String> answer = get("/api/v1/projects", token);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode projects = json(answer);
        assertThat(projects.isArray()).isTrue();
        assertThat(projects).hasSize(2);
        JsonNode shop = projects.get(0);
        assertThat(shop.get("id").asText()).isEqualTo("shop");
        assertThat(texts(shop.get("owners"))).containsExactly(OWNER);
        assertThat(texts(shop.get("qa"))).containsExactly(QA);
        assertThat(texts(shop.get("environments"))).containsExactlyInAnyOrder("staging", "production");
        assertThat(projects.get(1).get("id").asText()).isEqualTo("blog");
    }

    @Test
    void the_environments_show_what_is_deployed_what_runs_and_what_is_locked() {
        JsonNode empty = json(get("/api/v1/environments", token));
        assertThat(empty).hasSize(3);
        JsonNode staging = cell(empty, "shop", "staging");
        assertThat(staging.get("current").isNull()).isTrue();
        assertThat(staging.get("active").isNull()).isTrue();
        assertThat(staging.get("lock").isNull()).isTrue();
        assertThat(staging.get("freeze").isNull()).isTrue();
        assertThat(staging.get("waiting")).isEmpty();

        long first = deployNow("shop", "staging", "v1");
        await().atMost(PATIENCE).until(() -> state(first).equals("succeeded"));
        script.hold("staging");
        long second = deployNow("shop", "staging", "v2");
        await().atMost(PATIENCE).until(() -> script.runsOf("staging").size() == 2);
        Reply locked = server.slipway().dispatcher().dispatch(new Command.Lock("shop", "production", "db migration"),
                new Invocation(OWNER, new ChatOrigin(WebSurface.SURFACE, "console", null, null), null));
        assertThat(locked.isRefusal()).isFalse();

        HttpResponse<String> answer = get("/api/v1/environments", token);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode board = json(answer);
        JsonNode busy = cell(board, "shop", "staging");
        assertThat(busy.get("current").get("id").asLong()).isEqualTo(first);
        assertThat(busy.get("current").get("ref").asText()).isEqualTo("v1");
        assertThat(busy.get("current").get("state").asText()).isEqualTo("succeeded");
        assertThat(busy.get("active").get("id").asLong()).isEqualTo(second);
        assertThat(busy.get("active").get("state").asText()).isEqualTo("running");
        assertThat(busy.get("active").get("requestedBy").asText()).isEqualTo(OWNER);
        assertThat(busy.get("lock").isNull()).isTrue();
        JsonNode production = cell(board, "shop", "production");
        assertThat(production.get("lock").get("holder").asText()).isEqualTo(OWNER);
        assertThat(production.get("lock").get("reason").asText()).isEqualTo("db migration");
        assertThat(production.get("lock").get("since").asText()).endsWith("Z");
        assertThat(production.get("active").isNull()).isTrue();
    }

    @Test
    void lists_deployments_filtered_by_project_environment_state_and_limit() {
        long first = deployNow("shop", "staging", "v1");
        await().atMost(PATIENCE).until(() -> state(first).equals("succeeded"));
        long second = deployNow("blog", "live", "main");
        await().atMost(PATIENCE).until(() -> state(second).equals("succeeded"));
        script.hold("staging");
        long third = deployNow("shop", "staging", "v2");
        await().atMost(PATIENCE).until(() -> state(third).equals("running"));

        assertThat(ids(get("/api/v1/deployments", token))).containsExactly(third, second, first);
        assertThat(ids(get("/api/v1/deployments?project=shop", token))).containsExactly(third, first);
        assertThat(ids(get("/api/v1/deployments?environment=live", token))).containsExactly(second);
        assertThat(ids(get("/api/v1/deployments?project=shop&environment=staging&state=succeeded", token)))
                .containsExactly(first);
        assertThat(ids(get("/api/v1/deployments?state=running", token))).containsExactly(third);
        assertThat(ids(get("/api/v1/deployments?state=running,succeeded", token))).containsExactly(third, second, first);
        assertThat(ids(get("/api/v1/deployments?state=failed", token))).isEmpty();
        assertThat(ids(get("/api/v1/deployments?limit=2", token))).containsExactly(third, second);
        assertRefused(get("/api/v1/deployments?project=nowhere", token), 404, "unknown_project");

        JsonNode one = json(get("/api/v1/deployments?limit=1", token)).get("deployments").get(0);
        assertThat(one.get("project").asText()).isEqualTo("shop");
        assertThat(one.get("environment").asText()).isEqualTo("staging");
        assertThat(one.get("ref").asText()).isEqualTo("v2");
        assertThat(one.get("surface").asText()).isEqualTo("web");
        assertThat(one.get("startedAt").asText()).endsWith("Z");
        assertThat(one.get("finishedAt").isNull()).isTrue();
    }

    @Test
    void shows_one_deployment_with_its_timeline() {
        long id = deployNow("shop", "staging", "v1");
        await().atMost(PATIENCE).until(() -> state(id).equals("succeeded"));

        HttpResponse<String> answer = get("/api/v1/deployments/" + id, token);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode deployment = json(answer);
        assertThat(deployment.get("id").asLong()).isEqualTo(id);
        assertThat(deployment.get("state").asText()).isEqualTo("succeeded");
        assertThat(deployment.get("requestedBy").asText()).isEqualTo(OWNER);
        assertThat(deployment.get("approvalsRequired").asInt()).isZero();
        assertThat(deployment.get("verdicts")).isEmpty();
        assertThat(deployment.has("output")).isTrue();
        List<String> actions = new ArrayList<>();
        deployment.get("timeline").forEach(event -> actions.add(event.get("action").asText()));
        assertThat(actions).contains("deployment.queued", "deployment.succeeded");
        deployment.get("timeline").forEach(event -> assertThat(event.get("deploymentId").asLong()).isEqualTo(id));
    }

    @Test
    void reads_the_audit_log_by_person_action_and_day() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        long id = deployNow("shop", "staging", "v1");
        await().atMost(PATIENCE).until(() -> state(id).equals("succeeded"));

        JsonNode all = json(get("/api/v1/audit", token));
        assertThat(all.get("total").asInt()).isEqualTo(all.get("events").size()).isGreaterThan(3);
        assertThat(actions(all)).contains("api_token.created", "deployment.queued", "deployment.succeeded");

        JsonNode deployments = json(get("/api/v1/audit?action=deployment.", token));
        assertThat(actions(deployments)).isNotEmpty().allMatch(action -> action.startsWith("deployment."));
        JsonNode requested = json(get("/api/v1/audit?action=deployment.queued", token));
        assertThat(actions(requested)).containsExactly("deployment.queued");

        JsonNode bobs = json(get("/api/v1/audit?person=" + QA, token));
        assertThat(actions(bobs)).containsExactly("api_token.created");
        bobs.get("events").forEach(event -> assertThat(event.get("actor").asText()).isEqualTo(QA));

        assertThat(json(get("/api/v1/audit?from=" + today + "&to=" + tomorrow, token)).get("total").asInt())
                .isEqualTo(all.get("total").asInt());
        assertThat(json(get("/api/v1/audit?from=" + tomorrow, token)).get("events")).isEmpty();
        assertThat(json(get("/api/v1/audit?to=" + today, token)).get("events")).isEmpty();
        assertThat(json(get("/api/v1/audit?from=" + today + "T00:00:00Z&person=" + OWNER + "&action=deployment.",
                token)).get("events")).isNotEmpty();
    }

    // ---- deploying

    @Test
    void deploys_as_the_tokens_person_and_the_deployment_really_runs() {
        HttpResponse<String> answer = post("/api/v1/deployments", token,
                "{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"v1.2.0\"}", Map.of());

        assertThat(answer.statusCode()).isEqualTo(201);
        JsonNode created = json(answer);
        long id = created.get("id").asLong();
        assertThat(id).isPositive();
        assertThat(created.get("state").asText()).isIn("queued", "running", "succeeded");
        assertThat(created.get("project").asText()).isEqualTo("shop");
        assertThat(created.get("environment").asText()).isEqualTo("staging");
        assertThat(created.get("ref").asText()).isEqualTo("v1.2.0");
        assertThat(created.get("requestedBy").asText()).isEqualTo(OWNER);
        assertThat(created.get("message").asText()).isNotBlank();

        await().atMost(PATIENCE).until(() -> state(id).equals("succeeded"));
        assertThat(script.runsOf("staging")).extracting(CountingScript.Run::deploymentId).containsExactly(id);
        JsonNode requested = json(get("/api/v1/audit?action=deployment.queued", token)).get("events").get(0);
        assertThat(requested.get("actor").asText()).isEqualTo(OWNER);
        assertThat(requested.get("deploymentId").asLong()).isEqualTo(id);
        assertThat(requested.get("detail").asText()).isEqualTo("requested from web");
    }

    @Test
    void the_same_idempotency_key_twice_deploys_once() {
        Map<String, String> key = Map.of("Idempotency-Key", "release-42");
        String body = "{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"v1\"}";

        HttpResponse<String> first = post("/api/v1/deployments", token, body, key);
        HttpResponse<String> again = post("/api/v1/deployments", token, body, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("duplicate").asBoolean()).isTrue();
        assertThat(json(again).get("message").asText()).isNotBlank();
        assertThat(json(again).get("id").asLong()).isEqualTo(json(first).get("id").asLong());
        assertThat(server.deployments()).hasSize(1);

        // The key is the caller's own: another person's call with it is another request.
        assertThat(post("/api/v1/deployments", qaToken, body, key).statusCode()).isEqualTo(201);
        assertThat(server.deployments()).hasSize(2);
    }

    // ---- refusals

    @Test
    void refuses_a_call_without_a_valid_token() {
        HttpResponse<String> none = LoopbackHttp.send(request("/api/v1/projects").GET());
        assertRefused(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"slipway\"");

        assertRefused(get("/api/v1/projects", "not-a-real-token-0000000000000000000000000"), 401, "unauthorized");
        assertRefused(get("/api/v1/projects", "short"), 401, "unauthorized");
        assertRefused(LoopbackHttp.send(request("/api/v1/projects").header("Authorization", "Basic " + token).GET()),
                401, "unauthorized");
        assertRefused(post("/api/v1/deployments", "not-a-real-token-0000000000000000000000000",
                "{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"v1\"}", Map.of()), 401, "unauthorized");
        assertThat(server.deployments()).isEmpty();

        assertThat(server.slipway().access().revokeApiToken("ci-alice")).isTrue();
        assertRefused(get("/api/v1/projects", token), 401, "unauthorized");
        assertRefused(post("/api/v1/deployments", token,
                "{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"v1\"}", Map.of()), 401, "unauthorized");
        assertThat(server.deployments()).isEmpty();
        assertThat(get("/api/v1/projects", qaToken).statusCode()).isEqualTo(200);
    }

    @Test
    void refuses_bodies_that_are_not_a_deploy_request() {
        assertRefused(deploy("{\"project\": \"shop\","), 400, "bad_request");
        assertRefused(deploy("not json"), 400, "bad_request");
        assertRefused(deploy(""), 400, "bad_request");
        assertRefused(deploy("[\"shop\", \"staging\", \"v1\"]"), 400, "bad_request");
        assertRefused(deploy("\"shop\""), 400, "bad_request");
        assertRefused(deploy("{\"project\": \"shop\", \"environment\": \"staging\"}"), 400, "bad_request");
        assertRefused(deploy("{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": 12}"), 400, "bad_request");
        assertRefused(deploy("{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"  \"}"), 400,
                "bad_request");
        assertRefused(deploy("{\"project\": \"shop\", \"environment\": [\"staging\"], \"ref\": \"v1\"}"), 400,
                "bad_request");
        assertRefused(deploy("{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"" + "v".repeat(501)
                + "\"}"), 400, "bad_request");
        assertRefused(post("/api/v1/deployments", token,
                "{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"v1\"}",
                Map.of("Idempotency-Key", "no spaces allowed")), 400, "bad_request");
        assertRefused(post("/api/v1/deployments", token,
                "{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"v1\"}",
                Map.of("Idempotency-Key", "k".repeat(201))), 400, "bad_request");
        assertThat(server.deployments()).isEmpty();
        assertThat(script.runs()).isEmpty();
    }

    @Test
    void refuses_a_body_over_one_mebibyte() {
        String huge = "{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"v1\", \"padding\": \""
                + "x".repeat(1024 * 1024) + "\"}";

        int status = LoopbackHttp.statusOfPostAskingFirst(server.port(), "/api/v1/deployments", "application/json",
                huge, Map.of("Authorization", "Bearer " + token));

        assertThat(status).isEqualTo(413);
        assertThat(server.deployments()).isEmpty();
    }

    @Test
    void refuses_unknown_names_with_their_codes() {
        assertRefused(deploy("{\"project\": \"nowhere\", \"environment\": \"staging\", \"ref\": \"v1\"}"), 404,
                "unknown_project");
        assertRefused(deploy("{\"project\": \"shop\", \"environment\": \"moon\", \"ref\": \"v1\"}"), 404,
                "unknown_environment");
        assertThat(server.deployments()).isEmpty();
    }

    @Test
    void refuses_what_the_deploy_rules_refuse_and_audits_the_policy_refusals() {
        int events = json(get("/api/v1/audit", token)).get("total").asInt();

        assertRefused(post("/api/v1/deployments", qaToken,
                "{\"project\": \"shop\", \"environment\": \"production\", \"ref\": \"main\"}", Map.of()), 403,
                "not_a_deployer");
        assertRefused(deploy("{\"project\": \"shop\", \"environment\": \"production\", \"ref\": \"feature-x\"}"), 403,
                "ref_not_allowed");
        assertRefused(deploy("{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"main;rm -rf /\"}"), 400,
                "bad_ref");

        assertThat(server.deployments()).isEmpty();
        assertThat(script.runs()).isEmpty();
        JsonNode audit = json(get("/api/v1/audit", token));
        assertThat(audit.get("total").asInt()).isEqualTo(events + 2);
        List<String> denied = new ArrayList<>();
        audit.get("events").forEach(event -> {
            if (event.get("action").asText().equals("deploy.refused")) {
                denied.add(event.get("actor").asText() + " " + event.get("detail").asText());
            }
        });
        assertThat(denied).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith(QA + " NOT_A_DEPLOYER: ").endsWith("from web api"))
                .anySatisfy(line -> assertThat(line).startsWith(OWNER + " REF_NOT_ALLOWED: "));
    }

    @Test
    void refuses_a_deploy_to_a_locked_environment() {
        server.slipway().dispatcher().dispatch(new Command.Lock("shop", "staging", "db migration"),
                new Invocation(QA, new ChatOrigin(WebSurface.SURFACE, "console", null, null), null));

        assertRefused(deploy("{\"project\": \"shop\", \"environment\": \"staging\", \"ref\": \"v1\"}"), 423, "locked");
        assertThat(server.deployments()).isEmpty();
    }

    @Test
    void refuses_unknown_deployments_and_bad_filters() {
        assertRefused(get("/api/v1/deployments/4242", token), 404, "unknown_deployment");
        assertRefused(get("/api/v1/deployments/abc", token), 404, "unknown_deployment");
        assertRefused(get("/api/v1/deployments/-1", token), 404, "unknown_deployment");
        assertRefused(get("/api/v1/deployments?state=done", token), 400, "bad_request");
        assertRefused(get("/api/v1/deployments?state=running,nope", token), 400, "bad_request");
        assertRefused(get("/api/v1/deployments?limit=0", token), 400, "bad_request");
        assertRefused(get("/api/v1/deployments?limit=501", token), 400, "bad_request");
        assertRefused(get("/api/v1/deployments?limit=ten", token), 400, "bad_request");
        assertRefused(get("/api/v1/audit?from=yesterday", token), 400, "bad_request");
        assertRefused(get("/api/v1/audit?to=2026-13-45", token), 400, "bad_request");
        assertRefused(get("/api/v1/audit?limit=1001", token), 400, "bad_request");
        assertThat(server.deployments()).isEmpty();
    }

    /** Found by WebFuzzTest: each of these answered 500 (a long overflow, a query the store refused to build). */
    @Test
    void refuses_audit_times_too_far_off_or_reversed() {
        assertRefused(get("/api/v1/audit?from=%2B300000000-01-01T00:00:00Z", token), 400, "bad_request");
        assertRefused(get("/api/v1/audit?to=-300000000-01-01T00:00:00Z", token), 400, "bad_request");
        assertRefused(get("/api/v1/audit?from=%2B10000-01-01T00:00:00Z", token), 400, "bad_request");
        assertRefused(get("/api/v1/audit?from=2026-12-03&to=2026-12-01", token), 400, "bad_request");
        assertThat(json(get("/api/v1/audit?from=2026-12-01&to=2026-12-01", token)).get("events")).isEmpty();
    }

    @Test
    void answers_a_path_outside_the_api_in_the_apis_shape() {
        assertRefused(get("/api/v1/nothing", token), 404, "not_found");
        assertRefused(get("/api/v1/deployments/1/logs", token), 404, "not_found");
        assertRefused(LoopbackHttp.send(request("/api/v1/projects").header("Authorization", "Bearer " + token)
                .DELETE()), 404, "not_found");
        assertThat(get("/api/v1/projects", token).statusCode()).isEqualTo(200);
    }

    // ---- helpers

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(PATIENCE);
    }

    private HttpResponse<String> get(String pathAndQuery, String bearer) {
        return LoopbackHttp.send(request(pathAndQuery).header("Authorization", "Bearer " + bearer).GET());
    }

    private HttpResponse<String> post(String path, String bearer, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return LoopbackHttp.send(request);
    }

    private HttpResponse<String> deploy(String body) {
        return post("/api/v1/deployments", token, body, Map.of());
    }

    /** Deploys through the API as the owner and returns the new deployment's id. */
    private long deployNow(String project, String environment, String ref) {
        HttpResponse<String> answer = deploy("{\"project\": \"%s\", \"environment\": \"%s\", \"ref\": \"%s\"}"
                .formatted(project, environment, ref));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json(answer).get("id").asLong();
    }

    private String state(long id) {
        return server.deployments().stream().filter(d -> d.id() == id).findFirst()
                .map(d -> d.state().label()).orElse(DeploymentState.QUEUED.label());
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode body = json(answer);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("\n");
        assertThat(body.size()).isEqualTo(2);
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode cell(JsonNode board, String project, String environment) {
        for (JsonNode cell : board) {
            if (cell.get("project").asText().equals(project) && cell.get("environment").asText().equals(environment)) {
                return cell;
            }
        }
        throw new AssertionError("no " + project + " " + environment + " in " + board);
    }

    private static List<Long> ids(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        json(answer).get("deployments").forEach(d -> ids.add(d.get("id").asLong()));
        return ids;
    }

    private static List<String> actions(JsonNode page) {
        List<String> actions = new ArrayList<>();
        page.get("events").forEach(event -> actions.add(event.get("action").asText()));
        return actions;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
