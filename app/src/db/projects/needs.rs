//! A project's sourcing needs: written only as part of a new version of the project.

use sqlx::PgConnection;

use crate::domain::project::{NeedId, NewNeed, ProjectId};

use super::city_codes;

/// The need's certificate kinds, as `project_needs.certificates` keeps them.
fn certificate_codes(need: &NewNeed) -> Vec<String> {
    need.certificates
        .iter()
        .map(|c| c.as_db().to_owned())
        .collect()
}

pub async fn insert_need(
    conn: &mut PgConnection,
    project: ProjectId,
    need: &NewNeed,
) -> Result<NeedId, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO project_needs (project_id, capability_id, level, quantity, certificates,
                                    preferred_cities, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        project.0,
        need.capability_id,
        need.level.as_db(),
        need.quantity,
        &certificate_codes(need),
        &city_codes(&need.preferred_cities),
        need.note
    )
    .fetch_one(conn)
    .await?;
    Ok(NeedId(id))
}

/// Replaces an open need's content; `false` if the project has no such open need.
pub async fn update_need(
    conn: &mut PgConnection,
    project: ProjectId,
    id: NeedId,
    need: &NewNeed,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE project_needs SET capability_id = $3, level = $4, quantity = $5,
                certificates = $6, preferred_cities = $7, note = $8
         WHERE id = $1 AND project_id = $2 AND status = 'open'",
        id.0,
        project.0,
        need.capability_id,
        need.level.as_db(),
        need.quantity,
        &certificate_codes(need),
        &city_codes(&need.preferred_cities),
        need.note
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes an open need of the project; `false` if the project has no such open need.
pub async fn delete_need(
    conn: &mut PgConnection,
    project: ProjectId,
    need: NeedId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM project_needs WHERE id = $1 AND project_id = $2 AND status = 'open'",
        need.0,
        project.0
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the need is an open need of the project.
pub async fn is_open_need(
    conn: &mut PgConnection,
    project: ProjectId,
    need: NeedId,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM project_needs
                           WHERE id = $1 AND project_id = $2 AND status = 'open') AS "exists!""#,
        need.0,
        project.0
    )
    .fetch_one(conn)
    .await
}
