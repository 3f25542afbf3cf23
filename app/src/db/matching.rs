//! Matching: the pre-ranking of a need's candidates, the officials' overrides, and the facts
//! of one firm against the open needs.
//!
//! The pre-ranking computes the score of [`crate::domain::matching`] in SQL with the same
//! weights (bound from [`Weights::STANDARD`]) and the same integer arithmetic in tenths, so its
//! order is the domain's order; the domain re-scores the set it returns for the explanation.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{PgConnection, Postgres, QueryBuilder};

use crate::db::RowError;
use crate::db::projects::decode;
use crate::domain::Bilingual;
use crate::domain::city::CityCode;
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::matching::{
    CapabilityFit, FirmFacts, HeldEntry, NeedSpec, Part, Score, Weights, level_rank, ranks_before,
    score,
};
use crate::domain::project::{NeedId, ProjectId};

/// The order of `firm_capabilities.certificates_until`.
const CERTIFICATE_ORDER: [CertificateKind; 6] = [
    CertificateKind::Iso9001,
    CertificateKind::Iatf16949,
    CertificateKind::Iso13485,
    CertificateKind::Ce,
    CertificateKind::Ccc,
    CertificateKind::Other,
];

/// The position of a kind in `certificates_until` (PostgreSQL arrays count from 1).
fn certificate_position(kind: CertificateKind) -> i32 {
    let index = CERTIFICATE_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(CERTIFICATE_ORDER.len() - 1);
    i32::try_from(index).unwrap_or(0) + 1
}

/// The kinds an entry holds a certificate of on `today`.
pub fn valid_kinds(until: &[Option<NaiveDate>], today: NaiveDate) -> Vec<CertificateKind> {
    CERTIFICATE_ORDER
        .iter()
        .zip(until)
        .filter(|(_, until)| until.is_some_and(|d| d >= today))
        .map(|(kind, _)| *kind)
        .collect()
}

/// The hard filters an official puts on a candidate list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CandidateFilter {
    pub city: Option<CityCode>,
    pub verified_only: bool,
    pub min_level: Option<ProductionLevel>,
}

/// Which firms a pre-ranking looks at.
pub enum Among<'a> {
    /// Every approved firm but these (the overridden ones, listed on their own).
    AllBut(&'a [i64]),
    /// Only these.
    Only(&'a [i64]),
}

/// A pre-ranked firm: its facts and the score the query gave it, in tenths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub facts: FirmFacts,
    /// The capability of the entry scored.
    pub capability_id: i64,
    pub tenths: u32,
}

#[derive(sqlx::FromRow)]
struct RankedRow {
    firm_id: i64,
    capability_id: i64,
    match_class: i32,
    monthly_capacity: i32,
    certificates_until: Vec<Option<NaiveDate>>,
    firm_completed: i32,
    firm_active: i32,
    tenths: i64,
}

/// The cities in the order of their positions in `firm_capabilities.match_class`.
pub async fn city_positions(conn: &mut PgConnection) -> Result<Vec<CityCode>, sqlx::Error> {
    let codes = sqlx::query_scalar!("SELECT code FROM cities ORDER BY sort_order, code")
        .fetch_all(conn)
        .await?;
    codes
        .iter()
        .map(|c| decode("cities.code", CityCode::parse(c)))
        .collect()
}

const LEVELS: [ProductionLevel; 3] = [
    ProductionLevel::Prototype,
    ProductionLevel::SmallBatch,
    ProductionLevel::MassProduction,
];

/// What an entry's `match_class` says: its city, level and whether it is verified.
fn class_facts(class: i32, cities: &[CityCode]) -> Option<(CityCode, ProductionLevel, bool)> {
    let class = usize::try_from(class).ok()?;
    let city = cities.get(class / 6)?.clone();
    let level = LEVELS[(class % 6) / 2];
    Some((city, level, class % 2 == 1))
}

