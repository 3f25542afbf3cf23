//! Demo data for `make run`: idempotent, loaded only when `DEMO_DATA` is set, and refused on a
//! `PRODUCTION` instance (see the configuration). The accounts are listed in the README and
//! printed by `make run`; the firms, with their profiles, capabilities and certificates, are in
//! [`firms`]; the R&D projects, with their needs, histories and the demo firms' expressions of
//! interest, in [`projects`].
//!
//! Loading again changes nothing: a firm is found by its credit code, a capability entry by its
//! firm and capability, and a project by its city and title. A firm that exists with an empty
//! profile (a database from before the profiles) gets the profile filled in; one whose profile
//! was edited is left as it is.

mod firms;
mod projects;

use std::collections::HashMap;

use anyhow::Context;
use app::domain::credit_code::CreditCode;
use app::domain::search;
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use firms::{DemoCapability, DemoFirm, FIRMS};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "alliance-demo-2026";

/// A demo account: email, name, role, the official's city, the representative's firm (an index
/// into `FIRMS`).
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<usize>,
);

const USERS: &[DemoUser] = &[
    ("admin@demo.alliance-hub.cn", "陈静", "admin", None, None),
    (
        "chengdu@demo.alliance-hub.cn",
        "王磊",
        "official",
        Some("chengdu"),
        None,
    ),
    (
        "deyang@demo.alliance-hub.cn",
        "李伟",
        "official",
        Some("deyang"),
        None,
    ),
    (
        "meishan@demo.alliance-hub.cn",
        "张敏",
        "official",
        Some("meishan"),
        None,
    ),
    (
        "ziyang@demo.alliance-hub.cn",
        "刘洋",
        "official",
        Some("ziyang"),
        None,
    ),
    (
        "dongfang@demo.alliance-hub.cn",
        "赵强",
        "firm_rep",
        None,
        Some(0),
    ),
    (
        "xincai@demo.alliance-hub.cn",
        "孙丽",
        "firm_rep",
        None,
        Some(1),
    ),
    (
        "zhizao@demo.alliance-hub.cn",
        "周杰",
        "firm_rep",
        None,
        Some(2),
    ),
];

pub async fn load(pool: &PgPool) -> anyhow::Result<()> {
    let hash = app::auth::hash_password(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = pool.begin().await?;

    let mut firm_ids = Vec::with_capacity(FIRMS.len());
    for firm in FIRMS {
        let id = ensure_firm(&mut tx, firm)
            .await
            .with_context(|| format!("cannot load the demo firm {}", firm.name))?;
        firm_ids.push(id);
    }

    for (email, name, role, city, firm) in USERS {
        sqlx::query!(
            "INSERT INTO users (email, display_name, password_hash, role, city_code, firm_id)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING",
            email,
            name,
            hash,
            role,
            *city,
            firm.map(|i| firm_ids[i])
        )
        .execute(&mut *tx)
        .await?;
    }

    // The demo official of each city verifies that city's entries.
    let official_emails: Vec<String> = USERS
        .iter()
        .filter(|(_, _, role, _, _)| *role == "official")
        .map(|(email, ..)| (*email).to_owned())
        .collect();
    let officials: HashMap<String, i64> = sqlx::query!(
        r#"SELECT city_code AS "city_code!", id FROM users
           WHERE role = 'official' AND email = ANY($1)"#,
        &official_emails
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| (r.city_code, r.id))
    .collect();
    let capability_ids: HashMap<String, i64> = sqlx::query!("SELECT name_zh, id FROM capabilities")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| (r.name_zh, r.id))
        .collect();

    let mut entries = 0;
    for (firm, firm_id) in FIRMS.iter().zip(&firm_ids) {
        for capability in firm.capabilities {
            let capability_id = *capability_ids.get(capability.name_zh).with_context(|| {
                format!(
                    "the demo firm {} lists {}, which is not in the taxonomy",
                    firm.name, capability.name_zh
                )
            })?;
            let verifier = if capability.verified {
                let official = officials
                    .get(firm.city)
                    .with_context(|| format!("no demo official of {} to verify with", firm.city))?;
                Some(*official)
            } else {
                None
            };
            entries += ensure_capability(&mut tx, *firm_id, capability_id, capability, verifier)
                .await
                .with_context(|| format!("cannot load {} of {}", capability.name_zh, firm.name))?;
        }
    }

    let emails: Vec<String> = USERS
        .iter()
        .map(|(email, ..)| (*email).to_owned())
        .collect();
    let users: HashMap<String, i64> =
        sqlx::query!("SELECT email, id FROM users WHERE email = ANY($1)", &emails)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|r| (r.email, r.id))
            .collect();
    let new_projects = projects::load(&mut tx, &users, &firm_ids)
        .await
        .context("cannot load the demo projects")?;
    tx.commit().await?;
    tracing::info!(
        accounts = USERS.len(),
        firms = FIRMS.len(),
        new_capability_entries = entries,
        projects = projects::PROJECTS.len(),
        new_projects,
        password = DEMO_PASSWORD,
        "demo data ready: admin@, chengdu@, deyang@, meishan@, ziyang@ (officials), dongfang@, xincai@ (approved firms), zhizao@ (pending firm) at demo.alliance-hub.cn"
    );
    Ok(())
}

