//! Project execution's rows: the participants' milestones (here), the risks, the health's
//! settings and overrides.

pub mod discussion;
pub mod health;
pub mod money;
pub mod portfolio;
pub mod reports;
pub mod risks;

use chrono::NaiveDate;
use sqlx::PgConnection;

use crate::db::projects::decode;
use crate::domain::Bilingual;
use crate::domain::execution::health::{Assessment, Health, MilestoneFacts};
use crate::domain::execution::milestone::{
    BenchFigure, DraftMilestone, MilestoneLabel, MilestoneState, Rung, overdue_days,
};
use crate::domain::firm::ProductionLevel;
use crate::domain::project::ProjectId;
use crate::views::execution::{HealthView, MilestoneView, ParticipantMilestones};

/// A standing participant of a project that has no milestones yet, with what its ladder is
/// drafted from: its need's level, whether the need is a component, the bench's figures.
pub struct ToDraft {
    pub participant: i64,
    pub level: ProductionLevel,
    pub component: bool,
    pub figures: Vec<BenchFigure>,
}

/// The project's planned start and end, and its participants still without milestones.
pub async fn to_draft(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>, Vec<ToDraft>), sqlx::Error> {
    let dates = header(&mut *conn, project).await?;
    let rows = sqlx::query!(
        r#"SELECT pp.id, n.level, cat.components,
                  cap.bench_figures AS "figures: sqlx::types::Json<Vec<BenchFigure>>"
           FROM project_participants pp
           JOIN project_needs n ON n.id = pp.need_id
           JOIN capabilities cap ON cap.id = n.capability_id
           JOIN capability_categories cat ON cat.id = cap.category_id
           WHERE pp.project_id = $1 AND pp.status = 'active'
             AND NOT EXISTS (SELECT 1 FROM project_milestones m WHERE m.participant_id = pp.id)
           ORDER BY pp.id"#,
        project.0
    )
    .fetch_all(&mut *conn)
    .await?;
    let participants = rows
        .into_iter()
        .map(|r| {
            Ok(ToDraft {
                participant: r.id,
                level: decode("project_needs.level", ProductionLevel::from_db(&r.level))?,
                component: r.components,
                figures: r.figures.0,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((dates.starts_on, dates.ends_on, participants))
}

/// Writes a participant's drafted milestones, in their order; how many.
pub async fn insert_drafts(
    conn: &mut PgConnection,
    project: ProjectId,
    participant: i64,
    drafts: &[DraftMilestone],
) -> Result<u64, sqlx::Error> {
    let positions: Vec<i32> = (1..=i32::try_from(drafts.len()).unwrap_or(i32::MAX)).collect();
    let rungs: Vec<String> = drafts.iter().map(|d| d.rung.as_db().to_owned()).collect();
    let due: Vec<NaiveDate> = drafts.iter().map(|d| d.due_on).collect();
    let figures: Vec<serde_json::Value> = drafts
        .iter()
        .map(|d| serde_json::to_value(&d.figures))
        .collect::<Result<_, _>>()
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let done = sqlx::query!(
        "INSERT INTO project_milestones (project_id, participant_id, position, rung, due_on, figures)
         SELECT $1, $2, t.position, t.rung, t.due_on, t.figures
         FROM unnest($3::int4[], $4::text[], $5::date[], $6::jsonb[]) AS t(position, rung, due_on, figures)",
        project.0,
        participant,
        &positions,
        &rungs,
        &due as _,
        &figures
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Drafts the milestones of every standing participant of the project still without any, as
/// it starts (`domain::execution::milestone::draft`); how many it wrote.
pub async fn draft_milestones(
    conn: &mut PgConnection,
    project: ProjectId,
    today: NaiveDate,
) -> Result<u64, sqlx::Error> {
    use crate::domain::execution::milestone::{draft, span};

    let (starts_on, ends_on, participants) = to_draft(conn, project).await?;
    let days = span(starts_on, ends_on, today);
    let mut written = 0;
    for p in participants {
        let drafts = draft(p.level, p.component, &p.figures, days);
        written += insert_drafts(conn, project, p.participant, &drafts).await?;
    }
    Ok(written)
}

/// The firms taking part in the project (its standing participants and those whose part was
/// completed), for the policy.
pub async fn participant_firms(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<crate::domain::account::FirmId>, sqlx::Error> {
    let ids = sqlx::query_scalar!(
        "SELECT DISTINCT firm_id FROM project_participants
         WHERE project_id = $1 AND status <> 'revoked' ORDER BY firm_id",
        project.0
    )
    .fetch_all(conn)
    .await?;
    Ok(ids
        .into_iter()
        .map(crate::domain::account::FirmId)
        .collect())
}

/// A participant's milestones as the page shows them, and as the health rules read them.
pub struct ParticipantRows {
    pub view: ParticipantMilestones,
    pub facts: Vec<MilestoneFacts>,
}

/// Every participant's milestones, overdue as of `today` (Beijing). Their health is left
/// green for the caller to assess (it also reads the risks and the settings).
pub async fn milestones(
    conn: &mut PgConnection,
    project: ProjectId,
    today: NaiveDate,
) -> Result<Vec<ParticipantRows>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT pp.id AS participant, f.id AS firm_id, f.name AS firm, cap.name_zh AS need_zh,
                  cap.name_en AS need_en, m.id, m.rung, m.name, m.deliverable, m.acceptance,
                  m.figures AS "figures: sqlx::types::Json<Vec<BenchFigure>>",
                  m.due_on AS "due_on: chrono::NaiveDate", m.state, m.rejection_reason,
                  m.started_on AS "started_on: chrono::NaiveDate", m.version
           FROM project_milestones m
           JOIN project_participants pp ON pp.id = m.participant_id
           JOIN firms f ON f.id = pp.firm_id
           JOIN project_needs n ON n.id = pp.need_id
           JOIN capabilities cap ON cap.id = n.capability_id
           WHERE m.project_id = $1 AND pp.status <> 'revoked'
           ORDER BY pp.id, m.position"#,
        project.0
    )
    .fetch_all(conn)
    .await?;
    let mut out: Vec<ParticipantRows> = Vec::new();
    for r in rows {
        let state = decode(
            "project_milestones.state",
            MilestoneState::from_db(&r.state),
        )?;
        let rung = r
            .rung
            .map(|rung| decode("project_milestones.rung", Rung::from_db(&rung)))
            .transpose()?;
        let facts = MilestoneFacts {
            name: MilestoneLabel {
                firm: r.firm.clone(),
                name: r.name.clone(),
                rung,
            },
            state,
            due_on: r.due_on,
            // Set from the reports by the caller.
            last_report_on: None,
            started_on: r.started_on,
        };
        let milestone = MilestoneView {
            id: r.id,
            rung,
            name: r.name,
            deliverable: r.deliverable,
            acceptance: r.acceptance,
            figures: r.figures.0,
            due_on: r.due_on.to_string(),
            state,
            overdue_days: overdue_days(state, r.due_on, today),
            rejection_reason: r.rejection_reason,
            latest_report: None,
            report_count: 0,
            version: r.version,
        };
        match out.last_mut() {
            Some(p) if p.view.participant_id == r.participant => {
                p.view.milestones.push(milestone);
                p.facts.push(facts);
            }
            _ => out.push(ParticipantRows {
                view: ParticipantMilestones {
                    participant_id: r.participant,
                    firm_id: r.firm_id,
                    firm: r.firm,
                    need: Bilingual {
                        zh: r.need_zh,
                        en: r.need_en,
                    },
                    milestones: vec![milestone],
                    may_submit: false,
                    may_report: false,
                    health: HealthView {
                        computed: Assessment {
                            health: Health::Green,
                            reasons: Vec::new(),
                        },
                        overridden: None,
                    },
                },
                facts: vec![facts],
            }),
        }
    }
    Ok(out)
}

/// A milestone as the steps that move it need it: its project, its participant, its state.
pub struct LockedMilestone {
    pub id: i64,
    pub project: ProjectId,
    pub subject: crate::domain::access::ProjectSubject,
    pub project_title: String,
    pub firm: crate::domain::account::FirmId,
    pub firm_name: String,
    pub state: MilestoneState,
}

/// A standing participant's milestone, its row locked for the rest of the transaction (two
/// steps of one milestone happen one at a time).
pub async fn milestone_for_update(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<LockedMilestone>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT m.id, m.project_id, p.city_code, p.status AS project_status, p.title,
                  pp.firm_id, f.name AS firm_name, m.state
           FROM project_milestones m
           JOIN projects p ON p.id = m.project_id
           JOIN project_participants pp ON pp.id = m.participant_id
           JOIN firms f ON f.id = pp.firm_id
           WHERE m.id = $1 AND pp.status <> 'revoked'
           FOR UPDATE OF m"#,
        id
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(LockedMilestone {
            id: r.id,
            project: ProjectId(r.project_id),
            subject: crate::db::projects::decode_subject(&r.city_code, &r.project_status)?,
            project_title: r.title,
            firm: crate::domain::account::FirmId(r.firm_id),
            firm_name: r.firm_name,
            state: decode(
                "project_milestones.state",
                MilestoneState::from_db(&r.state),
            )?,
        })
    })
    .transpose()
}

/// Moves a milestone to `to` by `by`: who submitted it and when, who decided and when, the
/// reason of a rejection; the day work began, the first time it does.
pub async fn set_state(
    conn: &mut PgConnection,
    id: i64,
    to: MilestoneState,
    by: crate::domain::account::UserId,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE project_milestones SET state = $2, version = version + 1,
                submitted_by = CASE WHEN $2 = 'submitted' THEN $3 ELSE submitted_by END,
                submitted_at = CASE WHEN $2 = 'submitted' THEN now() ELSE submitted_at END,
                decided_by = CASE WHEN $2 IN ('accepted', 'rejected') THEN $3 ELSE decided_by END,
                decided_at = CASE WHEN $2 IN ('accepted', 'rejected') THEN now() ELSE decided_at END,
                rejection_reason = CASE WHEN $2 = 'rejected' THEN $4 ELSE rejection_reason END,
                started_on = COALESCE(started_on,
                    CASE WHEN $2 IN ('in_progress', 'submitted')
                         THEN (now() AT TIME ZONE 'Asia/Shanghai')::date END)
         WHERE id = $1",
        id,
        to.as_db(),
        by.0,
        reason
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// What the execution page's head shows of the project.
pub struct Header {
    pub title: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

pub async fn header(conn: &mut PgConnection, project: ProjectId) -> Result<Header, sqlx::Error> {
    sqlx::query_as!(
        Header,
        r#"SELECT title, starts_on AS "starts_on: chrono::NaiveDate",
                  ends_on AS "ends_on: chrono::NaiveDate"
           FROM projects WHERE id = $1"#,
        project.0
    )
    .fetch_one(conn)
    .await
}

/// Whether `participant` is a participant of the project that has not been revoked.
pub async fn participant_of(
    conn: &mut PgConnection,
    project: ProjectId,
    participant: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM project_participants
                          WHERE id = $2 AND project_id = $1 AND status <> 'revoked') AS "is!""#,
        project.0,
        participant
    )
    .fetch_one(conn)
    .await
}

/// A milestone first read overdue, with whom to tell.
pub struct NewlyOverdue {
    pub id: i64,
    pub project: ProjectId,
    pub project_title: String,
    pub city: String,
    pub firm: crate::domain::account::FirmId,
    pub firm_name: String,
    pub due_on: NaiveDate,
}

/// Marks as told the milestones of the project (of every project, with `None`) in execution
/// that are overdue on `today` and were not told yet, and returns them: their lateness is told
/// once, by whichever read saw it first. Two reads at once mark each milestone once (the
/// second skips the rows the first holds).
pub async fn mark_newly_overdue(
    conn: &mut PgConnection,
    project: Option<ProjectId>,
    today: NaiveDate,
) -> Result<Vec<NewlyOverdue>, sqlx::Error> {
    // A milestone another transaction holds (a step, a report, an edit) is skipped, never
    // waited for: the next read tells it.
    let rows = sqlx::query!(
        r#"WITH due AS (
               SELECT m.id FROM project_milestones m
               WHERE m.overdue_told_at IS NULL AND m.state <> 'accepted' AND m.due_on < $1
                 AND ($2::bigint IS NULL OR m.project_id = $2)
               ORDER BY m.id
               FOR UPDATE OF m SKIP LOCKED)
           UPDATE project_milestones m SET overdue_told_at = now()
           FROM due, project_participants pp, projects p, firms f
           WHERE m.id = due.id AND m.overdue_told_at IS NULL
             AND pp.id = m.participant_id AND pp.status <> 'revoked'
             AND p.id = m.project_id AND p.status = 'in_execution' AND f.id = pp.firm_id
           RETURNING m.id, m.project_id, p.title, p.city_code, pp.firm_id, f.name AS firm_name,
                     m.due_on AS "due_on: chrono::NaiveDate""#,
        today as _,
        project.map(|p| p.0)
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| NewlyOverdue {
            id: r.id,
            project: ProjectId(r.project_id),
            project_title: r.title,
            city: r.city_code,
            firm: crate::domain::account::FirmId(r.firm_id),
            firm_name: r.firm_name,
            due_on: r.due_on,
        })
        .collect())
}

/// What an edit of a milestone's plan reads of it (its row locked by
/// [`milestone_for_update`]).
pub struct PlannedMilestone {
    pub name: Option<String>,
    pub deliverable: String,
    pub acceptance: String,
    pub rung: Option<Rung>,
    pub figures: Vec<BenchFigure>,
    pub due_on: NaiveDate,
    pub version: i32,
    pub participant: i64,
    pub position: i32,
}

pub async fn planned_milestone(
    conn: &mut PgConnection,
    id: i64,
) -> Result<PlannedMilestone, sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT name, deliverable, acceptance, rung,
                  figures AS "figures: sqlx::types::Json<Vec<BenchFigure>>",
                  due_on AS "due_on: chrono::NaiveDate", version, participant_id, position
           FROM project_milestones WHERE id = $1"#,
        id
    )
    .fetch_one(conn)
    .await?;
    Ok(PlannedMilestone {
        name: r.name,
        deliverable: r.deliverable,
        acceptance: r.acceptance,
        rung: r
            .rung
            .map(|rung| decode("project_milestones.rung", Rung::from_db(&rung)))
            .transpose()?,
        figures: r.figures.0,
        due_on: r.due_on,
        version: r.version,
        participant: r.participant_id,
        position: r.position,
    })
}

