//! The invitation handshake's rows: invitations, the firms' answers, the participants a
//! selection makes. Every step's caller holds the project's row lock (see
//! `api::invitations`), so the steps of one project happen one at a time.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::db::projects::decode;
use crate::domain::Bilingual;
use crate::domain::account::{FirmId, UserId};
use crate::domain::firm::ProductionLevel;
use crate::domain::invitation::{Decline, DeclineReason, EndReason, InvitationStatus, Proposal};
use crate::domain::project::{NeedId, ProjectId};
use crate::views::invitations::{
    InvitationView, OwnInvitation, ParticipantView, ParticipationView,
};

fn place(zh: String, en: String) -> Bilingual {
    Bilingual { zh, en }
}

/// An invitation as the steps that change it need it.
#[derive(Clone, Debug)]
pub struct InvitationFacts {
    pub id: i64,
    pub project: ProjectId,
    pub need: NeedId,
    pub firm: FirmId,
    pub firm_name: String,
    pub status: InvitationStatus,
    pub reply_by: DateTime<Utc>,
    pub invited_by: UserId,
}

struct FactsRow {
    id: i64,
    project_id: i64,
    need_id: i64,
    firm_id: i64,
    firm_name: String,
    status: String,
    reply_by: DateTime<Utc>,
    invited_by: i64,
}

/// One invitation (its project not locked: the caller locks the project first, then this row
/// with [`lock`]).
pub async fn facts(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<InvitationFacts>, sqlx::Error> {
    let row: Option<FactsRow> = sqlx::query_as!(
        FactsRow,
        r#"SELECT i.id, i.project_id, i.need_id, i.firm_id, f.name AS firm_name, i.status,
                i.reply_by AS "reply_by: chrono::DateTime<chrono::Utc>", i.invited_by
         FROM need_invitations i JOIN firms f ON f.id = i.firm_id WHERE i.id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(InvitationFacts {
            id: r.id,
            project: ProjectId(r.project_id),
            need: NeedId(r.need_id),
            firm: FirmId(r.firm_id),
            firm_name: r.firm_name,
            status: decode(
                "need_invitations.status",
                InvitationStatus::from_db(&r.status),
            )?,
            reply_by: r.reply_by,
            invited_by: UserId(r.invited_by),
        })
    })
    .transpose()
}

/// Locks an invitation's row and reads its status again (it may have moved while the caller
/// waited for the lock).
pub async fn lock(conn: &mut PgConnection, id: i64) -> Result<InvitationStatus, sqlx::Error> {
    let status: String = sqlx::query_scalar!(
        "SELECT status FROM need_invitations WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_one(conn)
    .await?;
    decode(
        "need_invitations.status",
        InvitationStatus::from_db(&status),
    )
}

/// Whether the firm is approved, its row locked against a change of status until the step
/// commits: a firm that loses its approval meanwhile drops out after the step (the trigger
/// `firms_drop_invitations`), never in the middle of it.
pub async fn lock_firm(conn: &mut PgConnection, firm: FirmId) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT status = 'approved' AS "approved!" FROM firms WHERE id = $1 FOR SHARE"#,
        firm.0
    )
    .fetch_one(conn)
    .await
}

/// The need's status, locked (none: the project has no such need); selections and
/// invitations of one need happen one at a time.
pub async fn lock_need_status(
    conn: &mut PgConnection,
    project: ProjectId,
    need: NeedId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT status FROM project_needs WHERE id = $1 AND project_id = $2 FOR UPDATE",
        need.0,
        project.0
    )
    .fetch_optional(conn)
    .await
}

/// Ends the firm's open invitation to the need whose deadline passed, so it may be invited
/// again; returns its id.
pub async fn end_expired(
    conn: &mut PgConnection,
    need: NeedId,
    firm: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE need_invitations SET status = 'closed', ended_at = now(), end_reason = 'expired'
         WHERE need_id = $1 AND firm_id = $2 AND status = 'open' AND reply_by < now()
         RETURNING id",
        need.0,
        firm
    )
    .fetch_optional(conn)
    .await
}

