package dev.slipway.app;

import dev.slipway.domain.Deployment;
import java.util.Optional;

/**
 * What became of a request to deploy: the deployment, and why it waits (a confirmation, approvals, its turn), or
 * null when it starts at once. {@code merged} when the request joined an identical deployment queued just before it.
 */
public record Requested(Deployment deployment, String why, boolean merged) {
    public Optional<String> waiting() {
        return Optional.ofNullable(why);
    }
}
