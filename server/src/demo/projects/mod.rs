//! Loads the demo projects (`data`) as the server functions would write them, step by step,
//! with the audit row of each step: created as a draft by its city's demo official (revision
//! 1), one version and revision per need added, one audit row per lifecycle step, the
//! expressions of interest of the demo firms (with their notifications) while it is open, and
//! the invitations its official sent (one answered and selected: the demo's first
//! participant). It writes through the app's storage layer (`app::db`), notifications
//! included. A project whose city already has one of the same title is left alone, so loading
//! again changes nothing.

mod data;
mod execution;

use std::collections::HashMap;

use anyhow::{Context, anyhow, bail};
use app::db::audit::{AuditEntry, record};
use app::db::notifications::{Group, notify_group};
use app::db::projects::{
    facts_for_update, insert_interest, insert_need, insert_project, record_revision, reindex,
    reply_interest, save_version, set_status,
};
use app::domain::account::{FirmId, UserId};
use app::domain::city::CityCode;
use app::domain::firm::Name;
use app::domain::project::ProjectStatus::{self, Cancelled, Open};
use app::domain::project::{
    NeedForm, NeedId, NewNeed, NewProject, ProjectForm, ProjectId, check_transition, format_wan,
};
use app::domain::project_event::ProjectEvent;
use serde_json::json;
use sqlx::PgConnection;

pub use data::PROJECTS;
use data::{DemoInterest, DemoInvitation, DemoProject, EXECUTION_STORY, INVITATIONS, Lead};

/// What the projects name, by name: the taxonomy, the demo accounts and the demo firms.
struct Names<'a> {
    categories: HashMap<String, i64>,
    capabilities: HashMap<String, i64>,
    /// Every demo account's id, by email.
    users: &'a HashMap<String, i64>,
    /// The ids of `super::FIRMS`, in order.
    firm_ids: &'a [i64],
}

impl Names<'_> {
    fn user(&self, email: &str) -> anyhow::Result<UserId> {
        self.users
            .get(email)
            .map(|id| UserId(*id))
            .with_context(|| format!("no demo account {email}"))
    }

    /// The demo official of the city.
    fn official(&self, city: &str) -> anyhow::Result<UserId> {
        let (email, ..) = super::USERS
            .iter()
            .find(|(_, _, role, official_of, _)| *role == "official" && *official_of == Some(city))
            .with_context(|| format!("no demo official of {city}"))?;
        self.user(email)
    }

    /// The demo firm the representative belongs to.
    fn firm_of(&self, email: &str) -> anyhow::Result<FirmId> {
        let index = super::USERS
            .iter()
            .find(|(e, ..)| *e == email)
            .and_then(|(.., firm)| *firm)
            .with_context(|| format!("{email} represents no demo firm"))?;
        let id = self
            .firm_ids
            .get(index)
            .with_context(|| format!("no demo firm {index}"))?;
        Ok(FirmId(*id))
    }
}

fn named(ids: &HashMap<String, i64>, name: &str, what: &str) -> anyhow::Result<i64> {
    ids.get(name)
        .copied()
        .with_context(|| format!("no {what} {name} in the taxonomy"))
}

/// Adds the projects not there yet; how many were added.
pub async fn load(
    conn: &mut PgConnection,
    users: &HashMap<String, i64>,
    firm_ids: &[i64],
) -> anyhow::Result<usize> {
    let names = Names {
        categories: sqlx::query!("SELECT name_zh, id FROM capability_categories")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| (r.name_zh, r.id))
            .collect(),
        capabilities: sqlx::query!("SELECT name_zh, id FROM capabilities")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| (r.name_zh, r.id))
            .collect(),
        users,
        firm_ids,
    };
    let mut added = 0;
    for project in PROJECTS {
        let exists = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM projects WHERE city_code = $1 AND title = $2)
                 AS "exists!""#,
            project.city,
            project.title
        )
        .fetch_one(&mut *conn)
        .await?;
        if exists {
            continue;
        }
        add(conn, project, &names)
            .await
            .with_context(|| format!("cannot load the demo project {}", project.title))?;
        added += 1;
    }
    Ok(added)
}

