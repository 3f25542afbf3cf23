-- Brute-force throttling of sign-in, kept in PostgreSQL so every instance of the app sees the
-- same counts. One row per (email typed, client address) pair, and one per email from anywhere
-- (client_addr '*'). The pair gets growing delays and then a temporary lock; the email alone
-- only delays, so nobody can keep an official locked out from another address. Unknown emails
-- are counted the same way, so the throttle says nothing about which accounts exist.
CREATE TABLE sign_in_throttle (
    email            TEXT NOT NULL CHECK (length(email) BETWEEN 1 AND 254),
    client_addr      TEXT NOT NULL CHECK (length(client_addr) BETWEEN 1 AND 64),
    failures         INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_at  TIMESTAMPTZ NOT NULL,
    locked_until     TIMESTAMPTZ,
    PRIMARY KEY (email, client_addr)
);
CREATE INDEX sign_in_throttle_last_failure_idx ON sign_in_throttle (last_failure_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_throttle TO alliance_hub_app;
