package dev.slipway.backend.github;

/** What GitHub did with a request for a deployment. */
public sealed interface CreateAnswer {
    /** GitHub created the deployment. */
    record Created(GitHubDeployment deployment) implements CreateAnswer {
    }

    /**
     * GitHub answered 202: it is merging the default branch into the ref first and created no deployment; asking
     * again once the merge is done creates one.
     */
    record Merging(String message) implements CreateAnswer {
    }
}