/// Posts the project as its city's official would: the draft, each need, each step.
async fn add(conn: &mut PgConnection, p: &DemoProject, names: &Names<'_>) -> anyhow::Result<()> {
    let city = CityCode::parse(p.city).with_context(|| format!("bad city {}", p.city))?;
    let official = names.official(p.city)?;
    let (lead_firm_id, lead_institution) = match p.lead {
        Lead::Firm(name) => (research_firm(conn, name).await?.to_string(), String::new()),
        Lead::Named(name) => (String::new(), name.to_owned()),
    };
    let wan = |yuan: i64| {
        if yuan == 0 {
            String::new()
        } else {
            format_wan(yuan)
        }
    };
    let form = ProjectForm {
        title: p.title.to_owned(),
        summary: p.summary.to_owned(),
        description: p.description.to_owned(),
        category_id: named(&names.categories, p.segment, "segment")?.to_string(),
        stage: p.stage.as_db().to_owned(),
        lead_firm_id,
        lead_institution,
        fund_city: wan(p.funds[0]),
        fund_province: wan(p.funds[1]),
        fund_investment: wan(p.funds[2]),
        fund_own: wan(p.funds[3]),
        starts_on: p.starts_on.to_owned(),
        ends_on: p.ends_on.to_owned(),
        responsible_id: official.0.to_string(),
        scenarios: p.scenarios.iter().map(|s| s.as_db().to_owned()).collect(),
    };
    let new = NewProject::parse(&form).map_err(|e| anyhow!("invalid project: {e:?}"))?;
    let project = insert_project(conn, &city, &new, official).await?;
    audit(
        conn,
        official,
        &ProjectEvent::Created,
        project,
        None,
        json!({ "city": city.as_str(), "content": new }),
    )
    .await?;

    let mut version = 1;
    let mut need_ids = Vec::with_capacity(p.needs.len());
    for need in p.needs {
        let new_need = NewNeed::parse(&NeedForm {
            capability_id: named(&names.capabilities, need.capability, "capability")?.to_string(),
            level: need.level.as_db().to_owned(),
            quantity: need.quantity.to_string(),
            certificates: need
                .certificates
                .iter()
                .map(|c| c.as_db().to_owned())
                .collect(),
            preferred_cities: need.cities.iter().map(|c| (*c).to_owned()).collect(),
            note: need.note.to_owned(),
        })
        .map_err(|e| anyhow!("invalid need {}: {e:?}", need.capability))?;
        let next = save_version(conn, project, version)
            .await?
            .context("the project's version moved meanwhile")?;
        let id = insert_need(conn, project, &new_need).await?;
        record_revision(conn, project, next, official).await?;
        reindex(conn, project).await?;
        audit(
            conn,
            official,
            &ProjectEvent::NeedAdded,
            project,
            Some(json!({ "version": version })),
            json!({ "version": next, "need": id.0, "content": new_need }),
        )
        .await?;
        version = next;
        need_ids.push(id);
    }

    if !p.interests.is_empty() && !p.steps.contains(&Open) {
        bail!("interests in a project that never opens");
    }
    let mut from = ProjectStatus::Draft;
    for &to in p.steps {
        let facts = facts_for_update(conn, project)
            .await?
            .context("the project vanished")?;
        check_transition(
            from,
            to,
            app::domain::project::ProjectFacts {
                has_summary: facts.has_summary,
                open_needs: usize::try_from(facts.open_needs).unwrap_or(0),
            },
        )
        .map_err(|code| anyhow!("{} to {}: {code}", from.as_db(), to.as_db()))?;
        let reason = if to == Cancelled {
            let raw = p.cancel_reason.context("a cancellation without a reason")?;
            Some(Name::parse(raw, 500).map_err(|code| anyhow!("cancel reason: {code}"))?)
        } else {
            None
        };
        let reason = reason.as_ref().map(Name::as_str);
        let closed = set_status(conn, project, to, reason).await?;
        // As `change_project_status` does: a project that starts drafts its milestones.
        let drafted = if to == ProjectStatus::InExecution {
            let today = app::domain::time::beijing_date(chrono::Utc::now());
            app::db::execution::draft_milestones(conn, project, today).await?
        } else {
            0
        };
        audit(
            conn,
            official,
            &ProjectEvent::StatusChanged {
                to,
                reason: reason.map(str::to_owned),
            },
            project,
            Some(json!({ "status": from.as_db() })),
            json!({ "closed_needs": closed, "drafted_milestones": drafted }),
        )
        .await?;
        if to == Open {
            for interest in p.interests {
                express(conn, project, p, interest, &need_ids, names).await?;
            }
            for invitation in INVITATIONS.iter().filter(|i| i.project == p.title) {
                invite(conn, project, p, invitation, &need_ids, names).await?;
            }
        }
        from = to;
    }
    if p.title == EXECUTION_STORY {
        let (official_email, official_name, ..) = super::USERS
            .iter()
            .find(|(_, _, role, official_of, _)| {
                *role == "official" && *official_of == Some(p.city)
            })
            .context("no demo official")?;
        let cast = execution::Cast {
            official: names.user(official_email)?,
            official_name,
            representatives: INVITATIONS
                .iter()
                .filter(|i| i.project == p.title && i.selected)
                .map(|i| names.user(i.firm_of))
                .collect::<anyhow::Result<_>>()?,
        };
        let today = app::domain::time::beijing_date(chrono::Utc::now());
        execution::story(conn, project, p.title, &cast, today).await?;
    }
    Ok(())
}

