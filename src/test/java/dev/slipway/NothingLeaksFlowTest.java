package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.testing.CapturedLogs;
import dev.slipway.testing.FakeAzure;
import dev.slipway.testing.FakeCircleCi;
import dev.slipway.testing.FakeGitHub;
import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.FakeWebhookReceiver;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import dev.slipway.testing.SlipwayHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments through each provider's fake failing every way a provider fails — refusing the credentials, answering
 * 500 with a body that echoes them, a connection refused, a timeout — with distinctive secrets configured: what
 * people read (the acknowledgement, every Slack message, the record and its audit) carries no class name, stack
 * trace, SQL, server path or secret, and no line of the log, formatted as the production configuration writes it,
 * shows a secret or anything shaped like a token.
 */
class NothingLeaksFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CHANNEL = ServerHarness.CHANNEL;
    private static final String OWNER = ServerHarness.OWNER;

    private static final String GITLAB_TRIGGER = "glptt-LEAKCHECK-GitLabTrigger0001";
    private static final String CIRCLECI_TOKEN = "CCIPAT_LEAKCHECK_CircleToken0001";
    private static final String CIRCLECI_WRONG = "CCIPAT_LEAKCHECK_WrongToken0001";
    private static final String WEBHOOK_SECRET = "LEAKCHECK-webhook-secret-0001";
    private static final String AZURE_SECRET = "LEAKCHECK~AzureClientSecret0001";
    private static final String NOTIFY_TOKEN = "LEAKCHECK-notify-token-0001";
    private static final String GITHUB_WRONG = "ghp_LEAKCHECKWrongGitHubToken0000000000001";
    private static final String GITHUB_CHANNEL = "C0002";
    /** Every secret the configuration holds, Slack's own included. */
    private static final Set<String> SECRETS = Set.of(GITLAB_TRIGGER, CIRCLECI_TOKEN, CIRCLECI_WRONG, WEBHOOK_SECRET,
            AZURE_SECRET, NOTIFY_TOKEN, GITHUB_WRONG, FakeSlack.TOKEN, SlackRequests.SECRET);
    /** What a text shown to people or HTTP callers must never contain. */
    private static final List<String> INTERNALS = List.of("Exception", "java.", "dev.slipway", "at dev.", "SELECT",
            "INSERT", "/tmp/", "/work/");

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs("com.slack.api", "io.fabric8", "jdk.internal.httpclient");
    @TempDir
    Path dir;
    private FakeSlack slack;
    private FakeGitLab gitlab;
    private FakeCircleCi circleci;
    private FakeWebhookReceiver receiver;
    private FakeAzure azure;
    private FakeGitHub github;
    private ServerHarness server;
    private final List<String> shown = new ArrayList<>();
    private final AtomicInteger triggers = new AtomicInteger();

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        gitlab = new FakeGitLab(GITLAB_TRIGGER);
        circleci = new FakeCircleCi(CIRCLECI_TOKEN, Set.of());
        receiver = new FakeWebhookReceiver(WEBHOOK_SECRET);
        azure = new FakeAzure();
        azure.runbook("restart-web", true);
        github = FakeGitHub.builder().refs("main").start();
        String closed = "http://127.0.0.1:" + closedPort();
        server = ServerHarness.startWithPublicUrl(dir, slack, """
                hooks:
                  notifyToken: %1$s
                azure:
                  tenantId: %2$s
                  clientId: %3$s
                  clientSecret: "%4$s"
                  subscriptionId: %5$s
                  resourceGroup: %6$s
                  automationAccount: %7$s
                  authorityUrl: "%8$s"
                  managementUrl: "%9$s"
                  portalUrl: "%10$s"
                  pollInterval: 50ms
                runbooks:
                  - name: restart-web
                    project: web
                    deployers: [owners]
                projects:
                  - id: web
                    channel: %11$s
                    owners: [%12$s]
                    environments:
                      gitlab:
                        defaultRef: main
                        backend: { type: gitlab, url: "%13$s", projectId: 4242, triggerToken: "%14$s" }
                      gitlab-down:
                        defaultRef: main
                        backend: { type: gitlab, url: "%15$s", projectId: 4242, triggerToken: "%14$s" }
                      circleci-refused:
                        defaultRef: main
                        backend: { type: circleci, url: "%16$s", projectSlug: "%17$s", token: "%18$s" }
                      circleci-slow:
                        defaultRef: main
                        backend: { type: circleci, url: "%16$s", projectSlug: "%17$s", token: "%19$s", timeout: 200ms }
                      webhook-slow:
                        defaultRef: main
                        backend: { type: webhook, url: "%20$s", secret: "%21$s", timeout: 200ms }
                      webhook-down:
                        defaultRef: main
                        backend: { type: webhook, url: "%15$s/deploy", secret: "%21$s" }
                  - id: gh
                    channel: %22$s
                    github: { repo: %23$s, apiUrl: "%24$s", token: %25$s }
                    environments:
                      staging:
                        defaultRef: main
                        backend: { type: github, requiredContexts: [] }
                """.formatted(NOTIFY_TOKEN, FakeAzure.TENANT, FakeAzure.CLIENT_ID, AZURE_SECRET,
                FakeAzure.SUBSCRIPTION, FakeAzure.RESOURCE_GROUP, FakeAzure.AUTOMATION_ACCOUNT, azure.authorityUrl(),
                azure.managementUrl(), FakeAzure.PORTAL_URL, CHANNEL, OWNER, gitlab.url(), GITLAB_TRIGGER, closed,
                circleci.url(), FakeCircleCi.PROJECT_SLUG, CIRCLECI_WRONG, CIRCLECI_TOKEN, receiver.url(),
                WEBHOOK_SECRET, GITHUB_CHANNEL, FakeGitHub.REPO, github.url(), GITHUB_WRONG));
    }

    @AfterEach
    void stop() {
        server.close();
        azure.close();
        github.close();
        receiver.close();
        circleci.close();
        gitlab.close();
        slack.close();
    }

    @Test
    void gitlab_refusing_the_trigger_token_with_401_leaks_nothing() {
        gitlab.answerNext(1, 401, "{\"message\":\"401 Unauthorized: token " + GITLAB_TRIGGER + " is not valid\"}");
        fails(deploy("gitlab"));
        assertNothingLeaked();
    }

    @Test
    void gitlab_answering_500_with_a_body_that_echoes_the_token_and_a_stack_trace_leaks_nothing() {
        gitlab.answerNext(50, 500, "{\"message\":\"java.lang.IllegalStateException: SELECT * FROM tokens WHERE token='"
                + GITLAB_TRIGGER + "'\\n\\tat org.gitlab.Api.run(Api.java:12)\",\"path\":\"/tmp/gitlab/x\","
                + "\"token\":\"" + GITLAB_TRIGGER + "\",\"auth\":\"Bearer " + FakeSlack.TOKEN + "\"}");
        fails(deploy("gitlab"));
        assertNothingLeaked();
    }

    @Test
    void gitlab_refusing_with_400_whose_message_quotes_internals_and_the_token_leaks_nothing() {
        gitlab.answerNext(1, 400, "{\"message\":{\"base\":[\"java.lang.IllegalArgumentException: variable for "
                + GITLAB_TRIGGER + " at /tmp/builds/x.yml: Authorization: Bearer " + FakeSlack.TOKEN + "\"]}}");
        Deployment failed = fails(deploy("gitlab"));
        assertThat(failed.summary()).contains("variable for");
        assertNothingLeaked();
    }

    @Test
    void gitlab_refusing_the_connection_leaks_nothing() {
        Deployment failed = fails(deploy("gitlab-down"));
        assertThat(failed.summary()).containsIgnoringCase("refused");
        assertNothingLeaked();
    }

    @Test
    void circleci_refusing_the_token_leaks_nothing() {
        Deployment failed = fails(deploy("circleci-refused"));
        assertThat(failed.summary()).contains("401");
        assertNothingLeaked();
    }

    @Test
    void circleci_timing_out_leaks_nothing() {
        circleci.delayResponses(Duration.ofSeconds(2));
        fails(deploy("circleci-slow"));
        assertNothingLeaked();
    }

    @Test
    void a_webhook_receiver_timing_out_or_away_leaks_nothing() {
        receiver.delayResponses(Duration.ofSeconds(2));
        fails(deploy("webhook-slow"));
        fails(deploy("webhook-down"));
        assertNothingLeaked();
    }

    @Test
    void azure_refusing_the_client_secret_leaks_nothing() {
        String ack = command("runbook restart-web");
        long id = Long.parseLong(ack.replaceAll("(?s).*as #(\\d+).*", "$1"));
        fails(id);
        assertNothingLeaked();
    }

    @Test
    void github_refusing_the_token_leaks_nothing_in_a_deployment_or_an_answer_about_the_repository() {
        fails(deploy("gh", "staging", GITHUB_CHANNEL));
        assertThat(command("history", GITHUB_CHANNEL)).doesNotContain("as #");
        assertThat(command("setup " + FakeGitHub.REPO, GITHUB_CHANNEL)).contains("Asking GitHub");
        await().atMost(WAIT).until(() -> !slack.calls("chat.postEphemeral").isEmpty());
        assertNothingLeaked();
    }

    @Test
    void the_console_shows_no_internals_of_a_provider_refusal() throws IOException {
        gitlab.answerNext(1, 400, "{\"message\":\"java.io.FileNotFoundException: /work/ci/" + GITLAB_TRIGGER
                + ".yml (No such file or directory)\"}");
        Path consoleDir = Files.createDirectory(dir.resolve("console"));
        try (SlipwayHarness console = SlipwayHarness.start(consoleDir, """
                database: { url: "jdbc:sqlite:${DIR}/slipway.db" }
                dataDir: ${DIR}/data
                jobs: { workers: 2, initialBackoff: 100ms, maxBackoff: 1s, lease: 3s, pollInterval: 50ms }
                projects:
                  - id: web
                    owners: [alice]
                    environments:
                      gitlab:
                        defaultRef: main
                        backend: { type: gitlab, url: "%s", projectId: 4242, triggerToken: "%s" }
                """.formatted(gitlab.url(), GITLAB_TRIGGER))) {
            List<Long> started = console.console("alice", "deploy web gitlab", "status web");
            assertThat(console.deployment(started.get(0)).state().label()).isEqualTo("failed");
            assertThat(console.output()).contains("No such file or directory");
            shown.add("console: " + console.output());
        }
        assertNothingLeaked();
    }

    @Test
    void the_console_answers_a_command_that_breaks_without_internals() throws IOException {
        Path consoleDir = Files.createDirectory(dir.resolve("broken"));
        SlipwayHarness console = SlipwayHarness.start(consoleDir, SlipwayHarness.demoYaml("true", "true", ""));
        console.slipway().close(); // the database goes with it: every command that reads it now throws
        console.type("alice", "status demo", "deploy demo main to staging");
        assertThat(console.output()).contains("Sorry, I could not do that just now");
        shown.add("console: " + console.output());
        assertNothingLeaked();
    }

    @Test
    void http_callers_get_no_internals_for_bad_requests() {
        shown(server.post("/hooks/notify", "application/json", "{not json", Map.of()));
        shown(server.post("/hooks/notify?token=" + NOTIFY_TOKEN, "application/json", "{\"deployment\":\"x\"}",
                Map.of()));
        shown(server.post("/hooks/webhook?project=web&environment=webhook-slow&deployment=99&token=wrong",
                "application/json", "[]", Map.of()));
        shown(server.post("/slack/events", "application/json", "{\"type\":", Map.of()));
        shown(server.get("/hooks/notify?" + "x".repeat(10_000)));
        shown(server.get("/healthz"));
        shown(server.get("/nowhere/../../etc/passwd"));
        assertNothingLeaked();
    }

    private long deploy(String environment) {
        return deploy("web", environment, CHANNEL);
    }

    private long deploy(String project, String environment, String channel) {
        String ack = command("deploy " + project + " " + environment, channel);
        assertThat(ack).as(ack).contains("as #");
        return Long.parseLong(ack.replaceAll("(?s).*as #(\\d+).*", "$1"));
    }

    private String command(String text) {
        return command(text, CHANNEL);
    }

    private String command(String text, String channel) {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", text, OWNER, channel,
                "1000000000." + triggers.incrementAndGet() + ".leak");
        shown(ack);
        return ack.body();
    }

    private Deployment fails(long id) {
        await().atMost(WAIT).until(() -> deployment(id).state().isTerminal());
        Deployment ended = deployment(id);
        assertThat(ended.state().label()).as(ended.summary()).isEqualTo("failed");
        await().atMost(WAIT).until(() -> slack.calls().stream()
                .anyMatch(call -> String.valueOf(call.param("text")).contains("failed")));
        shown.add("summary of #" + id + ": " + ended.summary() + " | " + ended.outputTail());
        for (AuditEvent event : server.slipway().store().read(tx -> tx.audit().listByDeployment(id))) {
            shown.add("audit of #" + id + ": " + event);
        }
        return ended;
    }

    private void shown(HttpResponse<String> response) {
        shown.add(response.request().uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
    }

    private void assertNothingLeaked() {
        slack.calls().forEach(call -> shown.add("Slack " + call.method() + ": " + call.params()));
        for (String text : shown) {
            assertThat(text).as("shown").doesNotContain(INTERNALS.toArray(String[]::new));
            assertThat(text).as("shown").doesNotContain(SECRETS.toArray(String[]::new));
        }
        assertThat(logs.lines()).as("the log").isNotEmpty();
        assertThat(logs.leaking(SECRETS)).as("log lines that leak").isEmpty();
    }

    private Deployment deployment(long id) {
        return server.deployments().stream().filter(d -> d.id() == id).findFirst().orElseThrow();
    }

    private static int closedPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
