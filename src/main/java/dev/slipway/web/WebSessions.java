package dev.slipway.web;

import dev.slipway.app.AccessService;
import dev.slipway.domain.Tokens;
import dev.slipway.domain.WebSession;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The browser's side of a session: one cookie holding the session's secret ({@code HttpOnly}, {@code SameSite=Lax},
 * {@code Secure} whenever the page is reached over HTTPS), looked up in the database on every request so that any
 * replica knows it and signing out ends it everywhere. Every form carries the session's CSRF token.
 */
final class WebSessions {
    static final String COOKIE = "slipway_session";
    /** The form field every posted form carries. */
    static final String CSRF_FIELD = "csrf";

    private final AccessService access;
    private final boolean httpsOnly;

    /** @param httpsOnly whether Slipway is reached over HTTPS (its public URL says so), behind a proxy or not */
    WebSessions(AccessService access, boolean httpsOnly) {
        this.access = access;
        this.httpsOnly = httpsOnly;
    }

    /** The session the request's cookie names, if it is known and has not ended. */
    Optional<WebSession> of(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        return access.findSession(token);
    }

    /** Whether the posted form carries the session's CSRF token. */
    static boolean formMatches(Context ctx, WebSession session) {
        String given = ctx.formParam(CSRF_FIELD);
        return given != null && Tokens.same(given, session.csrfToken());
    }

    void open(Context ctx, WebSession session) {
        int maxAge = (int) Math.max(0, Duration.between(Instant.now(), session.expiresAt()).getSeconds());
        ctx.cookie(cookie(ctx, COOKIE, session.token(), maxAge));
    }

    void close(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token != null && !token.isBlank() && token.length() <= 200) {
            access.endSession(token);
        }
        ctx.cookie(cookie(ctx, COOKIE, "", 0));
    }

    /** A cookie only this site's pages send back, never script, and only over HTTPS once Slipway is reached so. */
    Cookie cookie(Context ctx, String name, String value, int maxAgeSeconds) {
        boolean secure = httpsOnly || "https".equals(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        return new Cookie(name, value, "/", maxAgeSeconds, secure, true, null, SameSite.LAX);
    }
}
