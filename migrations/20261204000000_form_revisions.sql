-- What a firm's profile and a capability entry's figures held at each version an edit replaced,
-- as their forms show them. A form filled from an older version is merged three ways against
-- it (see `domain::merge`), so saving it never reverts what a colleague changed meanwhile.
-- (A project keeps every version in `project_revisions`.)
CREATE TABLE firm_profile_revisions (
    firm_id     BIGINT NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    fields      JSONB NOT NULL,
    replaced_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (firm_id, version)
);

CREATE TABLE firm_capability_revisions (
    entry_id    BIGINT NOT NULL REFERENCES firm_capabilities (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    fields      JSONB NOT NULL,
    replaced_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, version)
);

GRANT SELECT, INSERT ON firm_profile_revisions, firm_capability_revisions TO alliance_hub_app;