/// For each class, the points (tenths) of the parts it decides: the capability fit, the level,
/// the city, the verified rung, and the certifications when the need asks for none. Computed
/// with the domain's [`score`], so the weights stay in one place.
fn class_points(need: &NeedSpec, fit: CapabilityFit, cities: &[CityCode]) -> Vec<i64> {
    let w = Weights::STANDARD;
    (0..cities.len() * 6)
        .map(|class| {
            let Some((city, level, verified)) =
                class_facts(i32::try_from(class).unwrap_or(-1), cities)
            else {
                return 0;
            };
            let facts = FirmFacts {
                firm_id: 0,
                city,
                fit,
                level,
                monthly_capacity: 0,
                verified,
                valid_certificates: Vec::new(),
                completed: 0,
                active: w.load_cap,
            };
            let decided: u32 = score(need, &facts, &w)
                .parts
                .iter()
                .filter(|p| match &p.part {
                    Part::Capability(_) | Part::Level { .. } | Part::City { .. } => true,
                    Part::Trust(_) => verified,
                    Part::Certificates { .. } => need.certificates.is_empty(),
                    _ => false,
                })
                .map(|p| p.tenths)
                .sum();
            i64::from(decided)
        })
        .collect()
}

/// Pushes the score of the entry `fc` in tenths, the SQL twin of
/// [`crate::domain::matching::score`]: the class's points from a table, plus what varies
/// within a class (capacity, certifications asked for, the certificate rung, track record,
/// load) in the domain's integer arithmetic.
fn push_score(
    q: &mut QueryBuilder<'_, Postgres>,
    need: &NeedSpec,
    fit: CapabilityFit,
    cities: &[CityCode],
    today: NaiveDate,
) {
    let w = Weights::STANDARD;
    let tenths = |points: u32| i64::from(points) * 10;
    q.push("((")
        .push_bind(class_points(need, fit, cities))
        .push("::bigint[])[1 + fc.match_class]");
    // Capacity: in proportion to the quantity, capped, rounded down.
    let quantity = need.quantity.max(1);
    q.push(" + ")
        .push_bind(tenths(w.capacity))
        .push(" * LEAST(fc.monthly_capacity, ")
        .push_bind(quantity)
        .push(") / ")
        .push_bind(quantity);
    // Certifications asked for: the share held unexpired, rounded down.
    if !need.certificates.is_empty() {
        q.push(" + ")
            .push_bind(tenths(w.certificates))
            .push(" * (0");
        for kind in &need.certificates {
            q.push(" + CASE WHEN fc.certificates_until[")
                .push_bind(certificate_position(*kind))
                .push("] >= ")
                .push_bind(today)
                .push(" THEN 1 ELSE 0 END");
        }
        q.push(") / ")
            .push_bind(i64::try_from(need.certificates.len()).unwrap_or(1));
    }
    // The certificate rung of an unverified entry (the verified rung is in the class).
    q.push(" + CASE WHEN fc.match_class % 2 = 0 AND fc.certificates_last_until >= ")
        .push_bind(today)
        .push(" THEN ")
        .push_bind(tenths(w.certificate_listed))
        .push(" ELSE 0 END");
    // Track record and load.
    let track_cap = i32::try_from(w.track_record_cap.max(1)).unwrap_or(1);
    let load_cap = i32::try_from(w.load_cap.max(1)).unwrap_or(1);
    q.push(" + ")
        .push_bind(tenths(w.track_record))
        .push(" * LEAST(fc.firm_completed, ")
        .push_bind(track_cap)
        .push(") / ")
        .push_bind(track_cap)
        .push(" + ")
        .push_bind(tenths(w.load))
        .push(" * (")
        .push_bind(load_cap)
        .push(" - LEAST(fc.firm_active, ")
        .push_bind(load_cap)
        .push(")) / ")
        .push_bind(load_cap)
        .push(")");
}

/// The columns every branch of the pre-ranking returns.
fn push_select(
    q: &mut QueryBuilder<'_, Postgres>,
    need: &NeedSpec,
    fit: CapabilityFit,
    cities: &[CityCode],
    today: NaiveDate,
) {
    q.push(
        " SELECT fc.firm_id, fc.capability_id, fc.match_class, fc.monthly_capacity,
                 fc.certificates_until, fc.firm_completed, fc.firm_active, ",
    );
    push_score(q, need, fit, cities, today);
    q.push(" AS tenths FROM firm_capabilities fc");
}

