-- The notification inbox: one row per message to one user, written in the same transaction as
-- the event that causes it. The words come from the translations by `kind`; `params` fill them
-- (a firm's name, a reason), so every message reads in the reader's language.
CREATE TABLE notifications (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL CHECK (kind ~ '^[a-z][a-z_]*$'),
    params      JSONB NOT NULL DEFAULT '{}'::jsonb,
    -- A path on this site to follow the message up.
    link        TEXT CHECK (link IS NULL OR link ~ '^/[^/\\]'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at     TIMESTAMPTZ
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON notifications TO alliance_hub_app;
