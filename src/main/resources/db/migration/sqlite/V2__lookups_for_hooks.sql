-- Inbound hooks find deployments by the chat thread that reports them and by their backend run.
CREATE INDEX deployments_by_thread ON deployments (origin_channel, origin_thread);
CREATE INDEX deployments_by_message ON deployments (origin_channel, message_ref);
CREATE INDEX deployments_by_external_id ON deployments (external_id);
