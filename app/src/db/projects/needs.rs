//! A project's sourcing needs: written only as part of a new version of the project.

use sqlx::PgConnection;

use crate::domain::city::CityCode;
use crate::domain::project::{NeedId, NewNeed, ProjectId};

pub async fn insert_need(
    conn: &mut PgConnection,
    project: ProjectId,
    need: &NewNeed,
) -> Result<NeedId, sqlx::Error> {
    let certificates: Vec<&str> = need.certificates.iter().map(|c| c.as_db()).collect();
    let cities: Vec<&str> = need.preferred_cities.iter().map(CityCode::as_str).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO project_needs (project_id, capability_id, level, quantity, certificates,
                                    preferred_cities, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(project.0)
    .bind(need.capability_id)
    .bind(need.level.as_db())
    .bind(need.quantity)
    .bind(&certificates)
    .bind(&cities)
    .bind(&need.note)
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
    let certificates: Vec<&str> = need.certificates.iter().map(|c| c.as_db()).collect();
    let cities: Vec<&str> = need.preferred_cities.iter().map(CityCode::as_str).collect();
    let done = sqlx::query(
        "UPDATE project_needs SET capability_id = $3, level = $4, quantity = $5,
                certificates = $6, preferred_cities = $7, note = $8
         WHERE id = $1 AND project_id = $2 AND status = 'open'",
    )
    .bind(id.0)
    .bind(project.0)
    .bind(need.capability_id)
    .bind(need.level.as_db())
    .bind(need.quantity)
    .bind(&certificates)
    .bind(&cities)
    .bind(&need.note)
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
    let done = sqlx::query(
        "DELETE FROM project_needs WHERE id = $1 AND project_id = $2 AND status = 'open'",
    )
    .bind(need.0)
    .bind(project.0)
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
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM project_needs WHERE id = $1 AND project_id = $2 AND status = 'open')",
    )
    .bind(need.0)
    .bind(project.0)
    .fetch_one(conn)
    .await
}