/// The id of the approved research institute or university of that name.
async fn research_firm(conn: &mut PgConnection, name: &str) -> anyhow::Result<i64> {
    sqlx::query_scalar!(
        "SELECT id FROM firms WHERE name = $1 AND status = 'approved'
           AND kind IN ('research_institute', 'university')
         ORDER BY id LIMIT 1",
        name
    )
    .fetch_optional(conn)
    .await?
    .with_context(|| format!("no approved research institution {name}"))
}

/// A firm's expression of interest, as `express_interest` writes it, and its answer by the
/// city's official, as `answer_interest` writes it.
async fn express(
    conn: &mut PgConnection,
    project: ProjectId,
    p: &DemoProject,
    interest: &DemoInterest,
    need_ids: &[NeedId],
    names: &Names<'_>,
) -> anyhow::Result<()> {
    let author = names.user(interest.by)?;
    let firm = names.firm_of(interest.by)?;
    let need = interest
        .need
        .map(|i| need_ids.get(i).copied().context("no such need"))
        .transpose()?;
    let message =
        Name::parse(interest.message, 500).map_err(|code| anyhow!("interest message: {code}"))?;
    let id = insert_interest(conn, project, need, firm, author, message.as_str()).await?;
    let firm_name = app::db::projects::firm_name(conn, firm).await?;
    let city = CityCode::parse(p.city).with_context(|| format!("bad city {}", p.city))?;
    let link = format!("/projects/{}", project.0);
    let params = json!({ "project_title": p.title, "firm_name": firm_name });
    notify_group(
        conn,
        Group::OfficialsOf(&city),
        &[],
        "project_interest",
        params,
        Some(&link),
    )
    .await?;
    record(
        conn,
        AuditEntry {
            actor: Some(author),
            action: "interest_expressed",
            entity_type: "project_interest",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "project": project.0, "need": need.map(|n| n.0), "firm": firm.0,
                "message": message.as_str(),
            })),
            client_addr: None,
        },
    )
    .await?;

    let Some(reply) = interest.reply else {
        return Ok(());
    };
    let reply = Name::parse(reply, 500).map_err(|code| anyhow!("reply: {code}"))?;
    let official = names.official(p.city)?;
    reply_interest(conn, id, reply.as_str(), official).await?;
    let params = json!({ "project_title": p.title });
    notify_group(
        conn,
        Group::RepresentativesOf(firm),
        &[],
        "interest_answered",
        params,
        Some(&link),
    )
    .await?;
    record(
        conn,
        AuditEntry {
            actor: Some(official),
            action: "interest_answered",
            entity_type: "project_interest",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "reply": reply.as_str(), "firm": firm.0, "firm_name": firm_name,
            })),
            client_addr: None,
        },
    )
    .await?;
    Ok(())
}

