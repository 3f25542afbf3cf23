//! The portfolio of projects in execution: one row per project, with only the facts the
//! health rules can read a colour from (an overdue or in-progress milestone, an open high or
//! critical risk): the rest cannot change a colour, so it is not loaded.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::PgConnection;

use crate::db::projects::decode;
use crate::domain::Bilingual;
use crate::domain::account::FirmId;
use crate::domain::execution::health::{
    Health, MilestoneFacts, RiskFacts, RiskSeverity, RiskState,
};
use crate::domain::execution::milestone::{MilestoneLabel, MilestoneState, Rung};
use crate::domain::execution::portfolio::PortfolioQuery;

/// A project of the portfolio before its health is read.
pub struct Project {
    pub id: i64,
    pub title: String,
    pub city: Bilingual,
    pub segment: Bilingual,
    pub planned: i64,
    /// Yuan paid (to a representative's own firm only, in its portfolio).
    pub paid: i64,
    pub overridden: Option<Health>,
    pub next_due: Option<(MilestoneLabel, NaiveDate)>,
    pub overdue: u32,
}

/// The projects in execution the filters find (the health filter is the caller's: it needs
/// the colour); a representative's (`firm`) only those its firm takes part in.
pub async fn projects(
    conn: &mut PgConnection,
    query: &PortfolioQuery,
    firm: Option<FirmId>,
    today: NaiveDate,
) -> Result<Vec<Project>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.title, c.name_zh AS city_zh, c.name_en AS city_en,
                  cat.name_zh AS segment_zh, cat.name_en AS segment_en,
                  p.fund_city + p.fund_province + p.fund_investment + p.fund_own AS "planned!",
                  (SELECT COALESCE(sum(d.amount), 0)::bigint FROM project_disbursements d
                   LEFT JOIN project_participants dp ON dp.id = d.participant_id
                   WHERE d.project_id = p.id AND ($3::bigint IS NULL OR dp.firm_id = $3)) AS "paid!",
                  o.health AS "overridden?",
                  nd.due_on AS "next_due_on?: chrono::NaiveDate", nd.name AS "next_name?",
                  nd.rung AS "next_rung?", nd.firm AS "next_firm?",
                  (SELECT count(*) FROM project_milestones m
                   JOIN project_participants pp ON pp.id = m.participant_id
                   WHERE m.project_id = p.id AND pp.status <> 'revoked'
                     AND m.state <> 'accepted' AND m.due_on < $4) AS "overdue!"
           FROM projects p
           JOIN cities c ON c.code = p.city_code
           JOIN capability_categories cat ON cat.id = p.category_id
           LEFT JOIN project_health_overrides o
                  ON o.project_id = p.id AND o.participant_id IS NULL
           LEFT JOIN LATERAL (
               SELECT m.due_on, m.name, m.rung, f.name AS firm
               FROM project_milestones m
               JOIN project_participants pp ON pp.id = m.participant_id
               JOIN firms f ON f.id = pp.firm_id
               WHERE m.project_id = p.id AND pp.status <> 'revoked' AND m.state <> 'accepted'
               ORDER BY m.due_on, m.id LIMIT 1
           ) nd ON true
           WHERE p.status = 'in_execution'
             AND ($1::text IS NULL OR p.city_code = $1)
             AND ($2::bigint IS NULL OR p.category_id = $2)
             AND ($3::bigint IS NULL OR EXISTS (
                     SELECT 1 FROM project_participants pp
                     WHERE pp.project_id = p.id AND pp.firm_id = $3 AND pp.status <> 'revoked'))"#,
        query.city.as_ref().map(|c| c.as_str()),
        query.category,
        firm.map(|f| f.0),
        today as _
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let next_due = match (r.next_due_on, r.next_firm) {
                (Some(due_on), Some(firm)) => Some((
                    MilestoneLabel {
                        firm,
                        name: r.next_name,
                        rung: r
                            .next_rung
                            .map(|rung| decode("project_milestones.rung", Rung::from_db(&rung)))
                            .transpose()?,
                    },
                    due_on,
                )),
                _ => None,
            };
            Ok(Project {
                id: r.id,
                title: r.title,
                city: Bilingual {
                    zh: r.city_zh,
                    en: r.city_en,
                },
                segment: Bilingual {
                    zh: r.segment_zh,
                    en: r.segment_en,
                },
                planned: r.planned,
                paid: r.paid,
                overridden: r
                    .overridden
                    .map(|h| decode("project_health_overrides.health", Health::from_db(&h)))
                    .transpose()?,
                next_due,
                overdue: decode("overdue", u32::try_from(r.overdue))?,
            })
        })
        .collect()
}

/// The facts that can colour each of `projects`: its milestones overdue or in progress, its
/// open high and critical risks (for a representative's portfolio, `firm`, not those another
/// participant owns).
pub async fn facts(
    conn: &mut PgConnection,
    projects: &[i64],
    firm: Option<FirmId>,
    today: NaiveDate,
) -> Result<HashMap<i64, (Vec<MilestoneFacts>, Vec<RiskFacts>)>, sqlx::Error> {
    let milestones = sqlx::query!(
        r#"SELECT m.project_id, f.name AS firm, m.name, m.rung, m.state,
                  m.due_on AS "due_on: chrono::NaiveDate",
                  m.started_on AS "started_on: chrono::NaiveDate",
                  (SELECT max(r.reported_on) FROM milestone_reports r WHERE r.milestone_id = m.id)
                      AS "last_report_on: chrono::NaiveDate"
           FROM project_milestones m
           JOIN project_participants pp ON pp.id = m.participant_id
           JOIN firms f ON f.id = pp.firm_id
           WHERE m.project_id = ANY($1) AND pp.status <> 'revoked' AND m.state <> 'accepted'
             AND (m.due_on < $2 OR m.state = 'in_progress')
           ORDER BY m.project_id, pp.id, m.position"#,
        projects,
        today as _
    )
    .fetch_all(&mut *conn)
    .await?;
    let risks = sqlx::query!(
        r#"SELECT r.project_id, r.title, r.severity
           FROM project_risks r
           LEFT JOIN project_participants pp ON pp.id = r.owner_participant_id
           WHERE r.project_id = ANY($1) AND r.state = 'open' AND r.severity IN ('high', 'critical')
             AND ($2::bigint IS NULL OR pp.firm_id IS NULL OR pp.firm_id = $2)
           ORDER BY r.project_id, r.id"#,
        projects,
        firm.map(|f| f.0)
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out: HashMap<i64, (Vec<MilestoneFacts>, Vec<RiskFacts>)> = HashMap::new();
    for m in milestones {
        out.entry(m.project_id).or_default().0.push(MilestoneFacts {
            name: MilestoneLabel {
                firm: m.firm,
                name: m.name,
                rung: m
                    .rung
                    .map(|rung| decode("project_milestones.rung", Rung::from_db(&rung)))
                    .transpose()?,
            },
            state: decode(
                "project_milestones.state",
                MilestoneState::from_db(&m.state),
            )?,
            due_on: m.due_on,
            last_report_on: m.last_report_on,
            started_on: m.started_on,
        });
    }
    for r in risks {
        out.entry(r.project_id).or_default().1.push(RiskFacts {
            title: r.title,
            severity: decode("project_risks.severity", RiskSeverity::from_db(&r.severity))?,
            state: RiskState::Open,
        });
    }
    Ok(out)
}
