//! R&D projects: the open calls everyone reads, the whole project the alliance's members read,
//! and what the owning city's bureau does with it: post, edit (naming the version it read),
//! add and remove needs, move it through its lifecycle, and answer the firms' interest.

// A server function takes one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::api::NoUnknownFields;
use crate::api::accounts::PlaceName;
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::project::{
    FundingSource, NeedStatus, ProjectForm, ProjectStatus, ResearchStage, Scenario,
};
use crate::errors::AppError;

/// A project as a list shows it. `budget` is only there for the alliance's members: the public
/// part of an open call is everything else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectCard {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub city: PlaceName,
    pub segment: PlaceName,
    pub stage: ResearchStage,
    pub status: ProjectStatus,
    /// The capabilities its needs name.
    pub capabilities: Vec<PlaceName>,
    /// Yuan; none for the public.
    pub budget: Option<i64>,
    pub updated_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectList {
    pub items: Vec<ProjectCard>,
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
    /// Whether anything narrowed the list.
    pub narrowed: bool,
    /// The viewer sees whole projects (not only the open calls' public part).
    pub whole: bool,
    pub may_create: bool,
    /// Whether the viewer may download the list (the server decides again on the call).
    pub may_export: bool,
    /// Whether anyone is signed in (a visitor is asked to sign in; nobody else is).
    pub signed_in: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedView {
    pub id: i64,
    pub capability_id: i64,
    pub capability: PlaceName,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub certificates: Vec<CertificateKind>,
    pub preferred_cities: Vec<PlaceName>,
    /// The same cities by code, for the form that changes the need.
    pub preferred_city_codes: Vec<String>,
    pub note: String,
    pub status: NeedStatus,
    /// The firm taking part for this need, once one is selected.
    pub filled_by: Option<Participant>,
}

/// A firm taking part in a project for a need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub firm_id: i64,
    pub name: String,
    pub city: PlaceName,
}

/// One step of a project's history (from the audit trail).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// `project_created`, `project_updated`, `need_added`, `need_removed`,
    /// `project_status_changed`.
    pub action: String,
    pub actor: Option<String>,
    pub at: String,
    /// The status a lifecycle step reached.
    pub status: Option<ProjectStatus>,
    /// A cancellation's reason.
    pub reason: Option<String>,
    /// The fields an edit changed.
    pub changed: Vec<String>,
    /// The firm (or firms) a step of the invitation handshake concerns.
    pub firm: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestView {
    pub id: i64,
    pub firm_id: i64,
    pub firm_name: String,
    pub firm_city: PlaceName,
    /// The need it is for; none: the whole project.
    pub need: Option<PlaceName>,
    pub need_id: Option<i64>,
    /// The need is still open (the firm may be invited to it from here).
    pub need_open: bool,
    pub message: String,
    pub author: String,
    pub created_at: String,
    pub reply: Option<String>,
    pub replied_by: Option<String>,
    pub replied_at: Option<String>,
}

/// What the alliance's members see of a project beyond its public part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub description: String,
    pub lead: Option<String>,
    pub lead_firm_id: Option<i64>,
    /// Yuan per source, with the total.
    pub funds: Vec<(FundingSource, i64)>,
    pub budget: i64,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub responsible: String,
    pub responsible_email: String,
    pub scenarios: Vec<Scenario>,
    pub version: i32,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub needs: Vec<NeedView>,
    pub history: Vec<HistoryEntry>,
    /// Every firm's for the owning city's officials and the admin; the firm's own for a
    /// representative; none for anyone else.
    pub interests: Vec<InterestView>,
    /// The lifecycle steps the viewer may take now.
    pub next: Vec<ProjectStatus>,
    pub may_edit: bool,
    pub may_answer: bool,
    pub may_express_interest: bool,
    /// The viewer may see and work the needs' candidates.
    pub may_match: bool,
    /// For an invitation from an expression of interest: the deadline proposed, and today
    /// (the earliest), in Beijing.
    pub default_reply_by: String,
    pub today: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectView {
    pub card: ProjectCard,
    /// None: the viewer sees the open call's public part only.
    pub detail: Option<ProjectDetail>,
    pub signed_in: bool,
}

