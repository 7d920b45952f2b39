-- A worker claims the job that has been due longest: walking this index in order finds it without sorting
-- every pending job, however long the queue.
DROP INDEX jobs_due;
CREATE INDEX jobs_due ON jobs (status, run_at, id);
