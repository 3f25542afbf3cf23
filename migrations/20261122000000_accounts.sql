-- Accounts: firms (as far as accounts need them), users with one role each, the session table,
-- the audit trail, and the runtime role the application connects as.

-- The application's runtime role. Migrations run as the owner; the app connects as this role,
-- which may read and write the domain tables but only insert and read audit rows. `make run`,
-- `make test` and the test harness create it with LOGIN first; in production the database
-- administrator does (with a password). Created here without LOGIN when missing, so that the
-- grants below always have a grantee.
DO $$
BEGIN
    CREATE ROLE alliance_hub_app NOLOGIN;
EXCEPTION
    -- Already there, or created at this moment by a migration of another database.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO alliance_hub_app;
GRANT SELECT ON cities TO alliance_hub_app;

-- A firm exists here only as far as its accounts need it; the firm profile issue fills it out.
CREATE TABLE firms (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- Unified social credit code (GB 32100-2015); the check character is verified by the
    -- application's parser, the alphabet and length here.
    credit_code  TEXT NOT NULL CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    city_code    TEXT NOT NULL REFERENCES cities (code),
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- A code is unique among approved firms only: a squatter's pending registration never blocks
-- the real firm.
CREATE UNIQUE INDEX firms_approved_credit_code_key ON firms (credit_code) WHERE status = 'approved';
CREATE INDEX firms_city_code_idx ON firms (city_code);

CREATE TABLE users (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored trimmed and lower-cased by the application, so the unique key is case-blind.
    email          TEXT NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254
                                        AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    display_name   TEXT NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 100),
    -- argon2id in PHC string form.
    password_hash  TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    role           TEXT NOT NULL CHECK (role IN ('admin', 'official', 'firm_rep')),
    city_code      TEXT REFERENCES cities (code),
    firm_id        BIGINT REFERENCES firms (id),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    language       TEXT CHECK (language IN ('zh-CN', 'en')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One role each: an official belongs to one city, a representative to one firm.
    CONSTRAINT users_role_scope CHECK (
        (role = 'admin'    AND city_code IS NULL     AND firm_id IS NULL) OR
        (role = 'official' AND city_code IS NOT NULL AND firm_id IS NULL) OR
        (role = 'firm_rep' AND city_code IS NULL     AND firm_id IS NOT NULL)
    )
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_city_code_idx ON users (city_code) WHERE city_code IS NOT NULL;
CREATE INDEX users_firm_id_idx ON users (firm_id) WHERE firm_id IS NOT NULL;

-- tower-sessions' PostgreSQL store, created here rather than by the store's runtime
-- `migrate()` (not safe when several instances start at once). The store writes `data` as
-- MessagePack.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    data         BYTEA NOT NULL,
    expiry_date  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry_date_idx ON sessions (expiry_date);

-- Our own index of signed-in sessions. The session store keeps its records as opaque bytes,
-- and a request in flight may write a record back after sign-out deleted it; so a session is
-- signed in only while its row here is open. Sign-out closes one row; disabling an account or
-- changing its password closes all of the user's others at once.
CREATE TABLE user_sessions (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       BIGINT NOT NULL REFERENCES users (id),
    signed_in_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at      TIMESTAMPTZ
);
CREATE INDEX user_sessions_open_idx ON user_sessions (user_id) WHERE ended_at IS NULL;

-- The audit trail: append-only for the application (see the grants below).
CREATE TABLE audit_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- NULL for an anonymous actor (a failed sign-in with an unknown email).
    actor_user_id  BIGINT REFERENCES users (id),
    action         TEXT NOT NULL CHECK (action ~ '^[a-z][a-z_]*$'),
    entity_type    TEXT NOT NULL CHECK (entity_type ~ '^[a-z][a-z_]*$'),
    entity_id      TEXT,
    before         JSONB,
    after          JSONB,
    client_addr    INET
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, at);

GRANT SELECT, INSERT, UPDATE, DELETE ON firms, users, sessions, user_sessions TO alliance_hub_app;
GRANT SELECT, INSERT ON audit_log TO alliance_hub_app;