fn push_filters(
    q: &mut QueryBuilder<'_, Postgres>,
    filter: &CandidateFilter,
    among: &Among<'_>,
    cities: &[CityCode],
) {
    // Approval, city, level and verification are all in the index.
    q.push(" AND fc.firm_approved");
    if let Some(city) = &filter.city {
        let position = cities
            .iter()
            .position(|c| c == city)
            .unwrap_or(cities.len());
        q.push(" AND fc.match_class / 6 = ")
            .push_bind(i32::try_from(position).unwrap_or(i32::MAX));
    }
    if filter.verified_only {
        q.push(" AND fc.match_class % 2 = 1");
    }
    if let Some(level) = filter.min_level {
        q.push(" AND fc.match_class % 6 >= ")
            .push_bind(level_rank(level) * 2);
    }
    match among {
        Among::AllBut(ids) if !ids.is_empty() => {
            q.push(" AND fc.firm_id <> ALL(")
                .push_bind(ids.to_vec())
                .push(")");
        }
        Among::AllBut(_) => {}
        Among::Only(ids) => {
            q.push(" AND fc.firm_id = ANY(")
                .push_bind(ids.to_vec())
                .push(")");
        }
    }
}

/// The top `limit` approved firms for a need, in the domain's order (score, then firm id), with
/// their facts. A firm holding the capability is scored on that entry; a firm without it on
/// its best entry of the same segment; a firm with neither is no candidate.
///
/// One statement. The holders of the capability are scored from `firm_capabilities_matching_idx`
/// alone (a partial index of the approved firms' entries covering all the score reads) and cut
/// to the top `limit` by a top-N sort; the holders of the rest of the segment are read only when
/// that cut could still let one in (fewer than `limit` holders, or the last of them at or below
/// the most a same-segment entry can score): a one-time filter skips that branch otherwise.
/// The plan on the 100,000-firm bench set for the most common capability (57,000 holders;
/// `bench/matching.sh`):
///
/// ```text
/// Limit
///   CTE exact
///     -> Limit -> Sort (top-N heapsort; tenths DESC, firm_id)
///          -> Index Only Scan using firm_capabilities_matching_idx on firm_capabilities fc
///               Index Cond: (capability_id = $n)   Heap Fetches: 0
///   -> Sort (tenths DESC, firm_id)
///        -> Append
///             -> CTE Scan on exact
///             -> Subquery Scan on c -> Limit -> Sort -> Unique -> Sort
///                  -> Result  One-Time Filter: ((InitPlan).count < $n OR (InitPlan).min <= $max)
///                       -> (never executed) the segment's other holders, anti-joined
/// ```
///
/// Built at run time (`QueryBuilder`), not checked against the `.sqlx` cache: the score has one
/// term per certificate the need asks for, and only the filters the official set (city,
/// verified only, level, firms left out) become conditions.
pub async fn pre_rank(
    conn: &mut PgConnection,
    need: &NeedSpec,
    filter: &CandidateFilter,
    among: Among<'_>,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<Ranked>, sqlx::Error> {
    let cities = city_positions(&mut *conn).await?;
    let w = Weights::STANDARD;
    let category_max = i64::from(w.max() - w.exact_capability + w.same_category) * 10;
    let mut q = QueryBuilder::<Postgres>::new("WITH exact AS MATERIALIZED (");
    push_select(&mut q, need, CapabilityFit::Exact, &cities, today);
    q.push(" WHERE fc.capability_id = ")
        .push_bind(need.capability_id);
    push_filters(&mut q, filter, &among, &cities);
    q.push(" ORDER BY tenths DESC, fc.firm_id LIMIT ")
        .push_bind(limit)
        .push("), category AS (SELECT DISTINCT ON (fc.firm_id) * FROM (");
    push_select(&mut q, need, CapabilityFit::SameCategory, &cities, today);
    q.push(" WHERE fc.capability_id IN (SELECT id FROM capabilities WHERE category_id = ")
        .push_bind(need.category_id)
        .push(" AND id <> ")
        .push_bind(need.capability_id)
        .push(
            ") AND NOT EXISTS (SELECT 1 FROM firm_capabilities held
                               WHERE held.firm_id = fc.firm_id AND held.capability_id = ",
        )
        .push_bind(need.capability_id)
        .push(") AND ((SELECT count(*) FROM exact) < ")
        .push_bind(limit)
        .push(" OR (SELECT min(tenths) FROM exact) <= ")
        .push_bind(category_max)
        .push(")");
    push_filters(&mut q, filter, &among, &cities);
    q.push(
        ") fc ORDER BY fc.firm_id, fc.tenths DESC, fc.capability_id)
         SELECT * FROM exact UNION ALL
         SELECT * FROM (SELECT * FROM category ORDER BY tenths DESC, firm_id LIMIT ",
    )
    .push_bind(limit)
    .push(") c ORDER BY tenths DESC, firm_id LIMIT ")
    .push_bind(limit);
    let rows: Vec<RankedRow> = q.build_query_as().fetch_all(&mut *conn).await?;
    rows.into_iter()
        .map(|row| {
            let fit = if row.capability_id == need.capability_id {
                CapabilityFit::Exact
            } else {
                CapabilityFit::SameCategory
            };
            ranked(row, fit, &cities, today)
        })
        .collect()
}

/// How many firms the pre-ranking returns for the re-scoring: bounded whatever the number of
/// holders, with a margin over the shown ones.
pub const PRE_RANKED: i64 = 300;

/// The top `shown` candidates of a need: pre-ranked by [`pre_rank`], re-scored by the domain
/// for the final order and the explanation.
pub async fn top_candidates(
    conn: &mut PgConnection,
    need: &NeedSpec,
    filter: &CandidateFilter,
    among: Among<'_>,
    today: NaiveDate,
    shown: usize,
) -> Result<Vec<(Ranked, Score)>, sqlx::Error> {
    let ranked = pre_rank(conn, need, filter, among, today, PRE_RANKED).await?;
    let w = Weights::STANDARD;
    let mut scored: Vec<(Ranked, Score)> = ranked
        .into_iter()
        .map(|r| {
            let s = score(need, &r.facts, &w);
            if s.tenths != r.tenths {
                // The same order by construction: a difference is a bug worth a log line.
                tracing::error!(
                    firm = r.facts.firm_id,
                    query = r.tenths,
                    domain = s.tenths,
                    "the pre-ranking and the score disagree"
                );
            }
            (r, s)
        })
        .collect();
    scored.sort_by(|a, b| {
        ranks_before(
            (a.1.tenths, a.0.facts.firm_id),
            (b.1.tenths, b.0.facts.firm_id),
        )
    });
    scored.truncate(shown);
    Ok(scored)
}

fn ranked(
    row: RankedRow,
    fit: CapabilityFit,
    cities: &[CityCode],
    today: NaiveDate,
) -> Result<Ranked, sqlx::Error> {
    let (city, level, verified) = class_facts(row.match_class, cities).ok_or_else(|| {
        RowError::new(
            "firm_capabilities.match_class",
            std::io::Error::other(format!("no class {}", row.match_class)),
        )
        .into_sqlx()
    })?;
    Ok(Ranked {
        facts: FirmFacts {
            firm_id: row.firm_id,
            city,
            fit,
            level,
            monthly_capacity: row.monthly_capacity,
            verified,
            valid_certificates: valid_kinds(&row.certificates_until, today),
            completed: u32::try_from(row.firm_completed).unwrap_or(0),
            active: u32::try_from(row.firm_active).unwrap_or(0),
        },
        capability_id: row.capability_id,
        tenths: u32::try_from(row.tenths).unwrap_or(0),
    })
}

/// A need with what the candidates page and its policy need to know.
pub struct NeedFacts {
    pub need: NeedId,
    pub project: ProjectId,
    pub project_title: String,
    pub project_status: String,
    pub need_status: String,
    pub spec: NeedSpec,
}

struct NeedRow {
    need_id: i64,
    project_id: i64,
    title: String,
    project_status: String,
    need_status: String,
    capability_id: i64,
    category_id: i64,
    level: String,
    quantity: i32,
    certificates: Vec<String>,
    preferred_cities: Vec<String>,
    city_code: String,
}

fn need_facts(row: NeedRow) -> Result<NeedFacts, sqlx::Error> {
    Ok(NeedFacts {
        need: NeedId(row.need_id),
        project: ProjectId(row.project_id),
        project_title: row.title,
        project_status: row.project_status,
        need_status: row.need_status,
        spec: NeedSpec {
            capability_id: row.capability_id,
            category_id: row.category_id,
            level: decode("project_needs.level", ProductionLevel::from_db(&row.level))?,
            quantity: row.quantity,
            certificates: decode(
                "project_needs.certificates",
                row.certificates
                    .iter()
                    .map(|c| CertificateKind::from_db(c))
                    .collect::<Result<_, _>>(),
            )?,
            preferred_cities: decode(
                "project_needs.preferred_cities",
                row.preferred_cities
                    .iter()
                    .map(|c| CityCode::parse(c))
                    .collect::<Result<_, _>>(),
            )?,
            project_city: decode("projects.city_code", CityCode::parse(&row.city_code))?,
        },
    })
}

/// A need of a project, if it is one.
pub async fn need(
    conn: &mut PgConnection,
    project: ProjectId,
    need: NeedId,
) -> Result<Option<NeedFacts>, sqlx::Error> {
    // The same columns as `open_needs_for_firm`: a checked statement is one literal.
    let row = sqlx::query_as!(
        NeedRow,
        "SELECT n.id AS need_id, p.id AS project_id, p.title, p.status AS project_status,
                n.status AS need_status, n.capability_id, cap.category_id, n.level, n.quantity,
                n.certificates, n.preferred_cities, p.city_code
         FROM project_needs n JOIN projects p ON p.id = n.project_id
         JOIN capabilities cap ON cap.id = n.capability_id
         WHERE n.id = $1 AND p.id = $2",
        need.0,
        project.0
    )
    .fetch_optional(conn)
    .await?;
    row.map(need_facts).transpose()
}

/// Locks the need's row, so overrides of one need are set one at a time.
pub async fn lock_need(conn: &mut PgConnection, need: NeedId) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT 1 AS locked FROM project_needs WHERE id = $1 FOR UPDATE",
        need.0
    )
    .fetch_optional(conn)
    .await?;
    Ok(())
}

