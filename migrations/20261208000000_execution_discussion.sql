-- Project execution, part four: one discussion thread per project in execution, for its city's
-- officials, its participants' representatives and the admin. A message is edited by its author
-- within fifteen minutes (the application's rule) and never deleted.

CREATE TABLE project_messages (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    author_id   BIGINT NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    edited_at   TIMESTAMPTZ
);
CREATE INDEX project_messages_project_idx ON project_messages (project_id, created_at, id);
GRANT SELECT, INSERT, UPDATE ON project_messages TO alliance_hub_app;
