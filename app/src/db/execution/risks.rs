//! A project's risks: written by the owning city's officials, escalated to the coordination
//! meetings and back.

use sqlx::PgConnection;

use crate::db::projects::decode;
use crate::domain::access::ProjectSubject;
use crate::domain::account::{FirmId, UserId};
use crate::domain::execution::health::{RiskFacts, RiskSeverity, RiskState};
use crate::domain::execution::risk::{NewRisk, RiskLikelihood, RiskOwner};
use crate::domain::project::ProjectId;
use crate::views::execution::{Escalation, RiskOwnerChoice, RiskView};

/// A risk as the page shows it and as the health rules read it, with the participant firm
/// that owns it, if one does (only its representatives and the bureaus read such a risk).
pub struct RiskRow {
    pub view: RiskView,
    pub facts: RiskFacts,
    pub participant: Option<i64>,
    pub firm: Option<FirmId>,
}

/// The project's risks, oldest first.
pub async fn risks(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<RiskRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.version, r.title, r.description, r.severity, r.likelihood,
                  r.owner_user_id, r.owner_participant_id, u.display_name AS "owner_person?",
                  f.name AS "owner_firm?", pp.firm_id AS "owner_firm_id?",
                  r.due_on AS "due_on: chrono::NaiveDate", r.mitigation, r.state,
                  e.display_name AS "escalated_by?",
                  r.escalated_at AS "escalated_at: chrono::DateTime<chrono::Utc>",
                  r.escalation_reason
           FROM project_risks r
           LEFT JOIN users u ON u.id = r.owner_user_id
           LEFT JOIN project_participants pp ON pp.id = r.owner_participant_id
           LEFT JOIN firms f ON f.id = pp.firm_id
           LEFT JOIN users e ON e.id = r.escalated_by
           WHERE r.project_id = $1
           ORDER BY r.id"#,
        project.0
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let severity = decode("project_risks.severity", RiskSeverity::from_db(&r.severity))?;
            let state = decode("project_risks.state", RiskState::from_db(&r.state))?;
            let owner = match (r.owner_user_id, r.owner_participant_id) {
                (Some(user), _) => Some(RiskOwner::Official(user)),
                (None, Some(participant)) => Some(RiskOwner::Participant(participant)),
                (None, None) => None,
            };
            let escalation = match (r.escalated_by, r.escalated_at, r.escalation_reason) {
                (Some(by), Some(at), Some(reason)) => Some(Escalation {
                    by,
                    at: crate::domain::time::beijing(at),
                    reason,
                }),
                _ => None,
            };
            Ok(RiskRow {
                facts: RiskFacts {
                    title: r.title.clone(),
                    severity,
                    state,
                },
                participant: r.owner_participant_id,
                firm: r.owner_firm_id.map(FirmId),
                view: RiskView {
                    id: r.id,
                    version: r.version,
                    title: r.title,
                    description: r.description,
                    severity,
                    likelihood: decode(
                        "project_risks.likelihood",
                        RiskLikelihood::from_db(&r.likelihood),
                    )?,
                    owner: r.owner_person.or(r.owner_firm),
                    owner_field: owner.map(RiskOwner::as_field).unwrap_or_default(),
                    due_on: r.due_on.map(|d| d.to_string()),
                    mitigation: r.mitigation,
                    state,
                    escalation,
                },
            })
        })
        .collect()
}

/// Who may own a risk of the project: the owning city's active officials, then its standing
/// participants.
pub async fn owner_choices(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<RiskOwnerChoice>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT 'official:' || u.id AS "field!", u.display_name AS "name!", false AS "firm!"
           FROM users u JOIN projects p ON p.city_code = u.city_code
           WHERE p.id = $1 AND u.role = 'official' AND u.status = 'active'
           UNION ALL
           SELECT 'participant:' || pp.id, f.name, true
           FROM project_participants pp JOIN firms f ON f.id = pp.firm_id
           WHERE pp.project_id = $1 AND pp.status <> 'revoked'
           ORDER BY 3, 2"#,
        project.0
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RiskOwnerChoice {
            field: r.field,
            name: r.name,
            firm: r.firm,
        })
        .collect())
}

