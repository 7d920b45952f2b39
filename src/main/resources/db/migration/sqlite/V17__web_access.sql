-- Web sign-in and the JSON API. No secret is stored: a login link's token, a session's token and an API token's
-- secret are kept only as the lower-case hex SHA-256 of the secret (token_hash), so reading the database is not
-- signing in. A session's csrf_token is stored as it is, not sealed: it is worth nothing without the session's
-- own token, which the database does not hold, and a request is checked against the row found by that token's hash.

-- One-time sign-in links: each may be used once (used_at set by the one UPDATE that consumes it), until it expires.
CREATE TABLE web_login_links (
    token_hash     TEXT    NOT NULL PRIMARY KEY,
    person         TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    expires_at     BIGINT  NOT NULL,
    used_at        BIGINT
);

CREATE INDEX web_login_links_by_expiry ON web_login_links (expires_at);

-- Signed-in browsers.
CREATE TABLE web_sessions (
    token_hash     TEXT    NOT NULL PRIMARY KEY,
    person         TEXT    NOT NULL,
    csrf_token     TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    expires_at     BIGINT  NOT NULL
);

CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);

-- Bearer tokens of the JSON API, each acting as its person. A revoked token keeps its row (and its name) for the
-- record; it is never found by its hash again.
CREATE TABLE api_tokens (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL UNIQUE,
    person         TEXT    NOT NULL,
    token_hash     TEXT    NOT NULL UNIQUE,
    created_at     BIGINT  NOT NULL,
    last_used_at   BIGINT,
    revoked_at     BIGINT
);
