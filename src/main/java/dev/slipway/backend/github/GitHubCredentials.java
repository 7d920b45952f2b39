package dev.slipway.backend.github;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.PermanentBackendException;
import dev.slipway.backend.TransientBackendException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.github.GHAppInstallation;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.authorization.AppInstallationAuthorizationProvider;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.authorization.ImmutableAuthorizationProvider;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

/**
 * The {@code Authorization} header of Slipway's requests, from hub4j: a token as it is, or for a GitHub App an
 * installation token that hub4j fetches with the app's JWT and refreshes before it expires. The app's key is read
 * by {@link GitHubKeys}, as hub4j reads only PKCS#8.
 */
final class GitHubCredentials {
    private final GitHubConnection connection;
    private final AuthorizationProvider provider;
    private volatile GHAppInstallation installation;

    GitHubCredentials(GitHubConnection connection, HttpClient http, Duration timeout) {
        this.connection = connection;
        if (connection.app() == null) {
            provider = ImmutableAuthorizationProvider.fromOauthToken(connection.token());
            return;
        }
        GitHubApp app = connection.app();
        JWTTokenProvider jwt =
                new JWTTokenProvider(Long.toString(app.appId()), GitHubKeys.privateKey(app.privateKey()));
        provider = new AppInstallationAuthorizationProvider(gitHubApp -> {
            GHAppInstallation found = app.installationId() != null ? gitHubApp.getInstallationById(app.installationId())
                    : gitHubApp.getInstallationByRepository(connection.owner(), connection.name());
            installation = found;
            return found;
        }, jwt);
        try {
            // Binds the provider to a hub4j client of the same endpoint; only the app's token calls go through it.
            // Its rate limit handlers fail instead of sleeping: a deploy bot would rather say so and retry later.
            new GitHubBuilder().withEndpoint(connection.apiUrl()).withConnector(new GitHubTimedConnector(http, timeout))
                    .withAuthorizationProvider(provider).withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL).build();
        } catch (IOException e) {
            throw new IllegalStateException("could not set up the GitHub App client for " + connection.repo(), e);
        }
    }

    /** The header value; for an app, fetching an installation token first when it has none or it expires soon. */
    String authorization(boolean creating) throws BackendException {
        try {
            return provider.getEncodedAuthorization();
        } catch (IOException e) {
            throw appFailure(e, creating);
        }
    }

    /** For an app, whether its installation may write deployments; empty for a token. */
    Optional<Boolean> appCanDeploy() {
        GHAppInstallation known = installation;
        if (connection.app() == null || known == null) {
            return Optional.empty();
        }
        Map<String, GHPermissionType> permissions = known.getPermissions();
        GHPermissionType deployments = permissions == null ? null : permissions.get("deployments");
        return Optional.of(deployments == GHPermissionType.WRITE || deployments == GHPermissionType.ADMIN);
    }

    private BackendException appFailure(IOException e, boolean creating) {
        GitHubApp app = connection.app();
        String repo = connection.repo();
        int status = e instanceof HttpException http ? http.getResponseCode() : -1;
        if (e instanceof GHFileNotFoundException || status == 404) {
            return new PermanentBackendException(app.installationId() == null
                    ? "GitHub App " + app.appId() + " is not installed on " + repo + ": install it there"
                    : "GitHub App " + app.appId() + " has no installation " + app.installationId()
                            + ": check github.app.installationId for " + repo);
        }
        if (status == 401) {
            return new PermanentBackendException("GitHub refused the app credentials for " + repo
                    + " (401): check github.app (appId and privateKey)");
        }
        if (status == 403) {
            return new PermanentBackendException("GitHub refused GitHub App " + app.appId()
                    + " an installation token for " + repo + " (403)");
        }
        // Nothing was asked of the repository yet, so a start certainly created nothing.
        String message = "could not get a GitHub App installation token for " + repo + " ("
                + (status > 0 ? "GitHub answered " + status : e.getClass().getSimpleName()) + "); will retry";
        return creating ? TransientBackendException.beforeStart(message, e) : new TransientBackendException(message, e);
    }
}
