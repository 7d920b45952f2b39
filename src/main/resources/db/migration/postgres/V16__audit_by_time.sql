-- The audit command counts the events since a moment, of every project or of one: these find them without
-- reading the whole log, however long it has grown.
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE INDEX audit_events_by_project_time ON audit_events (project, at);
