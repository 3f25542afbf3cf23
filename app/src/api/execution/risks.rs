//! A project's risks, written by the owning city's officials while it is in execution, and
//! escalated to the coordination meetings (every bureau and the admin are told) or taken back.

// One argument per field of the risk's form.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::api::NoUnknownFields;
use crate::errors::AppError;

/// Writes a new risk on a project in execution; it starts open.
#[server(prefix = "/api", endpoint = "add_risk")]
pub async fn add_risk(
    project_id: String,
    title: String,
    description: String,
    #[server(default)] severity: String,
    #[server(default)] likelihood: String,
    #[server(default)] owner: String,
    #[server(default)] due_on: String,
    mitigation: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    let form = crate::domain::execution::risk::RiskForm {
        title,
        description,
        severity,
        likelihood,
        owner,
        due_on,
        mitigation,
        state: String::new(),
    };
    crate::api::ssr::answer(ssr::add(&project_id, form)).await
}

/// Rewrites a risk: its content and where it stands (open, mitigated, closed).
#[server(prefix = "/api", endpoint = "update_risk")]
pub async fn update_risk(
    risk_id: String,
    version: String,
    title: String,
    description: String,
    #[server(default)] severity: String,
    #[server(default)] likelihood: String,
    #[server(default)] owner: String,
    #[server(default)] due_on: String,
    mitigation: String,
    #[server(default)] state: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    let form = crate::domain::execution::risk::RiskForm {
        title,
        description,
        severity,
        likelihood,
        owner,
        due_on,
        mitigation,
        state,
    };
    crate::api::ssr::answer(ssr::update(&risk_id, &version, form)).await
}

/// Escalates a risk to the coordination meetings, with why; every bureau and the admin are
/// told.
#[server(prefix = "/api", endpoint = "escalate_risk")]
pub async fn escalate_risk(
    risk_id: String,
    reason: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::escalation(&risk_id, Some(&reason))).await
}