/// Inserts an invitation; the `need_invitations_standing` index refuses a second standing one.
pub async fn insert(
    conn: &mut PgConnection,
    project: ProjectId,
    need: NeedId,
    firm: i64,
    message: &str,
    reply_by: DateTime<Utc>,
    by: UserId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO need_invitations (project_id, need_id, firm_id, message, reply_by, invited_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        project.0,
        need.0,
        firm,
        message,
        reply_by as _,
        by.0
    )
    .fetch_one(conn)
    .await
}

/// Of `firms`, the approved ones with their names (the others cannot be invited), locked
/// against a change of their status until the step commits (see `firms_drop_invitations`).
pub async fn approved_firms(
    conn: &mut PgConnection,
    firms: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT id, name FROM firms WHERE id = ANY($1) AND status = 'approved' ORDER BY id
         FOR SHARE",
        firms
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect())
}

pub async fn accept(
    conn: &mut PgConnection,
    id: i64,
    by: UserId,
    proposal: &Proposal,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE need_invitations SET status = 'accepted', answered_by = $2, answered_at = now(),
                price_min = $3, price_max = $4, lead_days = $5, proposal_note = $6
         WHERE id = $1",
        id,
        by.0,
        proposal.price_min,
        proposal.price_max,
        proposal.lead_days,
        &proposal.note
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn decline(
    conn: &mut PgConnection,
    id: i64,
    by: UserId,
    decline: &Decline,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE need_invitations SET status = 'declined', answered_by = $2, answered_at = now(),
                decline_reason = $3, decline_note = $4
         WHERE id = $1",
        id,
        by.0,
        decline.reason.as_db(),
        &decline.note
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends one invitation.
pub async fn end(
    conn: &mut PgConnection,
    id: i64,
    status: InvitationStatus,
    reason: EndReason,
    by: Option<UserId>,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE need_invitations SET status = $2, end_reason = $3, ended_by = $4, end_note = $5,
                ended_at = now()
         WHERE id = $1",
        id,
        status.as_db(),
        reason.as_db(),
        by.map(|u| u.0),
        note
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// An invitation a step ended, with whom to tell.
#[derive(Clone, Debug)]
pub struct Ended {
    pub id: i64,
    pub need_id: i64,
    pub firm_id: i64,
    pub firm_name: String,
}

/// Which invitations a step ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The standing ones: open or accepted.
    Standing,
    /// The declined ones (a selection ends them too, so that every invited firm hears the
    /// outcome, in words for a firm that declined).
    Declined,
}

/// Ends the invitations of a need, or of a whole project (`need` none), but `except`; returns
/// what it ended.
#[allow(clippy::too_many_arguments)]
pub async fn end_standing(
    conn: &mut PgConnection,
    project: ProjectId,
    need: Option<NeedId>,
    except: Option<i64>,
    which: Ending,
    status: InvitationStatus,
    reason: EndReason,
    by: Option<UserId>,
) -> Result<Vec<Ended>, sqlx::Error> {
    let statuses: Vec<String> = match which {
        Ending::Standing => vec!["open".into(), "accepted".into()],
        Ending::Declined => vec!["declined".into()],
    };
    sqlx::query_as!(Ended, "WITH ended AS (
             UPDATE need_invitations SET status = $4, end_reason = $5, ended_by = $6, ended_at = now()
             WHERE project_id = $1 AND ($2::bigint IS NULL OR need_id = $2)
               AND ($3::bigint IS NULL OR id <> $3) AND status = ANY($7)
             RETURNING id, need_id, firm_id)
         SELECT e.id, e.need_id, e.firm_id, f.name AS firm_name
         FROM ended e JOIN firms f ON f.id = e.firm_id ORDER BY e.id", project.0, need.map(|n| n.0), except, status.as_db(), reason.as_db(), by.map(|u| u.0), &statuses)
    .fetch_all(conn)
    .await
}

/// Makes the firm the need's participant and marks the need filled. The
/// `project_participants_need_once` index refuses a second standing participant.
pub async fn insert_participant(
    conn: &mut PgConnection,
    facts: &InvitationFacts,
    by: UserId,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar!("INSERT INTO project_participants (project_id, need_id, firm_id, selected_by, invitation_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id", facts.project.0, facts.need.0, facts.firm.0, by.0, facts.id)
    .fetch_one(&mut *conn)
    .await?;
    set_need_status(conn, facts.need, "filled").await?;
    Ok(id)
}

pub async fn set_need_status(
    conn: &mut PgConnection,
    need: NeedId,
    status: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE project_needs SET status = $2 WHERE id = $1",
        need.0,
        status
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The need's standing participant.
#[derive(Clone, Debug)]
pub struct Standing {
    pub id: i64,
    pub firm_id: i64,
    pub firm_name: String,
    pub invitation_id: Option<i64>,
}

pub async fn standing_participant(
    conn: &mut PgConnection,
    need: NeedId,
) -> Result<Option<Standing>, sqlx::Error> {
    sqlx::query_as!(
        Standing,
        "SELECT pp.id, pp.firm_id, f.name AS firm_name, pp.invitation_id
         FROM project_participants pp JOIN firms f ON f.id = pp.firm_id
         WHERE pp.need_id = $1 AND pp.status = 'active'",
        need.0
    )
    .fetch_optional(conn)
    .await
}

/// Ends a participation with its reason; the need is open again.
pub async fn revoke_participant(
    conn: &mut PgConnection,
    participant: &Standing,
    need: NeedId,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE project_participants SET status = 'revoked', ended_at = now(), end_reason = $2
         WHERE id = $1",
        participant.id,
        reason
    )
    .execute(&mut *conn)
    .await?;
    set_need_status(conn, need, "open").await
}

/// A firm whose participation a project's end ended.
#[derive(Clone, Debug)]
pub struct EndedParticipation {
    pub firm_id: i64,
    pub firm_name: String,
}

/// When a project ends, so do its participations: completed with it (the firms' track
/// record), or ended with its cancellation's reason.
pub async fn end_participations(
    conn: &mut PgConnection,
    project: ProjectId,
    completed: bool,
    reason: Option<&str>,
) -> Result<Vec<EndedParticipation>, sqlx::Error> {
    // A cancellation also closes the invitations that made the participants, so the firms'
    // lists no longer read "selected".
    sqlx::query_as!(
        EndedParticipation,
        "WITH ended AS (
             UPDATE project_participants
                SET status = CASE WHEN $2 THEN 'completed' ELSE 'revoked' END,
                    ended_at = now(), end_reason = $3
              WHERE project_id = $1 AND status = 'active'
             RETURNING firm_id, invitation_id),
         closed AS (
             UPDATE need_invitations
                SET status = 'closed', end_reason = 'project_cancelled', ended_at = now()
              WHERE NOT $2 AND id IN (SELECT invitation_id FROM ended))
         SELECT DISTINCT e.firm_id, f.name AS firm_name
         FROM ended e JOIN firms f ON f.id = e.firm_id ORDER BY e.firm_id",
        project.0,
        completed,
        reason
    )
    .fetch_all(conn)
    .await
}

struct ViewRow {
    id: i64,
    firm_id: i64,
    firm_name: String,
    city_zh: String,
    city_en: String,
    message: String,
    reply_by: DateTime<Utc>,
    status: String,
    invited_by: String,
    invited_at: DateTime<Utc>,
    price_min: Option<i64>,
    price_max: Option<i64>,
    lead_days: Option<i32>,
    proposal_note: Option<String>,
    decline_reason: Option<String>,
    decline_note: Option<String>,
    answered_at: Option<DateTime<Utc>>,
    end_reason: Option<String>,
    end_note: Option<String>,
}

/// The parts of a row both views share.
struct Common {
    status: InvitationStatus,
    proposal: Option<Proposal>,
    decline: Option<(DeclineReason, String)>,
    end_reason: Option<EndReason>,
}

fn common(
    status: &str,
    price: (Option<i64>, Option<i64>, Option<i32>, Option<String>),
    decline: (Option<String>, Option<String>),
    end_reason: Option<String>,
) -> Result<Common, sqlx::Error> {
    let proposal = match price {
        (Some(price_min), Some(price_max), Some(lead_days), note) => Some(Proposal {
            price_min,
            price_max,
            lead_days,
            note: note.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Common {
        status: decode("need_invitations.status", InvitationStatus::from_db(status))?,
        proposal,
        decline: decline
            .0
            .map(|r| {
                decode(
                    "need_invitations.decline_reason",
                    DeclineReason::from_db(&r),
                )
                .map(|r| (r, decline.1.unwrap_or_default()))
            })
            .transpose()?,
        end_reason: end_reason
            .map(|r| decode("need_invitations.end_reason", EndReason::from_db(&r)))
            .transpose()?,
    })
}

/// Every invitation of a need, oldest first: for the owning city's officials only (it holds
/// every firm's price).
pub async fn for_need(
    conn: &mut PgConnection,
    need: NeedId,
    now: DateTime<Utc>,
) -> Result<Vec<InvitationView>, sqlx::Error> {
    let rows: Vec<ViewRow> = sqlx::query_as!(
        ViewRow,
        r#"SELECT i.id, i.firm_id, f.name AS firm_name, c.name_zh AS city_zh, c.name_en AS city_en,
                i.message, i.reply_by AS "reply_by: chrono::DateTime<chrono::Utc>", i.status, u.display_name AS invited_by, i.invited_at AS "invited_at: chrono::DateTime<chrono::Utc>",
                i.price_min, i.price_max, i.lead_days, i.proposal_note, i.decline_reason,
                i.decline_note, i.answered_at AS "answered_at: chrono::DateTime<chrono::Utc>", i.end_reason, i.end_note
         FROM need_invitations i JOIN firms f ON f.id = i.firm_id
         JOIN cities c ON c.code = f.city_code JOIN users u ON u.id = i.invited_by
         WHERE i.need_id = $1 ORDER BY i.invited_at, i.id"#,
        need.0
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let c = common(
                &r.status,
                (r.price_min, r.price_max, r.lead_days, r.proposal_note),
                (r.decline_reason, r.decline_note),
                r.end_reason,
            )?;
            Ok(InvitationView {
                id: r.id,
                firm_id: r.firm_id,
                firm_name: r.firm_name,
                firm_city: place(r.city_zh, r.city_en),
                message: r.message,
                reply_by: crate::domain::time::last_day(r.reply_by),
                shown: c.status.shown(r.reply_by, now),
                invited_by: r.invited_by,
                invited_at: crate::domain::time::beijing(r.invited_at),
                answered_at: r.answered_at.map(crate::domain::time::beijing),
                proposal: c.proposal,
                decline: c.decline,
                end_reason: c.end_reason,
                end_note: r.end_note,
            })
        })
        .collect()
}

struct OwnRow {
    id: i64,
    project_id: i64,
    project_title: String,
    city_zh: String,
    city_en: String,
    need_id: i64,
    cap_zh: String,
    cap_en: String,
    level: String,
    quantity: i32,
    message: String,
    reply_by: DateTime<Utc>,
    status: String,
    invited_at: DateTime<Utc>,
    price_min: Option<i64>,
    price_max: Option<i64>,
    lead_days: Option<i32>,
    proposal_note: Option<String>,
    decline_reason: Option<String>,
    decline_note: Option<String>,
    end_reason: Option<String>,
    end_note: Option<String>,
}

/// The firm's own invitations, newest first: its own answers only.
pub async fn for_firm(
    conn: &mut PgConnection,
    firm: FirmId,
    now: DateTime<Utc>,
) -> Result<Vec<OwnInvitation>, sqlx::Error> {
    let rows: Vec<OwnRow> = sqlx::query_as!(
        OwnRow,
        r#"SELECT i.id, p.id AS project_id, p.title AS project_title, c.name_zh AS city_zh,
                c.name_en AS city_en, n.id AS need_id, cap.name_zh AS cap_zh,
                cap.name_en AS cap_en, n.level, n.quantity, i.message, i.reply_by AS "reply_by: chrono::DateTime<chrono::Utc>", i.status,
                i.invited_at AS "invited_at: chrono::DateTime<chrono::Utc>", i.price_min, i.price_max, i.lead_days, i.proposal_note,
                i.decline_reason, i.decline_note, i.end_reason, i.end_note
         FROM need_invitations i JOIN projects p ON p.id = i.project_id
         JOIN cities c ON c.code = p.city_code JOIN project_needs n ON n.id = i.need_id
         JOIN capabilities cap ON cap.id = n.capability_id
         WHERE i.firm_id = $1 ORDER BY i.invited_at DESC, i.id DESC LIMIT 200"#,
        firm.0
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let c = common(
                &r.status,
                (r.price_min, r.price_max, r.lead_days, r.proposal_note),
                (r.decline_reason, r.decline_note),
                r.end_reason,
            )?;
            Ok(OwnInvitation {
                id: r.id,
                project_id: r.project_id,
                project_title: r.project_title,
                project_city: place(r.city_zh, r.city_en),
                need_id: r.need_id,
                capability: place(r.cap_zh, r.cap_en),
                level: decode("project_needs.level", ProductionLevel::from_db(&r.level))?,
                quantity: r.quantity,
                message: r.message,
                reply_by: crate::domain::time::last_day(r.reply_by),
                shown: c.status.shown(r.reply_by, now),
                invited_at: crate::domain::time::beijing(r.invited_at),
                proposal: c.proposal,
                decline: c.decline,
                end_reason: c.end_reason,
                end_note: r.end_note,
            })
        })
        .collect()
}

struct ParticipantRow {
    id: i64,
    firm_id: i64,
    firm_name: String,
    selected_by: String,
    selected_at: DateTime<Utc>,
}

/// The need's standing participant as the officials' page shows it.
pub async fn participant_view(
    conn: &mut PgConnection,
    need: NeedId,
) -> Result<Option<ParticipantView>, sqlx::Error> {
    let row: Option<ParticipantRow> = sqlx::query_as!(
        ParticipantRow,
        r#"SELECT pp.id, pp.firm_id, f.name AS firm_name, u.display_name AS selected_by,
                pp.selected_at AS "selected_at: chrono::DateTime<chrono::Utc>"
         FROM project_participants pp JOIN firms f ON f.id = pp.firm_id
         JOIN users u ON u.id = pp.selected_by
         WHERE pp.need_id = $1 AND pp.status = 'active'"#,
        need.0
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| ParticipantView {
        id: r.id,
        firm_id: r.firm_id,
        firm_name: r.firm_name,
        selected_by: r.selected_by,
        selected_at: crate::domain::time::beijing(r.selected_at),
    }))
}

