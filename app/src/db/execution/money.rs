//! A project's money: its plan per funding source, and the payments recorded against it.

use sqlx::PgConnection;

use crate::db::projects::decode;
use crate::domain::account::{FirmId, UserId};
use crate::domain::execution::money::{NewDisbursement, Recipient};
use crate::domain::project::{FundingSource, ProjectId};
use crate::views::execution::{DisbursementView, RecipientChoice};

/// Yuan planned per source, in the order of [`FundingSource::ALL`].
pub async fn planned(conn: &mut PgConnection, project: ProjectId) -> Result<[i64; 4], sqlx::Error> {
    let r = sqlx::query!(
        "SELECT fund_city, fund_province, fund_investment, fund_own FROM projects WHERE id = $1",
        project.0
    )
    .fetch_one(conn)
    .await?;
    Ok([r.fund_city, r.fund_province, r.fund_investment, r.fund_own])
}

/// Yuan paid so far from one source.
pub async fn paid_from(
    conn: &mut PgConnection,
    project: ProjectId,
    source: FundingSource,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COALESCE(sum(amount), 0)::bigint AS "paid!" FROM project_disbursements
           WHERE project_id = $1 AND source = $2"#,
        project.0,
        source.as_db()
    )
    .fetch_one(conn)
    .await
}

/// A payment, with the firm it went to (none: the project as a whole).
pub struct PaymentRow {
    pub view: DisbursementView,
    pub firm: Option<FirmId>,
}

/// The project's payments, oldest first.
pub async fn payments(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<PaymentRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT d.id, d.paid_on AS "paid_on: chrono::NaiveDate", d.amount, d.source,
                  f.name AS "firm?", pp.firm_id AS "firm_id?", d.note, d.overspend_reason,
                  u.display_name AS recorded_by
           FROM project_disbursements d
           LEFT JOIN project_participants pp ON pp.id = d.participant_id
           LEFT JOIN firms f ON f.id = pp.firm_id
           JOIN users u ON u.id = d.recorded_by
           WHERE d.project_id = $1
           ORDER BY d.paid_on, d.id"#,
        project.0
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(PaymentRow {
                firm: r.firm_id.map(FirmId),
                view: DisbursementView {
                    id: r.id,
                    paid_on: r.paid_on.to_string(),
                    amount: r.amount,
                    source: decode(
                        "project_disbursements.source",
                        FundingSource::from_db(&r.source),
                    )?,
                    recipient: r.firm,
                    note: r.note,
                    overspend_reason: r.overspend_reason,
                    recorded_by: r.recorded_by,
                },
            })
        })
        .collect()
}

/// Who a payment of the project may go to: the project, then its standing participants.
pub async fn recipients(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<RecipientChoice>, sqlx::Error> {
    let firms = sqlx::query!(
        "SELECT pp.id, f.name FROM project_participants pp JOIN firms f ON f.id = pp.firm_id
         WHERE pp.project_id = $1 AND pp.status <> 'revoked' ORDER BY pp.id",
        project.0
    )
    .fetch_all(conn)
    .await?;
    Ok(std::iter::once(RecipientChoice {
        field: Recipient::Project.as_field(),
        firm: None,
    })
    .chain(firms.into_iter().map(|r| RecipientChoice {
        field: Recipient::Participant(r.id).as_field(),
        firm: Some(r.name),
    }))
    .collect())
}

/// Writes a payment; its id.
pub async fn insert(
    conn: &mut PgConnection,
    project: ProjectId,
    payment: &NewDisbursement,
    by: UserId,
) -> Result<i64, sqlx::Error> {
    let participant = match payment.recipient {
        Recipient::Project => None,
        Recipient::Participant(id) => Some(id),
    };
    sqlx::query_scalar!(
        "INSERT INTO project_disbursements (project_id, paid_on, amount, source, participant_id,
                                            note, overspend_reason, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        project.0,
        payment.paid_on as _,
        payment.amount,
        payment.source.as_db(),
        participant,
        payment.note,
        payment.overspend_reason,
        by.0
    )
    .fetch_one(conn)
    .await
}

/// The firm of a standing participant of the project.
pub async fn participant_firm(
    conn: &mut PgConnection,
    project: ProjectId,
    participant: i64,
) -> Result<Option<(FirmId, String)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT pp.firm_id, f.name FROM project_participants pp JOIN firms f ON f.id = pp.firm_id
         WHERE pp.id = $2 AND pp.project_id = $1 AND pp.status <> 'revoked'",
        project.0,
        participant
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (FirmId(r.firm_id), r.name)))
}
