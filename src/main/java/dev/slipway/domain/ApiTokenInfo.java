package dev.slipway.domain;

import java.time.Instant;

/** What is known of an API token without its secret; {@code lastUsedAt} and {@code revokedAt} are null until then. */
public record ApiTokenInfo(String name, String user, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
