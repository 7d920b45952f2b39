package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.app.command.Invocation;
import dev.slipway.app.command.Reply;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.testing.Browser;
import dev.slipway.testing.BrowserScreenshots;
import dev.slipway.testing.CountingScript;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.ServerHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web pages in a real Chromium against a real server with the demo project: signing in, the live board and
 * deployment page, actions with their confirmations and refusals, CSRF and the audit log. The script's runs wait
 * until the test lets them end, so "running" lasts as long as a test needs it to.
 */
@ExtendWith(BrowserScreenshots.class)
class WebBrowserTest {
    private static final String CLIENT_ID = "1111.2222";
    private static final String CLIENT_SECRET = "fake-client-secret-0001";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Pattern DEPLOYMENT_URL = Pattern.compile(".*/deployments/(\\d+)$");

    private static Browser browser;

    @TempDir
    Path dir;
    private FakeSlack slack;
    private CountingScript script;
    private ServerHarness server;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void startServer() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        slack.acceptClient(CLIENT_ID, CLIENT_SECRET);
        script = CountingScript.installIn(dir.resolve("work"));
        script.hold("staging");
        script.hold("production");
        server = ServerHarness.startWithPublicUrl(dir, slack, """
                  clientId: "%s"
                  clientSecret: %s
                projects:
                  - id: demo
                    name: Demo shop
                    owners: [alice]
                    qa: [bob]
                    environments:
                      staging:
                        backend: %3$s
                        defaultRef: main
                      production:
                        backend: %3$s
                        defaultRef: main
                        deployers: [owners]
                        confirm: true
                        approvals: { required: 1, from: [qa] }
                """.formatted(CLIENT_ID, CLIENT_SECRET, script.backendYaml()));
    }

    @AfterEach
    void stopServer() {
        script.releaseAll();
        if (server != null) {
            server.close();
        }
        slack.close();
    }

    @Test
    void a_sign_in_link_signs_in_once_and_a_second_use_is_refused() {
        String token = server.slipway().access().createLoginLink("alice");
        browser.open(base() + "/login");
        browser.deleteCookies();

        browser.open(base() + "/login?token=" + token);
        browser.screenshot("login");
        browser.follow(By.id("sign-in"));

        assertThat(browser.text(By.id("signed-in-as"))).isEqualTo("alice");
        assertThat(browser.url()).isEqualTo(base() + "/");

        browser.deleteCookies();
        browser.open(base() + "/login?token=" + token);
        browser.follow(By.id("sign-in"));

        assertThat(browser.text(By.id("message"))).contains("A sign-in link works once");
        assertThat(status()).isEqualTo(401);
        assertThat(browser.driver().findElements(By.id("signed-in-as"))).isEmpty();
        browser.screenshot("message");
    }

    @Test
    void signs_in_with_slack_and_refuses_a_person_of_another_workspace() {
        browser.open(base() + "/login");
        browser.deleteCookies();
        slack.signInAs("U0002", "T0001", "Bob");

        browser.open(base() + "/login");
        browser.follow(By.id("sign-in-with-slack"));

        assertThat(browser.text(By.id("signed-in-as"))).isEqualTo("U0002");
        assertThat(browser.url()).isEqualTo(base() + "/");
        assertThat(browser.text(By.id("main"))).contains("Demo shop");

        browser.deleteCookies();
        slack.signInAs("U0666", "T0666", "Mallory");
        browser.open(base() + "/login");
        browser.follow(By.id("sign-in-with-slack"));

        assertThat(browser.text(By.id("message"))).isEqualTo("That Slack workspace is not one Slipway serves.");
        assertThat(status()).isEqualTo(401);
        browser.open(base() + "/");
        assertThat(browser.url()).isEqualTo(base() + "/login");
        assertThat(browser.driver().findElements(By.id("signed-in-as"))).isEmpty();
    }

    @Test
    void the_board_shows_the_demo_and_its_environments() {
        signIn("alice");

        assertThat(liveText(By.id("project-demo"))).isEqualTo("Demo shop demo");
        assertThat(liveText(By.cssSelector("#env-demo-staging th"))).isEqualTo("staging");
        assertThat(liveText(By.cssSelector("#env-demo-production th"))).isEqualTo("production");
        assertThat(liveText(By.cssSelector("#env-demo-staging td.current"))).isEqualTo("nothing yet");
        By ref = By.cssSelector("#env-demo-staging form.action-deploy input[name=ref]");
        assertThat(this.<String>live(d -> d.findElement(ref).getAttribute("value"))).isEqualTo("main");
        assertThat(liveText(By.cssSelector("#env-demo-staging td.act"))).contains("Deploy…", "Lock…");
        browser.screenshot("board");

        browser.follow(By.linkText("Runbooks"));
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Runbooks");
        browser.screenshot("runbooks");
    }

    @Test
    void what_someone_typed_in_a_form_of_the_board_outlives_the_boards_refresh() {
        signIn("alice");
        By ref = By.cssSelector("#env-demo-staging form.action-deploy input[name=ref]");
        browser.fill(ref, "release-1");
        browser.waitFor(By.tagName("h1")).click();
        String before = browser.waitFor(By.id("board")).getAttribute("data-refreshed");
        Reply reply = server.slipway().dispatcher().dispatch(server.slipway().parser().parse("lock demo production"),
                new Invocation("bob", ChatOrigin.console("bob").withThread("console:bob:1"), null));
        assertThat(reply.isRefusal()).isFalse();

        awaitText(By.cssSelector("#env-demo-production td.held"), text -> text.startsWith("Locked by bob"));
        assertThat(browser.waitFor(By.id("board")).getAttribute("data-refreshed")).isNotEqualTo(before);
        assertThat(this.<String>live(d -> d.findElement(ref).getAttribute("value"))).isEqualTo("release-1");
        browser.follow(By.cssSelector("#env-demo-staging form.action-deploy button"));

        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Deploy demo release-1 to staging?");
    }

    @Test
    void a_deployment_started_at_the_console_shows_on_the_board_as_it_runs_and_ends_without_a_reload() {
        signIn("alice");
        browser.script("window.__kept = 1");

        // A server has no console notifier: a console deployment is reported by the console process, and its run
        // waits (RunDeploymentJob.REPORT_WAIT) for that report's thread. This one comes with its thread.
        Reply reply = server.slipway().dispatcher().dispatch(
                server.slipway().parser().parse("deploy demo main to staging"),
                new Invocation("alice", ChatOrigin.console("alice").withThread("console:alice:1"), null));
        long id = reply.deploymentId().orElseThrow();

        By active = By.cssSelector("#env-demo-staging td.active");
        awaitText(active, text -> text.contains("#" + id + " main running"));
        assertThat(liveText(active)).contains("by alice");
        assertThat(browser.script("return window.__kept")).isEqualTo(1L);

        script.release(id, 0);

        By current = By.cssSelector("#env-demo-staging td.current");
        awaitText(current, text -> text.startsWith("main by alice"));
        By link = By.cssSelector("#env-demo-staging td.current a");
        assertThat(this.<String>live(d -> d.findElement(link).getAttribute("href")))
                .isEqualTo(base() + "/deployments/" + id);
        assertThat(liveText(active)).isEmpty();
        assertThat(browser.script("return window.__kept")).isEqualTo(1L);
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void deploys_staging_from_the_web_once_for_a_form_sent_twice_and_the_page_follows_it_to_success() {
        signIn("alice");

        browser.follow(By.cssSelector("#env-demo-staging form.action-deploy button"));
        assertThat(browser.text(By.tagName("h1"))).contains("demo", "main", "staging");
        browser.screenshot("confirm");
        String form = (String) browser.script(
                "return new URLSearchParams(new FormData(document.querySelector('form.confirm'))).toString()");
        browser.follow(By.id("confirm"));

        long id = deploymentOnPage();
        // The same confirmed form sent again (a double click, a resubmission) deploys nothing more: it is sent to
        // the deployment the first one made.
        Object again = browser.script("return fetch('/actions/deploy', {method: 'POST',"
                + " body: new URLSearchParams(arguments[0])}).then(answer => answer.url)", form);
        assertThat((String) again).endsWith("/deployments/" + id);
        assertThat(server.deployments()).extracting(Deployment::id).containsExactly(id);
        awaitState("running");
        assertThat(deployment(id).origin().surface()).isEqualTo("web");
        assertThat(deployment(id).requestedBy()).isEqualTo("alice");
        browser.screenshot("deployment");
        browser.script("window.__kept = 1");

        script.release(id, 0);

        awaitState("succeeded");
        assertThat(browser.script("return window.__kept")).isEqualTo(1L);
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(server.deployments()).hasSize(1);
    }

    @Test
    void refuses_a_production_deploy_by_someone_not_allowed_and_an_approval_of_ones_own_deployment() {
        signIn("bob");
        browser.follow(By.cssSelector("#env-demo-production form.action-deploy button"));
        browser.follow(By.id("confirm"));

        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Refused");
        assertThat(browser.text(By.id("message"))).startsWith("bob may not deploy demo to production; deployers there:")
                .contains("owners");
        assertThat(status()).isEqualTo(403);
        assertThat(server.deployments()).isEmpty();

        signIn("alice");
        long id = deployFromTheWeb("production");
        awaitState("requested");
        assertThat(liveText(By.id("summary"))).isEqualTo("production asks for a confirmation");
        stepWithConfirmation("confirm");
        awaitState("awaiting_approval");

        stepWithConfirmation("approve");

        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Refused");
        assertThat(browser.text(By.id("message")))
                .isEqualTo("You asked for #" + id + ", so you cannot approve or reject it; QA (bob) can.");
        assertThat(status()).isEqualTo(403);
        assertThat(deployment(id).state()).isEqualTo(DeploymentState.AWAITING_APPROVAL);
    }

    @Test
    void a_production_deployment_confirmed_by_alice_runs_once_bob_approves_it() {
        signIn("alice");
        long id = deployFromTheWeb("production");
        awaitState("requested");
        assertThat(liveText(By.id("summary"))).isEqualTo("production asks for a confirmation");
        assertThat(script.runs()).isEmpty();

        stepWithConfirmation("confirm");
        awaitState("awaiting_approval");
        assertThat(liveText(By.id("deployment"))).contains("1 needed.");

        signIn("bob");
        browser.open(base() + "/deployments/" + id);
        stepWithConfirmation("approve");

        assertThat(deploymentOnPage()).isEqualTo(id);
        awaitState("running");
        assertThat(liveText(By.id("deployment"))).contains("bob approved.");
        assertThat(script.runsOf("production")).extracting(CountingScript.Run::deploymentId).containsExactly(id);

        script.release(id, 0);
        awaitState("succeeded");
    }

    @Test
    void cancels_a_running_deployment_from_the_web() {
        signIn("alice");
        long id = deployFromTheWeb("staging");
        awaitState("running");
        await().atMost(PATIENCE).until(() -> script.runsOf("staging").size() == 1);

        stepWithConfirmation("cancel");

        assertThat(browser.text(By.id("message"))).isEqualTo("Stopping #" + id + " (demo main → staging)…");
        assertThat(status()).isEqualTo(200);
        browser.open(base() + "/deployments/" + id);
        awaitState("cancelled");
        await().atMost(PATIENCE).until(() -> deployment(id).state() == DeploymentState.CANCELLED);
        assertThat(this.<List<WebElement>>live(d -> d.findElements(By.cssSelector("form.action-cancel"))))
                .isEmpty();
    }

    @Test
    void a_forged_form_or_session_is_refused_and_actions_are_not_reachable_by_get() {
        signIn("alice");
        browser.follow(By.cssSelector("#env-demo-staging form.action-deploy button"));
        browser.waitFor(By.id("confirm"));

        browser.script("document.querySelector('form.confirm input[name=csrf]').value = 'forged-token-0001';"
                + "document.querySelector('form.confirm').submit();");

        assertThat(browser.text(By.id("message"))).contains("That form is not from this session");
        assertThat(status()).isEqualTo(403);
        assertThat(server.deployments()).isEmpty();
        assertThat(script.runs()).isEmpty();

        browser.deleteCookies();
        browser.setCookie("slipway_session", "made-up-session-0001");
        browser.open(base() + "/");
        assertThat(browser.url()).isEqualTo(base() + "/login");
        assertThat(browser.driver().findElements(By.id("signed-in-as"))).isEmpty();

        assertThat(server.get("/actions/deploy?project=demo&environment=staging&ref=main").statusCode())
                .isIn(404, 405);
        assertThat(server.deployments()).isEmpty();
    }

    @Test
    void the_audit_log_filters_by_person_and_action_and_exports_csv_and_json() throws Exception {
        Reply byBob = server.slipway().dispatcher().dispatch(server.slipway().parser().parse("lock demo staging"),
                new Invocation("bob", ChatOrigin.console("bob"), null));
        assertThat(byBob.isRefusal()).isFalse();
        server.slipway().dispatcher().dispatch(server.slipway().parser().parse("unlock demo staging"),
                new Invocation("bob", ChatOrigin.console("bob"), null));
        signIn("alice");
        browser.waitFor(By.cssSelector("#env-demo-production form.action-lock input[name=reason]"));
        browser.script("var f = document.querySelector('#env-demo-production form.action-lock');"
                + "f.querySelector('input[name=reason]').value = '=HYPERLINK(\"http://evil.example\")';"
                + "f.submit();");
        browser.follow(By.id("confirm"));
        assertThat(browser.text(By.id("message"))).contains("production");
        assertThat(status()).isEqualTo(200);

        browser.follow(By.linkText("Audit log"));
        browser.fill(By.name("person"), "alice");
        browser.fill(By.name("action"), "lock");
        browser.follow(By.id("filter"));

        browser.waitUntil(d -> d.getCurrentUrl().contains("person=alice"));
        assertThat(browser.text(By.id("audit-total"))).startsWith("1 event matches");
        assertThat(browser.driver().findElements(By.cssSelector("#audit tbody tr"))).singleElement()
                .satisfies(row -> assertThat(row.getText()).contains("alice", "lock", "demo production",
                        "=HYPERLINK"));
        browser.screenshot("audit");

        String cookie = "slipway_session=" + browser.cookie("slipway_session").orElseThrow();
        HttpResponse<String> csv = fetch(browser.waitFor(By.id("export-csv")).getAttribute("href"), cookie);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/csv"));
        assertThat(csv.body().split("\r\n")).hasSize(2).satisfies(lines -> {
            assertThat(lines[0]).isEqualTo(AuditCsv.HEADER);
            assertThat(lines[1]).contains(",alice,lock,demo,production,,")
                    .endsWith(",\"'=HYPERLINK(\"\"http://evil.example\"\")\"");
        });

        HttpResponse<String> json = fetch(browser.waitFor(By.id("export-json")).getAttribute("href"), cookie);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        assertThat(json.body()).contains("\"total\":1", "\"actor\":\"alice\"", "\"action\":\"lock\"")
                .doesNotContain("\"actor\":\"bob\"");

        assertThat(fetch(base() + "/audit?format=csv", "slipway_session=made-up").body())
                .doesNotContain("HYPERLINK");
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private void signIn(String user) {
        browser.open(base() + "/login");
        browser.deleteCookies();
        browser.open(base() + "/login?token=" + server.slipway().access().createLoginLink(user));
        browser.follow(By.id("sign-in"));
        assertThat(browser.text(By.id("signed-in-as"))).isEqualTo(user);
    }

    /** Deploys the environment's default ref from the board, confirmed; the id of the deployment page shown. */
    private long deployFromTheWeb(String environment) {
        browser.open(base() + "/");
        browser.follow(By.cssSelector("#env-demo-" + environment + " form.action-deploy button"));
        browser.follow(By.id("confirm"));
        return deploymentOnPage();
    }

    /** Presses a step's button on the deployment page and then "Yes" on the page that asks. */
    private void stepWithConfirmation(String step) {
        browser.follow(By.cssSelector("form.action-" + step + " button"));
        browser.follow(By.id("confirm"));
    }

    /** Waits until the deployment page, as it follows the deployment, shows {@code state}. */
    private void awaitState(String state) {
        new WebDriverWait(browser.driver(), PATIENCE)
                .withMessage(() -> "the page shows " + browser.driver().findElements(By.id("state")).stream()
                        .map(e -> e.getText()).toList() + " at " + browser.url())
                .ignoring(WebDriverException.class)
                .until(d -> d.findElement(By.id("state")).getText().equals(state));
    }

    /** Waits until the text of an element in a live region, which may be replaced meanwhile, passes {@code test}. */
    private void awaitText(By by, Predicate<String> test) {
        new WebDriverWait(browser.driver(), PATIENCE)
                .withMessage(() -> "the text of " + by + " is " + browser.driver().findElements(by).stream()
                        .map(e -> e.getText()).toList())
                .ignoring(WebDriverException.class)
                .until(d -> test.test(d.findElement(by).getText()));
    }

    private String liveText(By by) {
        return live(d -> d.findElement(by).getText());
    }

    /** A read of a live region, again if the region was replaced under it. */
    private <T> T live(Function<WebDriver, T> read) {
        return new WebDriverWait(browser.driver(), PATIENCE).ignoring(WebDriverException.class)
                .until(read::apply);
    }

    private long deploymentOnPage() {
        String url = browser.waitUntil(d -> DEPLOYMENT_URL.matcher(d.getCurrentUrl()).matches() ? d.getCurrentUrl()
                : null);
        Matcher m = DEPLOYMENT_URL.matcher(url);
        assertThat(m.matches()).isTrue();
        browser.waitFor(By.id("state"));
        return Long.parseLong(m.group(1));
    }

    /** The HTTP status of the page shown, as the browser received it. */
    private int status() {
        return ((Number) browser.script("return performance.getEntriesByType('navigation')[0].responseStatus"))
                .intValue();
    }

    private Deployment deployment(long id) {
        return server.deployments().stream().filter(d -> d.id() == id).findFirst().orElseThrow();
    }

    private static HttpResponse<String> fetch(String url, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
