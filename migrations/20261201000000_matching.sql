-- Matching: the officials' overrides of a need's candidate list, the participants of a project
-- (written by the invitation handshake; read now for coverage, track record and load), and the
-- covering indexes of the candidates' pre-ranking query (see `db::matching`).

-- A firm pinned to the top of a need's candidates or excluded from them, with the reason. One
-- standing override per need and firm; clearing one keeps its row (the audit trail has both).
CREATE TABLE need_overrides (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    need_id     BIGINT NOT NULL REFERENCES project_needs (id) ON DELETE CASCADE,
    firm_id     BIGINT NOT NULL REFERENCES firms (id),
    kind        TEXT NOT NULL CHECK (kind IN ('pin', 'exclude')),
    reason      TEXT NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 300),
    set_by      BIGINT NOT NULL REFERENCES users (id),
    set_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    cleared_by  BIGINT REFERENCES users (id),
    cleared_at  TIMESTAMPTZ,
    CONSTRAINT need_overrides_cleared CHECK ((cleared_by IS NULL) = (cleared_at IS NULL))
);
CREATE UNIQUE INDEX need_overrides_standing ON need_overrides (need_id, firm_id) WHERE cleared_at IS NULL;

-- A firm taking part in a project for one of its needs.
CREATE TABLE project_participants (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    BIGINT NOT NULL REFERENCES projects (id),
    need_id       BIGINT NOT NULL REFERENCES project_needs (id),
    firm_id       BIGINT NOT NULL REFERENCES firms (id),
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'revoked')),
    selected_by   BIGINT NOT NULL REFERENCES users (id),
    selected_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at      TIMESTAMPTZ,
    end_reason    TEXT CHECK (end_reason IS NULL OR length(btrim(end_reason)) BETWEEN 1 AND 500)
);
-- A need has at most one participant that stands.
CREATE UNIQUE INDEX project_participants_need_once ON project_participants (need_id) WHERE status <> 'revoked';
CREATE INDEX project_participants_firm_idx ON project_participants (firm_id) WHERE status <> 'revoked';
CREATE INDEX project_participants_project_idx ON project_participants (project_id);

-- For each capability entry, the last day it holds a valid certificate of each kind, in the
-- order iso9001, iatf16949, iso13485, ce, ccc, other (NULL: none). The pre-ranking scores the
-- certifications part from this array without reading the certificates themselves; a trigger
-- keeps it in step with `capability_certificates`, whoever writes them.
ALTER TABLE firm_capabilities
    ADD COLUMN certificates_until DATE[] NOT NULL DEFAULT '{NULL,NULL,NULL,NULL,NULL,NULL}'
        CHECK (cardinality(certificates_until) = 6);

CREATE FUNCTION firm_capabilities_certificates_until(entry BIGINT) RETURNS DATE[]
LANGUAGE sql STABLE AS $$
    SELECT ARRAY[
        max(expires_on) FILTER (WHERE kind = 'iso9001'),
        max(expires_on) FILTER (WHERE kind = 'iatf16949'),
        max(expires_on) FILTER (WHERE kind = 'iso13485'),
        max(expires_on) FILTER (WHERE kind = 'ce'),
        max(expires_on) FILTER (WHERE kind = 'ccc'),
        max(expires_on) FILTER (WHERE kind = 'other')
    ]
    FROM capability_certificates WHERE firm_capability_id = entry
$$;

CREATE FUNCTION capability_certificates_keep_until() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE firm_capabilities SET certificates_until = firm_capabilities_certificates_until(id)
         WHERE id = OLD.firm_capability_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE firm_capabilities SET certificates_until = firm_capabilities_certificates_until(id)
         WHERE id = NEW.firm_capability_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER capability_certificates_keep_until
    AFTER INSERT OR DELETE OR UPDATE ON capability_certificates
    FOR EACH ROW
    EXECUTE FUNCTION capability_certificates_keep_until();

UPDATE firm_capabilities fc SET certificates_until = firm_capabilities_certificates_until(fc.id)
 WHERE EXISTS (SELECT 1 FROM capability_certificates cc WHERE cc.firm_capability_id = fc.id);

-- What the pre-ranking reads of an entry's firm, kept on the entry so that ranking the holders of
-- a capability is one index-only scan without a join (a join with `firms` tripled its time on
-- 100,000 firms): whether the firm is approved, its participations completed and under way,
-- the last day of the entry's latest certificate, and the entry's class, which packs the parts
-- that take few values: `(level rank * 2 + verified) + 6 * the city's position` (level ranks
-- prototype 0, small batch 1, mass production 2; the cities' positions by `sort_order` from 0).
-- The application turns a class into points with a table it computes per need.
ALTER TABLE firm_capabilities
    ADD COLUMN firm_approved            BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN firm_completed           INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN firm_active              INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN certificates_last_until  DATE,
    ADD COLUMN match_class              INTEGER NOT NULL DEFAULT 0;

CREATE FUNCTION firm_capabilities_match_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT f.status = 'approved',
           (SELECT count(*) FROM cities o WHERE o.sort_order < c.sort_order
                                             OR (o.sort_order = c.sort_order AND o.code < c.code))
      INTO NEW.firm_approved, NEW.match_class
      FROM firms f JOIN cities c ON c.code = f.city_code WHERE f.id = NEW.firm_id;
    NEW.match_class := NEW.match_class * 6
        + 2 * CASE NEW.level WHEN 'prototype' THEN 0 WHEN 'small_batch' THEN 1 ELSE 2 END
        + CASE WHEN NEW.verified_at IS NULL THEN 0 ELSE 1 END;
    SELECT count(*) FILTER (WHERE status = 'completed'), count(*) FILTER (WHERE status = 'active')
      INTO NEW.firm_completed, NEW.firm_active
      FROM project_participants WHERE firm_id = NEW.firm_id;
    NEW.certificates_last_until := GREATEST(NEW.certificates_until[1], NEW.certificates_until[2],
        NEW.certificates_until[3], NEW.certificates_until[4], NEW.certificates_until[5],
        NEW.certificates_until[6]);
    RETURN NEW;
END
$$;
CREATE TRIGGER firm_capabilities_match_facts
    BEFORE INSERT OR UPDATE ON firm_capabilities
    FOR EACH ROW
    EXECUTE FUNCTION firm_capabilities_match_facts();

-- A firm's approval or participations change: its entries recompute their facts.
CREATE FUNCTION firm_entries_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'firms' THEN
        UPDATE firm_capabilities SET firm_approved = firm_approved WHERE firm_id = NEW.id;
    ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE firm_capabilities SET firm_active = firm_active WHERE firm_id = OLD.firm_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE firm_capabilities SET firm_active = firm_active WHERE firm_id = NEW.firm_id;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER firms_refresh_entries
    AFTER UPDATE OF status ON firms
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION firm_entries_refresh();
CREATE TRIGGER project_participants_refresh_entries
    AFTER INSERT OR UPDATE OR DELETE ON project_participants
    FOR EACH ROW
    EXECUTE FUNCTION firm_entries_refresh();

-- Fills the new columns of the entries there are (the trigger computes them).
UPDATE firm_capabilities SET firm_approved = firm_approved;

-- The pre-ranking reads the holders of a capability from this index alone (index-only scans).
CREATE INDEX firm_capabilities_matching_idx ON firm_capabilities (capability_id)
    INCLUDE (firm_id, match_class, monthly_capacity, certificates_until, certificates_last_until,
             firm_completed, firm_active)
    WHERE firm_approved;

GRANT SELECT, INSERT, UPDATE ON need_overrides, project_participants TO alliance_hub_app;
