package dev.slipway.config;

/**
 * {@code hooks:} — the secrets inbound hooks are checked against; a hook whose secret is unset refuses every call.
 *
 * @param githubSecret   verifies {@code X-Hub-Signature-256} of {@code /hooks/github}, unless the repository's
 *                       project has a {@code github.webhookSecret} of its own
 * @param circleciSecret verifies {@code circleci-signature} of {@code /hooks/circleci}
 */
public record HooksConfig(String notifyToken, String gitlabToken, String githubSecret, String circleciSecret) {

    /** Hooks without GitHub and CircleCI secrets. */
    public HooksConfig(String notifyToken, String gitlabToken) {
        this(notifyToken, gitlabToken, null, null);
    }
}
