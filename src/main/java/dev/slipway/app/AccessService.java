package dev.slipway.app;

import dev.slipway.domain.ApiToken;
import dev.slipway.domain.ApiTokenInfo;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Tokens;
import dev.slipway.domain.WebSession;
import dev.slipway.store.AccessRepository.StoredSession;
import dev.slipway.store.ConflictException;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is signed in to the web dashboard, and whose API tokens call the JSON API. A one-time link (from
 * {@code slipway web-login} or chat) or a Slack sign-in starts a session; an API token acts as its person until it is
 * revoked. Every secret is 256 random bits, handed out once and stored only as its SHA-256, so a secret is checked
 * by looking its hash up: nothing compares secrets in Java, and reading the database signs nobody in.
 */
public final class AccessService {
    public static final Duration LOGIN_LINK_LIFETIME = Duration.ofMinutes(10);
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    /** Longest person id taken: Slack ids are about 11 characters, console names a word. */
    static final int MAX_USER_LENGTH = 128;
    private static final Pattern TOKEN_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** Longer than any secret handed out (43 characters), so an absurd one is turned away before it is hashed. */
    private static final int MAX_SECRET_LENGTH = 256;

    /** How often a token's last use is written at most, by this process. */
    static final Duration NOTE_USE_EVERY = Duration.ofMinutes(1);

    private final Store store;
    private final Clock clock;
    /** When this process last wrote each token's use (by the token's hash): tokens are few. */
    private final java.util.Map<String, Instant> lastNoted = new java.util.concurrent.ConcurrentHashMap<>();

