package dev.slipway.config;

/**
 * A project's {@code github:} — its repository ({@code owner/name}) and how Slipway reaches it: the API's base
 * ({@code https://api.github.com}, or {@code https://host/api/v3} for GitHub Enterprise), and either a token or a
 * GitHub App; {@code webhookSecret} verifies this repository's deliveries to {@code /hooks/github} instead of
 * {@code hooks.githubSecret}.
 */
public record GitHubConfig(String repo, String apiUrl, String token, GitHubAppConfig app, String webhookSecret) {

    /** Like the generated one, but without the secrets, so a project can be logged. */
    @Override
    public String toString() {
        return "GitHubConfig[repo=" + repo + ", apiUrl=" + apiUrl + ", token=" + (token == null ? null : "***")
                + ", app=" + app + ", webhookSecret=" + (webhookSecret == null ? null : "***") + "]";
    }
}
