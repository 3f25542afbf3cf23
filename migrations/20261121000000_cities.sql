-- Member cities of the alliance. Cities are data: a new member (Mianyang, say) is one INSERT.
CREATE TABLE cities (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE
                CHECK (code ~ '^[a-z][a-z0-9-]{1,31}$'),
    name_zh     TEXT NOT NULL CHECK (length(btrim(name_zh)) > 0),
    name_en     TEXT NOT NULL CHECK (length(btrim(name_en)) > 0),
    -- The city's part in the division of labour: R&D hub or manufacturing base.
    role        TEXT NOT NULL CHECK (role IN ('rd_hub', 'manufacturing')),
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

COMMENT ON TABLE cities IS 'Member cities of the alliance; more can join without code changes.';

INSERT INTO cities (code, name_zh, name_en, role, sort_order) VALUES
    ('chengdu', '成都', 'Chengdu', 'rd_hub',        10),
    ('deyang',  '德阳', 'Deyang',  'manufacturing', 20),
    ('meishan', '眉山', 'Meishan', 'manufacturing', 30),
    ('ziyang',  '资阳', 'Ziyang',  'manufacturing', 40);
