package dev.slipway.chat.slack;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackOAuthAppServlet;
import com.slack.api.bolt.request.builtin.OAuthCallbackRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.service.builtin.oauth.OAuthV2AccessErrorHandler;
import com.slack.api.bolt.service.builtin.oauth.OAuthV2SuccessHandler;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import dev.slipway.domain.WorkspaceInstallation;
import dev.slipway.store.Store;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installing the app into a workspace with Slack's OAuth v2 flow, on Bolt's own OAuth app: {@code GET /slack/install}
 * hands out a signed single-use state (and the same value in a cookie) with an Add to Slack link;
 * {@code GET /slack/oauth_redirect} checks the state, exchanges the code through {@code oauth.v2.access} and stores
 * the installation. Every way it can fail gets a plain page and stores nothing.
 */
public final class SlackInstallFlow {
    public static final String INSTALL_PATH = "/slack/install";
    public static final String REDIRECT_PATH = "/slack/oauth_redirect";
    private static final String HTML = "text/html; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(SlackInstallFlow.class);

    /** What the app is, and where Slack sends installers back to. */
    public record Settings(String clientId, String clientSecret, String publicUrl, String apiUrl) {
        String redirectUri() {
            return (publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl)
                    + REDIRECT_PATH;
        }
    }

    private final App app;

    /**
     * @param refused told, in one line without secrets, of each install refused for a bad state (an audit trail of
     *                forged or replayed links)
     */
    public SlackInstallFlow(Settings settings, SlackInstallations installations, Store store, Clock clock,
                            Consumer<String> refused) {
        AppConfig config = AppConfig.builder()
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                .scope(SlackScopes.joined())
                .redirectUri(settings.redirectUri())
                .oauthInstallPath(INSTALL_PATH)
                .oauthRedirectUriPath(REDIRECT_PATH)
                .oAuthInstallPageRenderer(SlackInstallPages::start)
                .slack(Slack.getInstance(SlackApiConfig.config(settings.apiUrl())))
                .build();
        this.app = new App(config).asOAuthApp(true)
                .service(new SlackOAuthStates(store, clock, settings.clientSecret()))
                .service(installations);
        app.oauthCallback((OAuthV2SuccessHandler) (request, response, access) -> {
            WorkspaceInstallation installation = installation(access, clock);
            installations.save(installation);
            if (access.getRefreshToken() != null) {
                log.warn("{} installed with token rotation on: its token expires in {}s and Slipway does not renew"
                        + " it; turn token rotation off in the app's settings", installation.id(), access.getExpiresIn());
            }
            return page(response, 200, SlackInstallPages.installed(installation.teamName() != null
                    ? installation.teamName() : installation.id()));
        });
        app.oauthCallbackStateError((request, response) -> {
            refused.accept("install refused: the link's state was missing, forged, used before or older than 10"
                    + " minutes (from " + request.getClientIpAddress() + ")");
            return page(response, 400, SlackInstallPages.failed("This install link is not valid any more: it was"
                    + " used already, is older than 10 minutes, or was opened in another browser.", INSTALL_PATH));
        });
        app.oauthCallbackError((request, response) -> page(response, 200, SlackInstallPages.failed(
                "access_denied".equals(request.getPayload().getError())
                        ? "The installation was cancelled in Slack."
                        : "Slack ended the installation with: " + code(request.getPayload().getError()) + ".",
                INSTALL_PATH)));
        app.oauthCallbackAccessError((OAuthV2AccessErrorHandler) (request, response, access) -> {
            log.warn("oauth.v2.access refused the install: {}", code(access.getError()));
            return page(response, 502, SlackInstallPages.failed("Slack did not accept the installation ("
                    + code(access.getError()) + "). The link may have expired.", INSTALL_PATH));
        });
        app.oauthCallbackException((OAuthCallbackRequest request, Response response, Exception e) -> {
            log.warn("the install could not be completed: {}", e.toString());
            return page(response, 502, SlackInstallPages.failed("Slipway could not complete the installation with"
                    + " Slack just now.", INSTALL_PATH));
        });
    }

    /** The servlet for both {@link #INSTALL_PATH} and {@link #REDIRECT_PATH}. */
    public HttpServlet servlet() {
        return new SlackOAuthAppServlet(app);
    }

    private static WorkspaceInstallation installation(OAuthV2AccessResponse access, Clock clock) {
        OAuthV2AccessResponse.AuthedUser user = access.getAuthedUser();
        return new WorkspaceInstallation(access.getEnterprise() == null ? null : access.getEnterprise().getId(),
                access.getTeam() == null ? null : access.getTeam().getId(),
                access.getTeam() != null ? access.getTeam().getName()
                        : access.getEnterprise() == null ? null : access.getEnterprise().getName(),
                access.isEnterpriseInstall(), access.getAppId(), access.getBotUserId(), null, access.getScope(),
                access.getAccessToken(), user == null ? null : user.getId(), user == null ? null : user.getScope(),
                user == null ? null : user.getAccessToken(), clock.instant());
    }

    private static Response page(Response response, int status, String html) {
        response.setStatusCode(status);
        response.setContentType(HTML);
        response.setBody(html);
        return response;
    }

    /** Slack's error codes, and only code characters of them. */
    private static String code(String error) {
        return error == null ? "unknown_error" : error.replaceAll("[^A-Za-z0-9_.-]", "");
    }
}
