package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.FakeSlack;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sign in with Slack against the fake: what is checked, what is sent, and what is refused. */
class SlackSignInTest {
    private static final String CLIENT_ID = "1111.2222";
    private static final String CLIENT_SECRET = "fake-client-secret-0001";
    private static final String REDIRECT = "https://deploys.example.com/signin/slack";

    private final FakeSlack slack = new FakeSlack(FakeSlack.TOKEN);
    private final SlackSignIn signIn = new SlackSignIn(
            new SlackSignIn.Settings(CLIENT_ID, CLIENT_SECRET, slack.apiUrl(), REDIRECT));

    {
        slack.acceptClient(CLIENT_ID, CLIENT_SECRET);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void begins_with_a_fresh_unguessable_state_and_nonce_in_the_authorize_url() {
        SlackSignIn.Start first = signIn.begin();
        SlackSignIn.Start second = signIn.begin();

        assertThat(first.state()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(second.state()).isNotEqualTo(first.nonce());
        assertThat(first.nonce()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(second.nonce());
        assertThat(first.authorizeUrl()).startsWith(slack.authorizeUrl() + "?");
        assertThat(query(first.authorizeUrl())).containsEntry("response_type", "code")
                .containsEntry("scope", "openid profile").containsEntry("client_id", CLIENT_ID)
                .containsEntry("state", first.state()).containsEntry("nonce", first.nonce())
                .containsEntry("redirect_uri", REDIRECT).doesNotContainKey("team");
    }

    @Test
    void names_the_workspace_when_one_is_configured_and_finds_slack_when_no_address_is() {
        SlackSignIn forTeam = new SlackSignIn(new SlackSignIn.Settings(CLIENT_ID, CLIENT_SECRET, null, REDIRECT, "T0001"));

        assertThat(forTeam.begin().authorizeUrl()).startsWith("https://slack.com/openid/connect/authorize?")
                .contains("&team=T0001");
    }

    @Test
    void signs_in_the_person_slack_names() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());

        SlackSignIn.SignedIn signedIn = signIn.finish(code, start.state(), start.state(), start.nonce());

        assertThat(signedIn).isEqualTo(new SlackSignIn.SignedIn("U0001", "T0001", "Alice"));
    }

    @Test
    void sends_the_client_credentials_code_and_redirect_uri_and_reads_the_person_with_the_user_token() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());

        signIn.finish(code, start.state(), start.state(), start.nonce());

        assertThat(slack.calls("openid.connect.token")).singleElement().satisfies(call -> {
            // the SDK sends the client id and secret as HTTP Basic, not in the form
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
            assertThat(call.headers()).containsEntry("authorization", basic);
            assertThat(call.param("code")).isEqualTo(code);
            assertThat(call.param("redirect_uri")).isEqualTo(REDIRECT);
            assertThat(call.params()).doesNotContainKey("client_secret");
        });
        assertThat(slack.userTokensIssued()).singleElement().asString().startsWith("xoxp-");
        assertThat(slack.calls("openid.connect.userInfo")).singleElement().satisfies(call -> assertThat(call.headers())
                .containsEntry("authorization", "Bearer " + slack.userTokensIssued().get(0)));
    }

    @Test
    void signs_in_through_the_authorize_page_a_browser_follows() throws Exception {
        slack.signInAs("U0002", "T0001", "Bob");
        SlackSignIn.Start start = signIn.begin();

        HttpResponse<Void> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(start.authorizeUrl())).build(), HttpResponse.BodyHandlers.discarding());
        String location = page.headers().firstValue("Location").orElseThrow();
        Map<String, String> back = query(location);

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(location).startsWith(REDIRECT + "?code=");
        assertThat(back).containsEntry("state", start.state());
        assertThat(signIn.finish(back.get("code"), back.get("state"), start.state(), start.nonce()))
                .isEqualTo(new SlackSignIn.SignedIn("U0002", "T0001", "Bob"));
    }

    @Test
    void refuses_a_state_that_is_not_the_one_this_browser_began_with() {
        SlackSignIn.Start start = signIn.begin();
        SlackSignIn.Start other = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());

        assertThatThrownBy(() -> signIn.finish(code, other.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class).hasMessageContaining("please sign in again");
        assertThat(slack.calls("openid.connect.token")).isEmpty();
    }

    @Test
    void refuses_a_missing_state_or_code() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());

        assertThatThrownBy(() -> signIn.finish(code, null, start.state(), start.nonce())).isInstanceOf(SignInRefused.class);
        assertThatThrownBy(() -> signIn.finish(code, "", "", start.nonce())).isInstanceOf(SignInRefused.class);
        assertThatThrownBy(() -> signIn.finish(code, start.state(), null, start.nonce())).isInstanceOf(SignInRefused.class);
        assertThatThrownBy(() -> signIn.finish(null, start.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class).hasMessageContaining("no sign-in code");
        assertThat(slack.calls("openid.connect.token")).isEmpty();
    }

    @Test
    void refuses_a_code_used_a_second_time() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());
        signIn.finish(code, start.state(), start.state(), start.nonce());

        assertThatThrownBy(() -> signIn.finish(code, start.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class).hasMessage("Slack refused the sign-in (invalid_code); please sign in again.");
    }

    @Test
    void refuses_an_id_token_issued_for_another_nonce() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", "someone-elses-nonce");

        assertThatThrownBy(() -> signIn.finish(code, start.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class).hasMessageContaining("does not match");
        assertThat(slack.calls("openid.connect.userInfo")).isEmpty();
    }

    @Test
    void refuses_when_the_token_endpoint_says_no() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());
        slack.failNext("openid.connect.token", 1, "invalid_client_id");

        assertThatThrownBy(() -> signIn.finish(code, start.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class)
                .hasMessage("Slack refused the sign-in (invalid_client_id); please sign in again.");
    }

    @Test
    void refuses_when_user_info_names_someone_else() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());
        slack.userInfoOfAnotherUserNext("U0666");

        assertThatThrownBy(() -> signIn.finish(code, start.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class).hasMessageContaining("two different people");
    }

    @Test
    void refuses_when_user_info_fails() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());
        slack.failNext("openid.connect.userInfo", 1, "invalid_auth");

        assertThatThrownBy(() -> signIn.finish(code, start.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class).hasMessageContaining("invalid_auth");
    }

    @Test
    void a_rate_limited_sign_in_is_refused_at_once_with_the_wait_and_the_next_one_goes_through() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", start.nonce());
        slack.rateLimitNext("openid.connect.token", 1, 7);

        assertThatThrownBy(() -> signIn.finish(code, start.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class).hasMessage("Slack is busy; please sign in again in 7 seconds.");
        assertThat(slack.calls("openid.connect.token")).hasSize(1);

        SlackSignIn.Start again = signIn.begin();
        String next = slack.authorize("U0001", "T0001", "Alice", again.nonce());
        assertThat(signIn.finish(next, again.state(), again.state(), again.nonce()).userId()).isEqualTo("U0001");
    }

    @Test
    void refusals_never_carry_the_code_or_the_secret() {
        SlackSignIn.Start start = signIn.begin();
        String code = slack.authorize("U0001", "T0001", "Alice", "other");

        assertThatThrownBy(() -> signIn.finish(code, start.state(), start.state(), start.nonce()))
                .isInstanceOf(SignInRefused.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(code, CLIENT_SECRET, start.nonce()).doesNotContain("\n"));
        assertThat(new SlackSignIn.Settings(CLIENT_ID, CLIENT_SECRET, null, REDIRECT).toString()).doesNotContain(CLIENT_SECRET);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
