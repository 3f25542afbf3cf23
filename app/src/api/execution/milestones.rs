//! Project execution: a participant's milestones handed in for acceptance by its
//! representatives, and accepted or returned with a reason by the owning city's officials.
//! Each step locks the milestone's row, asks the policy (`domain::access`), moves the state
//! by the rules of `domain::execution::milestone`, tells the other side in their inbox and
//! writes its audit row, in one transaction.

// One argument per field of the milestone's form.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::api::NoUnknownFields;
use crate::errors::AppError;

/// Work on a milestone begins (a first progress report begins it too): the participant's
/// representatives or the owning city's officials.
#[server(prefix = "/api", endpoint = "start_milestone")]
pub async fn start_milestone(
    milestone_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::step(&milestone_id, ssr::StepInput::Start)).await
}

/// An official of the owning city rewrites a milestone's plan: its name, deliverable, due
/// day, acceptance criteria and bench figures' targets. `version` is the one the form was
/// read at: an edit over a colleague's is refused (`stale_milestone`). An accepted milestone
/// stays as accepted.
#[server(prefix = "/api", endpoint = "update_milestone")]
pub async fn update_milestone(
    milestone_id: String,
    version: String,
    name: String,
    deliverable: String,
    due_on: String,
    acceptance: String,
    #[server(default)] targets: Vec<String>,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    let form = crate::domain::execution::milestone::MilestoneForm {
        name,
        deliverable,
        due_on,
        acceptance,
        targets,
    };
    crate::api::ssr::answer(ssr::update(&milestone_id, &version, form)).await
}

/// An official of the owning city moves a milestone one place earlier (`direction` =
/// `earlier`) or later (`later`) in its participant's order.
#[server(prefix = "/api", endpoint = "move_milestone")]
pub async fn move_milestone(
    milestone_id: String,
    direction: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::reorder(&milestone_id, &direction)).await
}

/// The participant's representative hands a milestone in for acceptance (again, after it was
/// returned); the owning city's officials are told.
#[server(prefix = "/api", endpoint = "submit_milestone")]
pub async fn submit_milestone(
    milestone_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::step(&milestone_id, ssr::StepInput::Submit)).await
}

/// An official of the owning city accepts a milestone handed in; the participant is told.
#[server(prefix = "/api", endpoint = "accept_milestone")]
pub async fn accept_milestone(
    milestone_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::step(&milestone_id, ssr::StepInput::Accept)).await
}

