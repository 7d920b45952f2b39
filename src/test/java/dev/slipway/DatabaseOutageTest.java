package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.EmbeddedPostgresServer;
import dev.slipway.testing.FakeGitLab;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Slipway server on a real PostgreSQL that is stopped and started again under it: while the database is
 * away every inbound request is answered 503 within Slack's three seconds, nothing answered so takes effect
 * later, and Slipway recovers by itself once the database is back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DatabaseOutageTest {
    private static final String CHANNEL = ServerHarness.CHANNEL;
    private static final String OWNER = ServerHarness.OWNER;
    /** Threads of their own: the common pool may have one thread only, and the stop would hold it. */
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "outage-test-client");
        thread.setDaemon(true);
        return thread;
    });

    @TempDir
    Path dir;
    private EmbeddedPostgresServer postgres;
    private ServerHarness server;
    private FakeGitLab gitlab;

    @BeforeEach
    void start() throws Exception {
        postgres = EmbeddedPostgresServer.start();
        String url = postgres.createDatabase("slipway");
        server = ServerHarness.startWithFakesOnPostgres(dir, url, EmbeddedPostgresServer.USER);
        gitlab = server.fakeGitLab();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            postgres.close();
        }
    }

    @Test
    void answers_503_in_time_while_the_database_is_away_and_recovers_without_a_restart() throws Exception {
        assertThat(server.get("/readyz").statusCode()).isEqualTo(200);

        SoftAssertions outage = new SoftAssertions();
        // A stop takes a while to finish; the database is gone as soon as it refuses connections.
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                postgres.stop();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, CLIENTS);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !postgres.acceptsConnections());
        long gone = System.nanoTime();

        Answer ready = answerOf(() -> server.get("/readyz"));
        outage.assertThat(ready.status()).as("readyz during the outage").isEqualTo(503);
        outage.assertThat(Duration.ofNanos(ready.answeredAt() - gone)).as("readyz answered after the database went")
                .isLessThan(Duration.ofSeconds(1));

        Answer command = answerOf(() -> server.slack().slashCommand("/slipway", "deploy web-api main to production",
                OWNER, CHANNEL, "1000000000001.1.outage"));
        outage.assertThat(command.status()).as("slash command during the outage").isEqualTo(503);
        outage.assertThat(command.took()).as("slash command during the outage").isLessThan(Duration.ofSeconds(3));

        String mention = SlackRequests.mention("EvOutage01", OWNER, CHANNEL, "1717171701.000100", null,
                "<@U0009> deploy web-api main to staging");
        Answer event = answerOf(() -> server.slack().event(mention, Map.of()));
        outage.assertThat(event.status()).as("event during the outage").isEqualTo(503);
        outage.assertThat(event.took()).as("event during the outage").isLessThan(Duration.ofSeconds(3));

        Answer hook = answerOf(() -> server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN
                + "&result=success&channel=" + CHANNEL + "&timestamp=1717171702.000100"));
        outage.assertThat(hook.status()).as("notify hook during the outage").isEqualTo(503);
        outage.assertThat(hook.took()).as("notify hook during the outage").isLessThan(Duration.ofSeconds(3));

        stopping.get(60, TimeUnit.SECONDS);
        postgres.startAgain();

        await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/readyz").statusCode() == 200);
        // What was answered 503 never lands, not even once the database and the workers are back.
        outage.assertThat(staysTrue(() -> server.deployments().isEmpty() && gitlab.pipelines().isEmpty()))
                .as("nothing answered 503 was deployed after the database came back").isTrue();
        outage.assertAll();

        // Slack retries the event with the same id; a new slash command is a new request. Each deploys once.
        assertThat(server.slack().event(mention, Map.of("X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_error")).statusCode()).isEqualTo(200);
        HttpResponse<String> again = server.slack().slashCommand("/slipway", "deploy web-api main to production",
                OWNER, CHANNEL, "1000000000002.1.outage");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Deploying web-api main to production");
        await().atMost(Duration.ofSeconds(30)).until(() -> gitlab.pipelines().size() == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                gitlab.pipelines().size() == 2 && server.deployments().size() == 2);
        assertThat(server.deployments()).extracting(deployment -> deployment.environment())
                .containsExactlyInAnyOrder("staging", "production");
    }

    private static boolean staysTrue(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private record Answer(int status, Duration took, long answeredAt) {
    }

    /** Sends a request and times its answer; one that has none after ten seconds counts as none (status -1). */
    private static Answer answerOf(Supplier<HttpResponse<String>> request) throws Exception {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> response = CompletableFuture.supplyAsync(request, CLIENTS);
        try {
            int status = response.get(10, TimeUnit.SECONDS).statusCode();
            long end = System.nanoTime();
            return new Answer(status, Duration.ofNanos(end - start), end);
        } catch (TimeoutException e) {
            long end = System.nanoTime();
            return new Answer(-1, Duration.ofNanos(end - start), end);
        }
    }
}
