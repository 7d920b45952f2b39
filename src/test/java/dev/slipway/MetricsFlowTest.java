package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.PrometheusText;
import dev.slipway.testing.ServerHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on a real server with fake Slack and GitLab: what operators alert on — deployments by outcome,
 * jobs, inbound answers, calls to Slack and providers — counted from what really happened, behind the metrics token.
 */
class MetricsFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "metrics-token-0001";

    @TempDir
    Path dir;

    private ServerHarness server;
    private FakeSlack slack;

    @BeforeEach
    void start() {
        server = ServerHarness.startWithFakesAndMetricsToken(dir, TOKEN);
        slack = server.fakeSlack();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> metrics(String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return LoopbackHttp.send(request.GET());
    }

    private PrometheusText scrape() {
        HttpResponse<String> answer = metrics("Bearer " + TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        return PrometheusText.parse(answer.body());
    }

    @Test
    void metrics_are_served_only_with_the_token_in_prometheus_text_format() {
        HttpResponse<String> none = metrics(null);
        HttpResponse<String> wrong = metrics("Bearer metrics-token-0002");
        HttpResponse<String> right = metrics("Bearer " + TOKEN);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.body()).doesNotContain("jvm_");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        PrometheusText text = PrometheusText.parse(right.body());
        assertThat(text.has("jvm_memory_used_bytes")).isTrue();
        assertThat(text.has("jvm_gc_pause_seconds_count") || text.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
        assertThat(text.has("process_uptime_seconds")).isTrue();
        assertThat(text.has("hikaricp_connections")).isTrue();
        assertThat(text.find("slipway_jobs_waiting")).singleElement().satisfies(s -> assertThat(s.value()).isZero());
        assertThat(text.find("slipway_jobs_oldest_waiting_age_seconds")).hasSize(1);
        // the two refused scrapes are counted as answers of the metrics surface
        assertThat(text.sum("slipway_http_requests_seconds_count", "surface", "metrics", "status", "401")).isEqualTo(2);
    }

    @Test
    void a_deployment_is_counted_from_its_start_to_its_outcome_with_the_calls_it_made() throws Exception {
        HttpResponse<String> ack = server.slack().slashCommand("/slipway", "deploy web-api main to staging",
                ServerHarness.OWNER, ServerHarness.CHANNEL, "1000000000001.1.abc");
        assertThat(ack.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> server.deployments().stream().anyMatch(d -> d.state() == DeploymentState.RUNNING));
        String reportTs = slack.messages().get(0).ts();
        assertThat(server.get("/hooks/notify?token=" + ServerHarness.NOTIFY_TOKEN + "&result=success&channel="
                + ServerHarness.CHANNEL + "&timestamp=" + reportTs).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> scrape().sum("slipway_jobs_handled_total", "kind", "notify-deployment:slack",
                "outcome", "completed") >= 3);

        PrometheusText text = scrape();

        String[] staging = {"project", "web-api", "environment", "staging", "backend", "gitlab"};
        assertThat(text.sum("slipway_deployments_started_total", staging)).isEqualTo(1);
        assertThat(text.sum("slipway_deployments_finished_total", "project", "web-api", "environment", "staging",
                "backend", "gitlab", "outcome", "succeeded")).isEqualTo(1);
        assertThat(text.sum("slipway_deployments_finished_total", "outcome", "failed")).isZero();
        assertThat(text.sum("slipway_deployment_duration_seconds_count", "project", "web-api", "outcome", "succeeded"))
                .isEqualTo(1);
        assertThat(text.sum("slipway_deployment_duration_seconds_bucket", "project", "web-api", "le", "+Inf"))
                .isEqualTo(1);
        assertThat(text.sum("slipway_jobs_handled_total", "kind", "run-deployment", "outcome", "completed")).isEqualTo(1);
        assertThat(text.sum("slipway_provider_calls_seconds_count", "provider", "gitlab", "method", "POST",
                "outcome", "2xx")).isEqualTo(1);
        assertThat(text.sum("slipway_slack_calls_seconds_count", "method", "chat.postMessage", "outcome", "ok"))
                .isGreaterThanOrEqualTo(1);
        assertThat(text.sum("slipway_http_requests_seconds_count", "surface", "slack", "status", "200")).isEqualTo(1);
        assertThat(text.sum("slipway_http_requests_seconds_count", "surface", "hook_notify", "status", "200"))
                .isEqualTo(1);
        assertThat(metricsTheExampleAlertsUse()).isNotEmpty().allMatch(text::has);
    }

    /** Every slipway_* metric named in deploy/prometheus/slipway-alerts.yaml, so that the examples keep working. */
    private static java.util.Set<String> metricsTheExampleAlertsUse() throws java.io.IOException {
        String rules = java.nio.file.Files.readString(Path.of("deploy/prometheus/slipway-alerts.yaml"));
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode group : new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(rules).path("groups")) {
            for (com.fasterxml.jackson.databind.JsonNode rule : group.path("rules")) {
                java.util.regex.Matcher metric = java.util.regex.Pattern.compile("slipway_[a-z_]+")
                        .matcher(rule.path("expr").asText());
                while (metric.find()) {
                    names.add(metric.group());
                }
            }
        }
        return names;
    }

    @Test
    void refused_requests_are_counted_by_surface_and_status_even_when_jetty_answers_them() {
        HttpResponse<String> forged = server.slack().send("application/x-www-form-urlencoded", "command=%2Fslipway",
                Long.toString(java.time.Instant.now().getEpochSecond()), "v0=" + "0".repeat(64), Map.of());
        int tooLarge = LoopbackHttp.statusOfPostAskingFirst(server.port(), "/hooks/gitlab", "application/json",
                "x".repeat(1024 * 1024 + 10), Map.of());
        HttpResponse<String> unknown = server.get("/wp-login.php");
        HttpResponse<String> badHookToken = server.get("/hooks/notify?token=wrong&result=success");

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(tooLarge).isEqualTo(413);
        assertThat(unknown.statusCode()).isEqualTo(404);
        PrometheusText text = scrape();
        assertThat(text.sum("slipway_http_requests_seconds_count", "surface", "slack", "status", "401")).isEqualTo(1);
        assertThat(text.sum("slipway_http_requests_seconds_count", "surface", "hook_gitlab", "status", "413"))
                .isEqualTo(1);
        assertThat(text.sum("slipway_http_requests_seconds_count", "surface", "web", "status", "404")).isEqualTo(1);
        assertThat(text.sum("slipway_http_requests_seconds_count", "surface", "hook_notify",
                "status", Integer.toString(badHookToken.statusCode()))).isEqualTo(1);
        // a path's own text never becomes a label: scans cannot grow the scrape
        assertThat(text.find("slipway_http_requests_seconds_count").stream().map(s -> s.labels().get("surface")))
                .allMatch(surface -> surface.matches("slack|slack_install|hook_[a-z-]+|health|metrics|api|web"))
                .doesNotContain("wp-login.php");
    }

    @Test
    void slack_rate_limits_and_the_retries_they_cause_are_counted() {
        slack.rateLimitNext("chat.postMessage", 1, 1);

        server.slack().slashCommand("/slipway", "deploy web-api main to staging", ServerHarness.OWNER,
                ServerHarness.CHANNEL, "1000000000002.1.abc");
        await().atMost(WAIT).until(() -> !slack.messages().isEmpty());

        PrometheusText text = scrape();
        assertThat(text.sum("slipway_slack_calls_seconds_count", "method", "chat.postMessage", "outcome",
                "rate_limited")).isEqualTo(1);
        assertThat(text.sum("slipway_slack_calls_seconds_count", "method", "chat.postMessage", "outcome", "ok"))
                .isGreaterThanOrEqualTo(1);
        assertThat(text.sum("slipway_jobs_handled_total", "kind", "notify-deployment:slack", "outcome", "retried"))
                .isEqualTo(1);
    }
}
