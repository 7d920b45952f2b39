package dev.slipway;

import static dev.slipway.testing.SlackBlocks.buttons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.testing.FakeKubernetes;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC workflow 5 end to end: CI posts a build to a real server, which deploys it to a Kubernetes API server
 * (fabric8's CRUD mock on 127.0.0.1), reports in a fake Slack, sends owners and QA their direct messages, and
 * takes their signed button presses through to production.
 */
class BuildReviewFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = "C0100";
    private static final String OWNER_A = "U0001";
    private static final String OWNER_B = "U0002";
    private static final String QA_A = "U0003";
    private static final String QA_B = "U0004";
    private static final String TOKEN = "shop-hook-token-0001";
    private static final String IMAGE = "registry.example.com/acme/shop:1.4.2";
    private static final String NAMESPACE = "shop";

    @TempDir
    Path dir;

    private FakeSlack slack;
    private FakeKubernetes kubernetes;
    private ServerHarness server;
    private final AtomicInteger triggers = new AtomicInteger();

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        kubernetes = new FakeKubernetes();
        String cluster = kubernetes.backendYaml(dir.resolve("kubeconfig"), NAMESPACE, ", ingressClassName: nginx");
        server = ServerHarness.startWithProjects(dir, slack, """
                  - id: shop
                    name: Shop
                    url: https://shop.example.com
                    channel: %1$s
                    owners: [%2$s, %3$s]
                    qa: [%4$s, %5$s]
                    hookToken: %6$s
                    environments:
                      preview:
                        backend: %7$s
                      production:
                        backend: %7$s
                        deployers: [owners]
                        approvals: { required: 2, from: [qa] }
                  - id: blog
                    url: https://blog.example.com
                    channel: %1$s
                    owners: [%2$s, %3$s]
                    qa: [%4$s, %5$s]
                    hookToken: blog-hook-token
                    environments:
                      preview:
                        backend: %7$s
                      production:
                        backend: %7$s
                """.formatted(CHANNEL, OWNER_A, OWNER_B, QA_A, QA_B, TOKEN, cluster));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        kubernetes.close();
        slack.close();
    }

    @Test
    void a_build_goes_from_ci_to_preview_to_qa_to_production_across_a_restart() throws Exception {
        HttpResponse<String> posted = postBuild(TOKEN, Map.of("project", "shop", "image", IMAGE, "type", "branch",
                "target", "feature/Login"));
        assertThat(posted.statusCode()).isEqualTo(202);
        long id = JSON.readTree(posted.body()).path("deployment").asLong();

        await().atMost(WAIT).until(() -> directMessage(QA_B).isPresent() && directMessage(OWNER_B).isPresent());
        // the channel's one message, updated in place from "attempting" to the preview's link
        FakeSlack.Message announcement = channelMessages().get(0);
        assertThat(slack.calls("chat.postMessage").stream().filter(c -> CHANNEL.equals(c.param("channel"))).findFirst()
                .orElseThrow().param("text")).contains("attempting deployment of " + IMAGE + " (branch feature-login)");
        assertThat(announcement.text()).contains("deployed " + IMAGE + " (branch feature-login) to preview:"
                + " https://feature-login.branch.shop.example.com");
        // the cluster holds the preview's objects
        io.fabric8.kubernetes.api.model.apps.Deployment preview = kubernetes.client().apps().deployments()
                .inNamespace(NAMESPACE).withName("shop-branch-feature-login").get();
        assertThat(preview.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "slipway")
                .containsEntry("slipway/project", "shop").containsEntry("slipway/type", "branch")
                .containsEntry("slipway/target", "feature-login").containsEntry("slipway/environment", "preview");
        assertThat(preview.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE);
        Service service = kubernetes.client().services().inNamespace(NAMESPACE).withName("shop-branch-feature-login").get();
        assertThat(preview.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        Ingress ingress = kubernetes.client().network().v1().ingresses().inNamespace(NAMESPACE)
                .withName("shop-branch-feature-login").get();
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("feature-login.branch.shop.example.com");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");

        // owners: the link, the QA, Deploy (with a confirmation) and Close; QA: the link, Approve and Reject
        JsonNode ownerCard = blocks(OWNER_A);
        assertThat(text(OWNER_A)).contains("https://feature-login.branch.shop.example.com")
                .contains("QA: <@" + QA_A + ">, <@" + QA_B + ">");
        assertThat(buttons(ownerCard)).containsExactly("slipway.promote=" + id, "slipway.close=" + id);
        assertThat(confirmation(ownerCard, "slipway.promote")).isEqualTo("Deploy " + IMAGE + " to production?");
        assertThat(confirmation(ownerCard, "slipway.close")).isEqualTo("Close the review of " + IMAGE
                + " and take its preview down?");
        assertThat(buttons(blocks(QA_A))).containsExactly("slipway.approve=" + id, "slipway.reject=" + id);
        assertThat(confirmation(blocks(QA_A), "slipway.approve")).isNull();
        assertThat(confirmation(blocks(QA_A), "slipway.reject")).isEqualTo("Reject " + IMAGE + " of Shop?");
        assertThat(text(QA_A)).contains("https://feature-login.branch.shop.example.com");

        // nobody but QA judges, nobody but owners deploys; the policy wants two approvals
        press(OWNER_A, "approve", id);
        press(QA_A, "promote", id);
        press(OWNER_A, "promote", id);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ephemerals()).hasSize(3));
        assertThat(ephemerals()).anyMatch(t -> t.contains("Only QA of shop"))
                .anyMatch(t -> t.contains("Only owners of shop"))
                .anyMatch(t -> t.contains("needs 2 approvals from qa; approvals so far 0 of 2"));

        press(QA_A, "approve", id);
        press(QA_B, "reject", id);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ephemerals()).hasSize(5));
        assertThat(ephemerals().subList(3, 5)).anyMatch(t -> t.startsWith("You approved #" + id))
                .anyMatch(t -> t.startsWith("You rejected #" + id));
        await().atMost(WAIT).until(() -> ownerThread(OWNER_A).size() == 2 && ownerThread(OWNER_B).size() == 2
                && buttons(blocks(QA_B)).isEmpty() && buttons(blocks(QA_A)).isEmpty());
        assertThat(text(QA_A)).contains("Approved by <@" + QA_A + "> at");
        assertThat(text(QA_B)).contains("Rejected by <@" + QA_B + "> at");
        assertThat(ownerThread(OWNER_B)).anyMatch(t -> t.contains("Approved by <@" + QA_A + ">"))
                .anyMatch(t -> t.contains("Rejected by <@" + QA_B + ">"));
        press(OWNER_B, "promote", id);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ephemerals()).hasSize(6));
        assertThat(ephemerals().get(5)).contains("may not go to production yet: rejected by " + QA_B);

        // a later approval lifts the rejection; then the process restarts before the owner's Deploy
        press(QA_B, "approve", id);
        await().atMost(WAIT).until(() -> ownerThread(OWNER_A).size() == 3);
        server.restart();
        press(OWNER_B, "promote", id);

        // each owner's card is redrawn by a job of its own: wait for both
        await().atMost(WAIT).until(() -> review(id).state() == ReviewState.DEPLOYED
                && List.of(OWNER_A, OWNER_B).stream().allMatch(owner -> text(owner).contains("Deployed")));
        io.fabric8.kubernetes.api.model.apps.Deployment production = kubernetes.client().apps().deployments()
                .inNamespace(NAMESPACE).withName("shop").get();
        assertThat(production.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE);
        assertThat(production.getMetadata().getLabels()).containsEntry("slipway/environment", "production");
        assertThat(kubernetes.client().network().v1().ingresses().inNamespace(NAMESPACE).withName("shop").get()
                .getSpec().getRules().get(0).getHost()).isEqualTo("shop.example.com");
        for (String owner : List.of(OWNER_A, OWNER_B)) {
            assertThat(text(owner)).contains("Deployed to production by <@" + OWNER_B + "> at");
            assertThat(buttons(blocks(owner))).isEmpty();
        }
        await().atMost(WAIT).until(() -> channelMessages().stream().anyMatch(m -> m.text().contains("shipped")));
        assertThat(channelMessages()).anyMatch(m -> m.text().equals("🚀 <@" + OWNER_B + "> shipped `" + IMAGE
                + "` (branch feature/Login) of Shop to production: https://shop.example.com."));

        // a second press, on a card that is out of date by now, changes nothing
        int updates = slack.calls("chat.update").size();
        press(OWNER_A, "promote", id);
        press(OWNER_A, "close", id);
        // (the Deploy press was answered privately, and the production deployment reports in the channel)
        await().atMost(WAIT).untilAsserted(() -> assertThat(ephemerals()).hasSize(10));
        assertThat(ephemerals().get(7)).startsWith("Deploying " + IMAGE + " of #" + id + " to production as #");
        assertThat(ephemerals().subList(8, 10)).allMatch(t -> t.contains("#" + id + " was already deployed to production by <@"
                + OWNER_B + "> at"));
        assertThat(slack.calls("chat.update")).hasSize(updates);
        assertThat(server.deployments()).filteredOn(d -> d.environment().equals("production")).hasSize(1);
    }

    @Test
    void close_retires_the_build_for_every_owner_and_later_presses_are_told_who_closed_it() {
        long id = build("blog-hook-token", "blog", "registry.example.com/acme/blog:9", "tag", "v9.0.0");
        await().atMost(WAIT).until(() -> directMessage(OWNER_B).isPresent() && directMessage(QA_B).isPresent());

        press(QA_A, "reject", id);
        press(QA_A, "reject", id); // pressed twice before the card lost its buttons
        await().atMost(WAIT).until(() -> ownerThread(OWNER_A).size() == 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ephemerals()).hasSize(2));
        assertThat(ephemerals()).anyMatch(t -> t.startsWith("You rejected #" + id))
                .anyMatch(t -> t.startsWith("You already rejected #" + id + " at"));
        press(OWNER_A, "close", id);

        await().atMost(WAIT).until(() -> text(OWNER_B).contains("Closed by <@" + OWNER_A + ">")
                && text(OWNER_A).contains("Closed by"));
        assertThat(buttons(blocks(OWNER_B))).isEmpty();
        await().atMost(WAIT).until(() -> buttons(blocks(QA_B)).isEmpty());
        press(QA_B, "approve", id);
        press(OWNER_B, "promote", id);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ephemerals()).hasSize(5));
        assertThat(ephemerals().get(2)).startsWith("Closed #" + id);
        assertThat(ephemerals().subList(3, 5)).allMatch(t -> t.contains("#" + id + " was already closed by <@" + OWNER_A + "> at"));
        assertThat(review(id).state()).isEqualTo(ReviewState.CLOSED);
        assertThat(server.deployments()).filteredOn(d -> d.environment().equals("production")).isEmpty();
        // the closed build's preview is taken down
        await().atMost(WAIT).until(() -> kubernetes.client().apps().deployments().inNamespace(NAMESPACE)
                .withName("blog-tag-v9-0-0").get() == null);
        assertThat(kubernetes.client().services().inNamespace(NAMESPACE).withName("blog-tag-v9-0-0").get()).isNull();
        assertThat(kubernetes.client().network().v1().ingresses().inNamespace(NAMESPACE).withName("blog-tag-v9-0-0")
                .get()).isNull();
    }

    @Test
    void the_same_build_posted_twice_answers_the_first_deployment_and_deploys_once() throws Exception {
        Map<String, String> build = Map.of("project", "blog", "image", "registry.example.com/acme/blog:10",
                "type", "branch", "target", "main");
        HttpResponse<String> first = postBuild("blog-hook-token", build);
        HttpResponse<String> second = postBuild("blog-hook-token", build);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).path("deployment").asLong())
                .isEqualTo(JSON.readTree(first.body()).path("deployment").asLong());
        assertThat(server.deployments()).hasSize(1);
        await().atMost(WAIT).until(() -> directMessage(QA_B).isPresent());
        assertThat(kubernetes.client().apps().deployments().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    }

    @Test
    void a_preview_that_cannot_pull_its_image_fails_in_the_channel_and_nobody_is_asked_to_review() {
        long id = build("blog-hook-token", "blog", "registry.example.com/acme/blog:pull-backoff", "branch", "broken");

        await().atMost(WAIT).until(() -> server.deployments().get(0).state() == DeploymentState.FAILED);
        await().atMost(WAIT).until(() -> channelMessages().get(0).text().contains("failed"));
        assertThat(channelMessages().get(0).text()).contains("#" + id + " blog: deployment of"
                + " registry.example.com/acme/blog:pull-backoff (branch broken) failed:").contains("ImagePullBackOff");
        assertThat(review(id).state()).isEqualTo(ReviewState.PREVIEW_FAILED);
        assertThat(slack.calls("conversations.open")).isEmpty();
    }

    @Test
    void a_long_target_gets_a_dns_name_that_fits_and_stays_unique() {
        String target = "feature/" + "a-very-long-branch-name-".repeat(4) + "END";
        long id = build("blog-hook-token", "blog", "registry.example.com/acme/blog:11", "branch", target);

        await().atMost(WAIT).until(() -> review(id).state() == ReviewState.OPEN);
        List<io.fabric8.kubernetes.api.model.apps.Deployment> objects = kubernetes.client().apps().deployments()
                .inNamespace(NAMESPACE).list().getItems();
        assertThat(objects).hasSize(1);
        String name = objects.get(0).getMetadata().getName();
        assertThat(name).hasSizeLessThanOrEqualTo(63).startsWith("blog-branch-feature-a-very-long").matches(".*-[0-9a-f]{8}");
    }

    @Test
    void the_hook_refuses_bad_calls_with_the_reason_and_changes_nothing() {
        Map<String, String> good = Map.of("project", "shop", "image", IMAGE, "type", "branch", "target", "main");
        assertThat(post("/hooks/build-complete", "application/json", json(good), Map.of()).statusCode()).isEqualTo(401);
        assertThat(postBuild("wrong-token", good).statusCode()).isEqualTo(401);
        assertThat(postBuild("blog-hook-token", good).statusCode()).isEqualTo(401); // another project's token
        HttpResponse<String> unknown = postBuild(TOKEN, Map.of("project", "nope", "image", IMAGE, "type", "branch",
                "target", "main"));
        assertThat(unknown.statusCode()).isEqualTo(401); // no token is good for a project that does not exist
        assertThat(unknown.body()).doesNotContain("nope");
        assertBadRequest(postBuild(TOKEN, Map.of("project", "shop", "image", "Not An Image", "type", "branch",
                "target", "main")), "image is not an image reference");
        assertBadRequest(postBuild(TOKEN, Map.of("project", "shop", "image", IMAGE, "type", "commit",
                "target", "main")), "type must be branch or tag");
        assertBadRequest(postBuild(TOKEN, Map.of("project", "shop", "image", IMAGE, "type", "tag",
                "target", "")), "target is required");
        assertBadRequest(postBuild(TOKEN, Map.of("project", "shop", "image", IMAGE, "type", "tag",
                "target", "///")), "target must name a branch or tag");
        assertBadRequest(postBuild(TOKEN, Map.of("project", "shop", "type", "tag", "target", "v1")), "image is required");
        assertBadRequest(post("/hooks/build-complete", "application/json", "{not json",
                Map.of("Authorization", "Bearer " + TOKEN)), "not valid JSON");
        assertThat(LoopbackHttp.statusOfPostAskingFirst(server.port(), "/hooks/build-complete", "application/json",
                "x".repeat(1024 * 1024 + 10), Map.of("Authorization", "Bearer " + TOKEN))).isEqualTo(413);

        assertThat(server.deployments()).isEmpty();
        assertThat(kubernetes.client().apps().deployments().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(slack.calls()).isEmpty();

        // the form encoding with ?token=, as a CI step's curl line sends it, is taken
        HttpResponse<String> form = post("/hooks/build-complete?token=" + TOKEN, "application/x-www-form-urlencoded",
                SlackRequests.encode(good), Map.of());
        assertThat(form.statusCode()).isEqualTo(202);
    }

    private static void assertBadRequest(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(reason);
    }

    private long build(String token, String project, String image, String type, String target) {
        HttpResponse<String> posted = postBuild(token, Map.of("project", project, "image", image, "type", type,
                "target", target));
        assertThat(posted.statusCode()).isEqualTo(202);
        try {
            return JSON.readTree(posted.body()).path("deployment").asLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> postBuild(String token, Map<String, String> fields) {
        return post("/hooks/build-complete", "application/json", json(fields), Map.of("Authorization", "Bearer " + token));
    }

    private HttpResponse<String> post(String path, String type, String body, Map<String, String> headers) {
        return server.post(path, type, body, headers);
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A signed press of {@code slipway.<command>} on the card in {@code user}'s direct message. */
    private void press(String user, String command, long id) {
        String channel = directMessage(user).orElse("D9999");
        HttpResponse<String> ack = server.slack().post("application/x-www-form-urlencoded",
                SlackRequests.blockAction(user, channel, "2000000000%03d.1.abc".formatted(triggers.incrementAndGet()),
                        "slipway." + command, Long.toString(id)), Map.of());
        assertThat(ack.statusCode()).isEqualTo(200);
    }

    private Optional<String> directMessage(String user) {
        return slack.directMessageOf(user).flatMap(channel -> slack.messages().stream()
                .filter(m -> m.channel().equals(channel) && m.threadTs() == null).map(FakeSlack.Message::ts).findFirst()
                .map(ts -> channel));
    }

    /** The text of the card in {@code user}'s direct message, as it is now. */
    private String text(String user) {
        String channel = slack.directMessageOf(user).orElseThrow();
        return slack.messages().stream().filter(m -> m.channel().equals(channel) && m.threadTs() == null)
                .findFirst().orElseThrow().text();
    }

    /** The blocks the card in {@code user}'s direct message was last posted or updated with. */
    private JsonNode blocks(String user) {
        String channel = slack.directMessageOf(user).orElseThrow();
        List<FakeSlack.Call> writes = slack.calls().stream().filter(c -> channel.equals(c.param("channel"))
                && c.param("thread_ts") == null
                && (c.method().equals("chat.postMessage") || c.method().equals("chat.update"))).toList();
        return writes.get(writes.size() - 1).json("blocks");
    }

    /** The question the button {@code actionId} of {@code blocks} asks before it runs, or null when it asks none. */
    private static String confirmation(JsonNode blocks, String actionId) {
        for (JsonNode block : blocks) {
            for (JsonNode element : block.path("elements")) {
                if (element.path("action_id").asText().equals(actionId)) {
                    JsonNode confirm = element.get("confirm");
                    return confirm == null ? null : confirm.path("text").path("text").asText();
                }
            }
        }
        throw new AssertionError("no button " + actionId + " in " + blocks);
    }

    private List<String> ownerThread(String owner) {
        Optional<String> channel = slack.directMessageOf(owner);
        if (channel.isEmpty()) {
            return List.of();
        }
        return slack.messages().stream().filter(m -> m.channel().equals(channel.get()) && m.threadTs() != null)
                .map(FakeSlack.Message::text).toList();
    }

    private List<String> ephemerals() {
        return slack.calls("chat.postEphemeral").stream().map(c -> c.param("text")).toList();
    }

    private List<FakeSlack.Message> channelMessages() {
        return slack.messages().stream().filter(m -> m.channel().equals(CHANNEL)).toList();
    }

    private Review review(long id) {
        Optional<Review> review = server.slipway().store().read(tx -> tx.reviews().findById(id));
        return review.orElseThrow();
    }

    @SuppressWarnings("unused")
    private Deployment deployment(long id) {
        Optional<Deployment> deployment = server.slipway().store().read(tx -> tx.deployments().findById(id));
        return deployment.orElseThrow();
    }
}
