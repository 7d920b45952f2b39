-- A run a backend hands on to another provider (a GitHub deployment carried on by a CircleCI pipeline) is started
-- at most once too: its start key is committed before the provider is asked, then its id, by which the provider's
-- hook finds the deployment. One per deployment and provider; one deployment per provider's run. told_at is when
-- the first provider was told the run had started, so that a job cut short in between tells it once more.
CREATE TABLE handed_on_runs (
    deployment_id  BIGINT  NOT NULL,
    provider       TEXT    NOT NULL,
    start_key      TEXT    NOT NULL,
    start_key_at   BIGINT  NOT NULL,
    run_id         TEXT,
    run_url        TEXT,
    told_at        BIGINT,
    PRIMARY KEY (deployment_id, provider)
);
CREATE UNIQUE INDEX handed_on_runs_by_run ON handed_on_runs (provider, run_id);
