//! A firm's profile and its capabilities with their certificates.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use crate::db::RowError;
use crate::domain::Bilingual;
use crate::domain::access::FirmSubject;
use crate::domain::account::{FirmId, FirmStatus, UserId};
use crate::domain::city::CityCode;
use crate::domain::credit_code::CreditCode;
use crate::domain::firm::{
    CapabilityFigures, CertificateKind, FiguresForm, FirmKind, FirmProfile, NewCertificate,
    ProductionLevel, ProfileForm, TrustRung,
};
use crate::domain::search::{TERMS_VERSION, index_terms, sort_key};
use crate::domain::taxonomy::CapabilityId;
use crate::views::firms::{Certificate, FirmCapability, FirmDetail};

fn place(zh: String, en: String) -> Bilingual {
    Bilingual { zh, en }
}

fn subject(id: i64, city: &str) -> Result<FirmSubject, sqlx::Error> {
    Ok(FirmSubject {
        firm: FirmId(id),
        city: CityCode::parse(city).map_err(|e| RowError::new("firms.city_code", e).into_sqlx())?,
    })
}

/// A firm as the policy sees it, with its status, profile version and name; locked until the
/// transaction ends.
pub async fn firm_subject(
    conn: &mut PgConnection,
    firm: FirmId,
) -> Result<Option<(FirmSubject, FirmStatus, i32, String)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT id, city_code, status, version, name FROM firms WHERE id = $1 FOR UPDATE",
        firm.0
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status = FirmStatus::from_db(&row.status)
        .map_err(|e| RowError::new("firms.status", e).into_sqlx())?;
    Ok(Some((
        subject(row.id, &row.city_code)?,
        status,
        row.version,
        row.name,
    )))
}

/// The firm's page: profile, capabilities and certificates. `today` (Beijing) decides which
/// certificates have expired.
pub async fn firm_detail(
    conn: &mut PgConnection,
    firm: FirmId,
    today: NaiveDate,
) -> Result<Option<(FirmSubject, FirmStatus, FirmDetail)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT f.id, f.name, f.name_en, f.credit_code, f.city_code, f.kind, f.status,
                  f.description, f.founded_year, f.staff_size, f.website, f.contact_name,
                  f.contact_phone, f.contact_email, f.version,
                  f.updated_at AS "updated_at: DateTime<Utc>",
                  c.name_zh AS city_zh, c.name_en AS city_en
           FROM firms f JOIN cities c ON c.code = f.city_code WHERE f.id = $1"#,
        firm.0
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status = FirmStatus::from_db(&row.status)
        .map_err(|e| RowError::new("firms.status", e).into_sqlx())?;
    let kind =
        FirmKind::from_db(&row.kind).map_err(|e| RowError::new("firms.kind", e).into_sqlx())?;
    let code = CreditCode::parse(&row.credit_code)
        .map_err(|e| RowError::new("firms.credit_code", e).into_sqlx())?;
    let capabilities = capabilities_of(conn, firm, today).await?;
    Ok(Some((
        subject(row.id, &row.city_code)?,
        status,
        FirmDetail {
            id: row.id,
            name: row.name,
            name_en: row.name_en,
            credit_code: code.as_str().to_owned(),
            city: place(row.city_zh, row.city_en),
            kind,
            approved: status == FirmStatus::Approved,
            description: row.description,
            founded_year: row.founded_year,
            staff_size: row.staff_size,
            website: row.website,
            contact_name: row.contact_name,
            contact_phone: row.contact_phone,
            contact_email: row.contact_email,
            version: row.version,
            updated_at: crate::domain::time::beijing(row.updated_at),
            capabilities,
            may_edit: false,
            may_edit_name: false,
            may_verify: false,
            participations: Vec::new(),
        },
    )))
}

