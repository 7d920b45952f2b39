package dev.slipway.backend.github;

/**
 * What Slipway's GitHub identity can see of its repository.
 *
 * @param canDeploy whether it may create deployments: for a token, push, maintain or admin permission on the
 *                  repository; for an app, the installation's {@code deployments: write} permission
 */
public record RepositoryAccess(String fullName, String htmlUrl, String defaultBranch, boolean canDeploy) {
}