/// The open needs of open projects in the segments where the firm holds a capability.
pub async fn open_needs_for_firm(
    conn: &mut PgConnection,
    firm: i64,
) -> Result<Vec<NeedFacts>, sqlx::Error> {
    let rows = sqlx::query_as!(
        NeedRow,
        "SELECT n.id AS need_id, p.id AS project_id, p.title, p.status AS project_status,
                n.status AS need_status, n.capability_id, cap.category_id, n.level, n.quantity,
                n.certificates, n.preferred_cities, p.city_code
         FROM project_needs n JOIN projects p ON p.id = n.project_id
         JOIN capabilities cap ON cap.id = n.capability_id
         WHERE p.status = 'open' AND n.status = 'open'
           AND cap.category_id IN (SELECT c.category_id FROM firm_capabilities fc
                                   JOIN capabilities c ON c.id = fc.capability_id
                                   WHERE fc.firm_id = $1)
         ORDER BY n.id",
        firm
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(need_facts).collect()
}

/// A standing override of a need's candidate list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub firm_id: i64,
    pub firm: String,
    pub pin: bool,
    pub reason: String,
    pub set_by: String,
    pub set_at: chrono::DateTime<chrono::Utc>,
}

pub async fn overrides(
    conn: &mut PgConnection,
    need: NeedId,
) -> Result<Vec<Override>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT o.firm_id, f.name AS firm, o.kind, o.reason, u.display_name AS set_by,
                  o.set_at AS "set_at: chrono::DateTime<chrono::Utc>"
             FROM need_overrides o JOIN firms f ON f.id = o.firm_id JOIN users u ON u.id = o.set_by
             WHERE o.need_id = $1 AND o.cleared_at IS NULL ORDER BY o.set_at, o.id"#,
        need.0
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Override {
            firm_id: r.firm_id,
            firm: r.firm,
            pin: r.kind == "pin",
            reason: r.reason,
            set_by: r.set_by,
            set_at: r.set_at,
        })
        .collect())
}

