//! Firms' expressions of interest, and the city's answers.

use leptos::prelude::*;

use crate::api::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::project::ProjectStatus;
use crate::errors::AppError;

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
        let mut tx = begin("express_interest: begin").await?;
        let facts = super::ssr::need_project(&mut tx, project).await?;
        let interest = Action::ExpressInterest(&facts.subject);
        let Some(firm) = crate::domain::access::acting_firm(&viewer.actor, &interest) else {
            let id = Some(project.0.to_string());
            return Err(refuse(&viewer, "express_interest", "project", id));
        };
        let message = Name::parse(&message, 500).map_err(|c| AppError::validation("message", c))?;
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
        crate::db::notifications::notify_group(
            &mut tx,
            crate::db::notifications::Group::OfficialsOf(&facts.subject.city),
            &[],
            "project_interest",
            params,
            Some(&link),
        )
        .await
        .context("express_interest: notify")?;
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
        let mut tx = begin("answer_interest: begin").await?;
        let facts = crate::db::projects::interest_for_update(&mut tx, interest)
            .await
            .context("answer_interest: load")?
            .ok_or(AppError::NotFound)?;
        let subject = super::ssr::need_subject(&mut tx, facts.project).await?;
        if !allows(Some(&viewer.actor), &Action::AnswerInterests(&subject)) {
            let id = Some(interest.to_string());
            return Err(refuse(&viewer, "answer_interest", "project_interest", id));
        }
        let reply = Name::parse(&reply, 500).map_err(|c| AppError::validation("reply", c))?;
        if facts.replied {
            return Err(AppError::conflict("interest_answered").into());
        }
        crate::db::projects::reply_interest(&mut tx, interest, reply.as_str(), viewer.actor.user)
            .await
            .context("answer_interest: write")?;
        let params = serde_json::json!({ "project_title": facts.project_title });
        let link = format!("/projects/{}", facts.project.0);
        crate::db::notifications::notify_group(
            &mut tx,
            crate::db::notifications::Group::RepresentativesOf(facts.firm),
            &[],
            "interest_answered",
            params,
            Some(&link),
        )
        .await
        .context("answer_interest: notify")?;
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
