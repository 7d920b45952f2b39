-- Channels bound to a project's repository by `setup` (a project's configured channel needs no row here; the
-- configuration wins), and the GitHub login each chat user claimed with `hello`. A channel has one binding; a
-- chat user has one login and a login one chat user, compared in any case as GitHub does (login_key).

CREATE TABLE channel_bindings (
    channel        TEXT    NOT NULL PRIMARY KEY,
    project        TEXT    NOT NULL,
    repository     TEXT    NOT NULL,
    bound_by       TEXT    NOT NULL,
    bound_at       BIGINT  NOT NULL
);

CREATE INDEX channel_bindings_by_project ON channel_bindings (project);

CREATE TABLE people_links (
    chat_user      TEXT    NOT NULL PRIMARY KEY,
    login          TEXT    NOT NULL,
    login_key      TEXT    NOT NULL UNIQUE CHECK (login_key = lower(login)),
    linked_at      BIGINT  NOT NULL
);
