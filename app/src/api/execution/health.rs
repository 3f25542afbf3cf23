//! The health of a project in execution, beyond what the rules compute: an official of the
//! owning city overrides a colour (the project's, or one participant's) with a reason, shown
//! beside the computed one; the admin sets the rules' thresholds for the whole alliance.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::api::NoUnknownFields;
use crate::errors::AppError;
use crate::views::execution::AllianceSettings;

/// Overrides the computed health of the project (`participant_id` empty) or of one
/// participant's work, with a reason; replaces an override there was.
#[server(prefix = "/api", endpoint = "override_health")]
pub async fn override_health(
    project_id: String,
    #[server(default)] participant_id: String,
    #[server(default)] health: String,
    reason: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::set_override(
        &project_id,
        &participant_id,
        Some((&health, &reason)),
    ))
    .await
}

/// Clears an override: the computed health shows alone again.
#[server(prefix = "/api", endpoint = "clear_health_override")]
pub async fn clear_health_override(
    project_id: String,
    #[server(default)] participant_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::set_override(&project_id, &participant_id, None)).await
}

/// The alliance's settings, for the admin's settings page.
#[server(prefix = "/api", endpoint = "get_alliance_settings", input = GetUrl)]
pub async fn get_alliance_settings() -> Result<AllianceSettings, AppError> {
    crate::api::ssr::answer(ssr::read_settings()).await
}

/// Sets the health rules' thresholds, in days.
#[server(prefix = "/api", endpoint = "set_health_settings")]
pub async fn set_health_settings(
    version: String,
    red_overdue_days: String,
    stale_report_days: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::write_settings(
        &version,
        &red_overdue_days,
        &stale_report_days,
    ))
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::execution::ssr::managed_project;
    use crate::api::ssr::{
        Context, Failure, audit_of, begin, parse_id, pool, refuse, require_viewer,
    };
    use crate::domain::access::{Action, allows};
    use crate::domain::execution::health::{Health, HealthSettings};
    use crate::domain::execution::risk::REASON_MAX_CHARS;
    use crate::domain::firm::Name;
    use crate::domain::project::{ProjectId, ProjectStatus};
    use crate::errors::AppError;
    use crate::views::execution::AllianceSettings;

    /// Sets (`Some((health, reason))`) or clears (`None`) an override.
    pub async fn set_override(
        raw_project: &str,
        raw_participant: &str,
        to: Option<(&str, &str)>,
    ) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let name = if to.is_some() {
            "override_health"
        } else {
            "clear_health_override"
        };
        let project = ProjectId(parse_id(raw_project, "project_id")?);
        let participant = match raw_participant.trim() {
            "" => None,
            raw => Some(parse_id(raw, "participant_id")?),
        };
        let mut tx = begin("health override: begin").await?;
        let facts = managed_project(&mut tx, &viewer, project, name).await?;
        let to = match to {
            Some((health, reason)) => {
                let mut errors = Vec::new();
                let health = Health::from_db(health.trim())
                    .map_err(|_| errors.push(("health", "required")))
                    .ok();
                let reason = Name::parse(reason, REASON_MAX_CHARS)
                    .map_err(|c| errors.push(("reason", c)))
                    .ok();
                match (health, reason) {
                    (Some(health), Some(reason)) => Some((health, reason)),
                    _ => return Err(AppError::fields(errors).into()),
                }
            }
            None => None,
        };
        if facts.subject.status != ProjectStatus::InExecution {
            return Err(AppError::conflict("project_not_in_execution").into());
        }
        if let Some(participant) = participant
            && !crate::db::execution::participant_of(&mut tx, project, participant)
                .await
                .context("health override: participant")?
        {
            return Err(AppError::NotFound.into());
        }
        let before =
            crate::db::execution::health::override_for_update(&mut tx, project, participant)
                .await
                .context("health override: load")?;
        if to.is_none() && before.is_none() {
            return Err(AppError::conflict("health_not_overridden").into());
        }
        let to = to.as_ref().map(|(h, r)| (*h, r.as_str()));
        crate::db::execution::health::set_override(
            &mut tx,
            project,
            participant,
            to,
            viewer.actor.user,
        )
        .await
        .context("health override: write")?;
        let kind = if to.is_some() {
            "health_overridden"
        } else {
            "health_override_cleared"
        };
        audit_of(&viewer, kind, "project", Some(project.0.to_string()))
            .before(before.map(|(h, r)| serde_json::json!({ "health": h, "reason": r })))
            .after(serde_json::json!({
                "participant": participant,
                "health": to.map(|(h, _)| h), "reason": to.map(|(_, r)| r),
            }))
            .write(&mut tx)
            .await?;
        tx.commit().await.context("health override: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }

    pub async fn read_settings() -> Result<AllianceSettings, Failure> {
        let viewer = require_viewer()?;
        if !allows(Some(&viewer.actor), &Action::ManageSettings) {
            return Err(refuse(
                &viewer,
                "get_alliance_settings",
                "alliance_settings",
                None,
            ));
        }
        let mut conn = pool()?.acquire().await.context("settings: acquire")?;
        let (health, version) = crate::db::execution::health::settings(&mut conn)
            .await
            .context("settings: read")?;
        Ok(AllianceSettings { health, version })
    }

    pub async fn write_settings(
        raw_version: &str,
        red_overdue_days: &str,
        stale_report_days: &str,
    ) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        if !allows(Some(&viewer.actor), &Action::ManageSettings) {
            return Err(refuse(
                &viewer,
                "set_health_settings",
                "alliance_settings",
                None,
            ));
        }
        let version: i32 = raw_version
            .trim()
            .parse()
            .map_err(|_| AppError::validation("version", "malformed"))?;
        let settings =
            HealthSettings::parse(red_overdue_days, stale_report_days).map_err(AppError::fields)?;
        let mut tx = begin("settings: begin").await?;
        let now = crate::db::execution::health::settings_version_for_update(&mut tx)
            .await
            .context("settings: lock")?;
        if now != version {
            return Err(AppError::conflict("stale_settings").into());
        }
        let (before, _) = crate::db::execution::health::settings(&mut tx)
            .await
            .context("settings: before")?;
        crate::db::execution::health::set_settings(&mut tx, &settings, viewer.actor.user)
            .await
            .context("settings: write")?;
        audit_of(
            &viewer,
            "health_settings_changed",
            "alliance_settings",
            None,
        )
        .before(serde_json::json!(before))
        .after(serde_json::json!(settings))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("settings: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }
}