/// An entry of a form's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: PlaceName,
}

/// What the project form needs: the values to show, the lists to choose from, and for an
/// edit the version it starts from and the project's current values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFormData {
    pub project_id: Option<i64>,
    pub title: String,
    pub version: i32,
    /// The project's current values, or a new project's defaults (a refused form shows what
    /// was typed instead: `components::round_trip`).
    pub values: ProjectForm,
    /// The project's current values (an edit); the form shows them beside fields that changed.
    pub current: Option<ProjectForm>,
    pub city: PlaceName,
    pub categories: Vec<Choice>,
    pub institutions: Vec<Choice>,
    pub officials: Vec<Choice>,
}

/// A page of projects: the open calls' public part for visitors and firms awaiting approval,
/// every project but other cities' drafts for the alliance's members. Every parameter is
/// optional and an unknown value is ignored, so a shared link never fails.
#[server(prefix = "/api", endpoint = "list_projects", input = GetUrl)]
pub async fn list_projects(
    #[server(default)] q: String,
    #[server(default)] city: String,
    #[server(default)] stage: String,
    #[server(default)] segment: String,
    #[server(default)] status: String,
    #[server(default)] capability: String,
    #[server(default)] sort: String,
    #[server(default)] page: String,
) -> Result<ProjectList, AppError> {
    use crate::api::ssr::{db_error, pool, viewer};
    use crate::domain::access::{Action, ProjectScope, allows, project_scope};
    use crate::domain::project::{PAGE_SIZE, ProjectParams, ProjectQuery};

    crate::errors::with_status(
        async {
            let viewer = viewer();
            let actor = viewer.as_ref().map(|v| &v.actor);
            let query = ProjectQuery::parse(&ProjectParams {
                q,
                city,
                stage,
                segment,
                status,
                capability,
                sort,
                page,
            });
            let scope = project_scope(actor);
            let whole = matches!(scope, ProjectScope::Members { .. });
            let mut conn = pool()?
                .acquire()
                .await
                .map_err(db_error("list_projects: acquire"))?;
            let (items, total) = crate::db::projects::list(&mut conn, &scope, &query, whole)
                .await
                .map_err(db_error("list_projects: query"))?;
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
        }
        .await,
    )
}

/// One project: whole for whoever may see it (see `Action::ViewProject`), its public part for
/// anyone while it is an open call, and not found otherwise (a draft is nobody else's business).
#[server(prefix = "/api", endpoint = "get_project", input = GetUrl)]
pub async fn get_project(project_id: String) -> Result<ProjectView, AppError> {
    use crate::api::ssr::{db_error, parse_id, pool, viewer};
    use crate::domain::access::{Action, allows};
    use crate::domain::project::ProjectId;

    crate::errors::with_status(
        async {
            let viewer = viewer();
            let actor = viewer.as_ref().map(|v| &v.actor);
            let project =
                ProjectId(parse_id(&project_id, "project_id").map_err(|_| AppError::NotFound)?);
            let mut conn = pool()?
                .acquire()
                .await
                .map_err(db_error("get_project: acquire"))?;
            let subject = crate::db::projects::subject(&mut conn, project)
                .await
                .map_err(db_error("get_project: load"))?
                .ok_or(AppError::NotFound)?;
            let whole = allows(actor, &Action::ViewProject(&subject));
            if !whole && !allows(actor, &Action::ViewOpenCall(subject.status)) {
                return Err(AppError::NotFound);
            }
            let card = crate::db::projects::cards(&mut conn, &[project.0], whole)
                .await
                .map_err(db_error("get_project: card"))?
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
        }
        .await,
    )
}

