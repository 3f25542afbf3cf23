-- Project execution, part one: each participant's milestones, drafted when its project starts
-- (see `domain::execution::milestone`) and then edited by the owning city's officials.

-- The segments whose capabilities are components: their needs' ladders get a bench
-- qualification, with the figures the bench measures.
ALTER TABLE capability_categories ADD COLUMN components BOOLEAN NOT NULL DEFAULT false;
UPDATE capability_categories SET components = true WHERE name_zh IN ('核心零部件', '模组');

-- The figures a bench qualification of a capability measures, in both languages with their
-- unit: `[{"zh": …, "en": …, "unit": …}]`. An official sets each milestone's targets.
ALTER TABLE capabilities ADD COLUMN bench_figures JSONB NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(bench_figures) = 'array');
UPDATE capabilities SET bench_figures = f.figures::jsonb
FROM (VALUES
    ('Joint modules', '[{"zh": "峰值扭矩", "en": "Peak torque", "unit": "N·m"},
                        {"zh": "扭矩密度", "en": "Torque density", "unit": "N·m/kg"},
                        {"zh": "效率", "en": "Efficiency", "unit": "%"},
                        {"zh": "温升", "en": "Temperature rise", "unit": "K"}]'),
    ('Harmonic reducers', '[{"zh": "回差", "en": "Backlash", "unit": "arcmin"},
                            {"zh": "扭转刚度", "en": "Torsional stiffness", "unit": "N·m/arcmin"},
                            {"zh": "传动效率", "en": "Efficiency", "unit": "%"},
                            {"zh": "额定寿命", "en": "Rated life", "unit": "h"}]'),
    ('RV reducers', '[{"zh": "回差", "en": "Backlash", "unit": "arcmin"},
                      {"zh": "扭转刚度", "en": "Torsional stiffness", "unit": "N·m/arcmin"},
                      {"zh": "传动效率", "en": "Efficiency", "unit": "%"},
                      {"zh": "额定寿命", "en": "Rated life", "unit": "h"}]'),
    ('Planetary reducers', '[{"zh": "回差", "en": "Backlash", "unit": "arcmin"},
                             {"zh": "传动效率", "en": "Efficiency", "unit": "%"},
                             {"zh": "额定寿命", "en": "Rated life", "unit": "h"}]'),
    ('Servo motors', '[{"zh": "额定扭矩", "en": "Rated torque", "unit": "N·m"},
                       {"zh": "峰值扭矩", "en": "Peak torque", "unit": "N·m"},
                       {"zh": "效率", "en": "Efficiency", "unit": "%"},
                       {"zh": "温升", "en": "Temperature rise", "unit": "K"}]'),
    ('Force/torque sensors', '[{"zh": "量程", "en": "Range", "unit": "N"},
                               {"zh": "非线性误差", "en": "Non-linearity", "unit": "%FS"},
                               {"zh": "串扰", "en": "Crosstalk", "unit": "%FS"}]'),
    ('Dexterous hands', '[{"zh": "指尖力", "en": "Fingertip force", "unit": "N"},
                          {"zh": "自由度", "en": "Degrees of freedom", "unit": ""},
                          {"zh": "重复定位精度", "en": "Repeatability", "unit": "mm"}]')
) AS f (name_en, figures)
WHERE capabilities.name_en = f.name_en;

-- A participant's milestones, in their order. `rung`: the ladder rung it was drafted from
-- (none for one an official added); `name` none: the rung's name, in the reader's language.
-- `figures`: the bench figures with their targets, `[{"zh", "en", "unit", "target"}]`.
-- Overdue is not stored: a milestone past its due day (Beijing) and not accepted is overdue
-- when read.
CREATE TABLE project_milestones (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       BIGINT NOT NULL REFERENCES projects (id),
    participant_id   BIGINT NOT NULL REFERENCES project_participants (id),
    position         INTEGER NOT NULL CHECK (position > 0),
    rung             TEXT CHECK (rung IN ('prototype', 'bench_qualification', 'sample',
                                          'small_batch', 'mass_production')),
    name             TEXT CHECK (name IS NULL OR length(btrim(name)) BETWEEN 1 AND 100),
    deliverable      TEXT NOT NULL DEFAULT '' CHECK (length(deliverable) <= 1000),
    acceptance       TEXT NOT NULL DEFAULT '' CHECK (length(acceptance) <= 2000),
    figures          JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(figures) = 'array'),
    due_on           DATE NOT NULL,
    state            TEXT NOT NULL DEFAULT 'planned'
                     CHECK (state IN ('planned', 'in_progress', 'submitted', 'accepted', 'rejected')),
    started_on       DATE,
    rejection_reason TEXT CHECK (rejection_reason IS NULL OR length(btrim(rejection_reason)) BETWEEN 1 AND 500),
    submitted_by     BIGINT REFERENCES users (id),
    submitted_at     TIMESTAMPTZ,
    decided_by       BIGINT REFERENCES users (id),
    decided_at       TIMESTAMPTZ,
    -- Counts edits, so two officials editing one milestone never overwrite each other silently.
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT project_milestones_order UNIQUE (participant_id, position) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT project_milestones_named CHECK (rung IS NOT NULL OR name IS NOT NULL)
);
CREATE INDEX project_milestones_project_idx ON project_milestones (project_id, participant_id, position);

GRANT SELECT, INSERT, UPDATE ON project_milestones TO alliance_hub_app;