async fn capabilities_of(
    conn: &mut PgConnection,
    firm: FirmId,
    today: NaiveDate,
) -> Result<Vec<FirmCapability>, sqlx::Error> {
    let entries = sqlx::query!(
        r#"SELECT fc.id, fc.capability_id, fc.level, fc.monthly_capacity, fc.lead_time_days,
                  fc.version, fc.verified_at AS "verified_at: DateTime<Utc>",
                  u.display_name AS "verified_by?",
                  cap.name_zh, cap.name_en, cap.retired_at IS NOT NULL AS "retired!",
                  cat.name_zh AS category_zh, cat.name_en AS category_en
           FROM firm_capabilities fc
           JOIN capabilities cap ON cap.id = fc.capability_id
           JOIN capability_categories cat ON cat.id = cap.category_id
           LEFT JOIN users u ON u.id = fc.verified_by
           WHERE fc.firm_id = $1
           ORDER BY cat.position, cap.position"#,
        firm.0
    )
    .fetch_all(&mut *conn)
    .await?;
    let certificates = sqlx::query!(
        r#"SELECT cc.id, cc.firm_capability_id, cc.kind, cc.other_name, cc.number, cc.issuer,
                  cc.expires_on AS "expires_on: NaiveDate"
           FROM capability_certificates cc
           JOIN firm_capabilities fc ON fc.id = cc.firm_capability_id
           WHERE fc.firm_id = $1
           ORDER BY cc.expires_on DESC, cc.id"#,
        firm.0
    )
    .fetch_all(&mut *conn)
    .await?;
    entries
        .into_iter()
        .map(|e| {
            let certificates = certificates
                .iter()
                .filter(|c| c.firm_capability_id == e.id)
                .map(|c| {
                    Ok(Certificate {
                        id: c.id,
                        kind: CertificateKind::from_db(&c.kind).map_err(|err| {
                            RowError::new("capability_certificates.kind", err).into_sqlx()
                        })?,
                        other_name: c.other_name.clone(),
                        number: c.number.clone(),
                        issuer: c.issuer.clone(),
                        expires_on: c.expires_on.format("%Y-%m-%d").to_string(),
                        expired: c.expires_on < today,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            let valid = certificates.iter().filter(|c| !c.expired).count();
            Ok(FirmCapability {
                id: e.id,
                capability_id: e.capability_id,
                category: place(e.category_zh, e.category_en),
                name: place(e.name_zh, e.name_en),
                retired: e.retired,
                level: ProductionLevel::from_db(&e.level)
                    .map_err(|err| RowError::new("firm_capabilities.level", err).into_sqlx())?,
                monthly_capacity: e.monthly_capacity,
                lead_time_days: e.lead_time_days,
                version: e.version,
                rung: TrustRung::of(e.verified_at.is_some(), valid),
                verified_by: e.verified_by,
                verified_at: e.verified_at.map(crate::domain::time::beijing),
                certificates,
            })
        })
        .collect()
}

/// Writes the profile if the stored version is still `version`; `None` when it is not (someone
/// saved meanwhile). The search terms and sort key are recomputed with it.
pub async fn update_profile(
    conn: &mut PgConnection,
    firm: FirmId,
    version: i32,
    profile: &FirmProfile,
) -> Result<Option<i32>, sqlx::Error> {
    let terms = index_terms([
        profile.name.as_str(),
        profile.name_en.as_deref().unwrap_or_default(),
        profile.description.as_str(),
    ]);
    sqlx::query_scalar!(
        "UPDATE firms SET name = $3, name_en = $4, kind = $5, description = $6, founded_year = $7,
                staff_size = $8, website = $9, contact_name = $10, contact_phone = $11,
                contact_email = $12, search_terms = $13, search_terms_version = $14,
                name_sort_key = $15, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2
         RETURNING version",
        firm.0,
        version,
        profile.name.as_str(),
        profile.name_en.as_deref(),
        profile.kind.as_db(),
        profile.description,
        profile.founded_year,
        profile.staff_size,
        profile.website.as_deref(),
        profile.contact_name.as_deref(),
        profile.contact_phone.as_deref(),
        profile.contact_email.as_deref(),
        &terms,
        TERMS_VERSION,
        sort_key(profile.name.as_str()),
    )
    .fetch_optional(conn)
    .await
}

/// The search terms and sort key of a firm with just a name (a new registration).
pub async fn index_new_firm(
    conn: &mut PgConnection,
    firm: FirmId,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE firms SET search_terms = $2, search_terms_version = $3, name_sort_key = $4
         WHERE id = $1",
        firm.0,
        &index_terms([name]),
        TERMS_VERSION,
        sort_key(name)
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Recomputes the search terms of up to `batch` firms indexed by an older version of
/// `domain::search`; returns how many it did (0: all are current).
pub async fn reindex_stale(conn: &mut PgConnection, batch: i64) -> Result<usize, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT id, name, name_en, description FROM firms
         WHERE search_terms_version < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED",
        TERMS_VERSION,
        batch
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let terms = index_terms([
            row.name.as_str(),
            row.name_en.as_deref().unwrap_or_default(),
            row.description.as_str(),
        ]);
        sqlx::query!(
            "UPDATE firms SET search_terms = $2, search_terms_version = $3, name_sort_key = $4
             WHERE id = $1",
            row.id,
            &terms,
            TERMS_VERSION,
            sort_key(&row.name)
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

/// Marks the firm's profile as changed now (a capability changed).
pub async fn touch(conn: &mut PgConnection, firm: FirmId) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE firms SET updated_at = now() WHERE id = $1", firm.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a capability of the taxonomy exists and is not retired: `None` when it does not
/// exist, else whether it is retired.
pub async fn capability_retired(
    conn: &mut PgConnection,
    capability: CapabilityId,
) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT (cap.retired_at IS NOT NULL OR cat.retired_at IS NOT NULL) AS "retired!"
           FROM capabilities cap JOIN capability_categories cat ON cat.id = cap.category_id
           WHERE cap.id = $1"#,
        capability.0
    )
    .fetch_optional(conn)
    .await
}

/// Adds a capability to a firm. Fails on `firm_capabilities_once` when the firm has it.
pub async fn insert_capability(
    conn: &mut PgConnection,
    firm: FirmId,
    capability: CapabilityId,
    figures: &CapabilityFigures,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO firm_capabilities (firm_id, capability_id, level, monthly_capacity, lead_time_days)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        firm.0,
        capability.0,
        figures.level.as_db(),
        figures.monthly_capacity,
        figures.lead_time_days
    )
    .fetch_one(conn)
    .await
}

/// A capability entry as the policy and the version check need it, locked.
pub struct EntryFacts {
    pub firm: FirmSubject,
    pub version: i32,
    pub capability: CapabilityId,
    pub verified: bool,
    /// The figures as they stand.
    pub figures: CapabilityFigures,
}

pub async fn entry_facts(
    conn: &mut PgConnection,
    entry: i64,
) -> Result<Option<EntryFacts>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT fc.firm_id, fc.version, fc.capability_id, fc.verified_at IS NOT NULL AS "verified!",
                  fc.level, fc.monthly_capacity, fc.lead_time_days,
                  f.city_code
           FROM firm_capabilities fc JOIN firms f ON f.id = fc.firm_id
           WHERE fc.id = $1 FOR UPDATE OF fc"#,
        entry
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(EntryFacts {
        firm: subject(row.firm_id, &row.city_code)?,
        version: row.version,
        capability: CapabilityId(row.capability_id),
        verified: row.verified,
        figures: CapabilityFigures {
            level: ProductionLevel::from_db(&row.level)
                .map_err(|e| RowError::new("firm_capabilities.level", e).into_sqlx())?,
            monthly_capacity: row.monthly_capacity,
            lead_time_days: row.lead_time_days,
        },
    }))
}

/// Changes an entry's figures: a new version, its verification cleared.
pub async fn update_capability(
    conn: &mut PgConnection,
    entry: i64,
    figures: &CapabilityFigures,
) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE firm_capabilities SET level = $2, monthly_capacity = $3, lead_time_days = $4,
                version = version + 1, verified_by = NULL, verified_at = NULL,
                verified_version = NULL, updated_at = now()
         WHERE id = $1 RETURNING version",
        entry,
        figures.level.as_db(),
        figures.monthly_capacity,
        figures.lead_time_days
    )
    .fetch_one(conn)
    .await
}