/// Clears the standing override of a firm on a need; the kind it had, if any.
pub async fn clear_override(
    conn: &mut PgConnection,
    need: NeedId,
    firm: i64,
    by: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE need_overrides SET cleared_by = $3, cleared_at = now()
         WHERE need_id = $1 AND firm_id = $2 AND cleared_at IS NULL RETURNING kind",
        need.0,
        firm,
        by
    )
    .fetch_optional(conn)
    .await
}

/// Sets an override, replacing the standing one of the firm on the need.
pub async fn set_override(
    conn: &mut PgConnection,
    need: NeedId,
    firm: i64,
    pin: bool,
    reason: &str,
    by: i64,
) -> Result<i64, sqlx::Error> {
    clear_override(&mut *conn, need, firm, by).await?;
    sqlx::query_scalar!(
        "INSERT INTO need_overrides (need_id, firm_id, kind, reason, set_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        need.0,
        firm,
        if pin { "pin" } else { "exclude" },
        reason,
        by
    )
    .fetch_one(conn)
    .await
}

/// Whether a firm is approved (only approved firms are candidates, and so overridden).
pub async fn is_approved_firm(conn: &mut PgConnection, firm: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM firms WHERE id = $1 AND status = 'approved') AS "exists!""#,
        firm
    )
    .fetch_one(conn)
    .await
}

