package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.chat.slack.SlackScopes;
import dev.slipway.domain.WorkspaceInstallation;
import dev.slipway.testing.CapturedLogs;
import dev.slipway.testing.FakeSlack;
import dev.slipway.testing.LoopbackHttp;
import dev.slipway.testing.ServerHarness;
import dev.slipway.testing.SlackRequests;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway as a distributable Slack app, end to end on 127.0.0.1: workspaces install it through Slack's OAuth v2
 * flow (the fake Slack plays {@code oauth.v2.access}), each request is served with the token of the workspace it
 * came from, uninstalling forgets the workspace at once, and every bad install link stores nothing.
 */
class SlackInstallTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLIENT_ID = "1000000000.2000000000";
    private static final String CLIENT_SECRET = "fakeclientsecret0000000000000001";
    private static final String ACME_TOKEN = "xoxb-1000-2000-AcmeInstalledToken0001";
    private static final String BETA_TOKEN = "xoxb-3000-4000-BetaInstalledToken0002";
    private static final Pattern STATE = Pattern.compile("state=([^&\"]+)");

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs("com.slack.api", "okhttp3");
    @TempDir
    Path dir;
    private FakeSlack slack;
    private ServerHarness server;

    @BeforeEach
    void start() {
        slack = new FakeSlack(FakeSlack.TOKEN);
        slack.acceptClient(CLIENT_ID, CLIENT_SECRET);
        slack.installableWith("code-acme", "T0001", "Acme Deploys", ACME_TOKEN);
        slack.installableWith("code-beta", "T0002", "Beta Corp", BETA_TOKEN);
        server = ServerHarness.startDistributed(dir, slack, CLIENT_ID, CLIENT_SECRET, """
                projects:
                  - id: web
                    team: T0001
                    channel: C0001
                    owners: [U0001]
                    environments:
                      production:
                        defaultRef: main
                        backend: { type: script, command: "true" }
                  - id: shop
                    team: T0002
                    channel: C0001
                    owners: [U0001]
                    environments:
                      production:
                        defaultRef: main
                        backend: { type: script, command: "true" }
                """);
    }

    @AfterEach
    void stop() {
        server.close();
        slack.close();
        // Whatever a test did — installs, bad links, uninstalls, requests with each workspace's token — no log
        // line shows a token, the client secret or an OAuth code.
        assertThat(logs.leaking(List.of(ACME_TOKEN, BETA_TOKEN, CLIENT_SECRET, "code-acme", "code-beta",
                "xoxb-3000-4000-BetaReinstalled0003", "xoxb-5000-6000-OrgWideToken0004"))).isEmpty();
    }

    @Test
    void the_install_page_links_to_slack_with_the_scopes_of_the_manifest_and_a_signed_state() {
        HttpResponse<String> page = server.get("/slack/install");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("text/html"));
        String link = URLDecoder.decode(page.body(), StandardCharsets.UTF_8).replace("&amp;", "&");
        assertThat(link).contains("Add to Slack", "https://slack.com/oauth/v2/authorize?", "client_id=" + CLIENT_ID,
                "scope=" + String.join(",", SlackScopes.BOT),
                "redirect_uri=http://127.0.0.1:" + server.port() + "/slack/oauth_redirect");
        Matcher state = STATE.matcher(page.body());
        assertThat(state.find()).isTrue();
        assertThat(state.group(1)).contains(".");
        assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie).contains(state.group(1)));
    }

    @Test
    void the_database_never_holds_a_token_in_plaintext() throws Exception {
        install("code-acme");
        install("code-beta");

        StringBuilder raw = new StringBuilder();
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("slipway.db")).toList()) {
                raw.append(new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(raw).contains("slack_installations", "enc:v1:").doesNotContain(ACME_TOKEN, BETA_TOKEN, "AcmeInstalled");
        assertThat(installations()).extracting(WorkspaceInstallation::botToken).containsExactly(ACME_TOKEN, BETA_TOKEN);
    }

    @Test
    void two_workspaces_install_and_each_mention_is_answered_with_its_own_workspaces_token() {
        assertThat(install("code-acme").body()).contains("Slipway is installed in Acme Deploys");
        assertThat(install("code-beta").body()).contains("Slipway is installed in Beta Corp");

        assertThat(installations()).extracting(WorkspaceInstallation::teamId, WorkspaceInstallation::teamName,
                        WorkspaceInstallation::botToken, WorkspaceInstallation::installerId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("T0001", "Acme Deploys", ACME_TOKEN, "U0001"),
                        org.assertj.core.groups.Tuple.tuple("T0002", "Beta Corp", BETA_TOKEN, "U0001"));

        assertThat(mention("T0001", "Ev1", "1717171700.000100").statusCode()).isEqualTo(200);
        assertThat(mention("T0002", "Ev2", "1717171700.000200").statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> slack.calls("chat.postMessage").size() >= 2);
        List<FakeSlack.Call> replies = slack.calls("chat.postMessage");
        assertThat(replies).extracting(call -> call.param("thread_ts") + " " + slack.teamOf(call))
                .containsExactlyInAnyOrder("1717171700.000100 T0001", "1717171700.000200 T0002");
        assertThat(replies).allSatisfy(call -> assertThat(call.param("channel")).isEqualTo("C0001"));
    }

    @Test
    void a_slash_command_deploy_in_each_workspace_reports_in_its_own_workspace_and_project() {
        install("code-acme");
        install("code-beta");

        HttpResponse<String> shop = server.slack().post("application/x-www-form-urlencoded", SlackRequests.encode(
                teamForm("T0002", "deploy production", "trigger-beta")), Map.of());
        HttpResponse<String> web = server.slack().post("application/x-www-form-urlencoded", SlackRequests.encode(
                teamForm("T0001", "deploy production", "trigger-acme")), Map.of());

        assertThat(shop.statusCode()).isEqualTo(200);
        assertThat(web.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> server.deployments().size() == 2
                && server.deployments().stream().noneMatch(d -> d.state().isActive()));
        assertThat(server.deployments()).extracting(d -> d.project() + " " + d.origin().channel())
                .containsExactlyInAnyOrder("web T0001/C0001", "shop T0002/C0001");
        await().atMost(WAIT).until(() -> slack.calls("chat.update").size() >= 2);
        assertThat(slack.calls("chat.postMessage")).extracting(call -> slack.teamOf(call) + " " + call.param("text"))
                .anySatisfy(text -> assertThat(text).startsWith("T0001 ").contains("web"))
                .anySatisfy(text -> assertThat(text).startsWith("T0002 ").contains("shop"));
    }

    @Test
    void an_organisation_wide_install_serves_every_workspace_of_the_organisation() {
        slack.installableOrgWideWith("code-org", "E0001", "Acme Holdings", "xoxb-5000-6000-OrgWideToken0004", "T0007");

        assertThat(install("code-org").body()).contains("Slipway is installed in Acme Holdings");
        assertThat(installations()).singleElement().satisfies(org -> {
            assertThat(org.id()).isEqualTo("E0001");
            assertThat(org.enterpriseInstall()).isTrue();
            assertThat(org.teamId()).isNull();
        });
        String mention = SlackRequests.mention("EvOrg", "U0001", "C0007", "1717171700.000700", null, "help")
                .replace("\"team_id\":\"T0001\",\"api_app_id\"", "\"team_id\":\"T0007\",\"enterprise_id\":\"E0001\",\"api_app_id\"")
                .replace("[{\"team_id\":\"T0001\"", "[{\"enterprise_id\":\"E0001\",\"team_id\":\"T0001\"")
                .replace("T0001", "T0007").replace("\"is_enterprise_install\":false", "\"is_enterprise_install\":true");
        assertThat(server.slack().event(mention, Map.of()).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> !slack.calls("chat.postMessage").isEmpty());
        assertThat(slack.calls("chat.postMessage")).singleElement().satisfies(call -> {
            assertThat(call.param("channel")).isEqualTo("C0007");
            assertThat(slack.teamOf(call)).isEqualTo("T0007");
        });
    }

    @Test
    void uninstalling_forgets_the_workspace_at_once_and_its_later_requests_are_ignored_until_it_reinstalls() {
        install("code-acme");
        install("code-beta");

        HttpResponse<String> uninstalled = server.slack().event("""
                {"token":"FakeVerificationToken0001","team_id":"T0002","api_app_id":"A0001",\
                "event":{"type":"app_uninstalled","event_ts":"1717171800.000100"},\
                "type":"event_callback","event_id":"EvUninstall","event_time":1717171800}""", Map.of());
        slack.revoke(BETA_TOKEN);

        assertThat(uninstalled.statusCode()).isEqualTo(200);
        assertThat(installations()).extracting(WorkspaceInstallation::teamId).containsExactly("T0001");
        assertThat(audit()).extracting(dev.slipway.domain.AuditEvent::action).contains("slack.uninstalled");
        assertThat(mention("T0002", "Ev3", "1717171700.000300").statusCode()).isEqualTo(200);
        assertThat(mention("T0001", "Ev4", "1717171700.000400").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !slack.calls("chat.postMessage").isEmpty());
        assertThat(slack.calls()).noneSatisfy(call -> assertThat(slack.teamOf(call)).isEqualTo("T0002"));

        slack.installableWith("code-beta-again", "T0002", "Beta Corp", "xoxb-3000-4000-BetaReinstalled0003");
        assertThat(install("code-beta-again").statusCode()).isEqualTo(200);
        assertThat(installations()).extracting(WorkspaceInstallation::teamId, WorkspaceInstallation::botToken)
                .contains(org.assertj.core.groups.Tuple.tuple("T0002", "xoxb-3000-4000-BetaReinstalled0003"));
    }

    @Test
    void revoked_tokens_delete_the_installation() {
        install("code-acme");

        HttpResponse<String> revoked = server.slack().event("""
                {"token":"FakeVerificationToken0001","team_id":"T0001","api_app_id":"A0001",\
                "event":{"type":"tokens_revoked","tokens":{"bot":["U0009"]},"event_ts":"1717171800.000100"},\
                "type":"event_callback","event_id":"EvRevoked","event_time":1717171800}""", Map.of());

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(installations()).isEmpty();
    }

    @Test
    void a_request_from_a_workspace_that_never_installed_gets_200_and_nothing_else() {
        install("code-acme");

        assertThat(mention("T0003", "Ev5", "1717171700.000500").statusCode()).isEqualTo(200);
        HttpResponse<String> command = server.slack().post("application/x-www-form-urlencoded", SlackRequests.encode(
                teamForm("T0003", "deploy production", "trigger-stranger")), Map.of());

        assertThat(command.statusCode()).isEqualTo(200);
        assertThat(command.body()).isEmpty();
        assertThat(server.deployments()).isEmpty();
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void a_state_that_is_missing_forged_reused_or_from_another_browser_installs_nothing() {
        Link link = startInstall();
        String forged = link.state().substring(0, link.state().lastIndexOf('.') + 1) + "AAAA";

        HttpResponse<String> missing = redirect("code=code-acme", link.cookie());
        HttpResponse<String> tampered = redirect("code=code-acme&state=" + forged, link.cookie().replace(link.state(), forged));
        HttpResponse<String> otherBrowser = redirect("code=code-acme&state=" + link.state(), null);
        HttpResponse<String> good = redirect("code=code-acme&state=" + link.state(), link.cookie());
        slack.installableWith("code-acme-2", "T0001", "Acme Deploys", ACME_TOKEN);
        HttpResponse<String> reused = redirect("code=code-acme-2&state=" + link.state(), link.cookie());

        for (HttpResponse<String> refused : List.of(missing, tampered, otherBrowser, reused)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("not valid any more", "Nothing was installed", "/slack/install");
        }
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(slack.calls("oauth.v2.access")).hasSize(1);
        assertThat(installations()).hasSize(1);
        assertThat(audit()).filteredOn(event -> event.action().equals("slack.install.refused")).hasSize(4)
                .allSatisfy(event -> assertThat(event.detail()).contains("forged, used before or older than 10 minutes")
                        .doesNotContain(link.state()));
        assertThat(audit()).filteredOn(event -> event.action().equals("slack.installed")).singleElement()
                .satisfies(event -> assertThat(event.actor()).isEqualTo("U0001"))
                .satisfies(event -> assertThat(event.detail()).contains("T0001 (Acme Deploys)").doesNotContain(ACME_TOKEN));
    }

    @Test
    void a_cancelled_install_and_a_refused_exchange_each_say_so_and_store_nothing() {
        Link cancelled = startInstall();
        HttpResponse<String> denied = redirect("error=access_denied&state=" + cancelled.state(), cancelled.cookie());
        Link expiredCode = startInstall();
        HttpResponse<String> refused = redirect("code=no-such-code&state=" + expiredCode.state(), expiredCode.cookie());

        assertThat(denied.body()).contains("cancelled in Slack", "Nothing was installed", "Start again");
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.body()).contains("invalid_code", "Nothing was installed", "Start again")
                .doesNotContain(CLIENT_SECRET, "Exception");
        assertThat(installations()).isEmpty();
    }

    // ---

    private record Link(String state, String cookie) {
    }

    private Link startInstall() {
        HttpResponse<String> page = server.get("/slack/install");
        Matcher state = STATE.matcher(page.body());
        assertThat(state.find()).isTrue();
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return new Link(URLDecoder.decode(state.group(1), StandardCharsets.UTF_8), cookie);
    }

    private HttpResponse<String> install(String code) {
        Link link = startInstall();
        return redirect("code=" + code + "&state=" + link.state(), link.cookie());
    }

    private HttpResponse<String> redirect(String query, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/slack/oauth_redirect?" + query)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return LoopbackHttp.send(request);
    }

    private List<WorkspaceInstallation> installations() {
        return server.slipway().store().read(tx -> tx.installations().listAll());
    }

    private List<dev.slipway.domain.AuditEvent> audit() {
        return server.slipway().store().read(tx -> tx.audit().listRecent(null, 100));
    }

    private HttpResponse<String> mention(String team, String eventId, String ts) {
        return server.slack().event(SlackRequests.mention(eventId, "U0001", "C0001", ts, null, "help")
                .replace("T0001", team), Map.of());
    }

    private static Map<String, String> teamForm(String team, String text, String trigger) {
        Map<String, String> form = new java.util.LinkedHashMap<>(
                SlackRequests.slashCommandFields("/slipway", text, "U0001", "C0001", trigger));
        form.put("team_id", team);
        return form;
    }
}
