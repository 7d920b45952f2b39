-- Slipway's schema for SQLite. Kept line for line alike with ../postgres/V1__schema.sql: only the
-- generated id columns differ. Every timestamp is epoch milliseconds (UTC), so no time zone is ever guessed.

CREATE TABLE deployments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project        TEXT    NOT NULL,
    environment    TEXT    NOT NULL,
    ref            TEXT    NOT NULL,
    state          TEXT    NOT NULL,
    requested_by   TEXT    NOT NULL,
    origin_surface TEXT    NOT NULL,
    origin_channel TEXT,
    origin_thread  TEXT,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    started_at     BIGINT,
    finished_at    BIGINT,
    external_id    TEXT,
    external_url   TEXT,
    summary        TEXT,
    output_tail    TEXT,
    message_ref    TEXT
);

-- At most one active deployment per project and environment, whatever the code above it does.
CREATE UNIQUE INDEX deployments_one_active ON deployments (project, environment)
    WHERE state IN ('requested', 'awaiting_approval', 'queued', 'running');
CREATE INDEX deployments_by_target ON deployments (project, environment, created_at);
CREATE INDEX deployments_by_created ON deployments (created_at);

CREATE TABLE deployment_outputs (
    deployment_id  BIGINT  NOT NULL PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
    output         TEXT    NOT NULL
);

CREATE TABLE locks (
    project        TEXT    NOT NULL,
    environment    TEXT    NOT NULL,
    holder         TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    since          BIGINT  NOT NULL,
    PRIMARY KEY (project, environment)
);

-- No foreign key to deployments: the audit trail must accept and outlive anything it is told.
CREATE TABLE audit_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             BIGINT  NOT NULL,
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    project        TEXT,
    environment    TEXT,
    deployment_id  BIGINT,
    detail         TEXT    NOT NULL
);

CREATE INDEX audit_events_by_project ON audit_events (project, id);
CREATE INDEX audit_events_by_deployment ON audit_events (deployment_id, id);

CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT    NOT NULL,
    payload        TEXT,
    serial_key     TEXT,
    run_at         BIGINT  NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    status         TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    last_error     TEXT,
    locked_by      TEXT,
    locked_until   BIGINT,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);

CREATE INDEX jobs_due ON jobs (status, run_at);
-- Serves the "no earlier pending job with the same serial key" check of every claim.
CREATE INDEX jobs_pending_by_serial_key ON jobs (serial_key, id) WHERE status = 'pending';

CREATE TABLE idempotency_keys (
    key            TEXT    NOT NULL PRIMARY KEY,
    created_at     BIGINT  NOT NULL
);
