-- A deployment request reads how long its environment's queue is, and its first and last deployment: this index
-- holds only the queued ones, so those reads walk the queue's index entries and never the rows of deployments
-- waiting for a confirmation or approvals.
CREATE INDEX deployments_queued ON deployments (project, environment, slot, id)
    WHERE state = 'queued' AND dispatched_at IS NULL;
