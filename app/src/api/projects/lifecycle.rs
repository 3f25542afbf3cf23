//! Moving a project through its lifecycle.

use leptos::prelude::*;

use crate::api::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::project::ProjectStatus;
#[cfg(feature = "ssr")]
use crate::domain::project_event::ProjectEvent;
use crate::errors::AppError;

/// Moves a project one step along its lifecycle (see `domain::project::check_transition`).
/// A cancellation needs a reason and closes the project's open needs.
#[server(prefix = "/api", endpoint = "change_project_status")]
pub async fn change_project_status(
    project_id: String,
    status: String,
    #[server(default)] reason: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, refuse, require_viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::firm::Name;
    use crate::domain::invitation::{EndReason, InvitationStatus};
    use crate::domain::project::{ProjectFacts, ProjectId, check_transition};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(&project_id, "project_id")?);
        let mut tx = begin("change_project_status: begin").await?;
        let facts = super::ssr::need_project(&mut tx, project).await?;
        if !allows(Some(&viewer.actor), &Action::EditProject(&facts.subject)) {
            let id = Some(project.0.to_string());
            return Err(refuse(&viewer, "change_project_status", "project", id));
        }
        let to = ProjectStatus::from_db(status.trim())
            .map_err(|_| AppError::validation("status", "invalid"))?;
        let reason = if to == ProjectStatus::Cancelled {
            Some(Name::parse(&reason, 500).map_err(|code| AppError::validation("reason", code))?)
        } else {
            None
        };
        let from = facts.subject.status;
        check_transition(
            from,
            to,
            ProjectFacts {
                has_summary: facts.has_summary,
                open_needs: usize::try_from(facts.open_needs).unwrap_or(0),
            },
        )
        .map_err(AppError::conflict)?;
        let reason_text = reason.as_ref().map(|r| r.as_str().to_owned());
        let closed = crate::db::projects::set_status(
            &mut tx,
            project,
            to,
            reason.as_ref().map(Name::as_str),
        )
        .await
        .context("change_project_status: write")?;
        // A call that is no longer open takes no answers: its standing invitations close.
        let ended = if from == ProjectStatus::Open {
            let (reason, kind) = if to == ProjectStatus::Cancelled {
                (EndReason::ProjectCancelled, "invitation_project_cancelled")
            } else {
                (EndReason::ProjectClosed, "invitation_project_closed")
            };
            let ended = crate::db::invitations::end_standing(
                &mut tx,
                project,
                None,
                None,
                crate::db::invitations::Ending::Standing,
                InvitationStatus::Closed,
                reason,
                Some(viewer.actor.user),
            )
            .await
            .context("change_project_status: invitations")?;
            crate::api::invitations::ssr::tell_ended(
                &mut tx,
                &ended,
                kind,
                &facts.title,
                reason_text.as_deref(),
            )
            .await?;
            ended
        } else {
            Vec::new()
        };
        // The firms taking part end with the project: completed (their track record) or
        // cancelled (they are told).
        let participations = if matches!(to, ProjectStatus::Completed | ProjectStatus::Cancelled) {
            let ended = crate::db::invitations::end_participations(
                &mut tx,
                project,
                to == ProjectStatus::Completed,
                reason_text.as_deref(),
            )
            .await
            .context("change_project_status: participants")?;
            if to == ProjectStatus::Cancelled {
                for firm in &ended {
                    let params = serde_json::json!({
                        "project_title": facts.title, "firm_name": firm.firm_name,
                        "reason": reason_text,
                    });
                    crate::api::invitations::ssr::tell_firm(
                        &mut tx,
                        crate::domain::account::FirmId(firm.firm_id),
                        "participation_cancelled",
                        &params,
                    )
                    .await?;
                }
            }
            ended.iter().map(|e| e.firm_id).collect()
        } else {
            Vec::new()
        };
        // A project that starts drafts its participants' milestones, for its city to edit.
        let drafted_milestones = if to == ProjectStatus::InExecution {
            let today = crate::api::ssr::beijing_today();
            crate::db::execution::draft_milestones(&mut tx, project, today)
                .await
                .context("change_project_status: milestones")?
        } else {
            0
        };
        let event = ProjectEvent::StatusChanged {
            to,
            reason: reason.as_ref().map(|r| r.as_str().to_owned()),
        };
        audit_of(
            &viewer,
            event.action(),
            "project",
            Some(project.0.to_string()),
        )
        .before(serde_json::json!({ "status": from.as_db() }))
        .after(event.record(serde_json::json!({
            "closed_needs": closed,
            "closed_invitations": crate::api::invitations::ssr::ended_json(&ended),
            "ended_participations": participations,
            "drafted_milestones": drafted_milestones,
        })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("change_project_status: commit")?;
        crate::api::ssr::notify(if to == ProjectStatus::Open {
            crate::components::round_trip::Notice::Published
        } else {
            crate::components::round_trip::Notice::Saved
        })
        .await;
        Ok(())
    })
    .await
}