/// A change to an entry's certificates is an edit of the entry: a new version, unverified.
pub async fn bump_capability(conn: &mut PgConnection, entry: i64) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE firm_capabilities SET version = version + 1, verified_by = NULL,
                verified_at = NULL, verified_version = NULL, updated_at = now()
         WHERE id = $1 RETURNING version",
        entry
    )
    .fetch_one(conn)
    .await
}

pub async fn delete_capability(conn: &mut PgConnection, entry: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM firm_capabilities WHERE id = $1", entry)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records that `official` verified the entry at its current `version`.
pub async fn verify_capability(
    conn: &mut PgConnection,
    entry: i64,
    version: i32,
    official: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE firm_capabilities SET verified_by = $3, verified_at = now(), verified_version = $2
         WHERE id = $1 AND version = $2",
        entry,
        version,
        official.0
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_certificate(
    conn: &mut PgConnection,
    entry: i64,
    certificate: &NewCertificate,
    expires_on: NaiveDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO capability_certificates (firm_capability_id, kind, other_name, number, issuer, expires_on)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        entry,
        certificate.kind.as_db(),
        certificate.other_name.as_deref(),
        certificate.number,
        certificate.issuer,
        // sqlx would pick the `time` crate's date for the column (the session store enables
        // it); the value is chrono's.
        expires_on as _
    )
    .fetch_one(conn)
    .await
}

/// The entry a certificate belongs to.
pub async fn certificate_entry(
    conn: &mut PgConnection,
    certificate: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT firm_capability_id FROM capability_certificates WHERE id = $1",
        certificate
    )
    .fetch_optional(conn)
    .await
}