    public AccessService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new one-time sign-in token for {@code user}, good for {@link #LOGIN_LINK_LIFETIME}. */
    public String createLoginLink(String user) {
        String person = person(user);
        String token = Tokens.newSecret();
        Instant now = clock.instant();
        store.inTransaction(tx -> {
            tx.access().deleteExpired(now);
            tx.access().insertLoginLink(Tokens.sha256Hex(token), person, now, now.plus(LOGIN_LINK_LIFETIME));
            audit(tx, now, person, "web.login_link_created", "");
            return null;
        });
        return token;
    }

    /** Uses up a sign-in token and starts a session; empty when the token is unknown, used or expired. */
    public Optional<WebSession> redeemLoginLink(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.inTransaction(tx -> tx.access().consumeLoginLink(Tokens.sha256Hex(token), now)
                .map(person -> start(tx, person, "one-time link", now)));
    }

    /** A new session for {@code user}, whom {@code how} (such as "slack") signed in. */
    public WebSession startSession(String user, String how) {
        String person = person(user);
        if (how == null || how.isBlank()) {
            throw new IllegalArgumentException("say how " + person + " signed in");
        }
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            tx.access().deleteExpired(now);
            return start(tx, person, how, now);
        });
    }

    /** The session of {@code token}; empty when it is unknown or has expired. */
    public Optional<WebSession> findSession(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<StoredSession> found = store.read(tx -> tx.access().findSession(Tokens.sha256Hex(token), now));
        return found.map(s -> new WebSession(token, s.person(), s.csrfToken(), s.expiresAt()));
    }

    /** Ends the session of {@code token}; nothing happens when there is none. */
    public void endSession(String token) {
        if (!plausible(token)) {
            return;
        }
        String hash = Tokens.sha256Hex(token);
        Instant now = clock.instant();
        store.inTransaction(tx -> {
            Optional<StoredSession> session = tx.access().findSession(hash, now);
            if (tx.access().deleteSession(hash) && session.isPresent()) {
                audit(tx, now, session.get().person(), "web.signed_out", "");
            }
            return null;
        });
    }

    /**
     * A new API token for {@code user}, named {@code name} (lower-case letters, digits, '.', '_' and '-', at most 63,
     * starting with a letter or digit). Its secret is in the answer only. Refused with
     * {@link ErrorCode#NAME_TAKEN} when a token, even a revoked one, has that name.
     */
    public ApiToken createApiToken(String user, String name) {
        String person = person(user);
        if (name == null || !TOKEN_NAME.matcher(name).matches()) {
            throw new RefusedException(ErrorCode.BAD_ARGUMENTS, "A token's name is 1 to 63 lower-case letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit.");
        }
        String secret = Tokens.newSecret();
        Instant now = clock.instant();
        try {
            store.inTransaction(tx -> {
                tx.access().insertApiToken(name, person, Tokens.sha256Hex(secret), now);
                audit(tx, now, person, "api_token.created", name);
                return null;
            });
        } catch (ConflictException taken) {
            throw new RefusedException(ErrorCode.NAME_TAKEN, "There is an API token named " + name + " already.");
        }
        return new ApiToken(name, person, secret);
    }

    /** Every API token, revoked ones included, by name; never a secret. */
    public List<ApiTokenInfo> listApiTokens() {
        return store.read(tx -> tx.access().listApiTokens());
    }

    /** Revokes the token named {@code name}; false when there is no such token or it was revoked already. */
    public boolean revokeApiToken(String name) {
        if (name == null) {
            return false;
        }
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Optional<String> owner = tx.access().listApiTokens().stream()
                    .filter(t -> t.name().equals(name)).map(ApiTokenInfo::user).findFirst();
            boolean revoked = tx.access().revokeApiToken(name, now);
            if (revoked) {
                // The revoker is not known here (the command line or an operator); the token's person is recorded
                // as the actor, so the trail reads as what happened to whose access.
                audit(tx, now, owner.orElse("?"), "api_token.revoked", name);
            }
            return revoked;
        });
    }

    /**
     * The person whose unrevoked API token {@code bearerSecret} is, noting the use. A secret that matches nothing
     * writes nothing, so guessing costs the database only a read.
     */
    public Optional<String> apiUser(String bearerSecret) {
        if (!plausible(bearerSecret)) {
            return Optional.empty();
        }
        String hash = Tokens.sha256Hex(bearerSecret);
        Optional<String> person = store.read(tx -> tx.access().findUnrevokedApiToken(hash));
        if (person.isEmpty()) {
            return person;
        }
        Instant now = clock.instant();
        Instant noted = lastNoted.get(hash);
        if (noted != null && now.isBefore(noted.plus(NOTE_USE_EVERY))) {
            return person; // its use was noted a moment ago: a burst of calls costs reads, not a write each
        }
        // Looked up again inside the write, so a token revoked in between is not answered.
        Optional<String> still = store.inTransaction(tx -> {
            Optional<String> found = tx.access().findUnrevokedApiToken(hash);
            found.ifPresent(p -> tx.access().touchApiToken(hash, now));
            return found;
        });
        still.ifPresent(p -> lastNoted.put(hash, now));
        return still;
    }

    private WebSession start(Transaction tx, String person, String how, Instant now) {
        String token = Tokens.newSecret();
        String csrf = Tokens.newSecret();
        Instant expiresAt = now.plus(SESSION_LIFETIME);
        tx.access().insertSession(Tokens.sha256Hex(token), person, csrf, now, expiresAt);
        audit(tx, now, person, "web.signed_in", how);
        return new WebSession(token, person, csrf, expiresAt);
    }

    private static void audit(Transaction tx, Instant at, String actor, String action, String detail) {
        tx.audit().record(new AuditEvent(0, at, actor, action, null, null, null, detail));
    }

    private static boolean plausible(String secret) {
        return secret != null && !secret.isEmpty() && secret.length() <= MAX_SECRET_LENGTH;
    }

    /** {@code user} as a person id: not blank, at most {@value #MAX_USER_LENGTH} characters, no control characters. */
    static String person(String user) {
        if (user == null || user.isBlank() || user.length() > MAX_USER_LENGTH || !user.strip().equals(user)
                || user.chars().anyMatch(Character::isISOControl)) {
            throw new RefusedException(ErrorCode.BAD_ARGUMENTS, "A person is named by 1 to " + MAX_USER_LENGTH
                    + " characters, without control characters or surrounding spaces.");
        }
        return user;
    }
}