/// The firm's id: inserted with its profile when its code is unknown, its profile filled in
/// when it has none yet.
async fn ensure_firm(conn: &mut PgConnection, firm: &DemoFirm) -> anyhow::Result<i64> {
    let code =
        CreditCode::complete(firm.code).with_context(|| format!("bad demo code {}", firm.code))?;
    let existing = sqlx::query!(
        r#"SELECT id, description = '' AS "blank!" FROM firms
           WHERE credit_code = $1 ORDER BY id LIMIT 1"#,
        code.as_str()
    )
    .fetch_optional(&mut *conn)
    .await?;
    let terms = search::index_terms([firm.name, firm.name_en, firm.description]);
    let id = match existing {
        Some(row) if !row.blank => row.id,
        Some(row) => {
            sqlx::query!(
                "UPDATE firms SET name_en = $2, description = $3, founded_year = $4,
                        staff_size = $5, website = $6, contact_name = $7, contact_phone = $8,
                        contact_email = $9, search_terms = $10, search_terms_version = $11,
                        name_sort_key = $12
                 WHERE id = $1",
                row.id,
                firm.name_en,
                firm.description,
                firm.founded,
                firm.staff,
                firm.website,
                firm.contact.name,
                firm.contact.phone,
                firm.contact.email,
                &terms,
                search::TERMS_VERSION,
                search::sort_key(firm.name)
            )
            .execute(&mut *conn)
            .await?;
            row.id
        }
        None => {
            sqlx::query_scalar!(
                "INSERT INTO firms (name, credit_code, city_code, kind, status, name_en,
                        description, founded_year, staff_size, website, contact_name,
                        contact_phone, contact_email, search_terms, search_terms_version,
                        name_sort_key)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                 RETURNING id",
                firm.name,
                code.as_str(),
                firm.city,
                firm.kind.as_db(),
                firm.status.as_db(),
                firm.name_en,
                firm.description,
                firm.founded,
                firm.staff,
                firm.website,
                firm.contact.name,
                firm.contact.phone,
                firm.contact.email,
                &terms,
                search::TERMS_VERSION,
                search::sort_key(firm.name)
            )
            .fetch_one(&mut *conn)
            .await?
        }
    };
    Ok(id)
}

/// Adds the entry with its certificates unless the firm lists the capability already; 1 when
/// it was added.
async fn ensure_capability(
    conn: &mut PgConnection,
    firm_id: i64,
    capability_id: i64,
    capability: &DemoCapability,
    verifier: Option<i64>,
) -> anyhow::Result<u64> {
    let inserted = sqlx::query_scalar!(
        "INSERT INTO firm_capabilities (firm_id, capability_id, level, monthly_capacity,
                lead_time_days, verified_by, verified_at, verified_version)
         VALUES ($1, $2, $3, $4, $5, $6::bigint,
                 CASE WHEN $6 IS NULL THEN NULL ELSE now() END,
                 CASE WHEN $6 IS NULL THEN NULL ELSE 1 END)
         ON CONFLICT ON CONSTRAINT firm_capabilities_once DO NOTHING
         RETURNING id",
        firm_id,
        capability_id,
        capability.level.as_db(),
        capability.monthly_capacity,
        capability.lead_time_days,
        verifier
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(entry_id) = inserted else {
        return Ok(0);
    };
    for certificate in capability.certificates {
        let expires_on = NaiveDate::parse_from_str(certificate.expires_on, "%Y-%m-%d")
            .with_context(|| format!("bad expiry date {}", certificate.expires_on))?;
        sqlx::query!(
            "INSERT INTO capability_certificates (firm_capability_id, kind, other_name, number,
                    issuer, expires_on)
             VALUES ($1, $2, $3, $4, $5, $6)",
            entry_id,
            certificate.kind.as_db(),
            certificate.other_name,
            certificate.number,
            certificate.issuer,
            expires_on as _
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(1)
}
