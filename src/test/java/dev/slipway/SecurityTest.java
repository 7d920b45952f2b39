package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Secrets;
import dev.slipway.store.Store;
import dev.slipway.store.sqlite.SqliteStore;
import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.SlackRequests;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway tried as an attacker would: a real {@code slipway serve} process on 127.0.0.1 whose secrets come from its
 * environment through {@code ${VAR}}, as README suggests, a script backend configured as README shows
 * ({@code ./deploy.sh {{environment}} {{ref}}}), real scripts, and fakes of Slack and GitLab. The slow-client and
 * broken-body cases are in {@code http.SlowAndBrokenClientsSecurityTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern DEPLOYMENT_ID = Pattern.compile("as #(\\d+)");
    private static final String CHANNEL = "C0001";
    private static final String OWNER = "U0001";

    private static final String SIGNING_SECRET = "security-signing-secret-0001";
    private static final String NOTIFY_TOKEN = "security-notify-token-0001";
    private static final String GITLAB_WEBHOOK_TOKEN = "security-gitlab-webhook-token-0001";
    private static final String HOOK_TOKEN = "security-build-hook-token-0001";
    private static final String TRIGGER_TOKEN = "glptt-SecurityTriggerToken000001";
    /** Every secret the configuration holds, each given to Slipway through its environment. */
    private static final Map<String, String> SECRETS = Map.of(
            "SLACK_SIGNING_SECRET", SIGNING_SECRET,
            "SLACK_BOT_TOKEN", FakeSlack.TOKEN,
            "NOTIFY_TOKEN", NOTIFY_TOKEN,
            "GITLAB_WEBHOOK_TOKEN", GITLAB_WEBHOOK_TOKEN,
            "WEB_HOOK_TOKEN", HOOK_TOKEN,
            "GITLAB_TRIGGER_TOKEN", TRIGGER_TOKEN);

    private static final AtomicLong TRIGGERS = new AtomicLong();

    @TempDir
    static Path dir;
    private Path work;
    private Path log;
    private FakeSlack slack;
    private FakeGitLab gitlab;
    private Process server;
    private int port;
    private Store store;

    @BeforeAll
    void start() throws Exception {
        slack = new FakeSlack(FakeSlack.TOKEN);
        gitlab = new FakeGitLab(TRIGGER_TOKEN);
        work = Files.createDirectory(dir.resolve("work"));
        // The deploy script records exactly the arguments and the environment it got; "slow" waits for a go file.
        Path script = work.resolve("deploy.sh");
        Files.writeString(script, """
                #!/bin/sh
                n="$SLIPWAY_DEPLOYMENT_ID"
                printf '%s\\0' "$@" > "args-$n"
                env > "env-$n"
                echo "deploying $2 to $1"
                cat leaked.txt
                if [ "$1" = slow ]; then
                  i=0
                  while [ ! -f "go-$n" ] && [ ! -f go-all ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
                fi
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A script may get hold of a secret some other way and print it: it must not reach the record or chat.
        Files.writeString(work.resolve("leaked.txt"), "token=" + FakeSlack.TOKEN + " notify=" + NOTIFY_TOKEN + "\n");

        String scriptBackend = "{ type: script, command: './deploy.sh {{environment}} {{ref}}', workdir: " + work
                + ", timeout: 60s }";
        Path config = dir.resolve("slipway.yaml");
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: 0 }
                database: { url: "jdbc:sqlite:%1$s/slipway.db" }
                dataDir: %1$s/data
                jobs: { workers: 4, initialBackoff: 100ms, maxBackoff: 2s, lease: 5s, pollInterval: 20ms }
                slack:
                  signingSecret: ${SLACK_SIGNING_SECRET}
                  botToken: ${SLACK_BOT_TOKEN}
                  apiUrl: %2$s
                hooks:
                  notifyToken: ${NOTIFY_TOKEN}
                  gitlabToken: ${GITLAB_WEBHOOK_TOKEN}
                projects:
                  - id: web
                    channel: %3$s
                    owners: [%4$s]
                    hookToken: ${WEB_HOOK_TOKEN}
                    environments:
                      staging: { backend: %5$s }
                      production: { backend: %5$s, allowedRefs: [main, "release/*"] }
                      slow: { backend: %5$s }
                      pipeline:
                        defaultRef: main
                        backend: { type: gitlab, url: "%6$s", projectId: 4242, triggerToken: "${GITLAB_TRIGGER_TOKEN}" }
                """.formatted(dir, slack.apiUrl(), CHANNEL, OWNER, scriptBackend, gitlab.url()));

        log = dir.resolve("serve.log");
        ProcessBuilder serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        serve.environment().putAll(SECRETS);
        server = serve.start();
        await().atMost(WAIT).until(() -> LISTENING.matcher(Files.readString(log)).find() || !server.isAlive());
        Matcher listening = LISTENING.matcher(Files.readString(log));
        assertThat(listening.find()).as(Files.readString(log)).isTrue();
        port = Integer.parseInt(listening.group(1));
        store = SqliteStore.open("jdbc:sqlite:" + dir.resolve("slipway.db"), 2);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            Files.writeString(work.resolve("go-all"), ""); // scripts outlive the server: let a waiting one end
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
            if (store != null) {
                store.close();
            }
            slack.close();
            gitlab.close();
        }
    }

    // --- 1. shell injection through the ref

    @Test
    void refs_full_of_shell_syntax_reach_the_script_as_one_literal_argument_and_never_run() throws Exception {
        Path marker = dir.resolve("pwned");
        List<String> payloads = List.of(";id", "$(touch${IFS}" + marker + ")", "`touch${IFS}" + marker + "`",
                ">" + marker, "&&touch${IFS}" + marker, "|tee${IFS}" + marker, "a'b\"c", "$(id)", "x;touch${IFS}"
                        + marker + ";", "${IFS}");

        for (String ref : payloads) {
            long id = deploy("deploy web " + ref + " to staging");
            Deployment done = awaitEnd(id);

            assertThat(done.state()).as(ref).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(arguments(id)).as(ref).containsExactly("staging", ref);
            assertThat(marker).as(ref).doesNotExist();
        }
        assertThat(slack.messages()).noneMatch(message -> message.text().contains("uid="));
    }

    @Test
    void an_allowed_ref_pattern_passes_a_payload_only_as_data() throws Exception {
        Path marker = dir.resolve("pwned-release");
        String ref = "release/$(touch${IFS}" + marker + ")";

        long id = deploy("deploy web " + ref + " to production");

        assertThat(awaitEnd(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(arguments(id)).containsExactly("production", ref);
        assertThat(marker).doesNotExist();
    }

    // --- 6. a ref that breaks git's rules is refused where it enters

    @Test
    void a_ref_with_a_nul_byte_is_refused_at_the_door_and_nothing_is_stored() {
        int before = store.read(tx -> tx.deployments().listRecent(null, null, 1000)).size();

        HttpResponse<String> ack = slackRequests().slashCommand("/slipway", "deploy web a\u0000b to staging", OWNER,
                CHANNEL, nextTrigger());

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("is not a valid ref", "control character");
        List<Deployment> after = store.read(tx -> tx.deployments().listRecent(null, null, 1000));
        assertThat(after).hasSize(before);
    }

    // --- 11. a reply quotes an excerpt, not the whole of what it did not understand

    @Test
    void a_megabyte_of_command_text_gets_a_short_reply() {
        String text = "y".repeat(1024 * 1024 - 1024);

        HttpResponse<String> ack = slackRequests().slashCommand("/slipway", text, OWNER, CHANNEL, nextTrigger());

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("know `yyyyy").hasSizeLessThan(4000);
    }

    // --- 2. no secret reaches a script, the record, chat or the logs

    @Test
    void no_configured_secret_reaches_a_script_the_stored_output_a_chat_message_or_the_logs() throws Exception {
        long id = deploy("deploy web main to staging");
        Deployment done = awaitEnd(id);

        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        String environment = Files.readString(work.resolve("env-" + id));
        assertThat(environment).contains("SLIPWAY_REF=main", "SLIPWAY_ENVIRONMENT=staging", "PATH=");
        for (String name : SECRETS.keySet()) {
            assertThat(environment).doesNotContain(name + "=");
        }
        // The script printed two secrets anyway: they are masked in the record and in the report.
        String output = store.read(tx -> tx.deployments().findOutput(id)).orElseThrow();
        assertThat(output).contains("token=" + Secrets.MASK, "notify=" + Secrets.MASK);
        assertThat(done.outputTail()).contains("token=" + Secrets.MASK);
        await().atMost(WAIT).until(() -> slack.messages().stream().anyMatch(m -> m.text().contains("token=" + Secrets.MASK)));

        // And over everything every test here did so far: scripts' environments, stored output, chat, logs.
        List<String> places = new ArrayList<>();
        try (Stream<Path> files = Files.list(work)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("env-")).toList()) {
                places.add(file + ": " + Files.readString(file));
            }
        }
        for (Deployment deployment : store.read(tx -> tx.deployments().listRecent(null, null, 1000))) {
            places.add("output of #" + deployment.id() + ": "
                    + store.read(tx -> tx.deployments().findOutput(deployment.id())).orElse("")
                    + " " + deployment.summary() + " " + deployment.outputTail());
        }
        slack.calls().forEach(call -> places.add("Slack " + call.method() + ": " + call.params()));
        places.add("log: " + Files.readString(log));
        for (String secret : SECRETS.values()) {
            assertThat(places).as("where %s appears", secret).noneMatch(place -> place.contains(secret));
        }
    }

    // --- 7. a timestamp far in the past does not wrap around into the window

    @Test
    void a_request_dated_two_to_the_sixty_third_seconds_ago_gets_401() {
        String body = SlackRequests.encode(SlackRequests.slashCommandFields("/slipway", "status", OWNER, CHANNEL,
                nextTrigger()));
        long ancient = Instant.now().getEpochSecond() + Long.MIN_VALUE; // now - 2^63
        HttpResponse<String> response = slackRequests().send("application/x-www-form-urlencoded", body,
                Long.toString(ancient), SlackRequests.sign(SIGNING_SECRET, ancient, body), Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    // --- 8. the build hook does not tell which projects exist

    @Test
    void the_build_hook_answers_an_unknown_project_and_a_wrong_token_alike() {
        String build = "{\"project\":\"%s\",\"image\":\"registry.example.com/web:1\",\"type\":\"branch\",\"target\":\"x\"}";
        Map<String, String> wrong = Map.of("Authorization", "Bearer not-the-token");

        HttpResponse<String> unknown = post("/hooks/build-complete", "application/json", build.formatted("nope"), wrong);
        HttpResponse<String> known = post("/hooks/build-complete", "application/json", build.formatted("web"), wrong);

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(known.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(known.body()).doesNotContain("nope", "web");
    }

    // --- 9. a pipeline id that is not an integer is refused, not truncated

    @Test
    void a_gitlab_pipeline_id_with_a_fraction_gets_400_and_moves_nothing() throws Exception {
        long id = deploy("deploy web pipeline");
        await().atMost(WAIT).until(() -> load(id).state() == DeploymentState.RUNNING && load(id).externalId() != null);
        long pipeline = Long.parseLong(load(id).externalId());
        Map<String, String> headers = gitlab.pipelineHookHeaders(GITLAB_WEBHOOK_TOKEN);

        HttpResponse<String> fraction = post("/hooks/gitlab", "application/json",
                "{\"object_kind\":\"pipeline\",\"object_attributes\":{\"id\":" + pipeline + ".7,\"status\":\"failed\"}}",
                headers);

        assertThat(fraction.statusCode()).isEqualTo(400);
        assertThat(fraction.body()).contains("integer");
        assertThat(load(id).state()).isEqualTo(DeploymentState.RUNNING);
        HttpResponse<String> whole = post("/hooks/gitlab", "application/json",
                "{\"object_kind\":\"pipeline\",\"object_attributes\":{\"id\":" + pipeline + ",\"status\":\"success\"}}",
                headers);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(awaitEnd(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    // --- 10. a report cannot end a run Slipway follows itself

    @Test
    void the_notify_hook_cannot_end_a_running_script_deployment() throws Exception {
        long id = deploy("deploy web main to slow");
        await().atMost(WAIT).until(() -> load(id).state() == DeploymentState.RUNNING && load(id).messageRef() != null);

        HttpResponse<String> report = get("/hooks/notify?token=" + NOTIFY_TOKEN + "&source=gitlab&result=failure&channel="
                + CHANNEL + "&timestamp=" + load(id).messageRef());

        assertThat(report.statusCode()).isEqualTo(409);
        assertThat(report.body()).contains("script");
        assertThat(load(id).state()).isEqualTo(DeploymentState.RUNNING);
        String busy = slackRequests().slashCommand("/slipway", "deploy web main to slow", OWNER, CHANNEL, nextTrigger())
                .body();
        assertThat(busy).contains("#" + id);
        Files.writeString(work.resolve("go-" + id), "");
        assertThat(awaitEnd(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    // --- helpers

    /** Sends a signed slash command and returns the id of the deployment it queued. */
    private long deploy(String text) {
        HttpResponse<String> ack = slackRequests().slashCommand("/slipway", text, OWNER, CHANNEL, nextTrigger());
        assertThat(ack.statusCode()).isEqualTo(200);
        Matcher id = DEPLOYMENT_ID.matcher(ack.body());
        assertThat(id.find()).as(ack.body()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private Deployment awaitEnd(long id) {
        await().atMost(WAIT).until(() -> load(id).state().isTerminal());
        return load(id);
    }

    private Deployment load(long id) {
        return store.read(tx -> tx.deployments().findById(id)).orElseThrow();
    }

    private List<String> arguments(long id) throws IOException {
        String recorded = Files.readString(work.resolve("args-" + id));
        return List.of(recorded.substring(0, recorded.length() - 1).split("\0", -1));
    }

    private SlackRequests slackRequests() {
        return new SlackRequests(port, SIGNING_SECRET);
    }

    private static String nextTrigger() {
        return "1000000000" + TRIGGERS.incrementAndGet() + ".1.security";
    }

    private HttpResponse<String> get(String pathAndQuery) {
        return LoopbackHttp.get(port, pathAndQuery);
    }

    private HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) {
        return LoopbackHttp.post(port, path, contentType, body, headers);
    }
}
