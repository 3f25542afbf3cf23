//! Firms' expressions of interest in a project, and the city's replies.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::domain::account::{FirmId, UserId};
use crate::domain::project::{NeedId, ProjectId};
use crate::views::projects::InterestView;

use super::place;

struct InterestRow {
    id: i64,
    need_id: Option<i64>,
    need_status: Option<String>,
    firm_id: i64,
    firm_name: String,
    city_zh: String,
    city_en: String,
    need_zh: Option<String>,
    need_en: Option<String>,
    message: String,
    author: String,
    created_at: DateTime<Utc>,
    reply: Option<String>,
    replied_by: Option<String>,
    replied_at: Option<DateTime<Utc>>,
}

/// The project's expressions of interest: every firm's (`firm` none), or one firm's own.
pub async fn interests(
    conn: &mut PgConnection,
    project: ProjectId,
    firm: Option<FirmId>,
) -> Result<Vec<InterestView>, sqlx::Error> {
    let rows = sqlx::query_as!(
        InterestRow,
        r#"SELECT i.id, i.firm_id, f.name AS firm_name, c.name_zh AS city_zh, c.name_en AS city_en,
                cap.name_zh AS "need_zh?", cap.name_en AS "need_en?", i.need_id,
                n.status AS "need_status?", i.message, a.display_name AS author,
                i.created_at AS "created_at: chrono::DateTime<chrono::Utc>", i.reply,
                r.display_name AS "replied_by?",
                i.replied_at AS "replied_at: chrono::DateTime<chrono::Utc>"
         FROM project_interests i
         JOIN firms f ON f.id = i.firm_id
         JOIN cities c ON c.code = f.city_code
         JOIN users a ON a.id = i.author_id
         LEFT JOIN users r ON r.id = i.replied_by
         LEFT JOIN project_needs n ON n.id = i.need_id
         LEFT JOIN capabilities cap ON cap.id = n.capability_id
         WHERE i.project_id = $1 AND ($2::bigint IS NULL OR i.firm_id = $2)
         ORDER BY i.created_at DESC, i.id DESC"#,
        project.0,
        firm.map(|f| f.0)
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| InterestView {
            id: r.id,
            firm_id: r.firm_id,
            firm_name: r.firm_name,
            firm_city: place(r.city_zh, r.city_en),
            need: r.need_zh.zip(r.need_en).map(|(zh, en)| place(zh, en)),
            need_id: r.need_id,
            need_open: r.need_status.as_deref() == Some("open"),
            message: r.message,
            author: r.author,
            created_at: crate::domain::time::beijing(r.created_at),
            reply: r.reply,
            replied_by: r.replied_by,
            replied_at: r.replied_at.map(crate::domain::time::beijing),
        })
        .collect())
}

pub async fn insert_interest(
    conn: &mut PgConnection,
    project: ProjectId,
    need: Option<NeedId>,
    firm: FirmId,
    author: UserId,
    message: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO project_interests (project_id, need_id, firm_id, author_id, message)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        project.0,
        need.map(|n| n.0),
        firm.0,
        author.0,
        message
    )
    .fetch_one(conn)
    .await
}

/// An interest as its answer needs it: its project, firm, and whether it has a reply.
pub struct InterestFacts {
    pub project: ProjectId,
    pub firm: FirmId,
    pub firm_name: String,
    pub project_title: String,
    pub replied: bool,
}

pub async fn interest_for_update(
    conn: &mut PgConnection,
    interest: i64,
) -> Result<Option<InterestFacts>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT i.project_id, i.firm_id, f.name AS firm_name, p.title,
                i.reply IS NOT NULL AS "replied!"
         FROM project_interests i JOIN firms f ON f.id = i.firm_id
         JOIN projects p ON p.id = i.project_id
         WHERE i.id = $1 FOR UPDATE OF i"#,
        interest
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| InterestFacts {
        project: ProjectId(r.project_id),
        firm: FirmId(r.firm_id),
        firm_name: r.firm_name,
        project_title: r.title,
        replied: r.replied,
    }))
}

pub async fn reply_interest(
    conn: &mut PgConnection,
    interest: i64,
    reply: &str,
    by: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE project_interests SET reply = $2, replied_by = $3, replied_at = now() WHERE id = $1",
        interest,
        reply,
        by.0
    )
    .execute(conn)
    .await?;
    Ok(())
}
