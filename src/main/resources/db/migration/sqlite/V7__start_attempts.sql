-- A run is started at most once: the key of the start is committed before the backend is asked, so a job that
-- finds a key but no run handle knows the start is in doubt and reconciles instead of starting again.
ALTER TABLE deployments ADD COLUMN start_key TEXT;
ALTER TABLE deployments ADD COLUMN start_key_at BIGINT;
