//! R&D projects: the open calls everyone reads, the whole project the alliance's members read,
//! and what the owning city's bureau does with it: post, edit (naming the version it read),
//! add and remove needs, move it through its lifecycle, and answer the firms' interest.

// A server function takes one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::api::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::project::ProjectForm;
use crate::domain::project::ProjectParams;
#[cfg(feature = "ssr")]
use crate::domain::project::ProjectStatus;
#[cfg(feature = "ssr")]
use crate::domain::project_event::ProjectEvent;
use crate::errors::AppError;
use crate::views::projects::{ProjectFormData, ProjectList, ProjectView};

/// A page of projects: the open calls' public part for visitors and firms awaiting approval,
/// every project but other cities' drafts for the alliance's members. Every parameter is
/// optional and an unknown value is ignored, so a shared link never fails.
#[server(prefix = "/api", endpoint = "list_projects", input = GetUrl)]
pub async fn list_projects(
    #[server(flatten)] params: ProjectParams,
) -> Result<ProjectList, AppError> {
    use crate::api::ssr::{Context, pool, viewer};
    use crate::domain::access::{Action, ProjectScope, allows, project_scope};
    use crate::domain::project::{PAGE_SIZE, ProjectQuery};

    crate::api::ssr::answer(async {
        let viewer = viewer();
        let actor = viewer.as_ref().map(|v| &v.actor);
        let query = ProjectQuery::parse(&params);
        let scope = project_scope(actor);
        let whole = matches!(scope, ProjectScope::Members { .. });
        let mut conn = pool()?.acquire().await.context("list_projects: acquire")?;
        let (items, total) = crate::db::projects::list(&mut conn, &scope, &query, whole)
            .await
            .context("list_projects: query")?;
        Ok(ProjectList {
            items,
            total,
            page: query.page,
            page_count: (total + PAGE_SIZE - 1) / PAGE_SIZE,
            narrowed: query.is_narrowed(),
            whole,
            may_create: allows(actor, &Action::CreateProject),
            may_export: allows(actor, &Action::ExportSpreadsheet),
            signed_in: actor.is_some(),
        })
    })
    .await
}

/// One project: whole for whoever may see it (see `Action::ViewProject`), its public part for
/// anyone while it is an open call, and not found otherwise (a draft is nobody else's business).
#[server(prefix = "/api", endpoint = "get_project", input = GetUrl)]
pub async fn get_project(project_id: String) -> Result<ProjectView, AppError> {
    use crate::api::ssr::{Context, parse_id, pool, viewer};
    use crate::domain::access::{Action, allows};
    use crate::domain::project::ProjectId;

    crate::api::ssr::answer(async {
        let viewer = viewer();
        let actor = viewer.as_ref().map(|v| &v.actor);
        let project =
            ProjectId(parse_id(&project_id, "project_id").map_err(|_| AppError::NotFound)?);
        let mut conn = pool()?.acquire().await.context("get_project: acquire")?;
        let subject = crate::db::projects::subject(&mut conn, project)
            .await
            .context("get_project: load")?
            .ok_or(AppError::NotFound)?;
        let whole = allows(actor, &Action::ViewProject(&subject));
        if !whole && !allows(actor, &Action::ViewOpenCall(subject.status)) {
            return Err(AppError::NotFound.into());
        }
        let card = crate::db::projects::cards(&mut conn, &[project.0], whole)
            .await
            .context("get_project: card")?
            .pop()
            .ok_or(AppError::NotFound)?;
        let detail = if whole {
            Some(ssr::detail(&mut conn, project, &subject, actor).await?)
        } else {
            None
        };
        Ok(ProjectView {
            card,
            detail,
            signed_in: viewer.is_some(),
        })
    })
    .await
}

