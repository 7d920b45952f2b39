package dev.slipway.store;

import dev.slipway.domain.ApiTokenInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Web sign-in links, web sessions and API tokens. Every secret is known here only by its hash (the caller hashes;
 * see {@code Tokens.sha256Hex}), never in the clear, so a lookup by hash is the comparison. Times are compared
 * with the {@code now} the caller gives, never the database's clock.
 */
public interface AccessRepository {

    /** Keeps a new one-time sign-in link for {@code person}, usable until {@code expiresAt}. */
    void insertLoginLink(String tokenHash, String person, Instant createdAt, Instant expiresAt);

    /**
     * Uses up the link in one statement, and returns its person: only if it exists, was never used and has not
     * expired at {@code now}. Of two callers consuming the same link, at most one gets its person.
     */
    Optional<String> consumeLoginLink(String tokenHash, Instant now);

    /** Keeps a new session. */
    void insertSession(String tokenHash, String person, String csrfToken, Instant createdAt, Instant expiresAt);

    /** The session with this hash, if it has not expired at {@code now}. */
    Optional<StoredSession> findSession(String tokenHash, Instant now);

    /** Forgets a session; false when there was none. */
    boolean deleteSession(String tokenHash);

    /** Forgets the sessions and sign-in links that expired before or at {@code now}; how many rows went. */
    int deleteExpired(Instant now);

    /**
     * Keeps a new API token. Throws {@link ConflictException} when its name (revoked or not) or its hash is
     * taken.
     */
    void insertApiToken(String name, String person, String tokenHash, Instant createdAt);

    /** Every API token, revoked ones included, by name. */
    List<ApiTokenInfo> listApiTokens();

    /** Revokes the token named {@code name} at {@code at}; false when there is no such token or it was revoked. */
    boolean revokeApiToken(String name, Instant at);

    /** The person of the unrevoked token with this hash. */
    Optional<String> findUnrevokedApiToken(String tokenHash);

    /** Notes that the token with this hash was used at {@code at}. */
    void touchApiToken(String tokenHash, Instant at);

    /** A session as stored: its person, csrf token and expiry (its token is known only by its hash). */
    record StoredSession(String person, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "StoredSession[person=" + person + ", expiresAt=" + expiresAt + "]";
        }
    }
}
