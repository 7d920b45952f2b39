package dev.slipway.backend.github;

/**
 * A GitHub App Slipway acts as.
 *
 * @param appId          the App ID from the app's settings page
 * @param privateKey     a private key of the app, as GitHub hands it out (PKCS#1 PEM,
 *                       {@code -----BEGIN RSA PRIVATE KEY-----}) or as PKCS#8 PEM
 *                       ({@code -----BEGIN PRIVATE KEY-----}); a secret, never shown by {@link #toString()}
 * @param installationId the app's installation that covers the repository, or null to ask GitHub for the
 *                       installation on the repository
 */
public record GitHubApp(long appId, String privateKey, Long installationId) {
    public GitHubApp {
        if (appId <= 0) {
            throw new IllegalArgumentException("appId must be a positive number");
        }
        if (privateKey == null || privateKey.isBlank()) {
            throw new IllegalArgumentException("privateKey is required for a GitHub App");
        }
        GitHubKeys.privateKey(privateKey);
        if (installationId != null && installationId <= 0) {
            throw new IllegalArgumentException("installationId must be a positive number");
        }
    }

    @Override
    public String toString() {
        return "GitHubApp[appId=" + appId + ", privateKey=***, installationId="
                + (installationId == null ? "found from the repository" : installationId) + "]";
    }
}
