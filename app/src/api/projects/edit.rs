//! Posting a project and editing its fields.

// A server function takes one argument per form field. The project form's fields are not one
// `#[server(flatten)]` struct: the URL-encoded codec (serde_qs) reads a flattened struct's
// fields as strings only, and `scenarios` is a list (serde-rs/serde#1183).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;
use crate::api::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::project::ProjectForm;
#[cfg(feature = "ssr")]
use crate::domain::project_event::ProjectEvent;
use crate::errors::AppError;

/// Posts a new project as a draft of the official's city.
#[server(prefix = "/api", endpoint = "create_project")]
pub async fn create_project(
    title: String,
    summary: String,
    description: String,
    category_id: String,
    stage: String,
    lead_firm_id: String,
    lead_institution: String,
    fund_city: String,
    fund_province: String,
    fund_investment: String,
    fund_own: String,
    starts_on: String,
    ends_on: String,
    responsible_id: String,
    #[server(default)] scenarios: Vec<String>,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<i64, AppError> {
    use crate::api::ssr::{Context, audit_of, begin, is_plain_form, refuse, require_viewer};

    use crate::domain::project::NewProject;

    let form = ProjectForm {
        title,
        summary,
        description,
        category_id,
        stage,
        lead_firm_id,
        lead_institution,
        fund_city,
        fund_province,
        fund_investment,
        fund_own,
        starts_on,
        ends_on,
        responsible_id,
        scenarios,
    };
    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let Some(city) = crate::domain::access::posting_city(&viewer.actor) else {
            return Err(refuse(&viewer, "create_project", "project", None));
        };
        let new = NewProject::parse(&form).map_err(AppError::fields)?;
        let mut tx = begin("create_project: begin").await?;
        ssr::check_references(&mut tx, &new, city).await?;
        let project = crate::db::projects::insert_project(&mut tx, city, &new, viewer.actor.user)
            .await
            .context("create_project: insert")?;
        audit_of(
            &viewer,
            ProjectEvent::Created.action(),
            "project",
            Some(project.0.to_string()),
        )
        .after(ProjectEvent::Created.record(serde_json::json!({
            "city": city.as_str(), "content": new,
        })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("create_project: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        if is_plain_form() {
            leptos_axum::redirect(&format!("/projects/{}", project.0));
        }
        Ok(project.0)
    })
    .await
}

/// Saves a project's fields. `version` is the one the form was filled from: if someone saved
/// meanwhile, the save is refused with the fields that changed (the form keeps what was typed).
#[server(prefix = "/api", endpoint = "update_project")]
pub async fn update_project(
    project_id: String,
    version: String,
    title: String,
    summary: String,
    description: String,
    category_id: String,
    stage: String,
    lead_firm_id: String,
    lead_institution: String,
    fund_city: String,
    fund_province: String,
    fund_investment: String,
    fund_own: String,
    starts_on: String,
    ends_on: String,
    responsible_id: String,
    #[server(default)] scenarios: Vec<String>,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<i32, AppError> {
    use crate::api::ssr::{Context, audit_of, begin, is_plain_form, parse_id, require_viewer};

    use crate::domain::project::{NewProject, ProjectId};

    let form = ProjectForm {
        title,
        summary,
        description,
        category_id,
        stage,
        lead_firm_id,
        lead_institution,
        fund_city,
        fund_province,
        fund_investment,
        fund_own,
        starts_on,
        ends_on,
        responsible_id,
        scenarios,
    };
    let project = parse_id(&project_id, "project_id").map(ProjectId);
    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project = project.clone()?;
        let version = ssr::parse_version(&version)?;
        let mut tx = begin("update_project: begin").await?;
        let facts = ssr::editable(&mut tx, &viewer, project, "update_project").await?;
        // The form is read once the caller may edit the project.
        let new = NewProject::parse(&form).map_err(AppError::fields)?;
        let (base, new) = ssr::merge_with_current(&mut tx, project, &facts, version, new, |c| {
            Some(c.project.to_form())
        })
        .await?;
        ssr::check_references(&mut tx, &new, &facts.subject.city).await?;
        let new_version = crate::db::projects::save_version(&mut tx, project, facts.version)
            .await
            .context("update_project: version")?
            .ok_or_else(|| AppError::conflict("stale_project"))?;
        crate::db::projects::update_fields(&mut tx, project, &new)
            .await
            .context("update_project: write")?;
        let changed = ssr::finish_version(&mut tx, project, new_version, &viewer, &base).await?;
        let event = ProjectEvent::Updated {
            changed: changed.into_iter().map(str::to_owned).collect(),
        };
        audit_of(
            &viewer,
            event.action(),
            "project",
            Some(project.0.to_string()),
        )
        .before(serde_json::json!({ "version": version, "content": base.project }))
        .after(event.record(serde_json::json!({ "version": new_version, "content": new })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("update_project: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        if is_plain_form() {
            leptos_axum::redirect(&format!("/projects/{}", project.0));
        }
        Ok(new_version)
    })
    .await
}
