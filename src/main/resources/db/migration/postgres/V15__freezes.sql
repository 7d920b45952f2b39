-- Change freezes made from chat with `freeze <project|all> <environment> <duration>`: one per project and
-- environment ('*' for every environment of the project), a new one replacing the old. Windows of the
-- configuration have no row. Rows past their until are left for the reader to pass over.
CREATE TABLE freezes (
    project        TEXT    NOT NULL,
    environment    TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    since          BIGINT  NOT NULL,
    until          BIGINT  NOT NULL,
    frozen_by      TEXT    NOT NULL,
    PRIMARY KEY (project, environment)
);