struct ParticipationRow {
    project_id: i64,
    project_title: String,
    city_zh: String,
    city_en: String,
    cap_zh: String,
    cap_en: String,
    status: String,
    selected_at: DateTime<Utc>,
}

/// The projects a firm takes (or took) part in, newest first; revoked selections are left out.
pub async fn participations(
    conn: &mut PgConnection,
    firm: FirmId,
) -> Result<Vec<ParticipationView>, sqlx::Error> {
    let rows: Vec<ParticipationRow> = sqlx::query_as!(
        ParticipationRow,
        r#"SELECT p.id AS project_id, p.title AS project_title, c.name_zh AS city_zh,
                c.name_en AS city_en, cap.name_zh AS cap_zh, cap.name_en AS cap_en, pp.status,
                pp.selected_at AS "selected_at: chrono::DateTime<chrono::Utc>"
         FROM project_participants pp JOIN projects p ON p.id = pp.project_id
         JOIN cities c ON c.code = p.city_code JOIN project_needs n ON n.id = pp.need_id
         JOIN capabilities cap ON cap.id = n.capability_id
         WHERE pp.firm_id = $1 AND pp.status <> 'revoked' AND p.status <> 'draft'
         ORDER BY pp.selected_at DESC LIMIT 100"#,
        firm.0
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ParticipationView {
            project_id: r.project_id,
            project_title: r.project_title,
            project_city: place(r.city_zh, r.city_en),
            capability: place(r.cap_zh, r.cap_en),
            completed: r.status == "completed",
            selected_on: r
                .selected_at
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .date_naive()
                .to_string(),
        })
        .collect())
}
