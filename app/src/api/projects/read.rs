//! Reading projects: the lists, a project's page, and the data of its edit form.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::ssr;
#[cfg(feature = "ssr")]
use crate::domain::project::ProjectForm;
use crate::domain::project::ProjectParams;
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
        let subject = ssr::need_subject(&mut conn, project).await?;
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
            let subject = ssr::need_subject(&mut conn, project).await?;
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