async fn invite(
    conn: &mut PgConnection,
    project: ProjectId,
    p: &DemoProject,
    invitation: &DemoInvitation,
    need_ids: &[NeedId],
    names: &Names<'_>,
) -> anyhow::Result<()> {
    use app::db::invitations::{accept, end, facts, insert, insert_participant};
    use app::domain::invitation::{EndReason, InvitationStatus, Proposal};

    let official = names.official(p.city)?;
    let firm = names.firm_of(invitation.firm_of)?;
    let need = need_ids
        .get(invitation.need)
        .copied()
        .context("no such need")?;
    let reply_by = chrono::Utc::now() + chrono::Duration::days(14);
    let id = insert(
        conn,
        project,
        need,
        firm.0,
        invitation.message,
        reply_by,
        official,
    )
    .await?;
    let facts = facts(conn, id).await?.context("the invitation vanished")?;
    let params = json!({ "project_title": p.title, "firm_name": facts.firm_name });
    let link = Some("/invitations");
    notify_group(
        conn,
        Group::RepresentativesOf(firm),
        &[],
        "invitation_received",
        params,
        link,
    )
    .await?;
    audit(
        conn,
        official,
        &ProjectEvent::InvitationsSent {
            firm_name: facts.firm_name.clone(),
        },
        project,
        None,
        json!({
            "need": need.0, "invitations": [{ "invitation": id, "firm": firm.0 }],
            "message": invitation.message,
        }),
    )
    .await?;
    let Some((min, max, lead_days, note)) = invitation.proposal else {
        return Ok(());
    };
    let rep = names.user(invitation.firm_of)?;
    let proposal = Proposal {
        price_min: min * 10_000,
        price_max: max * 10_000,
        lead_days,
        note: note.to_owned(),
    };
    accept(conn, id, rep, &proposal).await?;
    audit(
        conn,
        rep,
        &ProjectEvent::InvitationAccepted {
            firm_name: facts.firm_name.clone(),
        },
        project,
        Some(json!({ "invitation": id })),
        json!({ "need": need.0, "firm": firm.0, "proposal": proposal }),
    )
    .await?;
    if !invitation.selected {
        return Ok(());
    }
    let participant = insert_participant(conn, &facts, official).await?;
    end(
        conn,
        id,
        InvitationStatus::Selected,
        EndReason::Selected,
        Some(official),
        None,
    )
    .await?;
    audit(
        conn,
        official,
        &ProjectEvent::ProposalSelected {
            firm_name: facts.firm_name.clone(),
        },
        project,
        Some(json!({ "invitation": id })),
        json!({ "participant": participant, "need": need.0, "firm": firm.0 }),
    )
    .await?;
    Ok(())
}

/// An audit row of the project's history, by its city's official.
async fn audit(
    conn: &mut PgConnection,
    by: UserId,
    event: &ProjectEvent,
    project: ProjectId,
    before: Option<serde_json::Value>,
    detail: serde_json::Value,
) -> anyhow::Result<()> {
    record(
        conn,
        AuditEntry {
            actor: Some(by),
            action: event.action(),
            entity_type: "project",
            entity_id: Some(project.0.to_string()),
            before,
            after: Some(event.record(detail)),
            client_addr: None,
        },
    )
    .await?;
    Ok(())
}
