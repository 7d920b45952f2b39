-- Workspaces (or whole Enterprise Grid organisations) that installed the Slack app through OAuth, one row each,
-- keyed by the team id, or the enterprise id for an organisation-wide install. Tokens are stored sealed
-- (enc:v1:…, bound to this table, row and column), never in plaintext. Reinstalling replaces the row.
CREATE TABLE slack_installations (
    id                 TEXT    NOT NULL PRIMARY KEY,
    enterprise_id      TEXT,
    team_id            TEXT,
    team_name          TEXT,
    enterprise_install BOOLEAN NOT NULL,
    app_id             TEXT,
    bot_user_id        TEXT,
    bot_id             TEXT,
    bot_scopes         TEXT    NOT NULL,
    bot_token          TEXT    NOT NULL,
    installer_id       TEXT,
    installer_scopes   TEXT,
    installer_token    TEXT,
    installed_at       BIGINT  NOT NULL
);

-- OAuth states handed out by /slack/install: each may be used once, until it expires.
CREATE TABLE slack_oauth_states (
    state              TEXT    NOT NULL PRIMARY KEY,
    expires_at         BIGINT  NOT NULL
);
