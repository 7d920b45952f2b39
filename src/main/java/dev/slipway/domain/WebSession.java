package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A person signed in to the web dashboard. {@code token} is the session's raw secret, known only to the browser
 * and to this object (the store keeps its SHA-256 hash); {@code csrfToken} is what the browser's forms echo back.
 * Neither is ever printed by {@link #toString()}.
 */
public record WebSession(String token, String user, String csrfToken, Instant expiresAt) {
    public WebSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "WebSession[user=" + user + ", expiresAt=" + expiresAt + "]";
    }
}
