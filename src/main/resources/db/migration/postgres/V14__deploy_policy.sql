-- Deploy policy in depth. A deployment to a busy environment now waits its turn instead of being refused, and may
-- wait for its requester's confirmation or for approvals first, so many deployments of one environment may be
-- active at once. What stays unique is the one that holds the environment: dispatched_at is set when a queued
-- deployment leaves the queue to start, and at most one dispatched deployment per project, environment and slot is
-- queued or running, whatever the code above does, on any replica.
ALTER TABLE deployments ADD COLUMN dispatched_at BIGINT;
-- An owner's reason for pushing this deployment through a change freeze; null when it was not forced.
ALTER TABLE deployments ADD COLUMN forced_reason TEXT;
UPDATE deployments SET dispatched_at = updated_at WHERE state IN ('queued', 'running');
DROP INDEX deployments_one_active;
CREATE UNIQUE INDEX deployments_one_dispatched ON deployments (project, environment, slot)
    WHERE state IN ('queued', 'running') AND dispatched_at IS NOT NULL;
CREATE INDEX deployments_waiting ON deployments (project, environment, id)
    WHERE state IN ('requested', 'awaiting_approval', 'queued') AND dispatched_at IS NULL;

-- Each approver's latest word on a deployment that awaits approval; the audit log keeps every one.
CREATE TABLE deployment_verdicts (
    deployment_id  BIGINT  NOT NULL REFERENCES deployments (id),
    approver       TEXT    NOT NULL,
    verdict        TEXT    NOT NULL CHECK (verdict IN ('approved', 'rejected')),
    at             BIGINT  NOT NULL,
    PRIMARY KEY (deployment_id, approver)
);

-- The message each approver was sent about a deployment (a Slack DM's channel and ts), to update it in place.
CREATE TABLE approval_messages (
    deployment_id  BIGINT  NOT NULL REFERENCES deployments (id),
    recipient      TEXT    NOT NULL,
    message_ref    TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, recipient)
);