/// Takes a risk back from the coordination meetings.
#[server(prefix = "/api", endpoint = "deescalate_risk")]
pub async fn deescalate_risk(
    risk_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::escalation(&risk_id, None)).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::execution::ssr::{managed, managed_project};
    use crate::api::ssr::{Context, Failure, audit_of, begin, parse_id, require_viewer};
    use crate::db::execution::risks::{LockedRisk, risk_for_update};
    use crate::db::notifications::{Group, notify_group};
    use crate::domain::execution::health::RiskState;
    use crate::domain::execution::risk::{NewRisk, REASON_MAX_CHARS, RiskForm};
    use crate::domain::firm::Name;
    use crate::domain::project::{ProjectId, ProjectStatus};
    use crate::errors::AppError;

    /// The form parsed, its owner one of the project's (`risks::owner_choices`).
    async fn parse(
        conn: &mut sqlx::PgConnection,
        project: ProjectId,
        form: &RiskForm,
    ) -> Result<NewRisk, Failure> {
        let risk = NewRisk::parse(form).map_err(AppError::fields)?;
        if let Some(owner) = risk.owner
            && !crate::db::execution::risks::owner_belongs(conn, project, owner)
                .await
                .context("risk: owner")?
        {
            return Err(AppError::validation("owner", "invalid").into());
        }
        Ok(risk)
    }

    fn in_execution(status: ProjectStatus) -> Result<(), Failure> {
        if status == ProjectStatus::InExecution {
            Ok(())
        } else {
            Err(AppError::conflict("project_not_in_execution").into())
        }
    }

    pub async fn add(raw_project: &str, form: RiskForm) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(raw_project, "project_id")?);
        let mut tx = begin("add_risk: begin").await?;
        let facts = managed_project(&mut tx, &viewer, project, "add_risk").await?;
        let risk = parse(&mut tx, project, &form).await?;
        in_execution(facts.subject.status)?;
        let id = crate::db::execution::risks::insert(&mut tx, project, &risk, viewer.actor.user)
            .await
            .context("add_risk: write")?;
        audit_of(&viewer, "risk_added", "project_risk", Some(id.to_string()))
            .after(serde_json::json!({ "project": project.0, "risk": risk }))
            .write(&mut tx)
            .await?;
        tx.commit().await.context("add_risk: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }

    /// The risk, locked, once the policy let the viewer manage its project.
    async fn managed_risk(
        tx: &mut sqlx::PgConnection,
        viewer: &crate::auth::Viewer,
        id: i64,
        action: &'static str,
    ) -> Result<LockedRisk, Failure> {
        let risk = risk_for_update(tx, id)
            .await
            .context("risk: load")?
            .ok_or(AppError::NotFound)?;
        let entity = Some(id.to_string());
        managed(
            tx,
            viewer,
            &risk.subject,
            risk.project,
            action,
            "project_risk",
            entity,
        )
        .await?;
        Ok(risk)
    }

    pub async fn update(raw_id: &str, raw_version: &str, form: RiskForm) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let id = parse_id(raw_id, "risk_id")?;
        let mut tx = begin("update_risk: begin").await?;
        let before = managed_risk(&mut tx, &viewer, id, "update_risk").await?;
        let version: i32 = raw_version
            .trim()
            .parse()
            .map_err(|_| AppError::validation("version", "malformed"))?;
        let risk = parse(&mut tx, before.project, &form).await?;
        in_execution(before.subject.status)?;
        if version != before.version {
            return Err(AppError::conflict("stale_risk").into());
        }
        crate::db::execution::risks::update(&mut tx, id, &risk)
            .await
            .context("update_risk: write")?;
        audit_of(
            &viewer,
            "risk_updated",
            "project_risk",
            Some(id.to_string()),
        )
        .before(serde_json::json!({
            "title": before.title, "severity": before.severity, "state": before.state,
        }))
        .after(serde_json::json!({ "project": before.project.0, "risk": risk }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("update_risk: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }

    /// Escalates (`Some(reason)`) or takes back (`None`) a risk.
    pub async fn escalation(raw_id: &str, reason: Option<&str>) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let id = parse_id(raw_id, "risk_id")?;
        let name = if reason.is_some() {
            "escalate_risk"
        } else {
            "deescalate_risk"
        };
        let mut tx = begin("risk escalation: begin").await?;
        let risk = managed_risk(&mut tx, &viewer, id, name).await?;
        let reason = reason
            .map(|r| {
                Name::parse(r, REASON_MAX_CHARS).map_err(|c| AppError::validation("reason", c))
            })
            .transpose()?;
        in_execution(risk.subject.status)?;
        match (&reason, risk.escalated) {
            (Some(_), true) => return Err(AppError::conflict("risk_escalated").into()),
            (None, false) => return Err(AppError::conflict("risk_not_escalated").into()),
            (Some(_), false) if risk.state == RiskState::Closed => {
                return Err(AppError::conflict("risk_closed").into());
            }
            _ => {}
        }
        let reason = reason.as_ref().map(Name::as_str);
        crate::db::execution::risks::set_escalation(
            &mut tx,
            id,
            reason.map(|r| (viewer.actor.user, r)),
        )
        .await
        .context("risk escalation: write")?;
        let kind = if reason.is_some() {
            "risk_escalated"
        } else {
            "risk_deescalated"
        };
        if reason.is_some() {
            let params = serde_json::json!({
                "project_title": risk.project_title, "subject": risk.title, "reason": reason,
                "person": viewer.summary.display_name,
            });
            let link = format!("/projects/{}/execution#risks", risk.project.0);
            notify_group(
                &mut tx,
                Group::Coordination,
                &[viewer.actor.user],
                kind,
                params,
                Some(&link),
            )
            .await
            .context("risk escalation: notify")?;
        }
        audit_of(&viewer, kind, "project_risk", Some(id.to_string()))
            .before(serde_json::json!({ "escalated": risk.escalated }))
            .after(serde_json::json!({
                "project": risk.project.0, "escalated": reason.is_some(), "reason": reason,
            }))
            .write(&mut tx)
            .await?;
        tx.commit().await.context("risk escalation: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }
}
