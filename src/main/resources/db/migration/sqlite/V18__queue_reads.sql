-- A deployment request reads how long its environment's queue is, and its first and last deployment: this index
-- holds only the queued ones, so those reads walk the queue's index entries and never the rows of deployments
-- waiting for a confirmation or approvals.
CREATE INDEX deployments_queued ON deployments (project, environment, slot, id)
    WHERE state = 'queued' AND dispatched_at IS NULL;

-- A queued deployment asks for one look at its environment's queue unless one waits for a worker already: this
-- index finds the waiting ones of a kind and payload without reading every pending job.
CREATE INDEX jobs_pending_by_kind ON jobs (kind, payload) WHERE status = 'pending';
