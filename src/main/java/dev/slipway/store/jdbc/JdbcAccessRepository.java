package dev.slipway.store.jdbc;

import static dev.slipway.store.jdbc.JdbcColumns.instant;
import static dev.slipway.store.jdbc.JdbcColumns.millis;

import dev.slipway.domain.ApiTokenInfo;
import dev.slipway.store.AccessRepository;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * {@code web_login_links}, {@code web_sessions} and {@code api_tokens}. Only hashes of secrets are stored, so none
 * of these columns is sealed (see {@link SealedColumns}): a session's csrf token is kept in the clear because it is
 * worth nothing without the session's own token, which is stored only as its hash.
 */
final class JdbcAccessRepository implements AccessRepository {
    private final Handle handle;
    private final JdbcConflicts conflicts;

    JdbcAccessRepository(Handle handle, JdbcConflicts conflicts) {
        this.handle = handle;
        this.conflicts = conflicts;
    }

    @Override
    public void insertLoginLink(String tokenHash, String person, Instant createdAt, Instant expiresAt) {
        conflicts.run(() -> handle.createUpdate("INSERT INTO web_login_links (token_hash, person, created_at, expires_at)"
                        + " VALUES (:hash, :person, :createdAt, :expiresAt)")
                .bind("hash", tokenHash)
                .bind("person", person)
                .bind("createdAt", millis(createdAt))
                .bind("expiresAt", millis(expiresAt))
                .execute());
    }

    @Override
    public Optional<String> consumeLoginLink(String tokenHash, Instant now) {
        return handle.createQuery("UPDATE web_login_links SET used_at = :now"
                        + " WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now RETURNING person")
                .bind("hash", tokenHash)
                .bind("now", millis(now))
                .mapTo(String.class)
                .findOne();
    }

    @Override
    public void insertSession(String tokenHash, String person, String csrfToken, Instant createdAt, Instant expiresAt) {
        conflicts.run(() -> handle.createUpdate("INSERT INTO web_sessions (token_hash, person, csrf_token, created_at,"
                        + " expires_at) VALUES (:hash, :person, :csrf, :createdAt, :expiresAt)")
                .bind("hash", tokenHash)
                .bind("person", person)
                .bind("csrf", csrfToken)
                .bind("createdAt", millis(createdAt))
                .bind("expiresAt", millis(expiresAt))
                .execute());
    }

    @Override
    public Optional<StoredSession> findSession(String tokenHash, Instant now) {
        return handle.createQuery("SELECT person, csrf_token, expires_at FROM web_sessions"
                        + " WHERE token_hash = :hash AND expires_at > :now")
                .bind("hash", tokenHash)
                .bind("now", millis(now))
                .map((rs, ctx) -> new StoredSession(rs.getString("person"), rs.getString("csrf_token"),
                        instant(rs, "expires_at")))
                .findOne();
    }

    @Override
    public boolean deleteSession(String tokenHash) {
        return handle.createUpdate("DELETE FROM web_sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .execute() > 0;
    }

    @Override
    public int deleteExpired(Instant now) {
        int sessions = handle.createUpdate("DELETE FROM web_sessions WHERE expires_at <= :now")
                .bind("now", millis(now))
                .execute();
        int links = handle.createUpdate("DELETE FROM web_login_links WHERE expires_at <= :now")
                .bind("now", millis(now))
                .execute();
        return sessions + links;
    }

    @Override
    public void insertApiToken(String name, String person, String tokenHash, Instant createdAt) {
        conflicts.run(() -> handle.createUpdate("INSERT INTO api_tokens (name, person, token_hash, created_at)"
                        + " VALUES (:name, :person, :hash, :createdAt)")
                .bind("name", name)
                .bind("person", person)
                .bind("hash", tokenHash)
                .bind("createdAt", millis(createdAt))
                .execute());
    }

    @Override
    public List<ApiTokenInfo> listApiTokens() {
        return handle.createQuery("SELECT name, person, created_at, last_used_at, revoked_at FROM api_tokens"
                        + " ORDER BY name")
                .map((rs, ctx) -> new ApiTokenInfo(rs.getString("name"), rs.getString("person"),
                        instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at")))
                .list();
    }

    @Override
    public boolean revokeApiToken(String name, Instant at) {
        return handle.createUpdate("UPDATE api_tokens SET revoked_at = :at WHERE name = :name AND revoked_at IS NULL")
                .bind("name", name)
                .bind("at", millis(at))
                .execute() > 0;
    }

    @Override
    public Optional<String> findUnrevokedApiToken(String tokenHash) {
        return handle.createQuery("SELECT person FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", tokenHash)
                .mapTo(String.class)
                .findOne();
    }

    @Override
    public void touchApiToken(String tokenHash, Instant at) {
        handle.createUpdate("UPDATE api_tokens SET last_used_at = :at WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .bind("at", millis(at))
                .execute();
    }
}
