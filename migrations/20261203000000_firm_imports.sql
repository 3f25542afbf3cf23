-- Imports of firms from spreadsheets. An upload is checked at once and kept here as a preview
-- (every row with its problems), so it survives a reload and any instance can confirm it;
-- nothing reaches `firms` until its importer confirms, and then in one transaction.
CREATE TABLE firm_imports (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_by      BIGINT NOT NULL REFERENCES users (id),
    -- The official's city, which every imported firm belongs to; NULL for the admin, whose
    -- rows each name their city.
    city_code       TEXT REFERENCES cities (code),
    file_name       TEXT NOT NULL CHECK (length(file_name) <= 300),
    -- How the file was read: `utf-8-bom`, `utf-8`, `gb18030`, `utf-16`; `comma` or `tab`.
    encoding        TEXT NOT NULL,
    delimiter       TEXT NOT NULL CHECK (delimiter IN ('comma', 'tab')),
    -- The columns the header named, in the platform's keys; the ones it did not know.
    columns         TEXT[] NOT NULL,
    unknown_columns TEXT[] NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL DEFAULT 'preview'
                    CHECK (status IN ('preview', 'imported', 'discarded')),
    row_count       INTEGER NOT NULL,
    valid_count     INTEGER NOT NULL,
    imported_count  INTEGER,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ,
    CONSTRAINT firm_imports_finished CHECK ((status = 'preview') = (finished_at IS NULL))
);
CREATE INDEX firm_imports_created_by_idx ON firm_imports (created_by, created_at DESC);

-- One row of the file: its cells by column key, as read, and what is wrong with it (empty:
-- the row can be imported). `line` is the file's line where the row starts.
CREATE TABLE firm_import_rows (
    import_id  BIGINT NOT NULL REFERENCES firm_imports (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    line       INTEGER NOT NULL,
    cells      JSONB NOT NULL,
    problems   JSONB NOT NULL DEFAULT '[]',
    firm_id    BIGINT REFERENCES firms (id),
    PRIMARY KEY (import_id, position)
);

-- How far a running confirmation has come. Written outside the import's transaction (which
-- holds the import's row), so the page can show it while the import runs.
CREATE TABLE firm_import_progress (
    import_id   BIGINT PRIMARY KEY REFERENCES firm_imports (id) ON DELETE CASCADE,
    done        INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE ON firm_imports, firm_import_rows TO alliance_hub_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON firm_import_progress TO alliance_hub_app;
