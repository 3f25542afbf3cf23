-- One-time links: the one mechanism behind invitations (an official invited by the admin, a
-- colleague added to a firm) and password resets. Without email on this platform, the issuer is
-- shown the link once and passes it on. Only a SHA-256 hash of the link's random token is kept,
-- so neither this table nor a copy of it opens any account.

-- An invited account has no password until its owner sets one through the link; it cannot sign
-- in before (sign-in treats it like a wrong password).
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

CREATE TABLE one_time_links (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  BYTEA NOT NULL CHECK (octet_length(token_hash) = 32),
    -- What the link does: set an invited account's first password, or reset one.
    purpose     TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    -- The account whose password the link sets.
    user_id     BIGINT NOT NULL REFERENCES users (id),
    issued_by   BIGINT NOT NULL REFERENCES users (id),
    issued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    -- Set when a newer link for the same account replaces this one, or the account is disabled.
    revoked_at  TIMESTAMPTZ,
    CHECK (expires_at > issued_at)
);
CREATE UNIQUE INDEX one_time_links_token_hash_key ON one_time_links (token_hash);
-- An account has at most one link that may still be used.
CREATE UNIQUE INDEX one_time_links_open_key ON one_time_links (user_id)
    WHERE used_at IS NULL AND revoked_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON one_time_links TO alliance_hub_app;
