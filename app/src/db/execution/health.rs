//! The alliance's thresholds of the health rules, and the officials' overrides of a computed
//! health.

use sqlx::PgConnection;

use crate::db::projects::decode;
use crate::domain::account::UserId;
use crate::domain::execution::health::{Health, HealthSettings};
use crate::domain::project::ProjectId;
use crate::views::execution::HealthOverride;

/// The alliance's thresholds, and the version of its settings (for a change made meanwhile).
pub async fn settings(conn: &mut PgConnection) -> Result<(HealthSettings, i32), sqlx::Error> {
    let row = sqlx::query!(
        "SELECT health_red_overdue_days, health_stale_report_days, version FROM alliance_settings"
    )
    .fetch_one(conn)
    .await?;
    let days = |column: &'static str, raw: i32| decode(column, u32::try_from(raw));
    Ok((
        HealthSettings {
            red_overdue_days: days(
                "alliance_settings.health_red_overdue_days",
                row.health_red_overdue_days,
            )?,
            stale_report_days: days(
                "alliance_settings.health_stale_report_days",
                row.health_stale_report_days,
            )?,
        },
        row.version,
    ))
}

/// The settings' version, its row locked for the rest of the transaction.
pub async fn settings_version_for_update(conn: &mut PgConnection) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!("SELECT version FROM alliance_settings FOR UPDATE")
        .fetch_one(conn)
        .await
}

pub async fn set_settings(
    conn: &mut PgConnection,
    settings: &HealthSettings,
    by: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE alliance_settings SET health_red_overdue_days = $1, health_stale_report_days = $2,
                version = version + 1, updated_by = $3, updated_at = now()",
        i32::try_from(settings.red_overdue_days).unwrap_or(i32::MAX),
        i32::try_from(settings.stale_report_days).unwrap_or(i32::MAX),
        by.0
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The project's overrides: the project's own (no participant) and its participants'.
pub async fn overrides(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<(Option<i64>, HealthOverride)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT o.participant_id, o.health, o.reason, u.display_name AS by_name,
                  o.set_at AS "set_at: chrono::DateTime<chrono::Utc>"
           FROM project_health_overrides o JOIN users u ON u.id = o.set_by
           WHERE o.project_id = $1"#,
        project.0
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok((
                r.participant_id,
                HealthOverride {
                    health: decode(
                        "project_health_overrides.health",
                        Health::from_db(&r.health),
                    )?,
                    reason: r.reason,
                    by: r.by_name,
                    at: crate::domain::time::beijing(r.set_at),
                },
            ))
        })
        .collect()
}

/// The override of the project (`participant` none) or of one participant's work, before the
/// change: its colour and reason, if there is one.
pub async fn override_for_update(
    conn: &mut PgConnection,
    project: ProjectId,
    participant: Option<i64>,
) -> Result<Option<(Health, String)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT health, reason FROM project_health_overrides
         WHERE project_id = $1 AND COALESCE(participant_id, 0) = COALESCE($2::bigint, 0)
         FOR UPDATE",
        project.0,
        participant
    )
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok((
            decode(
                "project_health_overrides.health",
                Health::from_db(&r.health),
            )?,
            r.reason,
        ))
    })
    .transpose()
}

/// Sets the override (replacing one there was), or clears it (`None`).
pub async fn set_override(
    conn: &mut PgConnection,
    project: ProjectId,
    participant: Option<i64>,
    to: Option<(Health, &str)>,
    by: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM project_health_overrides
         WHERE project_id = $1 AND COALESCE(participant_id, 0) = COALESCE($2::bigint, 0)",
        project.0,
        participant
    )
    .execute(&mut *conn)
    .await?;
    if let Some((health, reason)) = to {
        sqlx::query!(
            "INSERT INTO project_health_overrides (project_id, participant_id, health, reason, set_by)
             VALUES ($1, $2, $3, $4, $5)",
            project.0,
            participant,
            health.as_db(),
            reason,
            by.0
        )
        .execute(conn)
        .await?;
    }
    Ok(())
}
