-- Firms and their capabilities: the industry-chain taxonomy, the firm profile, each firm's
-- capabilities with certificates and the trust ladder, and the directory's search terms.

-- The taxonomy, two levels deep: categories of the robot industry chain and the capabilities
-- under them. Entries are retired, never deleted (the runtime role has no DELETE on them).
CREATE TABLE capability_categories (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name_zh     TEXT NOT NULL CHECK (length(btrim(name_zh)) BETWEEN 1 AND 50),
    name_en     TEXT NOT NULL CHECK (length(btrim(name_en)) BETWEEN 1 AND 100),
    position    INTEGER NOT NULL,
    retired_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX capability_categories_name_zh_key ON capability_categories (name_zh);
CREATE UNIQUE INDEX capability_categories_name_en_key ON capability_categories (lower(name_en));

CREATE TABLE capabilities (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_id  BIGINT NOT NULL REFERENCES capability_categories (id),
    name_zh      TEXT NOT NULL CHECK (length(btrim(name_zh)) BETWEEN 1 AND 50),
    name_en      TEXT NOT NULL CHECK (length(btrim(name_en)) BETWEEN 1 AND 100),
    position     INTEGER NOT NULL,
    retired_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- A capability's name is unique across the whole taxonomy: a firm picks it from one list.
CREATE UNIQUE INDEX capabilities_name_zh_key ON capabilities (name_zh);
CREATE UNIQUE INDEX capabilities_name_en_key ON capabilities (lower(name_en));
CREATE INDEX capabilities_category_idx ON capabilities (category_id);

-- The robot industry chain, upstream to downstream.
WITH categories (position, name_zh, name_en) AS (VALUES
    (1, '材料', 'Materials'),
    (2, '核心零部件', 'Core components'),
    (3, '模组', 'Modules'),
    (4, '制造服务', 'Manufacturing services'),
    (5, '整机', 'Complete robots'),
    (6, '应用场景', 'Application scenarios'),
    (7, '软件', 'Software')
)
INSERT INTO capability_categories (position, name_zh, name_en)
SELECT position, name_zh, name_en FROM categories ORDER BY position;

WITH entries (category, position, name_zh, name_en) AS (VALUES
    ('材料', 1, '钕铁硼永磁体', 'NdFeB permanent magnets'),
    ('材料', 2, '无重稀土磁体', 'Heavy-rare-earth-free magnets'),
    ('材料', 3, '工程塑料与复合材料', 'Engineering plastics and composites'),
    ('核心零部件', 1, '谐波减速器', 'Harmonic reducers'),
    ('核心零部件', 2, 'RV减速器', 'RV reducers'),
    ('核心零部件', 3, '行星减速器', 'Planetary reducers'),
    ('核心零部件', 4, '伺服电机', 'Servo motors'),
    ('核心零部件', 5, '伺服驱动器', 'Servo drives'),
    ('核心零部件', 6, '控制器', 'Controllers'),
    ('核心零部件', 7, '力/力矩传感器', 'Force/torque sensors'),
    ('核心零部件', 8, '视觉传感器', 'Vision sensors'),
    ('核心零部件', 9, '编码器', 'Encoders'),
    ('核心零部件', 10, '触觉传感器', 'Tactile sensors'),
    ('核心零部件', 11, '轴承', 'Bearings'),
    ('核心零部件', 12, '丝杠', 'Screws'),
    ('模组', 1, '关节模组', 'Joint modules'),
    ('模组', 2, '灵巧手', 'Dexterous hands'),
    ('模组', 3, '末端执行器', 'End effectors'),
    ('制造服务', 1, '精密机加工', 'Precision machining'),
    ('制造服务', 2, '快速打样', 'Rapid prototyping'),
    ('制造服务', 3, '注塑成型', 'Injection moulding'),
    ('制造服务', 4, 'PCB组装', 'PCB assembly'),
    ('制造服务', 5, '总装', 'Final assembly'),
    ('制造服务', 6, '检测认证', 'Testing and certification'),
    ('整机', 1, '工业机器人', 'Industrial robots'),
    ('整机', 2, '协作机器人', 'Collaborative robots'),
    ('整机', 3, '人形机器人', 'Humanoid robots'),
    ('整机', 4, '服务机器人', 'Service robots'),
    ('应用场景', 1, '汽车制造', 'Automotive'),
    ('应用场景', 2, '3C电子', '3C electronics'),
    ('应用场景', 3, '物流', 'Logistics'),
    ('应用场景', 4, '农业', 'Agriculture'),
    ('应用场景', 5, '城市管理', 'Urban management'),
    ('应用场景', 6, '医疗', 'Medical'),
    ('应用场景', 7, '养老', 'Elderly care'),
    ('应用场景', 8, '特种作业', 'Special operations'),
    ('软件', 1, '具身智能', 'Embodied AI'),
    ('软件', 2, '运动控制', 'Motion control'),
    ('软件', 3, '数据采集与训练场', 'Data collection and training grounds')
)
INSERT INTO capabilities (category_id, position, name_zh, name_en)
SELECT c.id, e.position, e.name_zh, e.name_en
FROM entries e JOIN capability_categories c ON c.name_zh = e.category
ORDER BY c.position, e.position;

-- The firm profile. `version` counts profile edits, so that two people editing it never
-- overwrite each other silently.
ALTER TABLE firms
    ADD COLUMN name_en        TEXT CHECK (name_en IS NULL OR length(btrim(name_en)) BETWEEN 1 AND 200),
    ADD COLUMN description    TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    ADD COLUMN founded_year   SMALLINT CHECK (founded_year BETWEEN 1800 AND 2100),
    ADD COLUMN staff_size     INTEGER CHECK (staff_size BETWEEN 1 AND 1000000),
    ADD COLUMN website        TEXT CHECK (website IS NULL OR website ~ '^https?://[^[:space:]]+$'),
    ADD COLUMN contact_name   TEXT CHECK (contact_name IS NULL OR length(btrim(contact_name)) BETWEEN 1 AND 50),
    ADD COLUMN contact_phone  TEXT CHECK (contact_phone IS NULL OR contact_phone ~ '^[0-9+() -]{5,30}$'),
    ADD COLUMN contact_email  TEXT CHECK (contact_email IS NULL OR contact_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    ADD COLUMN version        INTEGER NOT NULL DEFAULT 1,
    -- What the directory's text search looks in: the overlapping character bigrams (and
    -- single characters) of the Chinese text and the lower-cased words (and their prefixes)
    -- of the rest, of the names and the description. The application computes them
    -- (`domain::search`), so the search works whatever the cluster's locale, and recomputes
    -- every firm whose `search_terms_version` is older than its own at start-up.
    ADD COLUMN search_terms          TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN search_terms_version  SMALLINT NOT NULL DEFAULT 0,
    -- The name as sorted: pinyin for Chinese characters, computed by the application.
    ADD COLUMN name_sort_key  TEXT NOT NULL DEFAULT '',
    -- How many of the firm's capabilities stand verified, kept by a trigger on
    -- firm_capabilities (the directory sorts by it).
    ADD COLUMN verified_capabilities  INTEGER NOT NULL DEFAULT 0;

-- No index serves the directory's sort orders: every search also counts its results, so all
-- of them are read anyway, and the sort of the page is a top-N sort.
CREATE INDEX firms_search_terms_idx ON firms USING gin (search_terms);
CREATE INDEX firms_search_terms_version_idx ON firms (search_terms_version);

-- A firm's capabilities. `version` counts edits of the entry (its certificates included): a
-- verification names the version the official looked at, and any edit clears it, so the entry
-- drops back a rung and an edit that lands meanwhile is never verified unseen.
CREATE TABLE firm_capabilities (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    firm_id           BIGINT NOT NULL REFERENCES firms (id),
    capability_id     BIGINT NOT NULL REFERENCES capabilities (id),
    level             TEXT NOT NULL CHECK (level IN ('prototype', 'small_batch', 'mass_production')),
    monthly_capacity  INTEGER NOT NULL CHECK (monthly_capacity BETWEEN 0 AND 100000000),
    lead_time_days    INTEGER NOT NULL CHECK (lead_time_days BETWEEN 0 AND 3650),
    version           INTEGER NOT NULL DEFAULT 1,
    verified_by       BIGINT REFERENCES users (id),
    verified_at       TIMESTAMPTZ,
    verified_version  INTEGER,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT firm_capabilities_once UNIQUE (firm_id, capability_id),
    CONSTRAINT firm_capabilities_verification CHECK (
        (verified_by IS NULL AND verified_at IS NULL AND verified_version IS NULL) OR
        (verified_by IS NOT NULL AND verified_at IS NOT NULL AND verified_version = version)
    )
);
-- The directory's capability filters start here.
CREATE INDEX firm_capabilities_capability_idx ON firm_capabilities (capability_id, level, firm_id);

-- Keeps firms.verified_capabilities in step with the entries, whoever writes them.
CREATE FUNCTION firm_capabilities_count_verified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.verified_at IS NOT NULL THEN
        UPDATE firms SET verified_capabilities = verified_capabilities - 1 WHERE id = OLD.firm_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.verified_at IS NOT NULL THEN
        UPDATE firms SET verified_capabilities = verified_capabilities + 1 WHERE id = NEW.firm_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER firm_capabilities_count_verified
    AFTER INSERT OR DELETE OR UPDATE OF verified_at, firm_id ON firm_capabilities
    FOR EACH ROW
    EXECUTE FUNCTION firm_capabilities_count_verified();

CREATE TABLE capability_certificates (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    firm_capability_id  BIGINT NOT NULL REFERENCES firm_capabilities (id) ON DELETE CASCADE,
    kind                TEXT NOT NULL
                        CHECK (kind IN ('iso9001', 'iatf16949', 'iso13485', 'ce', 'ccc', 'other')),
    -- The certificate's name when it is none of the listed ones.
    other_name          TEXT CHECK (other_name IS NULL OR length(btrim(other_name)) BETWEEN 1 AND 100),
    number              TEXT NOT NULL CHECK (length(btrim(number)) BETWEEN 1 AND 100),
    issuer              TEXT NOT NULL CHECK (length(btrim(issuer)) BETWEEN 1 AND 200),
    -- The last day the certificate is valid (Beijing date); after it, it no longer counts.
    expires_on          DATE NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT capability_certificates_other_named CHECK ((kind = 'other') = (other_name IS NOT NULL))
);
CREATE INDEX capability_certificates_entry_idx ON capability_certificates (firm_capability_id);

GRANT SELECT, INSERT, UPDATE ON capability_categories, capabilities TO alliance_hub_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON firm_capabilities, capability_certificates TO alliance_hub_app;
