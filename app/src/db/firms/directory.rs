//! The directory's search: approved firms by text, city, kind and capability filters.
//!
//! The filters vary, so the SQL is built per search (a fixed statement with `$n IS NULL OR`
//! for every filter would get one generic plan for all of them). One statement finds the page's
//! ids in order with the total (a materialized CTE, counted and top-N sorted); the page's
//! details are then read for its twenty ids only.
//!
//! Plan, on the 100,000-firm data set (`bench/directory.sh`): a text term starts from
//! `firms_search_terms_idx` (GIN, `@>`), ANDed in a bitmap with `firms_city_code_idx` when a
//! city is chosen; the capability filters are a semi-join probing `firm_capabilities_once`
//! (firm_id first) per candidate, or, with no text term, start from
//! `firm_capabilities_capability_idx`. Because the total needs every match, no index serves the
//! order: the page is a top-N sort of the matches (an index on the sort key made the planner walk
//! it through thousands of non-matching firms, 300 ms for 减速 in Deyang).

use chrono::NaiveDate;
use sqlx::{PgConnection, Postgres, QueryBuilder};

use crate::db::RowError;
use crate::domain::Bilingual;
use crate::domain::directory::{DirectoryFilter, DirectorySort, PAGE_SIZE};
use crate::domain::firm::{FirmKind, ProductionLevel, TrustRung};
use crate::domain::spreadsheet::{CapabilityRecord, FirmRecord};
use crate::views::directory::{CapabilityTag, DirectoryEntry, DirectoryPage};

/// Appends the WHERE clause of `filter` (firms aliased `f`).
fn push_conditions(
    sql: &mut QueryBuilder<'_, Postgres>,
    filter: &DirectoryFilter,
    today: NaiveDate,
) {
    sql.push(" WHERE f.status = 'approved'");
    if !filter.terms.is_empty() {
        sql.push(" AND f.search_terms @> ")
            .push_bind(filter.terms.clone());
    }
    if let Some(city) = &filter.city {
        sql.push(" AND f.city_code = ")
            .push_bind(city.as_str().to_owned());
    }
    if let Some(kind) = filter.kind {
        sql.push(" AND f.kind = ").push_bind(kind.as_db());
    }
    if filter.filters_capabilities() {
        sql.push(" AND EXISTS (SELECT 1 FROM firm_capabilities fc");
        if filter.category.is_some() {
            sql.push(" JOIN capabilities cap ON cap.id = fc.capability_id");
        }
        sql.push(" WHERE fc.firm_id = f.id");
        if let Some(capability) = filter.capability {
            sql.push(" AND fc.capability_id = ").push_bind(capability.0);
        }
        if let Some(category) = filter.category {
            sql.push(" AND cap.category_id = ").push_bind(category.0);
        }
        if let Some(level) = filter.level {
            let levels: Vec<&str> = level.at_least().into_iter().map(|l| l.as_db()).collect();
            sql.push(" AND fc.level = ANY(").push_bind(levels).push(")");
        }
        if filter.verified_only {
            sql.push(" AND fc.verified_at IS NOT NULL");
        }
        if let Some(certificate) = filter.certificate {
            sql.push(
                " AND EXISTS (SELECT 1 FROM capability_certificates cc
                   WHERE cc.firm_capability_id = fc.id AND cc.expires_on >= ",
            )
            .push_bind(today)
            .push(" AND cc.kind = ")
            .push_bind(certificate.as_db())
            .push(")");
        }
        sql.push(")");
    }
}

struct EntryRow {
    id: i64,
    name: String,
    name_en: Option<String>,
    kind: String,
    staff_size: Option<i32>,
    summary: String,
    city_zh: String,
    city_en: String,
    verified_count: i64,
}

struct TagRow {
    firm_id: i64,
    name_zh: String,
    name_en: String,
    verified: bool,
    valid_certificates: i64,
}

