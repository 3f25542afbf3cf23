-- The invitation handshake: the owning city's official invites firms to a need, each firm
-- accepts with a proposal or declines, the official selects one proposal and that firm becomes
-- the need's participant (`project_participants`).

-- One invitation of one firm to one need. Its life (see `domain::invitation`):
--   open -> accepted | declined | withdrawn | closed
--   accepted -> selected | not_selected | withdrawn | closed
--   declined -> not_selected (another firm was selected: everyone invited is told)
--   selected -> revoked
-- An open invitation past `reply_by` reads as expired: no job has to change the row.
CREATE TABLE need_invitations (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id      BIGINT NOT NULL REFERENCES projects (id),
    need_id         BIGINT NOT NULL REFERENCES project_needs (id),
    firm_id         BIGINT NOT NULL REFERENCES firms (id),
    message         TEXT NOT NULL CHECK (length(btrim(message)) BETWEEN 1 AND 500),
    -- The last moment an answer is taken: the end of the chosen day in Beijing.
    reply_by        TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn', 'selected',
                                      'not_selected', 'revoked', 'closed')),
    invited_by      BIGINT NOT NULL REFERENCES users (id),
    invited_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- The firm's answer: a proposal (price range in whole yuan, lead time) or a decline.
    answered_by     BIGINT REFERENCES users (id),
    answered_at     TIMESTAMPTZ,
    price_min       BIGINT CHECK (price_min >= 0),
    price_max       BIGINT,
    lead_days       INTEGER CHECK (lead_days BETWEEN 1 AND 3650),
    proposal_note   TEXT CHECK (proposal_note IS NULL OR length(proposal_note) <= 1000),
    decline_reason  TEXT CHECK (decline_reason IN ('no_capacity', 'outside_scope', 'timeline',
                                                   'terms', 'other')),
    decline_note    TEXT CHECK (decline_note IS NULL OR length(decline_note) <= 500),
    -- How it ended other than by the firm's answer: by whom (none: the ground moved) and why.
    ended_by        BIGINT REFERENCES users (id),
    ended_at        TIMESTAMPTZ,
    end_reason      TEXT CHECK (end_reason IN ('withdrawn', 'expired', 'need_changed',
                                               'project_cancelled', 'project_closed', 'firm_dropped',
                                               'other_selected', 'selected', 'revoked')),
    end_note        TEXT CHECK (end_note IS NULL OR length(btrim(end_note)) BETWEEN 1 AND 500),
    CONSTRAINT need_invitations_answer CHECK ((answered_by IS NULL) = (answered_at IS NULL)),
    CONSTRAINT need_invitations_proposal CHECK (
        (price_min IS NULL) = (price_max IS NULL) AND (price_min IS NULL) = (lead_days IS NULL)
        AND (price_max IS NULL OR price_max >= price_min)),
    -- A decline keeps its reason when the need is later filled (the invitation then reads
    -- "not selected").
    CONSTRAINT need_invitations_decline CHECK (status <> 'declined' OR decline_reason IS NOT NULL),
    CONSTRAINT need_invitations_ended CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
-- A firm has at most one standing invitation per need.
CREATE UNIQUE INDEX need_invitations_standing ON need_invitations (need_id, firm_id)
    WHERE status IN ('open', 'accepted', 'selected');
CREATE INDEX need_invitations_need_idx ON need_invitations (need_id, invited_at);
CREATE INDEX need_invitations_firm_idx ON need_invitations (firm_id, invited_at DESC);
CREATE INDEX need_invitations_project_idx ON need_invitations (project_id) WHERE status IN ('open', 'accepted');

-- The invitation whose proposal made the participant.
ALTER TABLE project_participants ADD COLUMN invitation_id BIGINT REFERENCES need_invitations (id);

-- A firm that leaves the alliance's approved members drops out of every standing invitation,
-- whoever changes its status; the officials who invited it are told in the same transaction.
CREATE FUNCTION firms_drop_invitations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH ended AS (
        UPDATE need_invitations
           SET status = 'closed', ended_at = now(), end_reason = 'firm_dropped'
         WHERE firm_id = NEW.id AND status IN ('open', 'accepted')
        RETURNING id, project_id, need_id, invited_by
    ), told AS (
        INSERT INTO notifications (user_id, kind, params, link)
        SELECT e.invited_by, 'invitation_firm_dropped',
               jsonb_build_object('firm_name', NEW.name, 'project_title', p.title),
               '/projects/' || e.project_id || '/needs/' || e.need_id || '/candidates'
          FROM ended e JOIN projects p ON p.id = e.project_id
        RETURNING 1
    )
    INSERT INTO audit_log (action, entity_type, entity_id, before, after)
    SELECT 'invitation_closed', 'project', e.project_id::text,
           jsonb_build_object('invitation', e.id, 'need', e.need_id, 'firm', NEW.id),
           jsonb_build_object('end_reason', 'firm_dropped', 'firm_name', NEW.name,
                              'firm_status', NEW.status)
      FROM ended e;
    RETURN NULL;
END
$$;
CREATE TRIGGER firms_drop_invitations
    AFTER UPDATE OF status ON firms
    FOR EACH ROW WHEN (OLD.status = 'approved' AND NEW.status <> 'approved')
    EXECUTE FUNCTION firms_drop_invitations();

GRANT SELECT, INSERT, UPDATE ON need_invitations TO alliance_hub_app;
