//! A project's discussion: its city's officials, its participants' representatives and the
//! admin post messages (newest last), `@` a member to tell them in their inbox, and edit their
//! own within fifteen minutes. Nothing is deleted.

use leptos::prelude::*;

use crate::api::NoUnknownFields;
use crate::errors::AppError;

/// Posts a message in the project's discussion; the members it mentions are told.
#[server(prefix = "/api", endpoint = "post_message")]
pub async fn post_message(
    project_id: String,
    body: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::post(&project_id, &body)).await
}

/// Rewrites one's own message, within fifteen minutes of posting it.
#[server(prefix = "/api", endpoint = "edit_message")]
pub async fn edit_message(
    message_id: String,
    body: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::edit(&message_id, &body)).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use sqlx::PgConnection;

    use crate::api::ssr::{
        Context, Failure, audit_of, begin, parse_id, refuse, refuse_action, require_viewer,
    };
    use crate::auth::Viewer;
    use crate::domain::access::{Action, ExecutionSubject, allows};
    use crate::domain::execution::discussion::{editable, mentions, parse_body};
    use crate::domain::project::{ProjectId, ProjectStatus};
    use crate::errors::AppError;

    /// Asks the policy whether the viewer is in the project's discussion: 404 to whoever may not
    /// see its execution, 403 to whoever sees it but is not in it.
    async fn in_discussion(
        conn: &mut PgConnection,
        viewer: &Viewer,
        project: ProjectId,
        action: &'static str,
        entity_type: &'static str,
        entity_id: Option<String>,
    ) -> Result<String, Failure> {
        let facts = crate::api::projects::ssr::need_project(conn, project).await?;
        let participants = crate::db::execution::participant_firms(conn, project)
            .await
            .context("discussion: participants")?;
        let execution = ExecutionSubject {
            project: &facts.subject,
            participants: &participants,
        };
        let view = Action::ViewExecution(&execution);
        if !allows(Some(&viewer.actor), &view) {
            return Err(refuse_action(&view, viewer, action, entity_type, entity_id));
        }
        if !allows(Some(&viewer.actor), &Action::Discuss(&execution)) {
            return Err(refuse(viewer, action, entity_type, entity_id));
        }
        if facts.subject.status != ProjectStatus::InExecution {
            return Err(AppError::conflict("project_not_in_execution").into());
        }
        Ok(facts.title)
    }

    /// Tells the members `body` mentions (but its author).
    async fn tell_mentioned(
        conn: &mut PgConnection,
        viewer: &Viewer,
        project: ProjectId,
        title: &str,
        body: &str,
    ) -> Result<Vec<i64>, AppError> {
        let members = crate::db::execution::discussion::members(conn, project)
            .await
            .context("discussion: members")?;
        let mentioned: Vec<_> = mentions(body, &members)
            .into_iter()
            .filter(|u| *u != viewer.actor.user)
            .collect();
        let link = format!("/projects/{}/execution#discussion", project.0);
        for user in &mentioned {
            let params = serde_json::json!({
                "project_title": title, "person": viewer.summary.display_name,
            });
            crate::db::notifications::notify(conn, *user, "mentioned", params, Some(&link))
                .await
                .context("discussion: notify")?;
        }
        Ok(mentioned.into_iter().map(|u| u.0).collect())
    }

    pub async fn post(raw_project: &str, raw_body: &str) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(raw_project, "project_id")?);
        let mut tx = begin("post_message: begin").await?;
        let entity = Some(project.0.to_string());
        let title =
            in_discussion(&mut tx, &viewer, project, "post_message", "project", entity).await?;
        let body = parse_body(raw_body).map_err(|c| AppError::validation("body", c))?;
        let id =
            crate::db::execution::discussion::insert(&mut tx, project, viewer.actor.user, &body)
                .await
                .context("post_message: write")?;
        let told = tell_mentioned(&mut tx, &viewer, project, &title, &body).await?;
        audit_of(
            &viewer,
            "message_posted",
            "project_message",
            Some(id.to_string()),
        )
        .after(serde_json::json!({ "project": project.0, "body": body, "mentioned": told }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("post_message: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }

    pub async fn edit(raw_id: &str, raw_body: &str) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let id = parse_id(raw_id, "message_id")?;
        let mut tx = begin("edit_message: begin").await?;
        let message = crate::db::execution::discussion::message_for_update(&mut tx, id)
            .await
            .context("edit_message: load")?
            .ok_or(AppError::NotFound)?;
        let entity = Some(id.to_string());
        let title = in_discussion(
            &mut tx,
            &viewer,
            message.project,
            "edit_message",
            "project_message",
            entity.clone(),
        )
        .await?;
        // Only its author edits a message.
        if message.author != viewer.actor.user {
            return Err(refuse(&viewer, "edit_message", "project_message", entity));
        }
        let body = parse_body(raw_body).map_err(|c| AppError::validation("body", c))?;
        if !editable(message.created_at, chrono::Utc::now()) {
            return Err(AppError::conflict("message_edit_closed").into());
        }
        crate::db::execution::discussion::update(&mut tx, id, &body)
            .await
            .context("edit_message: write")?;
        let told = tell_mentioned(&mut tx, &viewer, message.project, &title, &body).await?;
        audit_of(
            &viewer,
            "message_edited",
            "project_message",
            Some(id.to_string()),
        )
        .before(serde_json::json!({ "body": message.body }))
        .after(serde_json::json!({ "body": body, "mentioned": told }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("edit_message: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }
}
