//! What the projects' server functions share: loading a project for an edit, its versions
//! and merges, and the whole project as its page shows it.

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

/// The project's facts, its row locked for the rest of the transaction; 404 when there is none.
pub async fn need_project(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<ProjectFacts, AppError> {
    crate::db::projects::facts_for_update(conn, project)
        .await
        .context("project: load")?
        .ok_or(AppError::NotFound)
}

/// The project's subject, unlocked (for reads); 404 when there is none.
pub async fn need_subject(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<ProjectSubject, AppError> {
    crate::db::projects::subject(conn, project)
        .await
        .context("project: subject")?
        .ok_or(AppError::NotFound)
}

/// Loads a project for an edit and asks the policy; an ended project is not edited.
pub async fn editable(
    conn: &mut PgConnection,
    viewer: &Viewer,
    project: ProjectId,
    action: &'static str,
) -> Result<ProjectFacts, crate::api::ssr::Failure> {
    let facts = need_project(conn, project).await?;
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

/// What an edit of a project changes: its fields, or one of its needs.
pub trait Part: Sized {
    type Form: serde::Serialize + serde::de::DeserializeOwned + Clone;
    fn form(&self) -> Self::Form;
    fn read(form: &Self::Form) -> Result<Self, AppError>;
}

impl Part for NewProject {
    type Form = crate::domain::project::ProjectForm;
    fn form(&self) -> Self::Form {
        self.to_form()
    }
    fn read(form: &Self::Form) -> Result<Self, AppError> {
        Self::parse(form).map_err(AppError::fields)
    }
}

impl Part for NewNeed {
    type Form = crate::domain::project::NeedForm;
    fn form(&self) -> Self::Form {
        self.to_form()
    }
    fn read(form: &Self::Form) -> Result<Self, AppError> {
        Self::parse(form).map_err(AppError::fields)
    }
}

/// An edit of one part of the project made from `version`, merged field by field with what
/// colleagues saved since (`domain::merge`): the project's content now, and what to write.
/// `part` picks the edited part's form out of a content (none: the part is not in it). A field
/// both changed differently is refused with those fields (`Changed`), and the form shows each
/// one's value now beside what was typed.
pub async fn merge_with_current<P: Part>(
    conn: &mut PgConnection,
    project: ProjectId,
    facts: &ProjectFacts,
    version: i32,
    mine: P,
    part: impl Fn(&ProjectContent) -> Option<P::Form>,
) -> Result<(ProjectContent, P), AppError> {
    let current = crate::db::projects::content(conn, project)
        .await
        .context("project edit: content")?;
    if facts.version == version {
        return Ok((current, mine));
    }
    let theirs = part(&current).ok_or(AppError::NotFound)?;
    let Some(base) = crate::db::projects::revision(conn, project, version)
        .await
        .context("project edit: revision")?
        .as_ref()
        .and_then(&part)
    else {
        // A version the project never had, or one before the part: nothing to merge against.
        return Err(AppError::Changed {
            fields: vec!["version".to_owned()],
        });
    };
    let merged =
        crate::api::ssr::merge_or_refuse(&base, &theirs, &mine.form(), facts.version).await?;
    Ok((current, P::read(&merged)?))
}

/// The form of one need of a content, for [`merge_with_current`].
pub fn need_form(
    need: NeedId,
) -> impl Fn(&ProjectContent) -> Option<crate::domain::project::NeedForm> {
    move |content| {
        content
            .needs
            .iter()
            .find(|(id, _)| *id == need)
            .map(|(_, n)| n.to_form())
    }
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

/// A need's form names what it should: no other need of the project the same, an active
/// capability (or the one it already had: a capability retired since stays on its need), member
/// cities.
pub async fn check_need_references(
    conn: &mut PgConnection,
    need: &NewNeed,
    others: &[(NeedId, NewNeed)],
    had_capability: Option<i64>,
) -> Result<(), AppError> {
    if others.iter().any(|(_, other)| other.duplicates(need)) {
        return Err(AppError::validation("capability_id", "need_duplicate"));
    }
    if had_capability != Some(need.capability_id)
        && !crate::db::projects::is_active_capability(conn, need.capability_id)
            .await
            .context("need: capability")?
    {
        return Err(AppError::validation("capability_id", "invalid"));
    }
    if !crate::db::projects::unknown_cities(conn, &need.preferred_cities)
        .await
        .context("need: cities")?
        .is_empty()
    {
        return Err(AppError::validation("preferred_cities", "invalid"));
    }
    Ok(())
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
    let execution_health = crate::api::execution::ssr::load(conn, project, subject, actor)
        .await?
        .map(|e| e.health.shown());
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
        execution_health,
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