/// The project form's data: for a new project (`project_id` empty) or an edit.
#[server(prefix = "/api", endpoint = "get_project_form", input = GetUrl)]
pub async fn get_project_form(
    #[server(default)] project_id: String,
) -> Result<ProjectFormData, AppError> {
    use crate::api::ssr::{Context, parse_id, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};

    use crate::domain::project::ProjectId;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let actor = Some(&viewer.actor);
        let mut conn = pool()?.acquire().await.context("project_form: acquire")?;
        let (project, city, title, version, current) = if project_id.trim().is_empty() {
            let Some(city) = crate::domain::access::posting_city(&viewer.actor) else {
                return Err(refuse(&viewer, "project_form", "project", None));
            };
            (None, city.clone(), String::new(), 0, None)
        } else {
            let project =
                ProjectId(parse_id(&project_id, "project_id").map_err(|_| AppError::NotFound)?);
            let subject = crate::db::projects::subject(&mut conn, project)
                .await
                .context("project_form: load")?
                .ok_or(AppError::NotFound)?;
            if !allows(actor, &Action::EditProject(&subject)) {
                drop(conn);
                let id = Some(project.0.to_string());
                return Err(refuse(&viewer, "project_form", "project", id));
            }
            let content = crate::db::projects::content(&mut conn, project)
                .await
                .context("project_form: content")?;
            let row = crate::db::projects::detail_row(&mut conn, project)
                .await
                .context("project_form: detail")?;
            (
                Some(project),
                subject.city,
                content.project.title.clone(),
                row.version,
                Some(content.project.to_form()),
            )
        };
        let values = current.clone().unwrap_or(ProjectForm {
            responsible_id: viewer.actor.user.0.to_string(),
            ..ProjectForm::default()
        });
        let failed = |e| AppError::internal("project_form: lists", &e);
        Ok(ProjectFormData {
            project_id: project.map(|p| p.0),
            title,
            version,
            values,
            current,
            city: crate::db::projects::city_name(&mut conn, &city)
                .await
                .map_err(failed)?,
            categories: crate::db::projects::category_choices(&mut conn)
                .await
                .map_err(failed)?,
            institutions: crate::db::projects::institution_choices(&mut conn)
                .await
                .map_err(failed)?,
            officials: crate::db::projects::official_choices(&mut conn, &city)
                .await
                .map_err(failed)?,
        })
    })
    .await
}

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
        let new = NewProject::parse(&form).map_err(AppError::fields)?;
        let mut tx = begin("update_project: begin").await?;
        let facts = ssr::editable(&mut tx, &viewer, project, "update_project").await?;
        let (base, new) = ssr::merge_with_current(&mut tx, project, &facts, version, new).await?;
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
        let need = NewNeed::parse(&NeedForm {
            capability_id,
            level,
            quantity,
            certificates,
            preferred_cities,
            note,
        })
        .map_err(AppError::fields)?;
        let mut tx = begin("add_need: begin").await?;
        let facts = ssr::editable(&mut tx, &viewer, project, "add_need").await?;
        let base = ssr::check_version(&mut tx, project, &facts, version).await?;
        if base.needs.iter().any(|(_, other)| other.duplicates(&need)) {
            return Err(AppError::validation("capability_id", "need_duplicate").into());
        }
        if !crate::db::projects::is_active_capability(&mut tx, need.capability_id)
            .await
            .context("add_need: capability")?
        {
            return Err(AppError::validation("capability_id", "invalid").into());
        }
        if !crate::db::projects::unknown_cities(&mut tx, &need.preferred_cities)
            .await
            .context("add_need: cities")?
            .is_empty()
        {
            return Err(AppError::validation("preferred_cities", "invalid").into());
        }
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
        let new = NewNeed::parse(&NeedForm {
            capability_id,
            level,
            quantity,
            certificates,
            preferred_cities,
            note,
        })
        .map_err(AppError::fields)?;
        let mut tx = begin("update_need: begin").await?;
        let facts = ssr::editable(&mut tx, &viewer, project, "update_need").await?;
        let (base, new) =
            ssr::merge_need_with_current(&mut tx, project, &facts, version, need, new).await?;
        let Some((_, before)) = base.needs.iter().find(|(id, _)| *id == need).cloned() else {
            return Err(AppError::NotFound.into());
        };
        if base
            .needs
            .iter()
            .any(|(id, other)| *id != need && other.duplicates(&new))
        {
            return Err(AppError::validation("capability_id", "need_duplicate").into());
        }
        if new.capability_id != before.capability_id
            && !crate::db::projects::is_active_capability(&mut tx, new.capability_id)
                .await
                .context("update_need: capability")?
        {
            return Err(AppError::validation("capability_id", "invalid").into());
        }
        if !crate::db::projects::unknown_cities(&mut tx, &new.preferred_cities)
            .await
            .context("update_need: cities")?
            .is_empty()
        {
            return Err(AppError::validation("preferred_cities", "invalid").into());
        }
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
        let to = ProjectStatus::from_db(status.trim())
            .map_err(|_| AppError::validation("status", "invalid"))?;
        let reason = if to == ProjectStatus::Cancelled {
            Some(Name::parse(&reason, 500).map_err(|code| AppError::validation("reason", code))?)
        } else {
            None
        };
        let mut tx = begin("change_project_status: begin").await?;
        let facts = crate::db::projects::facts_for_update(&mut tx, project)
            .await
            .context("change_project_status: load")?
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::EditProject(&facts.subject)) {
            let id = Some(project.0.to_string());
            return Err(refuse(&viewer, "change_project_status", "project", id));
        }
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