/// Rewrites a milestone's plan, one version on. A new due day clears the mark of its lateness
/// told, so that being late again is told again.
pub async fn update_plan(
    conn: &mut PgConnection,
    id: i64,
    plan: &crate::domain::execution::milestone::MilestonePlan,
    figures: &[BenchFigure],
) -> Result<(), sqlx::Error> {
    let figures = serde_json::to_value(figures).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query!(
        "UPDATE project_milestones SET name = $2, deliverable = $3, due_on = $4, acceptance = $5,
                figures = $6, version = version + 1,
                overdue_told_at = CASE WHEN due_on = $4 THEN overdue_told_at END
         WHERE id = $1",
        id,
        plan.name,
        plan.deliverable,
        plan.due_on as _,
        plan.acceptance,
        figures
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Swaps a milestone with its neighbour in the participant's order (`earlier`: the one before
/// it, else the one after): the neighbour's id and position, none when it has none that way.
/// The caller holds the participant's row ([`lock_participant`]), so reorders of one
/// participant's milestones happen one at a time.
pub async fn swap_with_neighbour(
    conn: &mut PgConnection,
    id: i64,
    participant: i64,
    position: i32,
    earlier: bool,
) -> Result<Option<(i64, i32)>, sqlx::Error> {
    let neighbour = sqlx::query!(
        "SELECT id, position FROM project_milestones
         WHERE participant_id = $1
           AND CASE WHEN $3 THEN position < $2 ELSE position > $2 END
         ORDER BY CASE WHEN $3 THEN -position ELSE position END
         LIMIT 1 FOR UPDATE",
        participant,
        position,
        earlier
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(neighbour) = neighbour else {
        return Ok(None);
    };
    sqlx::query!("SET CONSTRAINTS project_milestones_order DEFERRED")
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "UPDATE project_milestones SET position = CASE id WHEN $1 THEN $3::int4 ELSE $4::int4 END,
                version = version + 1
         WHERE id IN ($1, $2)",
        id,
        neighbour.id,
        neighbour.position,
        position
    )
    .execute(conn)
    .await?;
    Ok(Some((neighbour.id, neighbour.position)))
}

/// The participant a milestone belongs to (read without a lock), none when there is no such
/// milestone.
pub async fn participant_of_milestone(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT participant_id FROM project_milestones WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await
}

/// Locks a participant's row for the rest of the transaction.
pub async fn lock_participant(
    conn: &mut PgConnection,
    participant: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT id FROM project_participants WHERE id = $1 FOR UPDATE",
        participant
    )
    .fetch_optional(conn)
    .await?;
    Ok(())
}
