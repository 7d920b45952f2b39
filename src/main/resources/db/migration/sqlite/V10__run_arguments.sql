-- A runbook run's arguments by parameter name (JSON), secret ones included, kept only until its job is created:
-- a start retried after a crash needs them; after that the masked copy in the deployment's ref is all there is.
ALTER TABLE deployments ADD COLUMN run_arguments TEXT;
