-- The kind of organisation a firm is. It was first added by editing the accounts migration after
-- that had landed; it belongs here. A database that applied the edited accounts migration has the
-- column and its check already (the server rewrites that migration's recorded checksum at start),
-- so both steps are conditional.
ALTER TABLE firms ADD COLUMN IF NOT EXISTS kind TEXT NOT NULL DEFAULT 'manufacturer';

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint
        WHERE conrelid = 'firms'::regclass AND conname = 'firms_kind_check'
    ) THEN
        ALTER TABLE firms ADD CONSTRAINT firms_kind_check
            CHECK (kind IN ('manufacturer', 'research_institute', 'university',
                            'integrator', 'component_supplier'));
    END IF;
END
$$;
