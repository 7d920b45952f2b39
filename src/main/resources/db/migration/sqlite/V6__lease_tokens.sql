-- Every claim of a job gets a token of its own: the queue's updates on a claimed job, and the fence a handler's
-- writes pass through, act only for the claim that still holds the job, never for a worker whose lease ran out.
ALTER TABLE jobs ADD COLUMN lease_token TEXT;