/// An official of the owning city returns a milestone handed in, with a reason the
/// participant reads; it works on and hands it in again.
#[server(prefix = "/api", endpoint = "reject_milestone")]
pub async fn reject_milestone(
    milestone_id: String,
    reason: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::step(
        &milestone_id,
        ssr::StepInput::Reject { reason: &reason },
    ))
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::ssr::{
        Context, Failure, audit_of, begin, parse_id, refuse, refuse_action, require_viewer,
    };
    use crate::db::notifications::{Group, notify_group};
    use crate::domain::access::{Action, ExecutionSubject, allows};
    use crate::domain::execution::milestone::{MilestoneStep, check_step};
    use crate::domain::firm::Name;
    use crate::domain::project::ProjectStatus;
    use crate::errors::AppError;

    /// A step as the form sent it: its reason is read once the policy allowed the step.
    pub enum StepInput<'a> {
        Start,
        Submit,
        Accept,
        Reject { reason: &'a str },
    }

    impl StepInput<'_> {
        fn name(&self) -> &'static str {
            match self {
                Self::Start => "start_milestone",
                Self::Submit => "submit_milestone",
                Self::Accept => "accept_milestone",
                Self::Reject { .. } => "reject_milestone",
            }
        }
    }

    pub async fn step(raw_id: &str, input: StepInput<'_>) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let name = input.name();
        let id = parse_id(raw_id, "milestone_id")?;
        let mut tx = begin("milestone: begin").await?;
        let m = crate::db::execution::milestone_for_update(&mut tx, id)
            .await
            .context("milestone: load")?
            .ok_or(AppError::NotFound)?;
        let participants = crate::db::execution::participant_firms(&mut tx, m.project)
            .await
            .context("milestone: participants")?;
        let execution = ExecutionSubject {
            project: &m.subject,
            participants: &participants,
        };
        // Who may not see the project's execution hears that there is no such milestone.
        let view = Action::ViewExecution(&execution);
        if !allows(Some(&viewer.actor), &view) {
            let entity = Some(id.to_string());
            return Err(refuse_action(
                &view,
                &viewer,
                name,
                "project_milestone",
                entity,
            ));
        }
        let allowed = match input {
            StepInput::Start => Action::PostReport(&m.subject, m.firm),
            StepInput::Submit => Action::SubmitMilestone(m.firm),
            StepInput::Accept | StepInput::Reject { .. } => Action::ManageExecution(&m.subject),
        };
        if !allows(Some(&viewer.actor), &allowed) {
            let entity = Some(id.to_string());
            return Err(refuse(&viewer, name, "project_milestone", entity));
        }
        let (step, reason) = match input {
            StepInput::Start => (MilestoneStep::Start, None),
            StepInput::Submit => (MilestoneStep::Submit, None),
            StepInput::Accept => (MilestoneStep::Accept, None),
            StepInput::Reject { reason } => (
                MilestoneStep::Reject,
                Some(Name::parse(reason, 500).map_err(|c| AppError::validation("reason", c))?),
            ),
        };
        if m.subject.status != ProjectStatus::InExecution {
            return Err(AppError::conflict("project_not_in_execution").into());
        }
        let to = check_step(m.state, step).map_err(AppError::conflict)?;
        let reason = reason.as_ref().map(Name::as_str);
        crate::db::execution::set_state(&mut tx, id, to, viewer.actor.user, reason)
            .await
            .context("milestone: write")?;
        let params = serde_json::json!({
            "project_title": m.project_title, "firm_name": m.firm_name, "reason": reason,
        });
        let link = format!("/projects/{}/execution", m.project.0);
        // Who is told of the step (nobody of a start: the work shows on the page).
        let (kind, group) = match step {
            MilestoneStep::Start => ("milestone_started", None),
            MilestoneStep::Submit => (
                "milestone_submitted",
                Some(Group::OfficialsOf(&m.subject.city)),
            ),
            MilestoneStep::Accept => ("milestone_accepted", Some(Group::RepresentativesOf(m.firm))),
            MilestoneStep::Reject => ("milestone_rejected", Some(Group::RepresentativesOf(m.firm))),
        };
        if let Some(group) = group {
            notify_group(&mut tx, group, &[], kind, params, Some(&link))
                .await
                .context("milestone: notify")?;
        }
        audit_of(&viewer, kind, "project_milestone", Some(id.to_string()))
            .before(serde_json::json!({ "state": m.state.as_db() }))
            .after(serde_json::json!({
                "state": to.as_db(), "project": m.project.0, "firm": m.firm.0, "reason": reason,
            }))
            .write(&mut tx)
            .await?;
        tx.commit().await.context("milestone: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }

    /// The milestone locked for an official's change of its plan: 404 to whoever may not see
    /// the project's execution, 403 to whoever may not manage it; refused once accepted or once
    /// the project is no longer in execution.
    async fn managed_milestone(
        tx: &mut sqlx::PgConnection,
        viewer: &crate::auth::Viewer,
        id: i64,
        name: &'static str,
    ) -> Result<crate::db::execution::LockedMilestone, Failure> {
        let m = crate::db::execution::milestone_for_update(&mut *tx, id)
            .await
            .context("milestone plan: load")?
            .ok_or(AppError::NotFound)?;
        crate::api::execution::ssr::managed(
            tx,
            viewer,
            &m.subject,
            m.project,
            name,
            "project_milestone",
            Some(id.to_string()),
        )
        .await?;
        Ok(m)
    }

    pub async fn update(
        raw_id: &str,
        raw_version: &str,
        form: crate::domain::execution::milestone::MilestoneForm,
    ) -> Result<(), Failure> {
        use crate::domain::execution::milestone::MilestonePlan;

        let viewer = require_viewer()?;
        let id = parse_id(raw_id, "milestone_id")?;
        let mut tx = begin("update_milestone: begin").await?;
        let m = managed_milestone(&mut tx, &viewer, id, "update_milestone").await?;
        let before = crate::db::execution::planned_milestone(&mut tx, id)
            .await
            .context("update_milestone: plan")?;
        let version: i32 = raw_version
            .trim()
            .parse()
            .map_err(|_| AppError::validation("version", "invalid"))?;
        let plan = MilestonePlan::parse(&form, before.rung, before.figures.len())
            .map_err(AppError::fields)?;
        if m.subject.status != ProjectStatus::InExecution {
            return Err(AppError::conflict("project_not_in_execution").into());
        }
        if m.state == crate::domain::execution::milestone::MilestoneState::Accepted {
            return Err(AppError::conflict("milestone_accepted").into());
        }
        if version != before.version {
            return Err(AppError::conflict("stale_milestone").into());
        }
        let figures = plan.apply_targets(&before.figures);
        crate::db::execution::update_plan(&mut tx, id, &plan, &figures)
            .await
            .context("update_milestone: write")?;
        audit_of(
            &viewer,
            "milestone_planned",
            "project_milestone",
            Some(id.to_string()),
        )
        .before(serde_json::json!({
            "name": before.name, "deliverable": before.deliverable,
            "due_on": before.due_on, "acceptance": before.acceptance,
            "figures": before.figures, "version": before.version,
        }))
        .after(serde_json::json!({ "plan": plan, "project": m.project.0, "firm": m.firm.0 }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("update_milestone: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }

    pub async fn reorder(raw_id: &str, direction: &str) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let id = parse_id(raw_id, "milestone_id")?;
        let mut tx = begin("move_milestone: begin").await?;
        // Reorders of one participant's milestones take its row first, one at a time: two
        // moves never lock two milestones in opposite orders.
        let participant = crate::db::execution::participant_of_milestone(&mut tx, id)
            .await
            .context("move_milestone: participant")?
            .ok_or(AppError::NotFound)?;
        crate::db::execution::lock_participant(&mut tx, participant)
            .await
            .context("move_milestone: lock")?;
        let m = managed_milestone(&mut tx, &viewer, id, "move_milestone").await?;
        let earlier = match direction.trim() {
            "earlier" => true,
            "later" => false,
            _ => return Err(AppError::validation("direction", "invalid").into()),
        };
        if m.subject.status != ProjectStatus::InExecution {
            return Err(AppError::conflict("project_not_in_execution").into());
        }
        let at = crate::db::execution::planned_milestone(&mut tx, id)
            .await
            .context("move_milestone: plan")?;
        let moved = crate::db::execution::swap_with_neighbour(
            &mut tx,
            id,
            at.participant,
            at.position,
            earlier,
        )
        .await
        .context("move_milestone: write")?;
        let Some((neighbour, neighbour_position)) = moved else {
            return Err(AppError::conflict("milestone_at_end").into());
        };
        audit_of(
            &viewer,
            "milestone_moved",
            "project_milestone",
            Some(id.to_string()),
        )
        .before(serde_json::json!({
            "position": at.position, "neighbour": neighbour,
            "neighbour_position": neighbour_position,
        }))
        .after(serde_json::json!({
            "position": neighbour_position, "neighbour": neighbour,
            "neighbour_position": at.position, "project": m.project.0,
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("move_milestone: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }
}