/// Whether `owner` may own a risk of the project (see [`owner_choices`]).
pub async fn owner_belongs(
    conn: &mut PgConnection,
    project: ProjectId,
    owner: RiskOwner,
) -> Result<bool, sqlx::Error> {
    let (user, participant) = match owner {
        RiskOwner::Official(user) => (Some(user), None),
        RiskOwner::Participant(participant) => (None, Some(participant)),
    };
    sqlx::query_scalar!(
        r#"SELECT EXISTS (
               SELECT 1 FROM users u JOIN projects p ON p.city_code = u.city_code
               WHERE p.id = $1 AND u.id = $2 AND u.role = 'official' AND u.status = 'active'
           ) OR EXISTS (
               SELECT 1 FROM project_participants
               WHERE project_id = $1 AND id = $3 AND status <> 'revoked'
           ) AS "belongs!""#,
        project.0,
        user,
        participant
    )
    .fetch_one(conn)
    .await
}

/// A risk as its changes need it, its row locked for the rest of the transaction.
pub struct LockedRisk {
    pub id: i64,
    pub project: ProjectId,
    pub subject: ProjectSubject,
    pub project_title: String,
    pub title: String,
    pub version: i32,
    pub severity: RiskSeverity,
    pub state: RiskState,
    pub escalated: bool,
}

pub async fn risk_for_update(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<LockedRisk>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT r.id, r.project_id, p.city_code, p.status AS project_status,
                  p.title AS project_title, r.title, r.version, r.severity, r.state,
                  r.escalated_at IS NOT NULL AS "escalated!"
           FROM project_risks r JOIN projects p ON p.id = r.project_id
           WHERE r.id = $1
           FOR UPDATE OF r"#,
        id
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(LockedRisk {
            id: r.id,
            project: ProjectId(r.project_id),
            subject: crate::db::projects::decode_subject(&r.city_code, &r.project_status)?,
            project_title: r.project_title,
            title: r.title,
            version: r.version,
            severity: decode("project_risks.severity", RiskSeverity::from_db(&r.severity))?,
            state: decode("project_risks.state", RiskState::from_db(&r.state))?,
            escalated: r.escalated,
        })
    })
    .transpose()
}

fn owner_columns(owner: Option<RiskOwner>) -> (Option<i64>, Option<i64>) {
    match owner {
        Some(RiskOwner::Official(user)) => (Some(user), None),
        Some(RiskOwner::Participant(participant)) => (None, Some(participant)),
        None => (None, None),
    }
}

/// Writes a new risk; its id.
pub async fn insert(
    conn: &mut PgConnection,
    project: ProjectId,
    risk: &NewRisk,
    by: UserId,
) -> Result<i64, sqlx::Error> {
    let (user, participant) = owner_columns(risk.owner);
    sqlx::query_scalar!(
        "INSERT INTO project_risks (project_id, title, description, severity, likelihood,
                                    owner_user_id, owner_participant_id, due_on, mitigation,
                                    state, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        project.0,
        risk.title,
        risk.description,
        risk.severity.as_db(),
        risk.likelihood.as_db(),
        user,
        participant,
        risk.due_on as _,
        risk.mitigation,
        risk.state.as_db(),
        by.0
    )
    .fetch_one(conn)
    .await
}

/// Rewrites a risk's content and state, one version on.
pub async fn update(conn: &mut PgConnection, id: i64, risk: &NewRisk) -> Result<(), sqlx::Error> {
    let (user, participant) = owner_columns(risk.owner);
    sqlx::query!(
        "UPDATE project_risks SET title = $2, description = $3, severity = $4, likelihood = $5,
                owner_user_id = $6, owner_participant_id = $7, due_on = $8, mitigation = $9,
                state = $10, version = version + 1
         WHERE id = $1",
        id,
        risk.title,
        risk.description,
        risk.severity.as_db(),
        risk.likelihood.as_db(),
        user,
        participant,
        risk.due_on as _,
        risk.mitigation,
        risk.state.as_db()
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Escalates a risk to the coordination meetings (`Some`: by whom and why) or takes it back
/// (`None`), one version on.
pub async fn set_escalation(
    conn: &mut PgConnection,
    id: i64,
    escalation: Option<(UserId, &str)>,
) -> Result<(), sqlx::Error> {
    let (by, reason) = escalation.map_or((None, None), |(by, reason)| (Some(by.0), Some(reason)));
    sqlx::query!(
        "UPDATE project_risks SET escalated_by = $2, escalation_reason = $3,
                escalated_at = CASE WHEN $2::bigint IS NULL THEN NULL ELSE now() END,
                version = version + 1
         WHERE id = $1",
        id,
        by,
        reason
    )
    .execute(conn)
    .await?;
    Ok(())
}
