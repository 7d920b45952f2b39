package dev.slipway.backend.github;

import java.time.Instant;

/** A deployment status as GitHub lists it; {@code state} is GitHub's word, e.g. {@code in_progress}. */
public record GitHubDeploymentStatus(String state, String logUrl, String creator, Instant createdAt) {
}