/// A search's matches as the materialized CTE `m` (id and the sort keys), for the page and
/// the export alike. Built at run time: only the filters the reader set become conditions, so
/// the planner sees no `$n IS NULL OR ...` branches (the one kind of statement not checked
/// against the `.sqlx` cache).
fn matches(filter: &DirectoryFilter, today: NaiveDate) -> QueryBuilder<'static, Postgres> {
    let mut sql = QueryBuilder::<Postgres>::new(
        "WITH m AS MATERIALIZED (SELECT f.id, f.name_sort_key, f.verified_capabilities,
                                        f.updated_at, f.staff_size FROM firms f",
    );
    push_conditions(&mut sql, filter, today);
    sql.push(")");
    sql
}

/// The order of a search's matches (`m`): the page's and the export's.
fn order_by(sort: DirectorySort) -> &'static str {
    match sort {
        DirectorySort::Name => " ORDER BY name_sort_key, id",
        DirectorySort::Verified => " ORDER BY verified_capabilities DESC, name_sort_key, id",
        DirectorySort::Updated => " ORDER BY updated_at DESC, id",
        DirectorySort::Staff => " ORDER BY staff_size DESC NULLS LAST, name_sort_key, id",
    }
}

/// One page of the directory and the number of firms found. `today` is the Beijing date: a
/// certificate that expired before it does not count.
pub async fn search(
    conn: &mut PgConnection,
    filter: &DirectoryFilter,
    today: NaiveDate,
) -> Result<DirectoryPage, sqlx::Error> {
    // One statement gives the page and the total: the matches are read once into a
    // materialized CTE, counted, and the page is a top-N sort of them (a window count would
    // sort every match in full, and a second statement would read them all again). Past the
    // last page it gives no row, and the total is counted on its own.
    let mut page = matches(filter, today);
    page.push(" SELECT id, (SELECT count(*) FROM m) AS total FROM m");
    page.push(order_by(filter.sort));
    page.push(" LIMIT ")
        .push_bind(PAGE_SIZE)
        .push(" OFFSET ")
        .push_bind(filter.offset());
    let found: Vec<(i64, i64)> = page.build_query_as().fetch_all(&mut *conn).await?;
    let total = match found.first() {
        Some((_, total)) => *total,
        None => {
            let mut count = QueryBuilder::<Postgres>::new("SELECT count(*) FROM firms f");
            push_conditions(&mut count, filter, today);
            count.build_query_scalar().fetch_one(&mut *conn).await?
        }
    };
    let ids: Vec<i64> = found.into_iter().map(|(id, _)| id).collect();

    let rows = sqlx::query_as!(
        EntryRow,
        r#"SELECT f.id, f.name, f.name_en, f.kind, f.staff_size,
                left(f.description, 140) AS "summary!",
                c.name_zh AS city_zh, c.name_en AS city_en,
                f.verified_capabilities::bigint AS "verified_count!"
         FROM unnest($1::bigint[]) WITH ORDINALITY AS p(id, n)
         JOIN firms f ON f.id = p.id JOIN cities c ON c.code = f.city_code
         ORDER BY p.n"#,
        &ids
    )
    .fetch_all(&mut *conn)
    .await?;
    let tags = sqlx::query_as!(
        TagRow,
        r#"SELECT fc.firm_id, cap.name_zh, cap.name_en, fc.verified_at IS NOT NULL AS "verified!",
                (SELECT count(*) FROM capability_certificates cc
                  WHERE cc.firm_capability_id = fc.id AND cc.expires_on >= $2)
                  AS "valid_certificates!"
         FROM firm_capabilities fc
         JOIN capabilities cap ON cap.id = fc.capability_id
         JOIN capability_categories cat ON cat.id = cap.category_id
         WHERE fc.firm_id = ANY($1)
         ORDER BY fc.firm_id, (fc.verified_at IS NOT NULL) DESC, cat.position, cap.position"#,
        &ids,
        today as _
    )
    .fetch_all(&mut *conn)
    .await?;

    let entries = rows
        .into_iter()
        .map(|row| {
            let capabilities = tags
                .iter()
                .filter(|t| t.firm_id == row.id)
                .map(|t| CapabilityTag {
                    name: Bilingual {
                        zh: t.name_zh.clone(),
                        en: t.name_en.clone(),
                    },
                    rung: TrustRung::of(
                        t.verified,
                        usize::try_from(t.valid_certificates).unwrap_or(0),
                    ),
                })
                .collect();
            Ok(DirectoryEntry {
                id: row.id,
                name: row.name,
                name_en: row.name_en,
                kind: FirmKind::from_db(&row.kind)
                    .map_err(|e| RowError::new("firms.kind", e).into_sqlx())?,
                city: Bilingual {
                    zh: row.city_zh,
                    en: row.city_en,
                },
                summary: row.summary,
                staff_size: row.staff_size,
                verified_count: row.verified_count,
                capabilities,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(DirectoryPage {
        entries,
        total,
        page: filter.page,
        page_count: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        narrowed: filter.is_narrowed(),
        may_export: false,
        may_import: false,
    })
}

struct RecordRow {
    id: i64,
    name: String,
    name_en: Option<String>,
    credit_code: String,
    city_zh: String,
    city_en: String,
    kind: String,
    description: String,
    founded_year: Option<i16>,
    staff_size: Option<i32>,
    website: Option<String>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    contact_email: Option<String>,
}

struct EntryRecordRow {
    firm_id: i64,
    name_zh: String,
    name_en: String,
    level: String,
    monthly_capacity: i32,
    lead_time_days: i32,
}

/// Every firm a search finds (at most `limit`, in the search's order), whole, for the export.
pub async fn export(
    conn: &mut PgConnection,
    filter: &DirectoryFilter,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<FirmRecord>, sqlx::Error> {
    let mut found = matches(filter, today);
    found.push(" SELECT id FROM m");
    found.push(order_by(filter.sort));
    found.push(" LIMIT ").push_bind(limit);
    let ids: Vec<i64> = found.build_query_scalar().fetch_all(&mut *conn).await?;
    let rows = sqlx::query_as!(
        RecordRow,
        "SELECT f.id, f.name, f.name_en, f.credit_code, c.name_zh AS city_zh,
                c.name_en AS city_en, f.kind, f.description, f.founded_year, f.staff_size,
                f.website, f.contact_name, f.contact_phone, f.contact_email
         FROM unnest($1::bigint[]) WITH ORDINALITY AS p(id, n)
         JOIN firms f ON f.id = p.id JOIN cities c ON c.code = f.city_code
         ORDER BY p.n",
        &ids
    )
    .fetch_all(&mut *conn)
    .await?;
    let entries = sqlx::query_as!(
        EntryRecordRow,
        "SELECT fc.firm_id, cap.name_zh, cap.name_en, fc.level, fc.monthly_capacity,
                fc.lead_time_days
         FROM firm_capabilities fc
         JOIN capabilities cap ON cap.id = fc.capability_id
         JOIN capability_categories cat ON cat.id = cap.category_id
         WHERE fc.firm_id = ANY($1)
         ORDER BY fc.firm_id, cat.position, cap.position",
        &ids
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut by_firm: std::collections::HashMap<i64, Vec<CapabilityRecord>> =
        std::collections::HashMap::new();
    for entry in entries {
        by_firm
            .entry(entry.firm_id)
            .or_default()
            .push(CapabilityRecord {
                name: Bilingual {
                    zh: entry.name_zh,
                    en: entry.name_en,
                },
                level: ProductionLevel::from_db(&entry.level)
                    .map_err(|e| RowError::new("firm_capabilities.level", e).into_sqlx())?,
                monthly_capacity: entry.monthly_capacity,
                lead_time_days: entry.lead_time_days,
            });
    }
    rows.into_iter()
        .map(|row| {
            Ok(FirmRecord {
                capabilities: by_firm.remove(&row.id).unwrap_or_default(),
                name: row.name,
                name_en: row.name_en,
                credit_code: row.credit_code,
                city: Bilingual {
                    zh: row.city_zh,
                    en: row.city_en,
                },
                kind: FirmKind::from_db(&row.kind)
                    .map_err(|e| RowError::new("firms.kind", e).into_sqlx())?,
                description: row.description,
                founded_year: row.founded_year,
                staff_size: row.staff_size,
                website: row.website,
                contact_name: row.contact_name,
                contact_phone: row.contact_phone,
                contact_email: row.contact_email,
            })
        })
        .collect()
}
