package dev.slipway.replicas;

import static dev.slipway.testing.ReplicaCluster.OWNER;
import static dev.slipway.testing.ReplicaCluster.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.testing.Concurrently;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.ReplicaCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web dashboard and the JSON API with two Slipway servers as separate processes on one PostgreSQL: sign-in
 * links, sessions and API tokens live in the database, so what one replica made or ended holds on the other, and
 * what a deployment asked through one replica does shows on the other's pages and API. Links and tokens are made
 * by the CLI, run against a replica's own config, as an operator would.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAcrossReplicasTest {
    private static final int A = 0;
    private static final int B = 1;
    private static final Duration REQUEST_WAIT = Duration.ofSeconds(15);
    /** The page re-fetches its live parts every 2 s; a busy machine of two cores gets some slack beyond that. */
    private static final Duration SHOWS_WITHIN = Duration.ofSeconds(20);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern LINK = Pattern.compile("/login\\?token=([A-Za-z0-9_-]{43})");
    private static final Pattern LOGIN = Pattern.compile("name=\"login\" value=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private ReplicaCluster cluster;

    @BeforeAll
    void start() {
        cluster = ReplicaCluster.builder(dir).environments("staging", "production").start();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void a_session_made_on_one_replica_is_known_to_the_other() {
        String cookie = signIn(A, webLogin(A, "alice"));

        HttpResponse<String> page = get(B, "/", cookie);

        assertThat(page.statusCode()).as("B's board for A's session").isEqualTo(200);
        assertThat(page.body()).contains("Signed in as").contains("id=\"signed-in-as\">alice</strong>");
        assertThat(get(B, "/live/board", cookie).statusCode()).isEqualTo(200);
    }

    @Test
    void a_deployment_asked_through_one_replica_and_its_end_show_on_the_other() throws Exception {
        String token = apiToken(A, OWNER, "ci-across");
        String cookie = signIn(A, webLogin(A, "alice"));
        cluster.script().hold("staging");

        HttpResponse<String> asked = send(HttpRequest.newBuilder(uri(A, "/api/v1/deployments"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"project\":\"" + PROJECT + "\",\"environment\":\"staging\",\"ref\":\"main\"}")));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        long id = JSON.readTree(asked.body()).get("id").asLong();

        // Under way: B's board shows it among the active ones, and B's API knows it.
        await().atMost(SHOWS_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> board = get(B, "/live/board", cookie);
            assertThat(board.statusCode()).isEqualTo(200);
            assertThat(board.body()).contains("<a href=\"/deployments/" + id + "\">#" + id + "</a> main")
                    .contains("state-running");
        });
        JsonNode running = apiDeployment(B, id, token);
        assertThat(running.get("id").asLong()).isEqualTo(id);
        assertThat(running.get("state").asText()).isIn("queued", "running");

        cluster.script().release(id, 0);

        await().atMost(SHOWS_WITHIN).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(apiDeployment(B, id, token).get("state").asText())
                        .isEqualTo("succeeded"));
        await().atMost(SHOWS_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> live = get(B, "/live/deployments/" + id, cookie);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("id=\"state\">succeeded</span>");
            String board = get(B, "/live/board", cookie).body();
            // Now the one running in staging: in the "Running now" cell, no longer under way.
            assertThat(board).contains("<a href=\"/deployments/" + id + "\">main</a>")
                    .doesNotContain(">#" + id + "</a>");
        });
    }

    @Test
    void signing_out_on_one_replica_ends_the_session_on_the_other() {
        String cookie = signIn(A, webLogin(A, "alice"));
        assertThat(get(B, "/", cookie).statusCode()).as("signed in on B before").isEqualTo(200);
        Matcher csrf = CSRF.matcher(get(A, "/", cookie).body());
        assertThat(csrf.find()).as("a form token in A's page").isTrue();

        HttpResponse<String> out = post(A, "/logout", "csrf=" + encode(csrf.group(1)), Map.of("Cookie", cookie));

        assertThat(out.statusCode()).isEqualTo(303);
        HttpResponse<String> page = get(B, "/", cookie);
        assertThat(page.statusCode()).as("B's board after signing out on A").isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
        assertThat(get(B, "/live/board", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void a_sign_in_link_sent_to_both_replicas_at_once_signs_in_once() {
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            String token = webLogin(A, "alice");
            // Each replica's sign-in form, opened first: only the posts race.
            Map<String, String> formA = openForm(A, token);
            Map<String, String> formB = openForm(B, token);

            List<HttpResponse<String>> answers = Concurrently.atOnce(REQUEST_WAIT, List.of(
                    () -> redeem(A, token, formA),
                    () -> redeem(B, token, formB)));

            List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).sorted().toList();
            rounds.add("round " + round + ": A " + answers.get(0).statusCode() + ", B " + answers.get(1).statusCode());
            assertThat(statuses).as(String.join("; ", rounds)).containsExactly(303, 401);
            HttpResponse<String> won = answers.get(0).statusCode() == 303 ? answers.get(0) : answers.get(1);
            HttpResponse<String> lost = won == answers.get(0) ? answers.get(1) : answers.get(0);
            String cookie = sessionCookie(won).orElseThrow(() -> new AssertionError("no session from " + won.headers()));
            assertThat(sessionCookie(lost)).as("a session cookie from the refused post").isEmpty();
            int other = won == answers.get(0) ? B : A;
            assertThat(get(other, "/", cookie).statusCode()).as("the one session, on the other replica")
                    .isEqualTo(200);
        }
    }

    /** {@code slipway web-login --as <user>} against the replica's config; the link's token. */
    private String webLogin(int replica, String user) {
        String out = cli("web-login", "--as", user, "--config", cluster.config(replica).toString());
        Matcher link = LINK.matcher(out);
        assertThat(link.find()).as("a sign-in link in " + out).isTrue();
        return link.group(1);
    }

    /** {@code slipway api-token create} against the replica's config; the secret. */
    private String apiToken(int replica, String user, String name) {
        String out = cli("api-token", "create", "--as", user, "--name", name, "--config",
                cluster.config(replica).toString());
        return out.lines().toList().get(1);
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SlipwayCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    /** Signs in on {@code replica} with the link, as a browser does; the Cookie header that carries the session. */
    private String signIn(int replica, String token) {
        HttpResponse<String> answer = redeem(replica, token, openForm(replica, token));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
        return sessionCookie(answer).orElseThrow(() -> new AssertionError("no session cookie in "
                + answer.headers().map()));
    }

    /** Opens the link's page: its form's own token and the cookie that goes with it. */
    private Map<String, String> openForm(int replica, String token) {
        HttpResponse<String> opened = get(replica, "/login?token=" + encode(token), null);
        Matcher field = LOGIN.matcher(opened.body());
        assertThat(field.find()).as("the sign-in form's own token in " + opened.body()).isTrue();
        String cookie = opened.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("slipway_login=")).findFirst().orElseThrow().split(";", 2)[0];
        return Map.of("login", field.group(1), "cookie", cookie);
    }

    private HttpResponse<String> redeem(int replica, String token, Map<String, String> form) {
        return post(replica, "/login", "token=" + encode(token) + "&login=" + encode(form.get("login")),
                Map.of("Cookie", form.get("cookie")));
    }

    private static Optional<String> sessionCookie(HttpResponse<String> answer) {
        return answer.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("slipway_session=") && !header.startsWith("slipway_session=;"))
                .map(header -> header.split(";", 2)[0]).findFirst();
    }

    private JsonNode apiDeployment(int replica, long id, String token) throws IOException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(replica, "/api/v1/deployments/" + id))
                .header("Authorization", "Bearer " + token).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> get(int replica, String path, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(replica, path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    private HttpResponse<String> post(int replica, String path, String form, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(replica, path)).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(request::header);
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return LoopbackHttp.send(request.timeout(REQUEST_WAIT));
    }

    private URI uri(int replica, String path) {
        return URI.create("http://127.0.0.1:" + cluster.replica(replica).port() + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
