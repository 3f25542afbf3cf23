//! Project execution: its page ([`get_execution`]), the participants' milestones
//! ([`milestones`]), the project's risks ([`risks`]) and its health's overrides and settings
//! ([`health`]).

pub mod discussion;
pub mod health;
pub mod milestones;
pub mod money;
pub mod portfolio;
pub mod reports;
pub mod risks;

pub use discussion::*;
pub use health::*;
pub use milestones::*;
pub use money::*;
pub use portfolio::*;
pub use reports::*;
pub use risks::*;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::errors::AppError;
use crate::views::execution::ExecutionPage;

/// A project's execution page: its participants' milestones, its risks and its health, for
/// whoever may see its execution (`Action::ViewExecution`); not found for anyone else, and for
/// a project that has not started.
#[server(prefix = "/api", endpoint = "get_execution", input = GetUrl)]
pub async fn get_execution(project_id: String) -> Result<ExecutionPage, AppError> {
    use crate::api::ssr::{Context, parse_id, pool, viewer};
    use crate::domain::project::ProjectId;

    crate::api::ssr::answer(async {
        let viewer = viewer();
        let actor = viewer.as_ref().map(|v| &v.actor);
        let project =
            ProjectId(parse_id(&project_id, "project_id").map_err(|_| AppError::NotFound)?);
        let mut conn = pool()?.acquire().await.context("get_execution: acquire")?;
        let subject = crate::api::projects::ssr::need_subject(&mut conn, project).await?;
        let execution = ssr::load(&mut conn, project, &subject, actor)
            .await?
            .ok_or(AppError::NotFound)?;
        let header = crate::db::execution::header(&mut conn, project)
            .await
            .context("get_execution: header")?;
        Ok(ExecutionPage {
            project_id: project.0,
            title: header.title,
            status: subject.status,
            starts_on: header.starts_on.map(|d| d.to_string()),
            ends_on: header.ends_on.map(|d| d.to_string()),
            execution,
        })
    })
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use sqlx::PgConnection;

    use crate::api::ssr::Context;
    use crate::domain::access::{Action, ExecutionSubject, ProjectSubject, allows};
    use crate::domain::account::Actor;
    use crate::domain::account::FirmId;
    use crate::domain::execution::health::{MilestoneFacts, RiskFacts, assess};
    use crate::domain::project::{ProjectId, ProjectStatus};
    use crate::errors::AppError;
    use crate::views::execution::{
        DiscussionView, ExecutionView, HealthView, MessageView, MoneyView,
    };

    /// The project's execution as `actor` may see it: `None` when they may not, or when the
    /// project never started. Overdue marks and health are read as of today in Beijing, with
    /// the alliance's thresholds; the health reads only what the viewer may see (a firm never
    /// reads another participant's risks, not even through a sentence).
    pub async fn load(
        conn: &mut PgConnection,
        project: ProjectId,
        subject: &ProjectSubject,
        actor: Option<&Actor>,
    ) -> Result<Option<ExecutionView>, AppError> {
        if !matches!(
            subject.status,
            ProjectStatus::InExecution | ProjectStatus::Completed
        ) {
            return Ok(None);
        }
        let participants = crate::db::execution::participant_firms(conn, project)
            .await
            .context("execution: participants")?;
        let execution = ExecutionSubject {
            project: subject,
            participants: &participants,
        };
        if !allows(actor, &Action::ViewExecution(&execution)) {
            return Ok(None);
        }
        let today = crate::api::ssr::beijing_today();
        // A notice that cannot be written now (logged) is written by the next read: the page
        // does not fail for it.
        let _ = tell_overdue(conn, Some(project), today).await;
        let (settings, _) = crate::db::execution::health::settings(conn)
            .await
            .context("execution: settings")?;
        let mut rows = crate::db::execution::milestones(conn, project, today)
            .await
            .context("execution: milestones")?;
        let mut reports = crate::db::execution::reports::latest(conn, project)
            .await
            .context("execution: reports")?;
        for row in &mut rows {
            let readable = allows(
                actor,
                &Action::ReadParticipantWork(FirmId(row.view.firm_id)),
            );
            for (milestone, facts) in row.view.milestones.iter_mut().zip(&mut row.facts) {
                let Some(i) = reports.iter().position(|r| r.milestone == milestone.id) else {
                    continue;
                };
                let latest = reports.swap_remove(i);
                facts.last_report_on = Some(latest.reported_on);
                if readable {
                    milestone.report_count = latest.count;
                    milestone.latest_report = Some(latest.view);
                }
            }
        }
        let risks: Vec<_> = crate::db::execution::risks::risks(conn, project)
            .await
            .context("execution: risks")?
            .into_iter()
            .filter(|r| {
                r.firm
                    .is_none_or(|firm| allows(actor, &Action::ReadParticipantWork(firm)))
            })
            .collect();
        let mut overrides = crate::db::execution::health::overrides(conn, project)
            .await
            .context("execution: overrides")?;
        let mut take_override = |participant: Option<i64>| {
            overrides
                .iter()
                .position(|(p, _)| *p == participant)
                .map(|i| overrides.swap_remove(i).1)
        };
        let may_manage = allows(actor, &Action::ManageExecution(subject));
        let all_milestones: Vec<MilestoneFacts> =
            rows.iter().flat_map(|r| r.facts.iter().cloned()).collect();
        let all_risks: Vec<RiskFacts> = risks.iter().map(|r| r.facts.clone()).collect();
        let health = HealthView {
            computed: assess(&all_milestones, &all_risks, &settings, today),
            overridden: take_override(None),
        };
        let participants = rows
            .into_iter()
            .map(|row| {
                let mut view = row.view;
                let own: Vec<RiskFacts> = risks
                    .iter()
                    .filter(|r| r.participant == Some(view.participant_id))
                    .map(|r| r.facts.clone())
                    .collect();
                view.health = HealthView {
                    computed: assess(&row.facts, &own, &settings, today),
                    overridden: take_override(Some(view.participant_id)),
                };
                view.may_submit = allows(actor, &Action::SubmitMilestone(FirmId(view.firm_id)));
                view.may_report = allows(actor, &Action::PostReport(subject, FirmId(view.firm_id)));
                view
            })
            .collect();
        let owners = if may_manage {
            crate::db::execution::risks::owner_choices(conn, project)
                .await
                .context("execution: owners")?
        } else {
            Vec::new()
        };
        let money = money(conn, project, actor, may_manage).await?;
        let discussion = if allows(actor, &Action::Discuss(&execution)) {
            Some(discussion(conn, project, actor).await?)
        } else {
            None
        };
        Ok(Some(ExecutionView {
            health,
            participants,
            risks: risks.into_iter().map(|r| r.view).collect(),
            money,
            discussion,
            owners,
            settings,
            may_manage,
            in_execution: subject.status == ProjectStatus::InExecution,
            today: today.to_string(),
        }))
    }

    /// Tells the owning city's officials and the participant, once, of every milestone of the
    /// project (of every project, with `None`) that a read finds overdue for the first time:
    /// nothing waits for a job to have run.
    pub async fn tell_overdue(
        conn: &mut PgConnection,
        project: Option<ProjectId>,
        today: chrono::NaiveDate,
    ) -> Result<(), AppError> {
        use crate::db::notifications::{Group, notify_group};
        use sqlx::Connection;

        let mut tx = conn.begin().await.context("overdue: begin")?;
        let overdue = crate::db::execution::mark_newly_overdue(&mut tx, project, today)
            .await
            .context("overdue: mark")?;
        for m in &overdue {
            let city = crate::domain::city::CityCode::parse(&m.city)
                .map_err(|e| AppError::internal("overdue: city", &e))?;
            let params = serde_json::json!({
                "project_title": m.project_title, "firm_name": m.firm_name,
                "subject": m.due_on.to_string(),
            });
            let link = format!("/projects/{}/execution", m.project.0);
            for group in [Group::OfficialsOf(&city), Group::RepresentativesOf(m.firm)] {
                notify_group(
                    &mut tx,
                    group,
                    &[],
                    "milestone_overdue",
                    params.clone(),
                    Some(&link),
                )
                .await
                .context("overdue: notify")?;
            }
        }
        tx.commit().await.context("overdue: commit")?;
        Ok(())
    }

    /// The project's money as `actor` may read it: the plan against the payments and every
    /// payment for the bureaus and the admin; only the payments made to its own firm for a
    /// participant's representative.
    async fn money(
        conn: &mut PgConnection,
        project: ProjectId,
        actor: Option<&Actor>,
        may_manage: bool,
    ) -> Result<MoneyView, AppError> {
        let whole = allows(actor, &Action::ReadProjectMoney);
        let payments: Vec<_> = crate::db::execution::money::payments(conn, project)
            .await
            .context("execution: payments")?;
        let totals = if whole {
            let planned = crate::db::execution::money::planned(conn, project)
                .await
                .context("execution: planned")?;
            let paid: Vec<_> = payments
                .iter()
                .map(|p| (p.view.source, p.view.amount))
                .collect();
            crate::domain::execution::money::totals(planned, &paid)
        } else {
            Vec::new()
        };
        let recipients = if may_manage {
            crate::db::execution::money::recipients(conn, project)
                .await
                .context("execution: recipients")?
        } else {
            Vec::new()
        };
        Ok(MoneyView {
            totals,
            payments: payments
                .into_iter()
                .filter(|p| match p.firm {
                    Some(firm) => allows(actor, &Action::ReadParticipantWork(firm)),
                    None => whole,
                })
                .map(|p| p.view)
                .collect(),
            recipients,
        })
    }

    /// The project's discussion, each message marked when the reader may still edit it.
    async fn discussion(
        conn: &mut PgConnection,
        project: ProjectId,
        actor: Option<&Actor>,
    ) -> Result<DiscussionView, AppError> {
        let now = chrono::Utc::now();
        let messages = crate::db::execution::discussion::messages(conn, project)
            .await
            .context("execution: messages")?;
        let members = crate::db::execution::discussion::members(conn, project)
            .await
            .context("execution: members")?;
        Ok(DiscussionView {
            messages: messages
                .into_iter()
                .map(|m| MessageView {
                    id: m.id,
                    may_edit: actor.is_some_and(|a| a.user == m.author_id)
                        && crate::domain::execution::discussion::editable(m.created_at, now),
                    author: m.author,
                    body: m.body,
                    at: crate::domain::time::beijing(m.created_at),
                    edited: m.edited,
                })
                .collect(),
            members: members.into_iter().map(|(_, name)| name).collect(),
        })
    }

    /// The project, its row locked for the change, once the policy let the viewer manage its
    /// execution (see [`managed`]; `action` names the attempt in the audit trail).
    pub async fn managed_project(
        conn: &mut PgConnection,
        viewer: &crate::auth::Viewer,
        project: ProjectId,
        action: &'static str,
    ) -> Result<crate::db::projects::ProjectFacts, crate::api::ssr::Failure> {
        let facts = crate::api::projects::ssr::need_project(conn, project).await?;
        let entity = Some(project.0.to_string());
        managed(
            conn,
            viewer,
            &facts.subject,
            project,
            action,
            "project",
            entity,
        )
        .await?;
        Ok(facts)
    }

    /// The project's execution for a change: 404 to whoever may not see it, 403 to whoever
    /// sees it but may not manage it (`action` names the attempt in the audit trail).
    pub async fn managed(
        conn: &mut PgConnection,
        viewer: &crate::auth::Viewer,
        subject: &ProjectSubject,
        project: ProjectId,
        action: &'static str,
        entity_type: &'static str,
        entity_id: Option<String>,
    ) -> Result<(), crate::api::ssr::Failure> {
        let participants = crate::db::execution::participant_firms(conn, project)
            .await
            .context("execution: participants")?;
        let execution = ExecutionSubject {
            project: subject,
            participants: &participants,
        };
        let view = Action::ViewExecution(&execution);
        if !allows(Some(&viewer.actor), &view) {
            return Err(crate::api::ssr::refuse_action(
                &view,
                viewer,
                action,
                entity_type,
                entity_id,
            ));
        }
        if !allows(Some(&viewer.actor), &Action::ManageExecution(subject)) {
            return Err(crate::api::ssr::refuse(
                viewer,
                action,
                entity_type,
                entity_id,
            ));
        }
        Ok(())
    }
}
