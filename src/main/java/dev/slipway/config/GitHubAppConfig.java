package dev.slipway.config;

/**
 * {@code github.app:} — a GitHub App Slipway acts as: its id, the private key GitHub generated for it (PEM, PKCS#1
 * as GitHub hands it out, or PKCS#8), and its installation on the repository's account, found from the repository
 * when not given.
 */
public record GitHubAppConfig(Long appId, String privateKey, Long installationId) {

    /** Like the generated one, but without the key. */
    @Override
    public String toString() {
        return "GitHubAppConfig[appId=" + appId + ", privateKey=" + (privateKey == null ? null : "***")
                + ", installationId=" + installationId + "]";
    }
}
