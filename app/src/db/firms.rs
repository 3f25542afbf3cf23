//! Firms: registration and the bureaus' approval.

pub mod directory;
pub mod import;
pub mod profile;
pub mod taxonomy;

use sqlx::PgConnection;

use super::RowError;
use crate::domain::access::FirmSubject;
use crate::domain::account::{FirmId, FirmStatus};
use crate::domain::city::CityCode;
use crate::domain::credit_code::CreditCode;
use crate::domain::firm::{FirmKind, Name};
use crate::views::firms::PendingFirm;

pub async fn insert_pending_firm(
    conn: &mut PgConnection,
    name: &Name,
    code: &CreditCode,
    city: &CityCode,
    kind: FirmKind,
) -> Result<FirmId, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO firms (name, credit_code, city_code, kind, status)
         VALUES ($1, $2, $3, $4, 'pending') RETURNING id",
        name.as_str(),
        code.as_str(),
        city.as_str(),
        kind.as_db()
    )
    .fetch_one(conn)
    .await?;
    Ok(FirmId(id))
}

/// Whether the city is a member.
pub async fn city_exists(conn: &mut PgConnection, city: &CityCode) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM cities WHERE code = $1) AS "exists!""#,
        city.as_str()
    )
    .fetch_one(conn)
    .await
}

struct PendingRow {
    id: i64,
    name: String,
    credit_code: String,
    kind: String,
    city_code: String,
    city_name_zh: String,
    city_name_en: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

/// The firms awaiting approval, of one city or (with `None`) of all; oldest first.
pub async fn list_pending(
    conn: &mut PgConnection,
    city: Option<&CityCode>,
) -> Result<Vec<PendingFirm>, sqlx::Error> {
    let rows = sqlx::query_as!(
        PendingRow,
        r#"SELECT f.id, f.name, f.credit_code, f.kind, f.city_code, c.name_zh AS city_name_zh,
                c.name_en AS city_name_en, f.created_at AS "created_at: chrono::DateTime<chrono::Utc>"
         FROM firms f JOIN cities c ON c.code = f.city_code
         WHERE f.status = 'pending' AND ($1::text IS NULL OR f.city_code = $1)
         ORDER BY f.created_at, f.id"#,
        city.map(CityCode::as_str)
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            let code = CreditCode::parse(&row.credit_code)
                .map_err(|e| RowError::new("firms.credit_code", e).into_sqlx())?;
            Ok(PendingFirm {
                id: row.id,
                name: row.name,
                region_code: code.region_code().to_owned(),
                credit_code: code.as_str().to_owned(),
                kind: FirmKind::from_db(&row.kind)
                    .map_err(|e| RowError::new("firms.kind", e).into_sqlx())?,
                city: crate::domain::Bilingual {
                    zh: row.city_name_zh,
                    en: row.city_name_en,
                },
                city_code: row.city_code,
                registered_at: row
                    .created_at
                    .with_timezone(&chrono_tz::Asia::Shanghai)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            })
        })
        .collect()
}

/// A firm as the policy sees it, with its status and name; locked until the transaction ends.
pub async fn firm_for_review(
    conn: &mut PgConnection,
    firm: FirmId,
) -> Result<Option<(FirmSubject, FirmStatus, String, CreditCode)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT id, name, city_code, status, credit_code FROM firms WHERE id = $1 FOR UPDATE",
        firm.0
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let city = CityCode::parse(&row.city_code)
        .map_err(|e| RowError::new("firms.city_code", e).into_sqlx())?;
    let status = FirmStatus::from_db(&row.status)
        .map_err(|e| RowError::new("firms.status", e).into_sqlx())?;
    let code = CreditCode::parse(&row.credit_code)
        .map_err(|e| RowError::new("firms.credit_code", e).into_sqlx())?;
    Ok(Some((
        FirmSubject {
            firm: FirmId(row.id),
            city,
        },
        status,
        row.name,
        code,
    )))
}

/// A firm as the policy sees it, with its status, name and city's names (no lock).
pub async fn firm_overview(
    conn: &mut PgConnection,
    firm: FirmId,
) -> Result<Option<(FirmSubject, FirmStatus, String, crate::domain::Bilingual)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT f.id, f.name, f.city_code, f.status, c.name_zh, c.name_en
         FROM firms f JOIN cities c ON c.code = f.city_code WHERE f.id = $1",
        firm.0
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let city = CityCode::parse(&row.city_code)
        .map_err(|e| RowError::new("firms.city_code", e).into_sqlx())?;
    let status = FirmStatus::from_db(&row.status)
        .map_err(|e| RowError::new("firms.status", e).into_sqlx())?;
    Ok(Some((
        FirmSubject {
            firm: FirmId(row.id),
            city,
        },
        status,
        row.name,
        crate::domain::Bilingual {
            zh: row.name_zh,
            en: row.name_en,
        },
    )))
}

/// Sets a firm's status. Approving a firm whose code another approved firm holds fails on the
/// `firms_approved_credit_code_key` index.
pub async fn set_status(
    conn: &mut PgConnection,
    firm: FirmId,
    status: FirmStatus,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE firms SET status = $2, updated_at = now() WHERE id = $1",
        firm.0,
        status.as_db()
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether `err` is the unique violation of `constraint`.
pub fn violates(err: &sqlx::Error, constraint: &str) -> bool {
    err.as_database_error().and_then(|e| e.constraint()) == Some(constraint)
}
