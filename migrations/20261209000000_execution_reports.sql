-- Project execution, part five: progress reports on a milestone, with their files, and the
-- day a milestone was first seen overdue (its notification is sent once, by whichever read saw
-- it first).

CREATE TABLE milestone_reports (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    milestone_id BIGINT NOT NULL REFERENCES project_milestones (id),
    reported_on  DATE NOT NULL,
    percent      SMALLINT NOT NULL CHECK (percent BETWEEN 0 AND 100),
    body         TEXT NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
    author_id    BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- The latest report of each milestone, and a milestone's reports newest first.
CREATE INDEX milestone_reports_latest_idx ON milestone_reports (milestone_id, reported_on DESC, id DESC);

-- A report's files. The type is the one read from the bytes (`domain::execution::report`),
-- never what the browser said.
CREATE TABLE milestone_report_files (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id  BIGINT NOT NULL REFERENCES milestone_reports (id),
    position   SMALLINT NOT NULL CHECK (position BETWEEN 1 AND 10),
    file_name  TEXT NOT NULL CHECK (length(btrim(file_name)) BETWEEN 1 AND 120),
    media_type TEXT NOT NULL CHECK (media_type IN (
                   'application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif',
                   'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                   'application/vnd.ms-excel',
                   'application/vnd.oasis.opendocument.spreadsheet')),
    size_bytes INTEGER NOT NULL CHECK (size_bytes BETWEEN 1 AND 20971520),
    sha256     BYTEA NOT NULL CHECK (length(sha256) = 32),
    content    BYTEA NOT NULL,
    CONSTRAINT milestone_report_files_order UNIQUE (report_id, position)
);
-- PDFs, pictures and spreadsheets are compressed already: stored out of line as they are.
ALTER TABLE milestone_report_files ALTER COLUMN content SET STORAGE EXTERNAL;

GRANT SELECT, INSERT ON milestone_reports, milestone_report_files TO alliance_hub_app;

-- When a milestone was first read overdue, and so its overdue notification sent; none while it
-- is not overdue (a new due date clears it, so the next lateness is told again).
ALTER TABLE project_milestones ADD COLUMN overdue_told_at TIMESTAMPTZ;
-- The portfolio reads each project's open milestones: the next one due, how many are overdue,
-- those that can colour its health.
CREATE INDEX project_milestones_open_idx ON project_milestones (project_id, due_on, id)
    WHERE state <> 'accepted';
-- The reads look for overdue milestones not yet told.
CREATE INDEX project_milestones_untold_idx ON project_milestones (due_on)
    WHERE overdue_told_at IS NULL AND state <> 'accepted';
