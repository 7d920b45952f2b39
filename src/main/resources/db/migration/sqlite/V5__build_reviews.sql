-- Builds posted by CI are previewed, reviewed and promoted. Each build target has a preview slot of its own in
-- the preview environment, so previews of different branches run side by side: the one-active rule now holds
-- per project, environment and slot ('' for the environment itself).
ALTER TABLE deployments ADD COLUMN slot TEXT NOT NULL DEFAULT '';
DROP INDEX deployments_one_active;
CREATE UNIQUE INDEX deployments_one_active ON deployments (project, environment, slot)
    WHERE state IN ('requested', 'awaiting_approval', 'queued', 'running');

-- One build under review, keyed by its preview deployment.
CREATE TABLE reviews (
    deployment_id            BIGINT  NOT NULL PRIMARY KEY REFERENCES deployments (id),
    project                  TEXT    NOT NULL,
    image                    TEXT    NOT NULL,
    build_type               TEXT    NOT NULL,
    target                   TEXT    NOT NULL,
    slot                     TEXT    NOT NULL,
    surface                  TEXT    NOT NULL,
    state                    TEXT    NOT NULL
        CHECK (state IN ('previewing', 'preview_failed', 'open', 'promoting', 'deployed', 'closed')),
    production_deployment_id BIGINT  REFERENCES deployments (id),
    decided_by               TEXT,
    decided_at               BIGINT,
    note                     TEXT,
    created_at               BIGINT  NOT NULL,
    updated_at               BIGINT  NOT NULL
);

-- The same build posted again while it is in flight finds the first one, whatever the code above does.
CREATE UNIQUE INDEX reviews_one_in_flight ON reviews (project, image, build_type, target)
    WHERE state IN ('previewing', 'open', 'promoting');
CREATE INDEX reviews_by_slot ON reviews (project, slot, state);
CREATE INDEX reviews_by_production ON reviews (production_deployment_id);

-- Each reviewer's latest verdict on a build; the audit log keeps every one.
CREATE TABLE review_verdicts (
    deployment_id  BIGINT  NOT NULL REFERENCES reviews (deployment_id),
    reviewer       TEXT    NOT NULL,
    verdict        TEXT    NOT NULL CHECK (verdict IN ('approved', 'rejected')),
    at             BIGINT  NOT NULL,
    PRIMARY KEY (deployment_id, reviewer)
);

-- The message each person was sent about a build (a Slack DM's channel and ts), to update it in place.
CREATE TABLE review_messages (
    deployment_id  BIGINT  NOT NULL REFERENCES reviews (deployment_id),
    recipient      TEXT    NOT NULL,
    message_ref    TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, recipient)
);
