-- R&D projects: what a city's bureau posts, the sourcing needs that matching works on, the
-- versions an edit names, and the firms' expressions of interest.

-- A project. Amounts are whole yuan (forms show 万元); a project is edited only by naming the
-- `version` it was read at, and each version's content is kept in `project_revisions` so that a
-- refused edit can be shown what changed meanwhile.
CREATE TABLE projects (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_code              TEXT NOT NULL REFERENCES cities (code),
    title                  TEXT NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
    -- The public part: what visitors and firms awaiting approval see of an open call.
    summary                TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
    description            TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    category_id            BIGINT NOT NULL REFERENCES capability_categories (id),
    stage                  TEXT NOT NULL
                           CHECK (stage IN ('achievement', 'incubation', 'maturation', 'expansion')),
    -- The lead research institution: a research institute or university of the directory, or
    -- one named in free text.
    lead_firm_id           BIGINT REFERENCES firms (id),
    lead_institution       TEXT CHECK (lead_institution IS NULL OR length(btrim(lead_institution)) BETWEEN 1 AND 100),
    fund_city              BIGINT NOT NULL DEFAULT 0 CHECK (fund_city >= 0),
    fund_province          BIGINT NOT NULL DEFAULT 0 CHECK (fund_province >= 0),
    fund_investment        BIGINT NOT NULL DEFAULT 0 CHECK (fund_investment >= 0),
    fund_own               BIGINT NOT NULL DEFAULT 0 CHECK (fund_own >= 0),
    starts_on              DATE,
    ends_on                DATE,
    responsible_user_id    BIGINT NOT NULL REFERENCES users (id),
    -- "robot+" application scenarios, by code.
    scenarios              TEXT[] NOT NULL DEFAULT '{}',
    status                 TEXT NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft', 'open', 'in_execution', 'completed', 'cancelled')),
    cancel_reason          TEXT,
    version                INTEGER NOT NULL DEFAULT 1,
    -- Computed by the application (see domain::search): title, summary, segment and needs.
    search_terms           TEXT[] NOT NULL DEFAULT '{}',
    title_sort_key         TEXT NOT NULL DEFAULT '',
    created_by             BIGINT NOT NULL REFERENCES users (id),
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT projects_dates_ordered CHECK (starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on),
    CONSTRAINT projects_cancel_reason CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX projects_city_status_idx ON projects (city_code, status, updated_at DESC);
CREATE INDEX projects_status_idx ON projects (status, updated_at DESC);
CREATE INDEX projects_search_terms_idx ON projects USING gin (search_terms);

-- A project's sourcing needs. `closed` is a need that ends unfilled (its project was cancelled).
CREATE TABLE project_needs (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        BIGINT NOT NULL REFERENCES projects (id),
    capability_id     BIGINT NOT NULL REFERENCES capabilities (id),
    level             TEXT NOT NULL CHECK (level IN ('prototype', 'small_batch', 'mass_production')),
    quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100000000),
    certificates      TEXT[] NOT NULL DEFAULT '{}',
    preferred_cities  TEXT[] NOT NULL DEFAULT '{}',
    note              TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'closed')),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX project_needs_project_idx ON project_needs (project_id);
CREATE INDEX project_needs_capability_idx ON project_needs (capability_id, status, project_id);

-- Every version of a project's content (needs included), as the edit that made it left it.
CREATE TABLE project_revisions (
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    version     INTEGER NOT NULL,
    content     JSONB NOT NULL,
    changed_by  BIGINT NOT NULL REFERENCES users (id),
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, version)
);

-- A firm's expression of interest in an open project, for the whole project or one need; once
-- per firm and need. The owning city's officials answer it.
CREATE TABLE project_interests (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   BIGINT NOT NULL REFERENCES projects (id),
    need_id      BIGINT REFERENCES project_needs (id),
    firm_id      BIGINT NOT NULL REFERENCES firms (id),
    author_id    BIGINT NOT NULL REFERENCES users (id),
    message      TEXT NOT NULL CHECK (length(btrim(message)) BETWEEN 1 AND 500),
    reply        TEXT CHECK (reply IS NULL OR length(btrim(reply)) BETWEEN 1 AND 500),
    replied_by   BIGINT REFERENCES users (id),
    replied_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT project_interests_reply CHECK ((reply IS NULL) = (replied_by IS NULL) AND (reply IS NULL) = (replied_at IS NULL))
);
CREATE UNIQUE INDEX project_interests_once ON project_interests (project_id, firm_id, need_id) NULLS NOT DISTINCT;
CREATE INDEX project_interests_firm_idx ON project_interests (firm_id);

GRANT SELECT, INSERT, UPDATE ON projects, project_revisions, project_interests TO alliance_hub_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON project_needs TO alliance_hub_app;
