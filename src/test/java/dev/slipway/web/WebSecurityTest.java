package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.AccessService;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.MovingClock;
import dev.slipway.testing.ServerHarness;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web pages over plain HTTP: the headers every answer carries, the session cookie, signing out, expired links. */
class WebSecurityTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern LOGIN = Pattern.compile("name=\"login\" value=\"([^\"]+)\"");

    @TempDir
    static Path dir;
    private static ServerHarness server;

    @BeforeAll
    static void start() {
        server = ServerHarness.startWithFakes(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pages_fragments_and_assets_carry_the_security_headers() {
        String cookie = signIn("alice");
        List<HttpResponse<String>> answers = List.of(server.get("/login"), get("/", cookie), get("/live/board", cookie),
                get("/audit", cookie), get("/deployments/999", cookie), server.get("/assets/slipway.js"),
                server.get("/live/board"));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .contains(WebSurface.CONTENT_SECURITY_POLICY);
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).contains("DENY");
        });
        assertThat(WebSurface.CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'", "script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(answers.get(0).headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void the_session_cookie_is_http_only_and_same_site_lax_and_secure_only_over_https() {
        HttpResponse<String> plain = redeem(server, server.slipway().access().createLoginLink("alice"), Map.of());
        HttpResponse<String> proxied = redeem(server, server.slipway().access().createLoginLink("alice"),
                Map.of("X-Forwarded-Proto", "https"));

        assertThat(plain.statusCode()).isEqualTo(303);
        assertThat(sessionCookie(plain)).contains("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .doesNotContain("Secure");
        assertThat(sessionCookie(proxied)).contains("HttpOnly", "Secure").containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void the_session_cookie_is_secure_when_the_public_url_is_https(@TempDir Path other) {
        try (ServerHarness https = ServerHarness.startWithFakesAndPublicUrl(other, "https://deploys.example.com")) {
            HttpResponse<String> answer = redeem(https, https.slipway().access().createLoginLink("alice"), Map.of());

            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(sessionCookie(answer)).contains("HttpOnly", "Secure").containsIgnoringCase("SameSite=Lax");
        }
    }

    @Test
    void signing_out_needs_the_sessions_form_token() {
        String cookie = signIn("alice");
        String csrf = csrfOf(get("/", cookie).body());

        HttpResponse<String> without = post("/logout", "", cookie);
        HttpResponse<String> forged = post("/logout", "csrf=forged-token-0001", cookie);

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(get("/", cookie).statusCode()).isEqualTo(200);

        HttpResponse<String> out = post("/logout", "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8), cookie);

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).contains("/login");
        HttpResponse<String> after = get("/", cookie);
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).contains("/login");
    }

    @Test
    void a_sign_in_link_expires_after_ten_minutes() {
        MovingClock past = new MovingClock(Instant.now().minus(AccessService.LOGIN_LINK_LIFETIME).minusSeconds(5));
        String expired = new AccessService(server.slipway().store(), past).createLoginLink("alice");
        MovingClock justNow = new MovingClock(Instant.now().minus(AccessService.LOGIN_LINK_LIFETIME)
                .plus(Duration.ofSeconds(30)));
        String stillGood = new AccessService(server.slipway().store(), justNow).createLoginLink("alice");

        HttpResponse<String> refused = redeem(server, expired, Map.of());
        HttpResponse<String> accepted = redeem(server, stillGood, Map.of());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("A sign-in link works once, for 10 minutes.");
        assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(WebSessions.COOKIE + "="));
        assertThat(accepted.statusCode()).isEqualTo(303);
    }

    @Test
    void a_link_posted_from_elsewhere_signs_nobody_in() {
        String token = server.slipway().access().createLoginLink("mallory");

        // Another site can post the link, but neither read the sign-in form's token nor send this site's cookie.
        HttpResponse<String> posted = server.post("/login", FORM, "token=" + token + "&login=guessed-login-token-0001",
                Map.of());

        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(posted.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(WebSessions.COOKIE + "=")
                && !c.startsWith(WebSessions.COOKIE + "=;"));
        assertThat(redeem(server, token, Map.of()).statusCode()).as("the link is still unspent").isEqualTo(303);
    }

    @Test
    void without_a_session_a_live_fragment_answers_401_and_a_page_sends_to_sign_in() {
        HttpResponse<String> fragment = server.get("/live/board");
        HttpResponse<String> deployment = server.get("/live/deployments/1");
        HttpResponse<String> page = server.get("/");
        HttpResponse<String> forged = get("/live/board", "slipway_session=made-up-session-0001");

        assertThat(fragment.statusCode()).isEqualTo(401);
        assertThat(fragment.body()).contains("Your session has ended.");
        assertThat(deployment.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).contains("/login");
    }

    /** Signs in with a fresh link; the Cookie header that carries the session. */
    private static String signIn(String user) {
        HttpResponse<String> answer = redeem(server, server.slipway().access().createLoginLink(user), Map.of());
        assertThat(answer.statusCode()).isEqualTo(303);
        return sessionCookie(answer).split(";", 2)[0];
    }

    /** Opens the link's page, then posts its form with the cookie that page set, as a browser does. */
    private static HttpResponse<String> redeem(ServerHarness to, String token, Map<String, String> headers) {
        String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpRequest.Builder page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port()
                + "/login?token=" + encoded)).GET();
        headers.forEach(page::header);
        HttpResponse<String> opened = LoopbackHttp.send(page);
        Matcher field = LOGIN.matcher(opened.body());
        assertThat(field.find()).as("the sign-in form's own token").isTrue();
        String cookie = opened.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("slipway_login=")).findFirst().orElseThrow().split(";", 2)[0];
        Map<String, String> withCookie = new java.util.HashMap<>(headers);
        withCookie.put("Cookie", cookie);
        return to.post("/login", FORM, "token=" + encoded + "&login=" + field.group(1), withCookie);
    }

    private static String sessionCookie(HttpResponse<String> answer) {
        return answer.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(WebSessions.COOKIE + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + answer.headers().map()));
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a form token in the page").isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> get(String path, String cookie) {
        return LoopbackHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Cookie", cookie).GET());
    }

    private static HttpResponse<String> post(String path, String body, String cookie) {
        return server.post(path, FORM, body, Map.of("Cookie", cookie));
    }
}