pub async fn delete_certificate(
    conn: &mut PgConnection,
    certificate: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM capability_certificates WHERE id = $1",
        certificate
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The profile as stored, as its form shows it.
pub async fn stored_profile(
    conn: &mut PgConnection,
    firm: FirmId,
) -> Result<Option<ProfileForm>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT name, name_en, kind, description, founded_year, staff_size, website,
                contact_name, contact_phone, contact_email
         FROM firms WHERE id = $1",
        firm.0
    )
    .fetch_optional(conn)
    .await?;
    let text = |v: Option<String>| v.unwrap_or_default();
    Ok(row.map(|r| ProfileForm {
        name: r.name,
        name_en: text(r.name_en),
        kind: r.kind,
        description: r.description,
        founded_year: r.founded_year.map(|y| y.to_string()).unwrap_or_default(),
        staff_size: r.staff_size.map(|n| n.to_string()).unwrap_or_default(),
        website: text(r.website),
        contact_name: text(r.contact_name),
        contact_phone: text(r.contact_phone),
        contact_email: text(r.contact_email),
    }))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, sqlx::Error> {
    serde_json::to_value(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

fn from_json<T: serde::de::DeserializeOwned>(
    column: &'static str,
    value: serde_json::Value,
) -> Result<T, sqlx::Error> {
    serde_json::from_value(value).map_err(|e| RowError::new(column, e).into_sqlx())
}

/// Keeps what the profile held at `version`, which an edit is about to replace.
pub async fn keep_profile_revision(
    conn: &mut PgConnection,
    firm: FirmId,
    version: i32,
    form: &ProfileForm,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO firm_profile_revisions (firm_id, version, fields) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        firm.0,
        version,
        to_json(form)?
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// What the profile held at `version`, if an edit replaced it since.
pub async fn profile_revision(
    conn: &mut PgConnection,
    firm: FirmId,
    version: i32,
) -> Result<Option<ProfileForm>, sqlx::Error> {
    let fields = sqlx::query_scalar!(
        "SELECT fields FROM firm_profile_revisions WHERE firm_id = $1 AND version = $2",
        firm.0,
        version
    )
    .fetch_optional(conn)
    .await?;
    fields
        .map(|f| from_json("firm_profile_revisions.fields", f))
        .transpose()
}

/// Keeps the figures a capability entry held at `version`, which an edit is about to replace.
pub async fn keep_figures_revision(
    conn: &mut PgConnection,
    entry: i64,
    version: i32,
    form: &FiguresForm,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO firm_capability_revisions (entry_id, version, fields) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        entry,
        version,
        to_json(form)?
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The figures a capability entry held at `version`, if an edit replaced them since.
pub async fn figures_revision(
    conn: &mut PgConnection,
    entry: i64,
    version: i32,
) -> Result<Option<FiguresForm>, sqlx::Error> {
    let fields = sqlx::query_scalar!(
        "SELECT fields FROM firm_capability_revisions WHERE entry_id = $1 AND version = $2",
        entry,
        version
    )
    .fetch_optional(conn)
    .await?;
    fields
        .map(|f| from_json("firm_capability_revisions.fields", f))
        .transpose()
}
