package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment's steps through the API ({@code POST /api/v1/deployments/{id}/confirm|approve|reject|cancel|retry}),
 * on an environment that asks for a confirmation and a QA approval, as the demo's production does.
 */
class ApiStepsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FakeSlack slack;
    private CountingScript script;
    private ServerHarness server;
    private String alice;
    private String bob;

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        script = CountingScript.installIn(dir.resolve("work"));
        script.hold("production");
        server = ServerHarness.startWith(dir, slack, """
                projects:
                  - id: shop
                    channel: C0001
                    owners: [alice]
                    qa: [bob]
                    environments:
                      production:
                        backend: %s
                        deployers: [owners]
                        confirm: true
                        approvals: { required: 1, from: [qa] }
                """.formatted(script.backendYaml()));
        alice = server.slipway().access().createApiToken("alice", "ci-alice").secret();
        bob = server.slipway().access().createApiToken("bob", "ci-bob").secret();
    }

    @AfterEach
    void stop() {
        script.releaseAll();
        server.close();
        slack.close();
    }

    @Test
    void a_deployment_is_confirmed_by_its_requester_approved_by_qa_and_then_runs() {
        long id = deploy();
        assertThat(state(id)).isEqualTo(DeploymentState.REQUESTED);

        HttpResponse<String> byBob = post("/api/v1/deployments/" + id + "/confirm", bob, "");
        HttpResponse<String> confirmed = post("/api/v1/deployments/" + id + "/confirm", alice, "");
        HttpResponse<String> selfApproved = post("/api/v1/deployments/" + id + "/approve", alice, "");
        HttpResponse<String> approved = post("/api/v1/deployments/" + id + "/approve", bob, "");

        assertThat(byBob.statusCode()).as(byBob.body()).isEqualTo(403);
        assertThat(json(confirmed).get("state").asText()).isEqualTo("awaiting_approval");
        // The approver is asked in Slack, with buttons, though the deployment was asked for through the API.
        await().atMost(PATIENCE).until(() -> slack.directMessageOf("bob").flatMap(im -> slack.messages().stream()
                .filter(m -> m.channel().equals(im) && m.text().contains("#" + id)).findFirst()).isPresent());
        assertThat(selfApproved.statusCode()).as(selfApproved.body()).isEqualTo(403);
        assertThat(json(selfApproved).get("error").asText()).isEqualTo("self_approval");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).get("message").asText()).contains("approved");
        await().atMost(PATIENCE).until(() -> state(id) == DeploymentState.RUNNING);

        HttpResponse<String> cancelled = post("/api/v1/deployments/" + id + "/cancel", alice, "");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> state(id) == DeploymentState.CANCELLED);
        HttpResponse<String> retried = post("/api/v1/deployments/" + id + "/retry", alice, "");
        assertThat(retried.statusCode()).as("only a failed deployment is retried").isEqualTo(409);
        assertThat(json(retried).get("error").asText()).isEqualTo("already_decided");
        assertThat(server.deployments()).hasSize(1);
    }

    @Test
    void a_rejection_carries_its_reason_and_bad_steps_are_refused_in_the_apis_shape() {
        long id = deploy();
        post("/api/v1/deployments/" + id + "/confirm", alice, "");

        HttpResponse<String> rejected = post("/api/v1/deployments/" + id + "/reject", bob,
                "{\"reason\": \"not on a Friday\"}");
        HttpResponse<String> unknownStep = post("/api/v1/deployments/" + id + "/deploy", alice, "");
        HttpResponse<String> unknownDeployment = post("/api/v1/deployments/99999/cancel", alice, "");
        HttpResponse<String> badBody = post("/api/v1/deployments/" + id + "/cancel", alice, "[1]");
        HttpResponse<String> noToken = LoopbackHttp.send(request("/api/v1/deployments/" + id + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(state(id)).isEqualTo(DeploymentState.REJECTED);
        assertThat(server.deployments()).filteredOn(d -> d.id() == id).extracting(Deployment::summary)
                .containsExactly("rejected by bob: not on a Friday");
        assertThat(unknownStep.statusCode()).isEqualTo(404);
        assertThat(json(unknownStep).get("error").asText()).isEqualTo("not_found");
        assertThat(unknownDeployment.statusCode()).isEqualTo(404);
        assertThat(json(unknownDeployment).get("error").asText()).isEqualTo("unknown_deployment");
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(json(badBody).get("error").asText()).isEqualTo("bad_request");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(server.deployments()).hasSize(1);
    }

    private long deploy() {
        HttpResponse<String> answer = post("/api/v1/deployments", alice,
                "{\"project\": \"shop\", \"environment\": \"production\", \"ref\": \"main\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json(answer).get("id").asLong();
    }

    private DeploymentState state(long id) {
        return server.deployments().stream().filter(d -> d.id() == id).findFirst().orElseThrow().state();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(PATIENCE);
    }

    private HttpResponse<String> post(String path, String bearer, String body) {
        return LoopbackHttp.send(request(path).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
