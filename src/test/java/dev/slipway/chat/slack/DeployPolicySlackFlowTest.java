package dev.slipway.chat.slack;

import static dev.slipway.testing.SlackBlocks.button;
import static dev.slipway.testing.SlackBlocks.buttons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Verdict;
import dev.slipway.testing.CountingScript;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
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
 * Deploy policy in Slack, end to end: approvals asked of each approver in a direct message, rejections, confirmations,
 * retries and rollbacks from a report's buttons, and Slack delivering the same request twice. Signed slash commands,
 * mentions and button presses go into a real server on SQLite; what it says comes out in a fake Slack; deploy scripts
 * wait until the test lets them end.
 */
class DeployPolicySlackFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHANNEL = "C0001";
    private static final String OWNER = "U0001";
    private static final String REQUESTER = "U0002";
    private static final String QA_A = "U0003";
    private static final String QA_B = "U0004";
    private static final String STRANGER = "U0005";

    @TempDir
    Path dir;
    private FakeSlack slack;
    private CountingScript script;
    private ServerHarness server;
    private final AtomicInteger triggers = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        script = CountingScript.installIn(dir.resolve("work"));
        script.hold("staging");
        script.hold("production");
        // No run outlives its test for long, whatever the test does not release.
        String backend = script.backendYaml().replace("timeout: 2m", "timeout: 20s");
        server = ServerHarness.startWithProjects(dir, slack, """
                  - id: api
                    channel: %1$s
                    owners: [%2$s]
                    qa: [%3$s, %4$s, %5$s]
                    environments:
                      production:
                        allowedRefs: [main]
                        approvals: { required: 2, from: [qa] }
                        backend: %6$s
                      staging:
                        confirm: true
                        backend: %6$s
                      canary:
                        approvals: { required: 1, from: [qa], expiresAfter: 2s }
                        backend: %6$s
                  - id: web
                    channel: %1$s
                    owners: [%2$s]
                    environments:
                      production:
                        deployers: [owners]
                        backend: %6$s
                      staging:
                        backend: %6$s
                  - id: docs
                    channel: %1$s
                    owners: [%2$s]
                    environments:
                      production:
                        rollback: { lock: false }
                        backend: %6$s
                """.formatted(CHANNEL, OWNER, REQUESTER, QA_A, QA_B, backend));
    }

    @AfterEach
    void stop() {
        script.releaseAll();
        server.close();
        slack.close();
    }

    @Test
    void two_qa_approvals_each_asked_in_a_direct_message_let_a_production_deploy_run_and_its_report_names_them() {
        HttpResponse<String> ack = slash(REQUESTER, "deploy api main to production", trigger());
        assertThat(ack.body()).contains("awaits approval").contains("needs 2 approvals from qa");
        long id = latest();
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
        JsonNode waiting = awaitReport(id, "production: awaiting_approval");
        assertThat(buttons(waiting)).containsExactly("slipway.cancel=" + id);

        // each approver but the requester (QA too) gets a card with Approve, and Reject behind a dialog
        await().atMost(WAIT).until(() -> card(QA_A).isPresent() && card(QA_B).isPresent());
        for (String approver : List.of(QA_A, QA_B)) {
            FakeSlack.Call card = card(approver).orElseThrow();
            assertThat(card.param("text")).contains("<@" + REQUESTER + "> asks to deploy api main → production (#" + id
                    + ")").contains("It awaits approval");
            assertThat(buttons(card.json("blocks"))).containsExactly("slipway.approve=" + id, "slipway.reject=" + id);
            assertThat(button(card.json("blocks"), "slipway.approve").has("confirm")).isFalse();
            assertThat(button(card.json("blocks"), "slipway.reject").path("confirm").path("text").path("text").asText())
                    .isEqualTo("Reject #" + id + " (api main → production)? It will not be deployed, and <@"
                            + REQUESTER + "> is told.");
        }
        assertThat(slack.directMessageOf(REQUESTER)).isEmpty();

        // the requester may not approve their own request, by button or by command
        press(REQUESTER, CHANNEL, "approve", id, trigger());
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(REQUESTER).isEmpty());
        assertThat(slack.ephemeralsTo(REQUESTER)).singleElement().asString()
                .startsWith("You asked for #" + id + ", so you cannot approve or reject it");
        assertThat(slash(REQUESTER, "approve " + id, trigger()).body())
                .contains("You asked for #" + id + ", so you cannot approve or reject it");
        assertThat(verdicts(id)).isEmpty();

        // the first approval keeps it waiting; the cards say who approved, and the approver's loses its Approve
        int cardsBefore = slack.calls("chat.update").size();
        press(QA_A, dm(QA_A), "approve", id, trigger());
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(QA_A).isEmpty());
        assertThat(slack.ephemeralsTo(QA_A)).singleElement().asString().startsWith("You approved #" + id)
                .contains("approvals so far 1 of 2");
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
        assertThat(buttons(awaitReport(id, "approved by <@" + QA_A + ">"))).containsExactly("slipway.cancel=" + id);
        await().atMost(WAIT).until(() -> card(QA_A).orElseThrow().param("text").contains("approved by <@" + QA_A + ">")
                && card(QA_B).orElseThrow().param("text").contains("approved by <@" + QA_A + ">"));
        assertThat(slack.calls("chat.update").size()).isGreaterThan(cardsBefore);
        assertThat(buttons(card(QA_A).orElseThrow().json("blocks"))).containsExactly("slipway.reject=" + id);
        assertThat(buttons(card(QA_B).orElseThrow().json("blocks")))
                .containsExactly("slipway.approve=" + id, "slipway.reject=" + id);

        // the same approver once more: refused, and it still counts once
        press(QA_A, dm(QA_A), "approve", id, trigger());
        await().atMost(WAIT).until(() -> slack.ephemeralsTo(QA_A).size() == 2);
        assertThat(slack.ephemeralsTo(QA_A).get(1)).isEqualTo("You already approved #" + id + ".");
        assertThat(verdicts(id)).hasSize(1);

        // the second approval queues it, it runs and succeeds
        press(QA_B, dm(QA_B), "approve", id, trigger());
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(QA_B).isEmpty());
        assertThat(slack.ephemeralsTo(QA_B)).singleElement().asString().startsWith("You approved #" + id)
                .contains("approved by " + QA_A + ", " + QA_B);
        awaitRunning(id);
        script.release(id, 0);
        await().atMost(WAIT).until(() -> deployment(id).state() == DeploymentState.SUCCEEDED);
        awaitReport(id, "production: succeeded");
        assertThat(reportText(id)).contains("approved by <@" + QA_A + "> · approved by <@" + QA_B + ">");
        await().atMost(WAIT).until(() -> card(QA_B).orElseThrow().param("text").contains("It is "));
        assertThat(buttons(card(QA_B).orElseThrow().json("blocks"))).isEmpty();
        assertThat(script.runsOf("production")).hasSize(1);
        assertThat(audit(id)).containsSubsequence("deployment.awaiting_approval", "deployment.approve",
                "deployment.approve", "deployment.queued", "deployment.running", "deployment.succeeded");
    }

    @Test
    void a_rejection_with_a_reason_ends_the_request_and_a_later_approval_changes_nothing() {
        slash(REQUESTER, "deploy api main to production", trigger());
        long id = latest();
        await().atMost(WAIT).until(() -> card(QA_A).isPresent() && card(QA_B).isPresent());

        HttpResponse<String> ack = slash(QA_A, "reject " + id + " not today", trigger());
        assertThat(ack.body()).contains("You rejected #" + id).contains(REQUESTER + " is told");
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.REJECTED);
        awaitReport(id, "production: rejected");
        assertThat(reportText(id)).contains("rejected by " + QA_A + ": not today").contains("asked by <@" + REQUESTER + ">");
        assertThat(buttons(lastReport(id))).isEmpty();
        await().atMost(WAIT).until(() -> card(QA_A).orElseThrow().param("text").contains("It is rejected")
                && card(QA_B).orElseThrow().param("text").contains("rejected by <@" + QA_A + ">"));
        assertThat(buttons(card(QA_B).orElseThrow().json("blocks"))).isEmpty();

        int writes = slack.calls().size();
        press(QA_B, dm(QA_B), "approve", id, trigger());
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(QA_B).isEmpty());
        assertThat(slack.ephemeralsTo(QA_B)).singleElement().asString()
                .startsWith("#" + id + " does not await approval: it is rejected");
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.REJECTED);
        assertThat(verdicts(id)).extracting(Verdict::kind).containsExactly(Verdict.Kind.REJECTED);
        assertThat(slack.calls().subList(writes, slack.calls().size())).extracting(FakeSlack.Call::method)
                .containsOnly("chat.postEphemeral");
        assertThat(script.runsOf("production")).isEmpty();
    }

    @Test
    void the_approvers_cards_lose_their_buttons_when_the_request_is_withdrawn_or_lapses() {
        slash(REQUESTER, "deploy api main to production", trigger());
        long withdrawn = latest();
        await().atMost(WAIT).until(() -> card(QA_A).isPresent() && card(QA_B).isPresent());

        assertThat(slash(REQUESTER, "cancel " + withdrawn, trigger()).body()).contains("Cancelled #" + withdrawn);
        assertThat(deployment(withdrawn).state()).isEqualTo(DeploymentState.CANCELLED);
        await().atMost(WAIT).until(() -> card(QA_A).orElseThrow().param("text").contains("It is cancelled")
                && card(QA_B).orElseThrow().param("text").contains("It is cancelled"));
        assertThat(buttons(card(QA_A).orElseThrow().json("blocks"))).isEmpty();
        assertThat(buttons(card(QA_B).orElseThrow().json("blocks"))).isEmpty();

        slash(REQUESTER, "deploy api main to canary", trigger());
        long lapsed = latest();
        await().atMost(WAIT).until(() -> card(QA_A).orElseThrow().param("text").contains("(#" + lapsed + ")"));
        await().atMost(WAIT).until(() -> deployment(lapsed).state() == DeploymentState.REJECTED);
        await().atMost(WAIT).until(() -> card(QA_A).orElseThrow().param("text").contains("It is rejected: no approval"));
        assertThat(buttons(card(QA_A).orElseThrow().json("blocks"))).isEmpty();
        assertThat(script.runs()).isEmpty();
    }

    @Test
    void a_deploy_that_asks_for_confirmation_runs_once_on_its_requesters_press_only() {
        HttpResponse<String> ack = server.slack().event(SlackRequests.mention("Ev" + events.incrementAndGet(), REQUESTER,
                CHANNEL, "1717171900.000100", null, "<@U0009> deploy api main to staging"), Map.of());
        assertThat(ack.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !server.deployments().isEmpty());
        long id = latest();
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.REQUESTED);
        JsonNode requested = awaitReport(id, "staging: requested");
        assertThat(buttons(requested)).containsExactly("slipway.confirm=" + id, "slipway.cancel=" + id);
        JsonNode deploy = button(requested, "slipway.confirm");
        assertThat(deploy.path("text").path("text").asText()).isEqualTo("Deploy");
        assertThat(deploy.path("style").asText()).isEqualTo("primary");
        assertThat(deploy.path("confirm").path("text").path("text").asText()).isEqualTo("Deploy api main to staging?");

        press(STRANGER, CHANNEL, "confirm", id, trigger());
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(STRANGER).isEmpty());
        assertThat(slack.ephemeralsTo(STRANGER)).singleElement().asString()
                .startsWith("Only " + REQUESTER + ", who asked for #" + id + ", may confirm it");
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.REQUESTED);

        // the requester's press, which Slack delivers twice
        String confirm = trigger();
        press(REQUESTER, CHANNEL, "confirm", id, confirm);
        press(REQUESTER, CHANNEL, "confirm", id, confirm);
        awaitRunning(id);
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(REQUESTER).isEmpty());
        assertThat(slack.ephemeralsTo(REQUESTER)).singleElement().asString().startsWith("Confirmed. ");
        assertThat(buttons(awaitReport(id, "staging: running"))).containsExactly("slipway.cancel=" + id);

        // the stale message's Deploy, pressed again
        press(REQUESTER, CHANNEL, "confirm", id, trigger());
        await().atMost(WAIT).until(() -> slack.ephemeralsTo(REQUESTER).size() == 2);
        assertThat(slack.ephemeralsTo(REQUESTER).get(1)).isEqualTo("#" + id + " does not wait for a confirmation: it is running.");
        script.release(id, 0);
        await().atMost(WAIT).until(() -> deployment(id).state() == DeploymentState.SUCCEEDED);
        assertThat(script.runsOf("staging")).hasSize(1);
        assertThat(server.deployments()).hasSize(1);
        assertThat(audit(id)).containsOnlyOnce("deployment.queued", "deployment.running");
    }

    @Test
    void a_retry_pressed_on_a_failure_runs_the_same_ref_again_once_though_slack_delivers_the_press_twice() {
        long failed = deploy(REQUESTER, "deploy web feature-x to staging");
        awaitRunning(failed);
        script.release(failed, 3);
        await().atMost(WAIT).until(() -> deployment(failed).state() == DeploymentState.FAILED);
        assertThat(buttons(awaitReport(failed, "staging: failed"))).containsExactly("slipway.retry=" + failed);

        String trigger = trigger();
        press(STRANGER, CHANNEL, "retry", failed, trigger);
        press(STRANGER, CHANNEL, "retry", failed, trigger);

        await().atMost(WAIT).until(() -> latest() != failed);
        long retried = latest();
        awaitRunning(retried);
        Deployment again = deployment(retried);
        assertThat(again.ref()).isEqualTo("feature-x");
        assertThat(again.environment()).isEqualTo("staging");
        assertThat(again.requestedBy()).isEqualTo(STRANGER);
        script.release(retried, 0);
        await().atMost(WAIT).until(() -> deployment(retried).state() == DeploymentState.SUCCEEDED);
        assertThat(server.deployments()).extracting(Deployment::id).containsExactlyInAnyOrder(failed, retried);
        assertThat(script.runsOf("staging")).extracting(CountingScript.Run::deploymentId)
                .containsExactly(failed, retried);
        // The presser is told privately what the press did, once for the press Slack delivered twice.
        assertThat(slack.ephemeralsTo(STRANGER)).containsExactly("Deploying web feature-x to staging as #" + retried
                + ". I'll report here; `cancel " + retried + "` stops it.");
    }

    @Test
    void a_rollback_pressed_on_the_current_production_report_redeploys_the_version_before_and_locks_for_the_presser() {
        long first = shipped(OWNER, "web", "v1");
        long second = shipped(OWNER, "web", "v2");
        assertThat(buttons(lastReport(second))).containsExactly("slipway.rollback=" + second);

        // the older report's Rollback: no longer what runs
        press(OWNER, CHANNEL, "rollback", first, trigger());
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(OWNER).isEmpty());
        assertThat(slack.ephemeralsTo(OWNER)).singleElement().isEqualTo("#" + first + " is no longer what runs in web"
                + " production: #" + second + " (v2) is; nothing rolled back.");
        assertThat(latest()).isEqualTo(second);

        // someone who may not deploy there: refused, and nothing is locked
        press(STRANGER, CHANNEL, "rollback", second, trigger());
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(STRANGER).isEmpty());
        assertThat(slack.ephemeralsTo(STRANGER)).singleElement().asString()
                .startsWith(STRANGER + " may not deploy web to production");
        assertThat(latest()).isEqualTo(second);
        assertThat(lock("web")).isEmpty();

        // the owner's press, which Slack delivers twice
        String rollbackPress = trigger();
        press(OWNER, CHANNEL, "rollback", second, rollbackPress);
        press(OWNER, CHANNEL, "rollback", second, rollbackPress);
        await().atMost(WAIT).until(() -> latest() != second);
        long rollback = latest();
        awaitRunning(rollback);
        assertThat(deployment(rollback).ref()).isEqualTo("v1");
        assertThat(deployment(rollback).requestedBy()).isEqualTo(OWNER);
        assertThat(server.deployments()).hasSize(3);
        script.release(rollback, 0);
        await().atMost(WAIT).until(() -> deployment(rollback).state() == DeploymentState.SUCCEEDED);
        assertThat(lock("web")).map(EnvironmentLock::holder).contains(OWNER);
        assertThat(audit(rollback)).contains("deployment.rollback", "lock");

        // the presser alone is told that the environment is locked for them, and how to unlock it
        await().atMost(WAIT).until(() -> slack.ephemeralsTo(OWNER).size() == 2);
        assertThat(slack.ephemeralsTo(OWNER).get(1)).startsWith("Rolling web production back from v2 to v1.")
                .contains("web production is locked for you").contains("`unlock web production`");

        // the report it rolled back from is stale now
        press(OWNER, CHANNEL, "rollback", second, trigger());
        await().atMost(WAIT).until(() -> slack.ephemeralsTo(OWNER).size() == 3);
        assertThat(slack.ephemeralsTo(OWNER).get(2)).isEqualTo("#" + second + " is no longer what runs in web production: #"
                + rollback + " (v1) is; nothing rolled back.");
        assertThat(latest()).isEqualTo(rollback);
        assertThat(script.runsOf("production")).extracting(CountingScript.Run::deploymentId)
                .containsExactly(first, second, rollback);
    }

    @Test
    void a_rollback_in_an_environment_that_says_not_to_lock_leaves_it_unlocked() {
        shipped(OWNER, "docs", "v1");
        long second = shipped(OWNER, "docs", "v2");

        press(OWNER, CHANNEL, "rollback", second, trigger());
        await().atMost(WAIT).until(() -> latest() != second);
        long rollback = latest();
        awaitRunning(rollback);
        assertThat(deployment(rollback).ref()).isEqualTo("v1");
        script.release(rollback, 0);
        await().atMost(WAIT).until(() -> deployment(rollback).state() == DeploymentState.SUCCEEDED);
        assertThat(lock("docs")).isEmpty();
        assertThat(audit(rollback)).contains("deployment.rollback").doesNotContain("lock");
    }

    @Test
    void a_slash_command_and_an_approval_slack_delivers_twice_count_once() {
        String trigger = trigger();
        HttpResponse<String> first = slash(REQUESTER, "deploy api main to production", trigger);
        HttpResponse<String> again = slash(REQUESTER, "deploy api main to production", trigger);
        assertThat(first.body()).contains("awaits approval");
        assertThat(again.body()).contains("Already on it");
        assertThat(server.deployments()).hasSize(1);
        long id = latest();
        await().atMost(WAIT).until(() -> card(QA_A).isPresent());

        String press = trigger();
        press(QA_A, dm(QA_A), "approve", id, press);
        press(QA_A, dm(QA_A), "approve", id, press);
        await().atMost(WAIT).until(() -> !slack.ephemeralsTo(QA_A).isEmpty());
        await().atMost(WAIT).until(() -> card(QA_B).orElseThrow().param("text").contains("approved by <@" + QA_A + ">"));

        assertThat(verdicts(id)).extracting(Verdict::reviewer).containsExactly(QA_A);
        assertThat(audit(id)).containsOnlyOnce("deployment.awaiting_approval", "deployment.approve");
        assertThat(slack.ephemeralsTo(QA_A)).hasSize(1);
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
        assertThat(server.deployments()).hasSize(1);
    }

    /** {@code project} at {@code ref} to production by {@code user}, run and succeeded; returns its id. */
    private long shipped(String user, String project, String ref) {
        long id = deploy(user, "deploy " + project + " " + ref + " to production");
        awaitRunning(id);
        script.release(id, 0);
        await().atMost(WAIT).until(() -> deployment(id).state() == DeploymentState.SUCCEEDED);
        awaitReport(id, "production: succeeded");
        return id;
    }

    /** {@code text} as {@code /slipway} from {@code user}, which starts a deployment; returns it. */
    private long deploy(String user, String text) {
        assertThat(slash(user, text, trigger()).body()).contains("Deploying ");
        return latest();
    }

    private HttpResponse<String> slash(String user, String text, String trigger) {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", text, user, CHANNEL, trigger);
        assertThat(ack.statusCode()).isEqualTo(200);
        return ack;
    }

    private void press(String user, String channel, String command, long id, String trigger) {
        HttpResponse<String> ack = server.slack().post("application/x-www-form-urlencoded",
                SlackRequests.blockAction(user, channel, trigger, "slipway." + command, Long.toString(id)), Map.of());
        assertThat(ack.statusCode()).isEqualTo(200);
    }

    private String trigger() {
        return "4000000000%03d.1.abc".formatted(triggers.incrementAndGet());
    }

    private long latest() {
        return server.deployments().stream().mapToLong(Deployment::id).max().orElse(0);
    }

    private void awaitRunning(long id) {
        await().atMost(WAIT).until(() -> deployment(id).state() == DeploymentState.RUNNING
                && script.runs().stream().anyMatch(run -> run.deploymentId() == id));
    }

    private Deployment deployment(long id) {
        return server.slipway().store().read(tx -> tx.deployments().findById(id)).orElseThrow();
    }

    private List<Verdict> verdicts(long id) {
        return server.slipway().store().read(tx -> tx.deployments().listApprovals(id));
    }

    private List<String> audit(long id) {
        return server.slipway().store().read(tx -> tx.audit().listByDeployment(id)).stream()
                .map(AuditEvent::action).toList();
    }

    private Optional<EnvironmentLock> lock(String project) {
        return server.slipway().store().read(tx -> tx.locks().find(project, "production"));
    }

    /** The direct message Slipway opened with {@code user}. */
    private String dm(String user) {
        return slack.directMessageOf(user).orElseThrow();
    }

    /** The latest post or update of the approval card in {@code user}'s direct message, if any. */
    private Optional<FakeSlack.Call> card(String user) {
        Optional<String> channel = slack.directMessageOf(user);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        return slack.calls().stream().filter(c -> channel.get().equals(c.param("channel"))
                && (c.method().equals("chat.postMessage") || c.method().equals("chat.update"))).reduce((a, b) -> b);
    }

    /** The blocks of the report of {@code id} once Slipway posted or updated it with {@code text}. */
    private JsonNode awaitReport(long id, String text) {
        await().atMost(WAIT).until(() -> reportWrites(id).stream().anyMatch(c -> c.param("text").contains(text)));
        return reportWrites(id).stream().filter(c -> c.param("text").contains(text)).reduce((a, b) -> b)
                .orElseThrow().json("blocks");
    }

    private JsonNode lastReport(long id) {
        List<FakeSlack.Call> writes = reportWrites(id);
        return writes.get(writes.size() - 1).json("blocks");
    }

    private String reportText(long id) {
        List<FakeSlack.Call> writes = reportWrites(id);
        return writes.get(writes.size() - 1).param("text");
    }

    /** Every chat.postMessage and chat.update of the report of {@code id} in the channel, in order. */
    private List<FakeSlack.Call> reportWrites(long id) {
        return slack.calls().stream().filter(c -> CHANNEL.equals(c.param("channel"))
                && (c.method().equals("chat.postMessage") || c.method().equals("chat.update"))
                && c.param("text") != null && c.param("text").startsWith("#" + id + " ")).toList();
    }

}
