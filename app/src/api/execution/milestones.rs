//! Project execution: a participant's milestones handed in for acceptance by its
//! representatives, and accepted or returned with a reason by the owning city's officials.
//! Each step locks the milestone's row, asks the policy (`domain::access`), moves the state
//! by the rules of `domain::execution::milestone`, tells the other side in their inbox and
//! writes its audit row, in one transaction.

use leptos::prelude::*;

use crate::api::NoUnknownFields;
use crate::errors::AppError;

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
        Submit,
        Accept,
        Reject { reason: &'a str },
    }

    impl StepInput<'_> {
        fn name(&self) -> &'static str {
            match self {
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
            StepInput::Submit => Action::SubmitMilestone(m.firm),
            StepInput::Accept | StepInput::Reject { .. } => Action::ManageExecution(&m.subject),
        };
        if !allows(Some(&viewer.actor), &allowed) {
            let entity = Some(id.to_string());
            return Err(refuse(&viewer, name, "project_milestone", entity));
        }
        let (step, reason) = match input {
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
        let link = format!("/projects/{}", m.project.0);
        let (kind, group) = match step {
            MilestoneStep::Submit => ("milestone_submitted", Group::OfficialsOf(&m.subject.city)),
            MilestoneStep::Accept => ("milestone_accepted", Group::RepresentativesOf(m.firm)),
            MilestoneStep::Reject | MilestoneStep::Start => {
                ("milestone_rejected", Group::RepresentativesOf(m.firm))
            }
        };
        notify_group(&mut tx, group, &[], kind, params, Some(&link))
            .await
            .context("milestone: notify")?;
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
}
