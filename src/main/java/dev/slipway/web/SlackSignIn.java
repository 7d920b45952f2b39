package dev.slipway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.openid.connect.OpenIDConnectTokenResponse;
import com.slack.api.methods.response.openid.connect.OpenIDConnectUserInfoResponse;
import dev.slipway.domain.Tokens;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Sign in with Slack" (OpenID Connect, authorization code flow): {@link #begin()} gives the URL to send the browser
 * to, with a fresh state and nonce that the caller keeps (an HttpOnly cookie) until Slack sends the browser back;
 * {@link #finish} checks them, exchanges the code through {@code openid.connect.token}, reads the person through
 * {@code openid.connect.userInfo}, and answers who signed in, or throws {@link SignInRefused}.
 *
 * <p>Nothing here logs the code, a token or the client secret. Thread-safe.
 */
public final class SlackSignIn {
    private static final Logger log = LoggerFactory.getLogger(SlackSignIn.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLACK_API = "https://slack.com/api/";
    private static final String ISSUER = "https://slack.com";
    private static final String USER_ID = "https://slack.com/user_id";
    private static final String TEAM_ID = "https://slack.com/team_id";
    /** How far Slack's clock may be ahead of ours when we check the id_token's expiry. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Slack's error codes are words such as {@code invalid_code}; anything else is not shown. */
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z0-9_.]{1,64}");

    /**
     * The Slack app's OIDC credentials, the Web API's address ({@code https://slack.com/api/} when null; the
     * authorize page is found next to it, at {@code openid/connect/authorize}), the redirect URI registered with
     * the app, and the workspace to sign in to ({@code team=}), or null for any.
     */
    public record Settings(String clientId, String clientSecret, String apiUrl, String redirectUri, String teamId) {
        public Settings(String clientId, String clientSecret, String apiUrl, String redirectUri) {
            this(clientId, clientSecret, apiUrl, redirectUri, null);
        }

        @Override
        public String toString() {
            return "Settings[clientId=" + clientId + ", clientSecret=****, apiUrl=" + apiUrl + ", redirectUri="
                    + redirectUri + ", teamId=" + teamId + "]";
        }
    }

    /** Where to send the browser, and the state and nonce to keep until it comes back. */
    public record Start(String authorizeUrl, String state, String nonce) {
    }

    /** Who signed in: Slack user id, workspace id and display name. */
    public record SignedIn(String userId, String teamId, String name) {
    }

    private final Settings settings;
    private final MethodsClient methods;
    private final String authorizeEndpoint;
    private final Clock clock;

    public SlackSignIn(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    SlackSignIn(Settings settings, Clock clock) {
        if (isBlank(settings.clientId()) || isBlank(settings.clientSecret()) || isBlank(settings.redirectUri())) {
            throw new IllegalArgumentException("sign-in with Slack needs a client id, a client secret and a redirect URI");
        }
        this.settings = settings;
        this.clock = clock;
        String apiUrl = isBlank(settings.apiUrl()) ? SLACK_API
                : settings.apiUrl().endsWith("/") ? settings.apiUrl() : settings.apiUrl() + "/";
        String base = apiUrl.endsWith("api/") ? apiUrl.substring(0, apiUrl.length() - "api/".length()) : apiUrl;
        this.authorizeEndpoint = base + "openid/connect/authorize";
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl);
        config.setPrettyResponseLoggingEnabled(false);
        config.setLibraryMaintainerMode(false);
        config.setStatsEnabled(false);
        this.methods = Slack.getInstance(config).methods();
    }

    /** A fresh state and nonce, and the authorize URL that carries them. */
    public Start begin() {
        // 256 random bits each, well above the 128 an unguessable state or nonce needs.
        String state = Tokens.newSecret();
        String nonce = Tokens.newSecret();
        StringBuilder url = new StringBuilder(authorizeEndpoint)
                .append("?response_type=code&scope=openid%20profile")
                .append("&client_id=").append(encode(settings.clientId()))
                .append("&state=").append(state)
                .append("&nonce=").append(nonce)
                .append("&redirect_uri=").append(encode(settings.redirectUri()));
        if (!isBlank(settings.teamId())) {
            url.append("&team=").append(encode(settings.teamId()));
        }
        return new Start(url.toString(), state, nonce);
    }

    /**
     * Completes the sign-in Slack redirected back with: {@code code} and {@code returnedState} from the redirect's
     * query, {@code expectedState} and {@code expectedNonce} as {@link #begin()} gave them.
     *
     * @throws SignInRefused when the state does not match, the code is missing or Slack does not confirm who signed in
     */
    public SignedIn finish(String code, String returnedState, String expectedState, String expectedNonce) {
        if (isBlank(returnedState) || isBlank(expectedState) || !Tokens.same(returnedState, expectedState)) {
            throw refused("This sign-in link has expired or was started in another browser; please sign in again.");
        }
        if (isBlank(code)) {
            throw refused("Slack sent no sign-in code; please sign in again.");
        }
        if (isBlank(expectedNonce)) {
            throw refused("This sign-in has expired; please sign in again.");
        }
        OpenIDConnectTokenResponse token = call("openid.connect.token", () -> methods.openIDConnectToken(r -> r
                .clientId(settings.clientId()).clientSecret(settings.clientSecret())
                .code(code).redirectUri(settings.redirectUri())));
        if (isBlank(token.getIdToken()) || isBlank(token.getAccessToken())) {
            throw refused("Slack did not say who signed in; please sign in again.");
        }
        JsonNode claims = claimsOf(token.getIdToken(), expectedNonce);
        String idUser = claims.hasNonNull(USER_ID) ? claims.get(USER_ID).asText() : claims.path("sub").asText("");
        if (idUser.isEmpty()) {
            throw refused("Slack did not say who signed in; please sign in again.");
        }
        OpenIDConnectUserInfoResponse info = call("openid.connect.userInfo",
                () -> methods.openIDConnectUserInfo(r -> r.token(token.getAccessToken())));
        String infoUser = !isBlank(info.getUserId()) ? info.getUserId() : info.getSub();
        if (!idUser.equals(infoUser)) {
            throw refused("Slack's answers named two different people; please sign in again.");
        }
        String team = !isBlank(info.getTeamId()) ? info.getTeamId() : claims.path(TEAM_ID).asText(null);
        if (!isBlank(settings.teamId()) && !settings.teamId().equals(team)) {
            throw refused("You signed in to a Slack workspace this dashboard does not serve.");
        }
        String name = !isBlank(info.getName()) ? info.getName() : claims.path("name").asText(idUser);
        log.info("signed in with Slack: user {} of team {}", idUser, team);
        return new SignedIn(idUser, team, name);
    }

    /**
     * The id_token's claims, checked against this sign-in: issuer, audience, expiry and nonce. Its signature is not
     * verified: the token came straight from Slack's token endpoint over TLS, in answer to our authenticated request,
     * which OpenID Connect Core 1.0 section 3.1.3.7 (step 6) accepts in place of checking the signature.
     */
    private JsonNode claimsOf(String idToken, String expectedNonce) {
        String[] parts = idToken.split("\\.", -1);
        JsonNode claims;
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a JWT");
            }
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw refused("Slack's answer could not be read; please sign in again.");
        }
        if (claims == null || !claims.isObject()) {
            throw refused("Slack's answer could not be read; please sign in again.");
        }
        if (!ISSUER.equals(claims.path("iss").asText())) {
            throw refused("The sign-in did not come from Slack; please sign in again.");
        }
        JsonNode aud = claims.path("aud");
        boolean forUs = aud.isArray() ? containsText(aud, settings.clientId()) : settings.clientId().equals(aud.asText());
        if (!forUs) {
            throw refused("The sign-in was meant for another app; please sign in again.");
        }
        if (claims.has("exp") && claims.get("exp").asLong() * 1000 + CLOCK_SKEW.toMillis() < clock.millis()) {
            throw refused("This sign-in has expired; please sign in again.");
        }
        if (!Tokens.same(claims.path("nonce").asText(null), expectedNonce)) {
            throw refused("This sign-in does not match the one started in this browser; please sign in again.");
        }
        return claims;
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private interface SlackCall<T extends SlackApiTextResponse> {
        T call() throws IOException, SlackApiException;
    }

    /**
     * One Web API call, sent once. The SDK's synchronous client does not retry (only its async client waits out
     * rate limits), and neither do we: a person is waiting, and a rate-limited call is better answered at once with
     * how long to wait than by holding their request.
     */
    private static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        T answer;
        try {
            answer = call.call();
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            if (status == 429) {
                String after = e.getResponse().header("Retry-After");
                throw refused("Slack is busy; please sign in again"
                        + (after != null && after.matches("\\d{1,4}") ? " in " + after + " seconds." : " shortly."));
            }
            log.warn("sign-in with Slack: {} answered HTTP {}", method, status);
            throw refused("Slack could not complete the sign-in (HTTP " + status + "); please try again.");
        } catch (IOException e) {
            log.warn("sign-in with Slack: {} failed: {}", method, e.getClass().getSimpleName());
            throw refused("Slack could not be reached; please try again.");
        }
        if (!answer.isOk()) {
            String error = answer.getError() != null && ERROR_CODE.matcher(answer.getError()).matches()
                    ? answer.getError() : "unknown_error";
            log.info("sign-in with Slack refused: {} answered {}", method, error);
            throw refused("Slack refused the sign-in (" + error + "); please sign in again.");
        }
        return answer;
    }

    private static SignInRefused refused(String message) {
        return new SignInRefused(message);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
