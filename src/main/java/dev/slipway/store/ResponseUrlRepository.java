package dev.slipway.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The address a chat surface was given to answer a request that created a deployment (Slack's slash command
 * {@code response_url}): a credential, valid until it expires and for a limited number of posts, kept for a
 * deployment until it ends. Implementations store the URL sealed, never in plain text; every method takes and
 * returns it in plain text.
 */
public interface ResponseUrlRepository {

    /** One deployment's response URL: when it stops working, how many posts it has carried, whether the asker was told. */
    record ResponseUrl(long deploymentId, String url, Instant expiresAt, int uses, boolean hinted) {
        public boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    /** Keeps {@code url} for the deployment until {@code expiresAt}; a deployment that has one keeps the first. */
    void keep(long deploymentId, String url, Instant expiresAt);

    Optional<ResponseUrl> findByDeployment(long deploymentId);

    /**
     * Counts one more post through the deployment's URL, only if it has not expired at {@code now} and has carried
     * fewer than {@code most}; returns the number of this post (1 for the first), or 0 when none may be made.
     */
    int claimUse(long deploymentId, Instant now, int most);

    /** Marks the asker as told how to invite the bot; true only the first time. */
    boolean claimHint(long deploymentId, Instant now);

    /** Forgets the deployment's URL (it has ended); nothing happens when it has none. */
    void forget(long deploymentId);
}
