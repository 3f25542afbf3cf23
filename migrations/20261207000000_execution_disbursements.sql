-- Project execution, part three: the money paid out on a project in execution, recorded by the
-- owning city's officials against the funding sources the project planned.

CREATE TABLE project_disbursements (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        BIGINT NOT NULL REFERENCES projects (id),
    paid_on           DATE NOT NULL,
    -- In yuan (the form takes 万元 with up to four decimals, so whole yuan).
    amount            BIGINT NOT NULL CHECK (amount > 0),
    source            TEXT NOT NULL CHECK (source IN ('city', 'province', 'investment', 'own')),
    -- The participant paid; none: paid for the project as a whole.
    participant_id    BIGINT REFERENCES project_participants (id),
    note              TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    -- Why a payment that takes its source past the amount planned was made anyway.
    overspend_reason  TEXT CHECK (overspend_reason IS NULL OR length(btrim(overspend_reason)) BETWEEN 1 AND 500),
    recorded_by       BIGINT NOT NULL REFERENCES users (id),
    recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX project_disbursements_project_idx ON project_disbursements (project_id, paid_on, id);
GRANT SELECT, INSERT ON project_disbursements TO alliance_hub_app;
