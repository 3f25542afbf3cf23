//! A project's discussion: its messages and its members.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::domain::account::UserId;
use crate::domain::project::ProjectId;

/// A message as stored.
pub struct MessageRow {
    pub id: i64,
    pub author_id: UserId,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
}

/// Every message of the project, oldest first.
pub async fn messages(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT m.id, m.author_id, u.display_name, m.body,
                  m.created_at AS "created_at: DateTime<Utc>", m.edited_at IS NOT NULL AS "edited!"
           FROM project_messages m JOIN users u ON u.id = m.author_id
           WHERE m.project_id = $1 ORDER BY m.created_at, m.id"#,
        project.0
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MessageRow {
            id: r.id,
            author_id: UserId(r.author_id),
            author: r.display_name,
            body: r.body,
            created_at: r.created_at,
            edited: r.edited,
        })
        .collect())
}

/// Who is in the project's discussion: the active officials of its city, the active
/// representatives of its standing participants, the active admins; by name.
pub async fn members(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<(UserId, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT u.id, u.display_name FROM users u, projects p
           WHERE p.id = $1 AND u.status = 'active'
             AND (u.role = 'admin'
                  OR (u.role = 'official' AND u.city_code = p.city_code)
                  OR (u.role = 'firm_rep' AND u.firm_id IN (
                        SELECT firm_id FROM project_participants
                        WHERE project_id = p.id AND status <> 'revoked')))
           ORDER BY u.display_name, u.id"#,
        project.0
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (UserId(r.id), r.display_name))
        .collect())
}

pub async fn insert(
    conn: &mut PgConnection,
    project: ProjectId,
    author: UserId,
    body: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO project_messages (project_id, author_id, body) VALUES ($1, $2, $3) RETURNING id",
        project.0,
        author.0,
        body
    )
    .fetch_one(conn)
    .await
}

/// A message as its edit needs it, its row locked.
pub struct LockedMessage {
    pub project: ProjectId,
    pub author: UserId,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn message_for_update(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<LockedMessage>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT project_id, author_id, body, created_at AS "created_at: DateTime<Utc>"
           FROM project_messages WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| LockedMessage {
        project: ProjectId(r.project_id),
        author: UserId(r.author_id),
        body: r.body,
        created_at: r.created_at,
    }))
}

pub async fn update(conn: &mut PgConnection, id: i64, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE project_messages SET body = $2, edited_at = now() WHERE id = $1",
        id,
        body
    )
    .execute(conn)
    .await?;
    Ok(())
}