/// The project form's data: for a new project (`project_id` empty) or an edit.
#[server(prefix = "/api", endpoint = "get_project_form", input = GetUrl)]
pub async fn get_project_form(
    #[server(default)] project_id: String,
) -> Result<ProjectFormData, AppError> {
    use crate::api::ssr::{db_error, parse_id, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};
    use crate::domain::account::Role;
    use crate::domain::project::ProjectId;

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let actor = Some(&viewer.actor);
            let mut conn = pool()?
                .acquire()
                .await
                .map_err(db_error("project_form: acquire"))?;
            let (project, city, title, version, current) = if project_id.trim().is_empty() {
                let Role::Official { city } = &viewer.actor.role else {
                    return Err(refuse(&viewer, "project_form", "project", None).await);
                };
                if !allows(actor, &Action::CreateProject) {
                    return Err(refuse(&viewer, "project_form", "project", None).await);
                }
                (None, city.clone(), String::new(), 0, None)
            } else {
                let project =
                    ProjectId(parse_id(&project_id, "project_id").map_err(|_| AppError::NotFound)?);
                let subject = crate::db::projects::subject(&mut conn, project)
                    .await
                    .map_err(db_error("project_form: load"))?
                    .ok_or(AppError::NotFound)?;
                if !allows(actor, &Action::EditProject(&subject)) {
                    drop(conn);
                    let id = Some(project.0.to_string());
                    return Err(refuse(&viewer, "project_form", "project", id).await);
                }
                let content = crate::db::projects::content(&mut conn, project)
                    .await
                    .map_err(db_error("project_form: content"))?;
                let row = crate::db::projects::detail_row(&mut conn, project)
                    .await
                    .map_err(db_error("project_form: detail"))?;
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
        }
        .await,
    )
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
    use crate::api::ssr::{audit, db_error, is_plain_form, pool, refuse, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::access::{Action, allows};
    use crate::domain::account::Role;
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
    let result = async {
        let viewer = require_viewer()?;
        let Role::Official { city } = &viewer.actor.role else {
            return Err(refuse(&viewer, "create_project", "project", None).await);
        };
        if !allows(Some(&viewer.actor), &Action::CreateProject) {
            return Err(refuse(&viewer, "create_project", "project", None).await);
        }
        let new = NewProject::parse(&form).map_err(AppError::fields)?;
        let mut tx = pool()?
            .begin()
            .await
            .map_err(db_error("create_project: begin"))?;
        ssr::check_references(&mut tx, &new, city).await?;
        let project = crate::db::projects::insert_project(&mut tx, city, &new, viewer.actor.user)
            .await
            .map_err(db_error("create_project: insert"))?;
        let entry = AuditEntry {
            actor: Some(viewer.actor.user),
            action: "project_created",
            entity_type: "project",
            entity_id: Some(project.0.to_string()),
            before: None,
            after: Some(serde_json::json!({ "city": city.as_str(), "content": new })),
            client_addr: None,
        };
        audit(&mut tx, entry).await?;
        tx.commit()
            .await
            .map_err(db_error("create_project: commit"))?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        if is_plain_form() {
            leptos_axum::redirect(&format!("/projects/{}", project.0));
        }
        Ok(project.0)
    }
    .await;
    crate::errors::with_status(result)
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
    use crate::api::ssr::{audit, db_error, is_plain_form, parse_id, pool, require_viewer};
    use crate::db::audit::AuditEntry;
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
    let result = async {
        let viewer = require_viewer()?;
        let project = project.clone()?;
        let version = ssr::parse_version(&version)?;
        let new = NewProject::parse(&form).map_err(AppError::fields)?;
        let mut tx = pool()?
            .begin()
            .await
            .map_err(db_error("update_project: begin"))?;
        let facts = ssr::editable(&mut tx, &viewer, project, "update_project").await?;
        let (base, new) = ssr::merge_with_current(&mut tx, project, &facts, version, new).await?;
        ssr::check_references(&mut tx, &new, &facts.subject.city).await?;
        let new_version = crate::db::projects::save_version(&mut tx, project, facts.version)
            .await
            .map_err(db_error("update_project: version"))?
            .ok_or_else(|| AppError::conflict("stale_project"))?;
        crate::db::projects::update_fields(&mut tx, project, &new)
            .await
            .map_err(db_error("update_project: write"))?;
        let changed = ssr::finish_version(&mut tx, project, new_version, &viewer, &base).await?;
        let entry = AuditEntry {
            actor: Some(viewer.actor.user),
            action: "project_updated",
            entity_type: "project",
            entity_id: Some(project.0.to_string()),
            before: Some(serde_json::json!({ "version": version, "content": base.project })),
            after: Some(serde_json::json!({
                "version": new_version, "changed": changed, "content": new,
            })),
            client_addr: None,
        };
        audit(&mut tx, entry).await?;
        tx.commit()
            .await
            .map_err(db_error("update_project: commit"))?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        if is_plain_form() {
            leptos_axum::redirect(&format!("/projects/{}", project.0));
        }
        Ok(new_version)
    }
    .await;
    crate::errors::with_status(result)
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
    use crate::api::ssr::{audit, db_error, parse_id, pool, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::project::{NeedForm, NewNeed, ProjectId};

    crate::errors::with_status(
        async {
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
            let mut tx = pool()?.begin().await.map_err(db_error("add_need: begin"))?;
            let facts = ssr::editable(&mut tx, &viewer, project, "add_need").await?;
            let base = ssr::check_version(&mut tx, project, &facts, version).await?;
            if base.needs.iter().any(|(_, other)| other.duplicates(&need)) {
                return Err(AppError::validation("capability_id", "need_duplicate"));
            }
            if !crate::db::projects::is_active_capability(&mut tx, need.capability_id)
                .await
                .map_err(db_error("add_need: capability"))?
            {
                return Err(AppError::validation("capability_id", "invalid"));
            }
            if !crate::db::projects::unknown_cities(&mut tx, &need.preferred_cities)
                .await
                .map_err(db_error("add_need: cities"))?
                .is_empty()
            {
                return Err(AppError::validation("preferred_cities", "invalid"));
            }
            let new_version = crate::db::projects::save_version(&mut tx, project, version)
                .await
                .map_err(db_error("add_need: version"))?
                .ok_or_else(|| AppError::conflict("stale_project"))?;
            let id = crate::db::projects::insert_need(&mut tx, project, &need)
                .await
                .map_err(db_error("add_need: insert"))?;
            ssr::finish_version(&mut tx, project, new_version, &viewer, &base).await?;
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "need_added",
                entity_type: "project",
                entity_id: Some(project.0.to_string()),
                before: Some(serde_json::json!({ "version": version })),
                after: Some(serde_json::json!({
                    "version": new_version, "need": id.0, "content": need,
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit().await.map_err(db_error("add_need: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
            Ok(new_version)
        }
        .await,
    )
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
    use crate::api::ssr::{audit, db_error, parse_id, pool, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::invitation::{EndReason, InvitationStatus};
    use crate::domain::project::{NeedForm, NeedId, NewNeed, ProjectId};

    crate::errors::with_status(
        async {
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
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("update_need: begin"))?;
            let facts = ssr::editable(&mut tx, &viewer, project, "update_need").await?;
            let (base, new) =
                ssr::merge_need_with_current(&mut tx, project, &facts, version, need, new).await?;
            let Some((_, before)) = base.needs.iter().find(|(id, _)| *id == need).cloned() else {
                return Err(AppError::NotFound);
            };
            if base
                .needs
                .iter()
                .any(|(id, other)| *id != need && other.duplicates(&new))
            {
                return Err(AppError::validation("capability_id", "need_duplicate"));
            }
            if new.capability_id != before.capability_id
                && !crate::db::projects::is_active_capability(&mut tx, new.capability_id)
                    .await
                    .map_err(db_error("update_need: capability"))?
            {
                return Err(AppError::validation("capability_id", "invalid"));
            }
            if !crate::db::projects::unknown_cities(&mut tx, &new.preferred_cities)
                .await
                .map_err(db_error("update_need: cities"))?
                .is_empty()
            {
                return Err(AppError::validation("preferred_cities", "invalid"));
            }
            let new_version = crate::db::projects::save_version(&mut tx, project, facts.version)
                .await
                .map_err(db_error("update_need: version"))?
                .ok_or_else(|| AppError::conflict("stale_project"))?;
            if !crate::db::projects::update_need(&mut tx, project, need, &new)
                .await
                .map_err(db_error("update_need: write"))?
            {
                return Err(AppError::conflict("need_not_open"));
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
                .map_err(db_error("update_need: invitations"))?;
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
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "need_updated",
                entity_type: "project",
                entity_id: Some(project.0.to_string()),
                before: Some(serde_json::json!({
                    "version": version, "need": need.0, "content": before,
                })),
                after: Some(serde_json::json!({
                    "version": new_version, "content": new,
                    "withdrawn_invitations": crate::api::invitations::ssr::ended_json(&withdrawn),
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit().await.map_err(db_error("update_need: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
            Ok(new_version)
        }
        .await,
    )
}

/// Removes an open need that no firm has expressed interest in.
#[server(prefix = "/api", endpoint = "remove_need")]
pub async fn remove_need(
    project_id: String,
    version: String,
    need_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<i32, AppError> {
    use crate::api::ssr::{audit, db_error, parse_id, pool, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::project::{NeedId, ProjectId};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let project = ProjectId(parse_id(&project_id, "project_id")?);
            let version = ssr::parse_version(&version)?;
            let need = NeedId(parse_id(&need_id, "need_id")?);
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("remove_need: begin"))?;
            let facts = ssr::editable(&mut tx, &viewer, project, "remove_need").await?;
            let base = ssr::check_version(&mut tx, project, &facts, version).await?;
            let before = base.needs.iter().find(|(id, _)| *id == need).cloned();
            let new_version = crate::db::projects::save_version(&mut tx, project, version)
                .await
                .map_err(db_error("remove_need: version"))?
                .ok_or_else(|| AppError::conflict("stale_project"))?;
            match crate::db::projects::delete_need(&mut tx, project, need).await {
                Ok(true) => {}
                Ok(false) => return Err(AppError::NotFound),
                Err(err) if crate::db::firms::violates(&err, "project_interests_need_id_fkey") => {
                    return Err(AppError::conflict("need_has_interest"));
                }
                Err(err) if crate::db::firms::violates(&err, "need_invitations_need_id_fkey") => {
                    return Err(AppError::conflict("need_has_invitations"));
                }
                Err(err) => return Err(AppError::internal("remove_need: delete", &err)),
            }
            ssr::finish_version(&mut tx, project, new_version, &viewer, &base).await?;
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "need_removed",
                entity_type: "project",
                entity_id: Some(project.0.to_string()),
                before: Some(serde_json::json!({
                    "version": version, "need": need.0, "content": before.map(|(_, n)| n),
                })),
                after: Some(serde_json::json!({ "version": new_version })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit().await.map_err(db_error("remove_need: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::Removed).await;
            Ok(new_version)
        }
        .await,
    )
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
    use crate::api::ssr::{audit, db_error, parse_id, pool, refuse, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::access::{Action, allows};
    use crate::domain::firm::Name;
    use crate::domain::invitation::{EndReason, InvitationStatus};
    use crate::domain::project::{ProjectFacts, ProjectId, check_transition};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let project = ProjectId(parse_id(&project_id, "project_id")?);
            let to = ProjectStatus::from_db(status.trim())
                .map_err(|_| AppError::validation("status", "invalid"))?;
            let reason = if to == ProjectStatus::Cancelled {
                Some(
                    Name::parse(&reason, 500)
                        .map_err(|code| AppError::validation("reason", code))?,
                )
            } else {
                None
            };
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("change_project_status: begin"))?;
            let facts = crate::db::projects::facts_for_update(&mut tx, project)
                .await
                .map_err(db_error("change_project_status: load"))?
                .ok_or(AppError::NotFound)?;
            if !allows(Some(&viewer.actor), &Action::EditProject(&facts.subject)) {
                drop(tx);
                let id = Some(project.0.to_string());
                return Err(refuse(&viewer, "change_project_status", "project", id).await);
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
            .map_err(db_error("change_project_status: write"))?;
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
                .map_err(db_error("change_project_status: invitations"))?;
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
            let participations =
                if matches!(to, ProjectStatus::Completed | ProjectStatus::Cancelled) {
                    let ended = crate::db::invitations::end_participations(
                        &mut tx,
                        project,
                        to == ProjectStatus::Completed,
                        reason_text.as_deref(),
                    )
                    .await
                    .map_err(db_error("change_project_status: participants"))?;
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
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "project_status_changed",
                entity_type: "project",
                entity_id: Some(project.0.to_string()),
                before: Some(serde_json::json!({ "status": from.as_db() })),
                after: Some(serde_json::json!({
                    "to": to.as_db(),
                    "reason": reason.as_ref().map(Name::as_str),
                    "closed_needs": closed,
                    "closed_invitations": crate::api::invitations::ssr::ended_json(&ended),
                    "ended_participations": participations,
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("change_project_status: commit"))?;
            crate::api::ssr::notify(if to == ProjectStatus::Open {
                crate::components::round_trip::Notice::Published
            } else {
                crate::components::round_trip::Notice::Saved
            })
            .await;
            Ok(())
        }
        .await,
    )
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
    use crate::api::ssr::{audit, db_error, parse_id, pool, refuse, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::access::{Action, allows};
    use crate::domain::account::Role;
    use crate::domain::firm::Name;
    use crate::domain::project::{NeedId, ProjectId};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let project = ProjectId(parse_id(&project_id, "project_id")?);
            let need = match need_id.trim() {
                "" => None,
                raw => Some(NeedId(parse_id(raw, "need_id")?)),
            };
            let message =
                Name::parse(&message, 500).map_err(|c| AppError::validation("message", c))?;
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("express_interest: begin"))?;
            let facts = crate::db::projects::facts_for_update(&mut tx, project)
                .await
                .map_err(db_error("express_interest: load"))?
                .ok_or(AppError::NotFound)?;
            let firm = match &viewer.actor.role {
                Role::FirmRep { firm, .. }
                    if allows(
                        Some(&viewer.actor),
                        &Action::ExpressInterest(&facts.subject),
                    ) =>
                {
                    *firm
                }
                _ => {
                    drop(tx);
                    let id = Some(project.0.to_string());
                    return Err(refuse(&viewer, "express_interest", "project", id).await);
                }
            };
            if facts.subject.status != ProjectStatus::Open {
                return Err(AppError::conflict("project_not_open"));
            }
            if let Some(need) = need
                && !crate::db::projects::is_open_need(&mut tx, project, need)
                    .await
                    .map_err(db_error("express_interest: need"))?
            {
                return Err(AppError::validation("need_id", "invalid"));
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
                    return Err(AppError::conflict("interest_exists"));
                }
                Err(err) => return Err(AppError::internal("express_interest: insert", &err)),
            };
            let firm_name = crate::db::projects::firm_name(&mut tx, firm)
                .await
                .map_err(db_error("express_interest: firm"))?;
            let params =
                serde_json::json!({ "project_title": facts.title, "firm_name": firm_name });
            let link = format!("/projects/{}", project.0);
            for official in crate::db::firms::officials_of(&mut tx, &facts.subject.city)
                .await
                .map_err(db_error("express_interest: officials"))?
            {
                crate::db::notifications::notify(
                    &mut tx,
                    official,
                    "project_interest",
                    params.clone(),
                    Some(&link),
                )
                .await
                .map_err(db_error("express_interest: notify"))?;
            }
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "interest_expressed",
                entity_type: "project_interest",
                entity_id: Some(interest.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "project": project.0, "need": need.map(|n| n.0), "firm": firm.0,
                    "message": message.as_str(),
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("express_interest: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::InterestSent).await;
            Ok(())
        }
        .await,
    )
}

/// The owning city's official (or the admin) answers a firm's expression of interest; the
/// firm's representatives are told in their inbox.
#[server(prefix = "/api", endpoint = "answer_interest")]
pub async fn answer_interest(
    interest_id: String,
    reply: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{audit, db_error, parse_id, pool, refuse, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::access::{Action, allows};
    use crate::domain::firm::Name;

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let interest = parse_id(&interest_id, "interest_id")?;
            let reply = Name::parse(&reply, 500).map_err(|c| AppError::validation("reply", c))?;
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("answer_interest: begin"))?;
            let facts = crate::db::projects::interest_for_update(&mut tx, interest)
                .await
                .map_err(db_error("answer_interest: load"))?
                .ok_or(AppError::NotFound)?;
            let subject = crate::db::projects::subject(&mut tx, facts.project)
                .await
                .map_err(db_error("answer_interest: project"))?
                .ok_or(AppError::NotFound)?;
            if !allows(Some(&viewer.actor), &Action::AnswerInterests(&subject)) {
                drop(tx);
                let id = Some(interest.to_string());
                return Err(refuse(&viewer, "answer_interest", "project_interest", id).await);
            }
            if facts.replied {
                return Err(AppError::conflict("interest_answered"));
            }
            crate::db::projects::reply_interest(
                &mut tx,
                interest,
                reply.as_str(),
                viewer.actor.user,
            )
            .await
            .map_err(db_error("answer_interest: write"))?;
            let params = serde_json::json!({ "project_title": facts.project_title });
            let link = format!("/projects/{}", facts.project.0);
            for rep in crate::db::firms::representatives_of(&mut tx, facts.firm)
                .await
                .map_err(db_error("answer_interest: representatives"))?
            {
                crate::db::notifications::notify(
                    &mut tx,
                    rep,
                    "interest_answered",
                    params.clone(),
                    Some(&link),
                )
                .await
                .map_err(db_error("answer_interest: notify"))?;
            }
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "interest_answered",
                entity_type: "project_interest",
                entity_id: Some(interest.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "reply": reply.as_str(), "firm": facts.firm.0, "firm_name": facts.firm_name,
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("answer_interest: commit"))?;
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod ssr {
    use sqlx::PgConnection;

    use super::ProjectDetail;
    use crate::api::ssr::{db_error, refuse};
    use crate::auth::Viewer;
    use crate::db::projects::ProjectFacts;
    use crate::domain::access::{Action, ProjectSubject, allows};
    use crate::domain::account::{Actor, Role};
    use crate::domain::city::CityCode;
    use crate::domain::project::{
        FundingSource, NeedId, NewNeed, NewProject, ProjectContent, ProjectId,
    };
    use crate::errors::AppError;

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
    ) -> Result<ProjectFacts, AppError> {
        let facts = crate::db::projects::facts_for_update(conn, project)
            .await
            .map_err(db_error("project edit: load"))?
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::EditProject(&facts.subject)) {
            let id = Some(project.0.to_string());
            return Err(refuse(viewer, action, "project", id).await);
        }
        if !facts.subject.status.editable() {
            return Err(AppError::conflict("project_closed"));
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
            .map_err(db_error("project edit: content"))?;
        if facts.version == version {
            return Ok(current);
        }
        let base = crate::db::projects::revision(conn, project, version)
            .await
            .map_err(db_error("project edit: revision"))?;
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
            .map_err(db_error("project edit: content"))?;
        if facts.version == version {
            return Ok((current, mine));
        }
        let Some(base) = crate::db::projects::revision(conn, project, version)
            .await
            .map_err(db_error("project edit: revision"))?
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
            .map_err(db_error("need edit: content"))?;
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
            .map_err(db_error("need edit: revision"))?
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
            .map_err(db_error("project edit: revision"))?;
        crate::db::projects::reindex(conn, project)
            .await
            .map_err(db_error("project edit: index"))?;
        let now = crate::db::projects::content(conn, project)
            .await
            .map_err(db_error("project edit: content"))?;
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
            created_at: crate::api::ssr::beijing(row.created_at),
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