/// A representative of an approved firm tells the owning city that the firm can help, for the
/// whole project or one of its open needs. The city's officials are told in their inbox.
#[server(prefix = "/api", endpoint = "express_interest")]
pub async fn express_interest(
    project_id: String,
    #[server(default)] need_id: String,
    message: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, refuse, require_viewer};

    use crate::domain::access::Action;

    use crate::domain::firm::Name;
    use crate::domain::project::{NeedId, ProjectId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(&project_id, "project_id")?);
        let need = match need_id.trim() {
            "" => None,
            raw => Some(NeedId(parse_id(raw, "need_id")?)),
        };
        let message = Name::parse(&message, 500).map_err(|c| AppError::validation("message", c))?;
        let mut tx = begin("express_interest: begin").await?;
        let facts = crate::db::projects::facts_for_update(&mut tx, project)
            .await
            .context("express_interest: load")?
            .ok_or(AppError::NotFound)?;
        let interest = Action::ExpressInterest(&facts.subject);
        let Some(firm) = crate::domain::access::acting_firm(&viewer.actor, &interest) else {
            let id = Some(project.0.to_string());
            return Err(refuse(&viewer, "express_interest", "project", id));
        };
        if facts.subject.status != ProjectStatus::Open {
            return Err(AppError::conflict("project_not_open").into());
        }
        if let Some(need) = need
            && !crate::db::projects::is_open_need(&mut tx, project, need)
                .await
                .context("express_interest: need")?
        {
            return Err(AppError::validation("need_id", "invalid").into());
        }
        let interest = match crate::db::projects::insert_interest(
            &mut tx,
            project,
            need,
            firm,
            viewer.actor.user,
            message.as_str(),
        )
        .await
        {
            Ok(id) => id,
            Err(err) if crate::db::firms::violates(&err, "project_interests_once") => {
                return Err(AppError::conflict("interest_exists").into());
            }
            Err(err) => return Err(AppError::internal("express_interest: insert", &err).into()),
        };
        let firm_name = crate::db::projects::firm_name(&mut tx, firm)
            .await
            .context("express_interest: firm")?;
        let params = serde_json::json!({ "project_title": facts.title, "firm_name": firm_name });
        let link = format!("/projects/{}", project.0);
        for official in crate::db::firms::officials_of(&mut tx, &facts.subject.city)
            .await
            .context("express_interest: officials")?
        {
            crate::db::notifications::notify(
                &mut tx,
                official,
                "project_interest",
                params.clone(),
                Some(&link),
            )
            .await
            .context("express_interest: notify")?;
        }
        audit_of(
            &viewer,
            "interest_expressed",
            "project_interest",
            Some(interest.to_string()),
        )
        .after(serde_json::json!({
            "project": project.0, "need": need.map(|n| n.0), "firm": firm.0,
            "message": message.as_str(),
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("express_interest: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::InterestSent).await;
        Ok(())
    })
    .await
}

/// The owning city's official (or the admin) answers a firm's expression of interest; the
/// firm's representatives are told in their inbox.
#[server(prefix = "/api", endpoint = "answer_interest")]
pub async fn answer_interest(
    interest_id: String,
    reply: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, refuse, require_viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::firm::Name;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let interest = parse_id(&interest_id, "interest_id")?;
        let reply = Name::parse(&reply, 500).map_err(|c| AppError::validation("reply", c))?;
        let mut tx = begin("answer_interest: begin").await?;
        let facts = crate::db::projects::interest_for_update(&mut tx, interest)
            .await
            .context("answer_interest: load")?
            .ok_or(AppError::NotFound)?;
        let subject = crate::db::projects::subject(&mut tx, facts.project)
            .await
            .context("answer_interest: project")?
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::AnswerInterests(&subject)) {
            let id = Some(interest.to_string());
            return Err(refuse(&viewer, "answer_interest", "project_interest", id));
        }
        if facts.replied {
            return Err(AppError::conflict("interest_answered").into());
        }
        crate::db::projects::reply_interest(&mut tx, interest, reply.as_str(), viewer.actor.user)
            .await
            .context("answer_interest: write")?;
        let params = serde_json::json!({ "project_title": facts.project_title });
        let link = format!("/projects/{}", facts.project.0);
        for rep in crate::db::firms::representatives_of(&mut tx, facts.firm)
            .await
            .context("answer_interest: representatives")?
        {
            crate::db::notifications::notify(
                &mut tx,
                rep,
                "interest_answered",
                params.clone(),
                Some(&link),
            )
            .await
            .context("answer_interest: notify")?;
        }
        audit_of(
            &viewer,
            "interest_answered",
            "project_interest",
            Some(interest.to_string()),
        )
        .after(serde_json::json!({
            "reply": reply.as_str(), "firm": facts.firm.0, "firm_name": facts.firm_name,
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("answer_interest: commit")?;
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use sqlx::PgConnection;

    use crate::api::ssr::{Context, refuse};
    use crate::auth::Viewer;
    use crate::db::projects::ProjectFacts;
    use crate::domain::access::{Action, ProjectSubject, allows};
    use crate::domain::account::{Actor, Role};
    use crate::domain::city::CityCode;
    use crate::domain::project::{
        FundingSource, NeedId, NewNeed, NewProject, ProjectContent, ProjectId,
    };
    use crate::errors::AppError;
    use crate::views::projects::ProjectDetail;

    pub fn parse_version(raw: &str) -> Result<i32, AppError> {
        raw.trim()
            .parse::<i32>()
            .ok()
            .filter(|v| *v > 0)
            .ok_or_else(|| AppError::validation("version", "malformed"))
    }

    /// Loads a project for an edit and asks the policy; an ended project is not edited.
    pub async fn editable(
        conn: &mut PgConnection,
        viewer: &Viewer,
        project: ProjectId,
        action: &'static str,
    ) -> Result<ProjectFacts, crate::api::ssr::Failure> {
        let facts = crate::db::projects::facts_for_update(conn, project)
            .await
            .context("project edit: load")?
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::EditProject(&facts.subject)) {
            let id = Some(project.0.to_string());
            return Err(refuse(viewer, action, "project", id));
        }
        if !facts.subject.status.editable() {
            return Err(AppError::conflict("project_closed").into());
        }
        Ok(facts)
    }

    /// The content the editor read at `version`, if it is still the current one; else the
    /// refusal names what changed since.
    pub async fn check_version(
        conn: &mut PgConnection,
        project: ProjectId,
        facts: &ProjectFacts,
        version: i32,
    ) -> Result<ProjectContent, AppError> {
        let current = crate::db::projects::content(conn, project)
            .await
            .context("project edit: content")?;
        if facts.version == version {
            return Ok(current);
        }
        let base = crate::db::projects::revision(conn, project, version)
            .await
            .context("project edit: revision")?;
        let fields = match base {
            Some(base) => base.changed_fields(&current),
            // A version the project never had: everything may differ.
            None => vec!["version"],
        };
        Err(AppError::Changed {
            fields: fields.into_iter().map(str::to_owned).collect(),
        })
    }

    /// An edit of the project's fields made from `version`, merged with what colleagues saved
    /// since (`domain::merge`): the project's content now, and what to
    /// write. A field both changed differently is refused with those fields (`Changed`), and
    /// the form shows each one's value now beside what was typed.
    pub async fn merge_with_current(
        conn: &mut PgConnection,
        project: ProjectId,
        facts: &ProjectFacts,
        version: i32,
        mine: NewProject,
    ) -> Result<(ProjectContent, NewProject), AppError> {
        let current = crate::db::projects::content(conn, project)
            .await
            .context("project edit: content")?;
        if facts.version == version {
            return Ok((current, mine));
        }
        let Some(base) = crate::db::projects::revision(conn, project, version)
            .await
            .context("project edit: revision")?
        else {
            // A version the project never had: nothing to merge against.
            return Err(AppError::Changed {
                fields: vec!["version".to_owned()],
            });
        };
        let merged = crate::api::ssr::merge_or_refuse(
            &base.project.to_form(),
            &current.project.to_form(),
            &mine.to_form(),
            facts.version,
        )
        .await?;
        let merged = NewProject::parse(&merged).map_err(AppError::fields)?;
        Ok((current, merged))
    }

    /// A need's edit made from `version`, merged field by field with what was saved since (as
    /// [`merge_with_current`] does for the project's fields): the project's content now, and
    /// the need to write.
    pub async fn merge_need_with_current(
        conn: &mut PgConnection,
        project: ProjectId,
        facts: &ProjectFacts,
        version: i32,
        need: NeedId,
        mine: NewNeed,
    ) -> Result<(ProjectContent, NewNeed), AppError> {
        let current = crate::db::projects::content(conn, project)
            .await
            .context("need edit: content")?;
        if facts.version == version {
            return Ok((current, mine));
        }
        let find = |content: &ProjectContent| {
            content
                .needs
                .iter()
                .find(|(id, _)| *id == need)
                .map(|(_, n)| n.to_form())
        };
        let theirs = find(&current).ok_or(AppError::NotFound)?;
        let Some(base) = crate::db::projects::revision(conn, project, version)
            .await
            .context("need edit: revision")?
            .as_ref()
            .and_then(find)
        else {
            // A version the project never had, or one before the need: nothing to merge against.
            return Err(AppError::Changed {
                fields: vec!["version".to_owned()],
            });
        };
        let merged =
            crate::api::ssr::merge_or_refuse(&base, &theirs, &mine.to_form(), facts.version)
                .await?;
        let merged = NewNeed::parse(&merged).map_err(AppError::fields)?;
        Ok((current, merged))
    }

    /// After a change: keeps the new version's content, re-indexes, and says which fields
    /// differ from `base`.
    pub async fn finish_version(
        conn: &mut PgConnection,
        project: ProjectId,
        version: i32,
        viewer: &Viewer,
        base: &ProjectContent,
    ) -> Result<Vec<&'static str>, AppError> {
        crate::db::projects::record_revision(conn, project, version, viewer.actor.user)
            .await
            .context("project edit: revision")?;
        crate::db::projects::reindex(conn, project)
            .await
            .context("project edit: index")?;
        let now = crate::db::projects::content(conn, project)
            .await
            .context("project edit: content")?;
        Ok(base.changed_fields(&now))
    }

    /// The form's ids name what they should: an active segment, a research institution of the
    /// directory, an official of the project's city.
    pub async fn check_references(
        conn: &mut PgConnection,
        new: &NewProject,
        city: &CityCode,
    ) -> Result<(), AppError> {
        let failed = |e| AppError::internal("project: references", &e);
        let mut errors = Vec::new();
        if !crate::db::projects::is_active_category(conn, new.category_id)
            .await
            .map_err(failed)?
        {
            errors.push(("category_id", "invalid"));
        }
        if let Some(firm) = new.lead_firm_id
            && !crate::db::projects::is_research_firm(conn, firm)
                .await
                .map_err(failed)?
        {
            errors.push(("lead_firm_id", "invalid"));
        }
        if !crate::db::projects::is_official_of(conn, new.responsible_id, city)
            .await
            .map_err(failed)?
        {
            errors.push(("responsible_id", "invalid"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::fields(errors))
        }
    }

    /// Everything a member sees beyond the public part, with what this viewer may do.
    pub async fn detail(
        conn: &mut PgConnection,
        project: ProjectId,
        subject: &ProjectSubject,
        actor: Option<&Actor>,
    ) -> Result<ProjectDetail, AppError> {
        let failed = |e| AppError::internal("get_project: detail", &e);
        let content = crate::db::projects::content(conn, project)
            .await
            .map_err(failed)?;
        let row = crate::db::projects::detail_row(conn, project)
            .await
            .map_err(failed)?;
        let may_edit = allows(actor, &Action::EditProject(subject));
        let may_answer = allows(actor, &Action::AnswerInterests(subject));
        let interests = match actor.map(|a| &a.role) {
            _ if may_answer => crate::db::projects::interests(conn, project, None)
                .await
                .map_err(failed)?,
            Some(Role::FirmRep { firm, .. }) => {
                crate::db::projects::interests(conn, project, Some(*firm))
                    .await
                    .map_err(failed)?
            }
            _ => Vec::new(),
        };
        let p = &content.project;
        Ok(ProjectDetail {
            description: p.description.clone(),
            lead: row.lead_name,
            lead_firm_id: p.lead_firm_id,
            funds: FundingSource::ALL
                .iter()
                .copied()
                .zip(p.funds)
                .filter(|(_, yuan)| *yuan > 0)
                .collect(),
            budget: p.budget(),
            starts_on: p.starts_on.map(|d| d.to_string()),
            ends_on: p.ends_on.map(|d| d.to_string()),
            responsible: row.responsible_name,
            responsible_email: row.responsible_email,
            scenarios: p.scenarios.clone(),
            version: row.version,
            cancel_reason: row.cancel_reason,
            created_at: crate::domain::time::beijing(row.created_at),
            needs: crate::db::projects::needs(conn, project)
                .await
                .map_err(failed)?,
            history: crate::db::projects::history(
                conn,
                project,
                allows(actor, &Action::ManageInvitations(subject)),
            )
            .await
            .map_err(failed)?,
            interests,
            next: if may_edit {
                subject.status.next()
            } else {
                Vec::new()
            },
            may_edit,
            may_answer,
            may_express_interest: allows(actor, &Action::ExpressInterest(subject))
                && subject.status == crate::domain::project::ProjectStatus::Open,
            may_match: allows(actor, &Action::MatchCandidates(subject)),
            default_reply_by: crate::domain::invitation::default_reply_by(
                crate::api::ssr::beijing_today(),
            )
            .to_string(),
            today: crate::api::ssr::beijing_today().to_string(),
        })
    }
}
