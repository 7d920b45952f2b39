package dev.slipway.backend.github;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How Slipway reaches one GitHub repository.
 *
 * @param repo          {@code owner/name}
 * @param apiUrl        GitHub's REST API: {@code https://api.github.com} when not given, {@code https://host/api/v3}
 *                      for GitHub Enterprise Server
 * @param token         a token (personal, fine-grained or installation) that may create deployments, or null with
 *                      an {@code app}; a secret, never shown by {@link #toString()}
 * @param app           the GitHub App Slipway acts as, or null with a {@code token}
 * @param webhookSecret the secret GitHub signs webhook deliveries with, or null; a secret
 */
public record GitHubConnection(String repo, String apiUrl, String token, GitHubApp app, String webhookSecret) {
    public static final String DEFAULT_API_URL = "https://api.github.com";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public GitHubConnection {
        repo = checkedRepo(repo);
        apiUrl = checkedApiUrl(apiUrl);
        token = token == null || token.isBlank() ? null : token.strip();
        if (token != null && app != null) {
            throw new IllegalArgumentException("give either token or app, not both");
        }
        if (token == null && app == null) {
            throw new IllegalArgumentException("give a token or an app");
        }
        webhookSecret = webhookSecret == null || webhookSecret.isEmpty() ? null : webhookSecret;
    }

    /**
     * Where people see the repository: {@code https://github.com/owner/name} for GitHub.com, and for GitHub
     * Enterprise the API's host without its {@code /api/v3}.
     */
    public String webUrl() {
        java.net.URI api = java.net.URI.create(apiUrl);
        String host = api.getHost() == null ? "" : api.getHost();
        String origin = host.equalsIgnoreCase("api.github.com") ? "https://github.com"
                : api.getScheme() + "://" + api.getRawAuthority();
        return origin + "/" + repo;
    }

    /** The owner, the part of {@link #repo()} before the slash. */
    public String owner() {
        return repo.substring(0, repo.indexOf('/'));
    }

    /** The repository's name, the part of {@link #repo()} after the slash. */
    public String name() {
        return repo.substring(repo.indexOf('/') + 1);
    }

    private static String checkedRepo(String repo) {
        if (repo == null || repo.isBlank()) {
            throw new IllegalArgumentException("repo is required, as owner/name");
        }
        String value = repo.strip();
        String[] parts = value.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("repo must be owner/name with exactly one slash, not `" + value + "`");
        }
        for (String part : parts) {
            if (!NAME.matcher(part).matches()) {
                throw new IllegalArgumentException("repo `" + value
                        + "` may hold only letters, digits, '-', '_' and '.' on each side of its slash");
            }
        }
        return value;
    }

    private static String checkedApiUrl(String apiUrl) {
        if (apiUrl == null || apiUrl.isBlank()) {
            return DEFAULT_API_URL;
        }
        String value = apiUrl.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("apiUrl must start with http:// or https://");
        }
        try {
            if (URI.create(value).getHost() == null) {
                throw new IllegalArgumentException("apiUrl has no host: " + value);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apiUrl is not a valid URL: " + value);
        }
        return value;
    }

    /** Like the generated one, but without the secrets, so a connection can be logged. */
    @Override
    public String toString() {
        return "GitHubConnection[repo=" + repo + ", apiUrl=" + apiUrl + ", token=" + (token == null ? "none" : "***")
                + ", app=" + app + ", webhookSecret=" + (webhookSecret == null ? "none" : "***") + "]";
    }
}
