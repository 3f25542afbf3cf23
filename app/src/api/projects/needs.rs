//! A project's sourcing needs: added, edited and removed, each naming the project's version.

// A server function takes one argument per form field (not one flattened `NeedForm`: see
// `edit.rs`).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;
use crate::api::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::project_event::ProjectEvent;
use crate::errors::AppError;

/// Adds a sourcing need to a project (naming the project's version, like any edit).
#[server(prefix = "/api", endpoint = "add_need")]
pub async fn add_need(
    project_id: String,
    version: String,
    capability_id: String,
    level: String,
    quantity: String,
    #[server(default)] certificates: Vec<String>,
    #[server(default)] preferred_cities: Vec<String>,
    #[server(default)] note: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<i32, AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, require_viewer};

    use crate::domain::project::{NeedForm, NewNeed, ProjectId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(&project_id, "project_id")?);
        let version = ssr::parse_version(&version)?;
        let mut tx = begin("add_need: begin").await?;
        let facts = ssr::editable(&mut tx, &viewer, project, "add_need").await?;
        // The form is read once the caller may edit the project.
        let need = NewNeed::parse(&NeedForm {
            capability_id,
            level,
            quantity,
            certificates,
            preferred_cities,
            note,
        })
        .map_err(AppError::fields)?;
        let base = ssr::check_version(&mut tx, project, &facts, version).await?;
        ssr::check_need_references(&mut tx, &need, &base.needs, None).await?;
        let new_version = crate::db::projects::save_version(&mut tx, project, version)
            .await
            .context("add_need: version")?
            .ok_or_else(|| AppError::conflict("stale_project"))?;
        let id = crate::db::projects::insert_need(&mut tx, project, &need)
            .await
            .context("add_need: insert")?;
        ssr::finish_version(&mut tx, project, new_version, &viewer, &base).await?;
        audit_of(
            &viewer,
            ProjectEvent::NeedAdded.action(),
            "project",
            Some(project.0.to_string()),
        )
        .before(serde_json::json!({ "version": version }))
        .after(ProjectEvent::NeedAdded.record(serde_json::json!({
            "version": new_version, "need": id.0, "content": need,
        })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("add_need: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(new_version)
    })
    .await
}

/// Changes an open need (naming the project's version, like any edit). A change of what the
/// invited firms answered for (capability, level, quantity) withdraws the need's standing
/// invitations, and each firm is told.
#[server(prefix = "/api", endpoint = "update_need")]
pub async fn update_need(
    project_id: String,
    version: String,
    need_id: String,
    capability_id: String,
    level: String,
    quantity: String,
    #[server(default)] certificates: Vec<String>,
    #[server(default)] preferred_cities: Vec<String>,
    #[server(default)] note: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<i32, AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, require_viewer};

    use crate::domain::invitation::{EndReason, InvitationStatus};
    use crate::domain::project::{NeedForm, NeedId, NewNeed, ProjectId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(&project_id, "project_id")?);
        let version = ssr::parse_version(&version)?;
        let need = NeedId(parse_id(&need_id, "need_id")?);
        let mut tx = begin("update_need: begin").await?;
        let facts = ssr::editable(&mut tx, &viewer, project, "update_need").await?;
        // The form is read once the caller may edit the project.
        let new = NewNeed::parse(&NeedForm {
            capability_id,
            level,
            quantity,
            certificates,
            preferred_cities,
            note,
        })
        .map_err(AppError::fields)?;
        let (base, new) =
            ssr::merge_with_current(&mut tx, project, &facts, version, new, ssr::need_form(need))
                .await?;
        let Some((_, before)) = base.needs.iter().find(|(id, _)| *id == need).cloned() else {
            return Err(AppError::NotFound.into());
        };
        let others: Vec<_> = base
            .needs
            .iter()
            .filter(|(id, _)| *id != need)
            .cloned()
            .collect();
        ssr::check_need_references(&mut tx, &new, &others, Some(before.capability_id)).await?;
        let new_version = crate::db::projects::save_version(&mut tx, project, facts.version)
            .await
            .context("update_need: version")?
            .ok_or_else(|| AppError::conflict("stale_project"))?;
        if !crate::db::projects::update_need(&mut tx, project, need, &new)
            .await
            .context("update_need: write")?
        {
            return Err(AppError::conflict("need_not_open").into());
        }
        let withdrawn = if before.differs_for_invited(&new) {
            let ended = crate::db::invitations::end_standing(
                &mut tx,
                project,
                Some(need),
                None,
                crate::db::invitations::Ending::Standing,
                InvitationStatus::Withdrawn,
                EndReason::NeedChanged,
                Some(viewer.actor.user),
            )
            .await
            .context("update_need: invitations")?;
            crate::api::invitations::ssr::tell_ended(
                &mut tx,
                &ended,
                "invitation_need_changed",
                &facts.title,
                None,
            )
            .await?;
            ended
        } else {
            Vec::new()
        };
        ssr::finish_version(&mut tx, project, new_version, &viewer, &base).await?;
        audit_of(
            &viewer,
            ProjectEvent::NeedUpdated.action(),
            "project",
            Some(project.0.to_string()),
        )
        .before(serde_json::json!({
            "version": version, "need": need.0, "content": before,
        }))
        .after(ProjectEvent::NeedUpdated.record(serde_json::json!({
            "version": new_version, "content": new,
            "withdrawn_invitations": crate::api::invitations::ssr::ended_json(&withdrawn),
        })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("update_need: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(new_version)
    })
    .await
}

/// Removes an open need that no firm has expressed interest in.
#[server(prefix = "/api", endpoint = "remove_need")]
pub async fn remove_need(
    project_id: String,
    version: String,
    need_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<i32, AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, require_viewer};

    use crate::domain::project::{NeedId, ProjectId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(&project_id, "project_id")?);
        let version = ssr::parse_version(&version)?;
        let need = NeedId(parse_id(&need_id, "need_id")?);
        let mut tx = begin("remove_need: begin").await?;
        let facts = ssr::editable(&mut tx, &viewer, project, "remove_need").await?;
        let base = ssr::check_version(&mut tx, project, &facts, version).await?;
        let before = base.needs.iter().find(|(id, _)| *id == need).cloned();
        let new_version = crate::db::projects::save_version(&mut tx, project, version)
            .await
            .context("remove_need: version")?
            .ok_or_else(|| AppError::conflict("stale_project"))?;
        match crate::db::projects::delete_need(&mut tx, project, need).await {
            Ok(true) => {}
            Ok(false) => return Err(AppError::NotFound.into()),
            Err(err) if crate::db::firms::violates(&err, "project_interests_need_id_fkey") => {
                return Err(AppError::conflict("need_has_interest").into());
            }
            Err(err) if crate::db::firms::violates(&err, "need_invitations_need_id_fkey") => {
                return Err(AppError::conflict("need_has_invitations").into());
            }
            Err(err) => return Err(AppError::internal("remove_need: delete", &err).into()),
        }
        ssr::finish_version(&mut tx, project, new_version, &viewer, &base).await?;
        audit_of(
            &viewer,
            ProjectEvent::NeedRemoved.action(),
            "project",
            Some(project.0.to_string()),
        )
        .before(serde_json::json!({
            "version": version, "need": need.0, "content": before.map(|(_, n)| n),
        }))
        .after(ProjectEvent::NeedRemoved.record(serde_json::json!({ "version": new_version })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("remove_need: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Removed).await;
        Ok(new_version)
    })
    .await
}