/// The capability entries of an approved firm, with its history (none if it is not approved).
pub async fn firm_entries(
    conn: &mut PgConnection,
    firm: i64,
    today: NaiveDate,
) -> Result<Vec<HeldEntry>, sqlx::Error> {
    let cities = city_positions(&mut *conn).await?;
    let rows = sqlx::query!(
        r#"SELECT cap.category_id, fc.firm_id, fc.capability_id, fc.match_class,
                fc.monthly_capacity,
                fc.certificates_until AS "certificates_until: Vec<Option<chrono::NaiveDate>>",
                fc.firm_completed, fc.firm_active
         FROM firm_capabilities fc JOIN capabilities cap ON cap.id = fc.capability_id
         WHERE fc.firm_id = $1 AND fc.firm_approved
         ORDER BY fc.capability_id"#,
        firm
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let row = RankedRow {
                firm_id: r.firm_id,
                capability_id: r.capability_id,
                match_class: r.match_class,
                monthly_capacity: r.monthly_capacity,
                certificates_until: r.certificates_until,
                firm_completed: r.firm_completed,
                firm_active: r.firm_active,
                tenths: 0,
            };
            let ranked = ranked(row, CapabilityFit::Exact, &cities, today)?;
            Ok(HeldEntry {
                capability_id: ranked.capability_id,
                category_id: r.category_id,
                facts: ranked.facts,
            })
        })
        .collect()
}

/// The needs a firm has expressed interest in.
pub async fn needs_interested_in(
    conn: &mut PgConnection,
    firm: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT need_id AS "need_id!" FROM project_interests
           WHERE firm_id = $1 AND need_id IS NOT NULL"#,
        firm
    )
    .fetch_all(conn)
    .await
}

/// The names and cities of firms, by id.
pub async fn firm_names(
    conn: &mut PgConnection,
    ids: &[i64],
) -> Result<HashMap<i64, (String, Option<String>, Bilingual)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT f.id, f.name, f.name_en, c.name_zh AS city_zh, c.name_en AS city_en
         FROM firms f JOIN cities c ON c.code = f.city_code WHERE f.id = ANY($1)",
        ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let city = Bilingual {
                zh: r.city_zh,
                en: r.city_en,
            };
            (r.id, (r.name, r.name_en, city))
        })
        .collect())
}

/// The names of every capability (by id) and city (by code).
pub async fn names(
    conn: &mut PgConnection,
) -> Result<(HashMap<i64, Bilingual>, HashMap<String, Bilingual>), sqlx::Error> {
    let capabilities = sqlx::query!("SELECT id, name_zh, name_en FROM capabilities")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.id,
                Bilingual {
                    zh: r.name_zh,
                    en: r.name_en,
                },
            )
        })
        .collect();
    let cities = sqlx::query!("SELECT code, name_zh, name_en FROM cities")
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.code,
                Bilingual {
                    zh: r.name_zh,
                    en: r.name_en,
                },
            )
        })
        .collect();
    Ok((capabilities, cities))
}
