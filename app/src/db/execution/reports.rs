//! Progress reports on milestones and their files.

use chrono::NaiveDate;
use sqlx::PgConnection;

use crate::domain::account::{FirmId, UserId};
use crate::domain::execution::report::{FileKind, NewReport};
use crate::domain::project::ProjectId;
use crate::views::execution::{ReportFileView, ReportView};

/// A milestone's latest report (the one dated last; of one day, the last written), with how
/// many reports it has.
pub struct Latest {
    pub milestone: i64,
    pub reported_on: NaiveDate,
    pub count: i64,
    pub view: ReportView,
}

/// Every milestone's latest report on the project, with its files (their bytes apart).
pub async fn latest(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<Latest>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT ON (r.milestone_id)
                  r.milestone_id, r.id, r.reported_on AS "reported_on: NaiveDate", r.percent,
                  r.body, u.display_name AS author,
                  count(*) OVER (PARTITION BY r.milestone_id) AS "count!"
           FROM milestone_reports r
           JOIN project_milestones m ON m.id = r.milestone_id
           JOIN users u ON u.id = r.author_id
           WHERE m.project_id = $1
           ORDER BY r.milestone_id, r.reported_on DESC, r.id DESC"#,
        project.0
    )
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let files = sqlx::query!(
        "SELECT id, report_id, file_name, media_type, size_bytes
         FROM milestone_report_files WHERE report_id = ANY($1) ORDER BY report_id, position",
        &ids
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Latest {
            milestone: r.milestone_id,
            reported_on: r.reported_on,
            count: r.count,
            view: ReportView {
                id: r.id,
                reported_on: r.reported_on.to_string(),
                percent: r.percent,
                body: r.body,
                author: r.author,
                files: files
                    .iter()
                    .filter(|f| f.report_id == r.id)
                    .map(|f| ReportFileView {
                        id: f.id,
                        name: f.file_name.clone(),
                        size_bytes: i64::from(f.size_bytes),
                        image: f.media_type.starts_with("image/"),
                    })
                    .collect(),
            },
        })
        .collect())
}

/// Writes a report; its id.
pub async fn insert(
    conn: &mut PgConnection,
    milestone: i64,
    report: &NewReport,
    author: UserId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO milestone_reports (milestone_id, reported_on, percent, body, author_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        milestone,
        report.reported_on as _,
        report.percent,
        report.body,
        author.0
    )
    .fetch_one(conn)
    .await
}

/// A file of a report, checked: its kept name, its kind, its bytes.
pub struct CheckedFile {
    pub name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// Writes a report's files, in their order.
pub async fn insert_files(
    conn: &mut PgConnection,
    report: i64,
    files: &[CheckedFile],
) -> Result<(), sqlx::Error> {
    use sha2::{Digest, Sha256};

    for (position, file) in (1_i16..).zip(files) {
        let size = i32::try_from(file.bytes.len()).unwrap_or(i32::MAX);
        let digest = Sha256::digest(&file.bytes).to_vec();
        sqlx::query!(
            "INSERT INTO milestone_report_files
                 (report_id, position, file_name, media_type, size_bytes, sha256, content)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            report,
            position,
            file.name,
            file.kind.media_type(),
            size,
            digest,
            file.bytes
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A report's file with what deciding who may read it needs: its project and participant
/// (its bytes are read apart, once the reader may have them: [`content`]).
pub struct StoredFile {
    pub project: ProjectId,
    pub firm: FirmId,
    pub name: String,
    pub media_type: String,
}

pub async fn file(conn: &mut PgConnection, id: i64) -> Result<Option<StoredFile>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT m.project_id, pp.firm_id, f.file_name, f.media_type
         FROM milestone_report_files f
         JOIN milestone_reports r ON r.id = f.report_id
         JOIN project_milestones m ON m.id = r.milestone_id
         JOIN project_participants pp ON pp.id = m.participant_id
         WHERE f.id = $1 AND pp.status <> 'revoked'",
        id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| StoredFile {
        project: ProjectId(r.project_id),
        firm: FirmId(r.firm_id),
        name: r.file_name,
        media_type: r.media_type,
    }))
}

/// A file's bytes.
pub async fn content(conn: &mut PgConnection, id: i64) -> Result<Vec<u8>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT content FROM milestone_report_files WHERE id = $1",
        id
    )
    .fetch_one(conn)
    .await
}
