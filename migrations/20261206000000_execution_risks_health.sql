-- Project execution, part two: the alliance's settings (the health rules' thresholds), the
-- risks of a project in execution (which can be escalated to the coordination meetings), and
-- the officials' overrides of a computed health.

-- One row: the alliance's settings. `id` is always true, so there is never a second row.
CREATE TABLE alliance_settings (
    id                       BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    -- A milestone overdue by more days than this makes the work red.
    health_red_overdue_days  INTEGER NOT NULL DEFAULT 14 CHECK (health_red_overdue_days BETWEEN 1 AND 365),
    -- A milestone in progress with no report for more days than this makes the work amber.
    health_stale_report_days INTEGER NOT NULL DEFAULT 30 CHECK (health_stale_report_days BETWEEN 1 AND 365),
    version                  INTEGER NOT NULL DEFAULT 1,
    updated_by               BIGINT REFERENCES users (id),
    updated_at               TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO alliance_settings DEFAULT VALUES;
GRANT SELECT, UPDATE ON alliance_settings TO alliance_hub_app;

CREATE TABLE project_risks (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id           BIGINT NOT NULL REFERENCES projects (id),
    title                TEXT NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
    description          TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    severity             TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    likelihood           TEXT NOT NULL CHECK (likelihood IN ('low', 'medium', 'high')),
    -- Its owner: a person of a city, or a participant firm (at most one of the two).
    owner_user_id        BIGINT REFERENCES users (id),
    owner_participant_id BIGINT REFERENCES project_participants (id),
    due_on               DATE,
    mitigation           TEXT NOT NULL DEFAULT '' CHECK (length(mitigation) <= 2000),
    state                TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'mitigated', 'closed')),
    -- Escalated to the coordination meetings: by whom, when and why (all three or none).
    escalated_by         BIGINT REFERENCES users (id),
    escalated_at         TIMESTAMPTZ,
    escalation_reason    TEXT CHECK (escalation_reason IS NULL OR length(btrim(escalation_reason)) BETWEEN 1 AND 500),
    created_by           BIGINT NOT NULL REFERENCES users (id),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Counts edits, so two officials editing one risk never overwrite each other silently.
    version              INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT project_risks_one_owner CHECK (num_nonnulls(owner_user_id, owner_participant_id) <= 1),
    CONSTRAINT project_risks_escalation CHECK (
        num_nonnulls(escalated_by, escalated_at, escalation_reason) IN (0, 3))
);
CREATE INDEX project_risks_project_idx ON project_risks (project_id, id);
-- What the coordination meetings read: every risk escalated to them.
CREATE INDEX project_risks_escalated_idx ON project_risks (escalated_at) WHERE escalated_at IS NOT NULL;
GRANT SELECT, INSERT, UPDATE ON project_risks TO alliance_hub_app;

-- An official's override of a computed health: of the project (no participant) or of one
-- participant's work; always with a reason. Clearing it deletes the row (the audit trail keeps it).
CREATE TABLE project_health_overrides (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     BIGINT NOT NULL REFERENCES projects (id),
    participant_id BIGINT REFERENCES project_participants (id),
    health         TEXT NOT NULL CHECK (health IN ('green', 'amber', 'red')),
    reason         TEXT NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
    set_by         BIGINT NOT NULL REFERENCES users (id),
    set_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX project_health_overrides_one ON project_health_overrides
    (project_id, COALESCE(participant_id, 0));
GRANT SELECT, INSERT, UPDATE, DELETE ON project_health_overrides TO alliance_hub_app;
