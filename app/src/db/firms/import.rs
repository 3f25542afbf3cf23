//! Imports of firms from spreadsheets: the preview (every row with its problems) kept until its
//! importer confirms or discards it, and the import itself, in bulk.

use std::collections::{BTreeMap, HashMap};

use sqlx::PgConnection;

use crate::domain::account::UserId;
use crate::domain::city::CityCode;
use crate::domain::firm_import::{Column, RowProblem};
use crate::domain::search::{TERMS_VERSION, index_terms, sort_key};
use crate::domain::spreadsheet::{ImportedFirm, Sheet, SheetRow, TaxonomyEntry};
use crate::domain::taxonomy::CapabilityId;

/// The taxonomy's current entries, as an import may name them.
pub async fn taxonomy(conn: &mut PgConnection) -> Result<Vec<TaxonomyEntry>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT cap.id, cap.name_zh, cap.name_en FROM capabilities cap
         JOIN capability_categories cat ON cat.id = cap.category_id
         WHERE cap.retired_at IS NULL AND cat.retired_at IS NULL
         ORDER BY cat.position, cap.position"
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TaxonomyEntry {
            id: CapabilityId(r.id),
            zh: r.name_zh,
            en: r.name_en,
        })
        .collect())
}

/// Which of these credit codes approved firms hold, with the firms' names.
pub async fn registered(
    conn: &mut PgConnection,
    codes: &[String],
) -> Result<HashMap<String, String>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT credit_code, name FROM firms WHERE status = 'approved' AND credit_code = ANY($1)",
        codes
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.credit_code, r.name)).collect())
}

/// An import as its pages and steps need it.
#[derive(Clone, Debug)]
pub struct ImportHead {
    pub id: i64,
    pub created_by: i64,
    pub city_code: Option<String>,
    pub file_name: String,
    pub encoding: String,
    pub delimiter: String,
    pub unknown_columns: Vec<String>,
    pub status: String,
    pub row_count: i32,
    pub valid_count: i32,
    pub imported_count: Option<i32>,
}

pub async fn head(conn: &mut PgConnection, id: i64) -> Result<Option<ImportHead>, sqlx::Error> {
    // The same columns as `lock`: a checked statement is one literal.
    sqlx::query_as!(
        ImportHead,
        "SELECT id, created_by, city_code, file_name, encoding, delimiter, unknown_columns, status,
                row_count, valid_count, imported_count
         FROM firm_imports WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await
}

/// The import's row, locked for a step that finishes it. `NO KEY UPDATE`, so the progress
/// written beside it (whose key refers to it) is not held up.
pub async fn lock(conn: &mut PgConnection, id: i64) -> Result<Option<ImportHead>, sqlx::Error> {
    sqlx::query_as!(
        ImportHead,
        "SELECT id, created_by, city_code, file_name, encoding, delimiter, unknown_columns, status,
                row_count, valid_count, imported_count
         FROM firm_imports WHERE id = $1 FOR NO KEY UPDATE",
        id
    )
    .fetch_optional(conn)
    .await
}

fn cells_json(row: &SheetRow) -> serde_json::Value {
    serde_json::Value::Object(
        row.cells
            .iter()
            .map(|(column, cell)| (column.key().to_owned(), cell.clone().into()))
            .collect(),
    )
}

/// Stores a checked file as a preview; returns its id.
pub async fn insert_preview(
    conn: &mut PgConnection,
    created_by: UserId,
    city: Option<&CityCode>,
    file_name: &str,
    sheet: &Sheet,
    problems: &[Vec<RowProblem>],
) -> Result<i64, sqlx::Error> {
    let valid = problems.iter().filter(|p| p.is_empty()).count();
    let columns: Vec<String> = sheet.columns.iter().map(|c| c.key().to_owned()).collect();
    let id = sqlx::query_scalar!(
        "INSERT INTO firm_imports (created_by, city_code, file_name, encoding, delimiter, columns,
                unknown_columns, row_count, valid_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        created_by.0,
        city.map(CityCode::as_str),
        file_name,
        sheet.encoding.as_db(),
        sheet.delimiter.as_db(),
        &columns,
        &sheet.unknown_columns,
        i32::try_from(sheet.rows.len()).unwrap_or(i32::MAX),
        i32::try_from(valid).unwrap_or(i32::MAX)
    )
    .fetch_one(&mut *conn)
    .await?;
    let positions: Vec<i32> = (1..=i32::try_from(sheet.rows.len()).unwrap_or(i32::MAX)).collect();
    let lines: Vec<i32> = sheet.rows.iter().map(|r| r.line).collect();
    let cells: Vec<serde_json::Value> = sheet.rows.iter().map(cells_json).collect();
    let problems: Vec<serde_json::Value> = problems
        .iter()
        .map(|p| serde_json::to_value(p).unwrap_or_default())
        .collect();
    sqlx::query!(
        "INSERT INTO firm_import_rows (import_id, position, line, cells, problems)
         SELECT $1, t.position, t.line, t.cells, t.problems
         FROM unnest($2::int4[], $3::int4[], $4::jsonb[], $5::jsonb[])
              AS t(position, line, cells, problems)",
        id,
        &positions,
        &lines,
        &cells,
        &problems
    )
    .execute(conn)
    .await?;
    Ok(id)
}

/// One stored row.
#[derive(Clone, Debug)]
pub struct StoredRow {
    pub position: i32,
    pub row: SheetRow,
    pub problems: Vec<RowProblem>,
}

struct StoredRowRow {
    position: i32,
    line: i32,
    cells: serde_json::Value,
    problems: serde_json::Value,
}

impl StoredRowRow {
    fn into_row(self) -> StoredRow {
        let cells: BTreeMap<Column, String> = self
            .cells
            .as_object()
            .map(|map| {
                map.iter()
                    .filter_map(|(key, value)| {
                        Some((Column::from_key(key)?, value.as_str()?.to_owned()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        StoredRow {
            position: self.position,
            row: SheetRow {
                line: self.line,
                cells,
            },
            problems: serde_json::from_value(self.problems).unwrap_or_default(),
        }
    }
}

/// Rows of an import in the file's order: those with problems, or those without, at most
/// `limit`.
pub async fn rows(
    conn: &mut PgConnection,
    id: i64,
    with_problems: Option<bool>,
    limit: i64,
) -> Result<Vec<StoredRow>, sqlx::Error> {
    let rows = sqlx::query_as!(
        StoredRowRow,
        "SELECT position, line, cells, problems FROM firm_import_rows
         WHERE import_id = $1
           AND ($2::bool IS NULL OR (problems <> '[]'::jsonb) = $2)
         ORDER BY position LIMIT $3",
        id,
        with_problems,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(StoredRowRow::into_row).collect())
}

/// Stores the rows' problems as checked again (a confirmation found the world changed).
pub async fn update_problems(
    conn: &mut PgConnection,
    id: i64,
    problems: &[(i32, Vec<RowProblem>)],
) -> Result<(), sqlx::Error> {
    let positions: Vec<i32> = problems.iter().map(|(p, _)| *p).collect();
    let values: Vec<serde_json::Value> = problems
        .iter()
        .map(|(_, p)| serde_json::to_value(p).unwrap_or_default())
        .collect();
    sqlx::query!(
        "UPDATE firm_import_rows r SET problems = t.problems
         FROM unnest($2::int4[], $3::jsonb[]) AS t(position, problems)
         WHERE r.import_id = $1 AND r.position = t.position",
        id,
        &positions,
        &values
    )
    .execute(&mut *conn)
    .await?;
    let valid =
        i32::try_from(problems.iter().filter(|(_, p)| p.is_empty()).count()).unwrap_or(i32::MAX);
    sqlx::query!(
        "UPDATE firm_imports SET valid_count = $2 WHERE id = $1",
        id,
        valid
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts firms as approved members with their capabilities, self-declared; returns their ids
/// in the order given.
pub async fn insert_firms(
    conn: &mut PgConnection,
    firms: &[&ImportedFirm],
) -> Result<Vec<i64>, sqlx::Error> {
    let all = |f: fn(&ImportedFirm) -> String| firms.iter().map(|firm| f(firm)).collect::<Vec<_>>();
    // The optional columns' arrays hold NULLs for the blanks, which the macro's `&[String]`
    // cannot say: those arguments are checked by the database only (`as _`).
    let blanks = |f: fn(&ImportedFirm) -> Option<String>| {
        firms.iter().map(|firm| f(firm)).collect::<Vec<_>>()
    };
    let terms: Vec<String> = firms
        .iter()
        .map(|f| {
            index_terms([
                f.profile.name.as_str(),
                f.profile.name_en.as_deref().unwrap_or_default(),
                f.profile.description.as_str(),
            ])
            .join(" ")
        })
        .collect();
    let founded: Vec<Option<i16>> = firms.iter().map(|f| f.profile.founded_year).collect();
    let staff: Vec<Option<i32>> = firms.iter().map(|f| f.profile.staff_size).collect();
    let ids = sqlx::query!(
        "INSERT INTO firms (name, name_en, credit_code, city_code, kind, status, description,
                founded_year, staff_size, website, contact_name, contact_phone, contact_email,
                search_terms, search_terms_version, name_sort_key)
         SELECT t.name, t.name_en, t.credit_code, t.city_code, t.kind, 'approved', t.description,
                t.founded_year, t.staff_size, t.website, t.contact_name, t.contact_phone,
                t.contact_email, string_to_array(t.terms, ' '), $15, t.sort_key
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::int2[], $8::int4[], $9::text[], $10::text[], $11::text[], $12::text[],
                     $13::text[], $14::text[])
              AS t(name, name_en, credit_code, city_code, kind, description, founded_year,
                   staff_size, website, contact_name, contact_phone, contact_email, terms,
                   sort_key)
         RETURNING id, credit_code",
        &all(|f| f.profile.name.as_str().to_owned()),
        &blanks(|f| f.profile.name_en.clone()) as _,
        &all(|f| f.credit_code.as_str().to_owned()),
        &all(|f| f.city.as_str().to_owned()),
        &all(|f| f.profile.kind.as_db().to_owned()),
        &all(|f| f.profile.description.clone()),
        &founded as _,
        &staff as _,
        &blanks(|f| f.profile.website.clone()) as _,
        &blanks(|f| f.profile.contact_name.clone()) as _,
        &blanks(|f| f.profile.contact_phone.clone()) as _,
        &blanks(|f| f.profile.contact_email.clone()) as _,
        &terms,
        &all(|f| sort_key(f.profile.name.as_str())),
        TERMS_VERSION
    )
    .fetch_all(&mut *conn)
    .await?;
    // Codes are unique among approved firms, so each names its new id.
    let by_code: HashMap<String, i64> = ids.into_iter().map(|r| (r.credit_code, r.id)).collect();
    let firm_ids: Vec<i64> = firms
        .iter()
        .map(|f| {
            by_code
                .get(f.credit_code.as_str())
                .copied()
                .unwrap_or_default()
        })
        .collect();

    let mut entry_firm = Vec::new();
    let mut capability = Vec::new();
    let mut level = Vec::new();
    let mut capacity = Vec::new();
    let mut lead = Vec::new();
    for (firm, id) in firms.iter().zip(&firm_ids) {
        for (capability_id, figures) in &firm.capabilities {
            entry_firm.push(*id);
            capability.push(capability_id.0);
            level.push(figures.level.as_db().to_owned());
            capacity.push(figures.monthly_capacity);
            lead.push(figures.lead_time_days);
        }
    }
    sqlx::query!(
        "INSERT INTO firm_capabilities (firm_id, capability_id, level, monthly_capacity,
                lead_time_days)
         SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::int4[], $5::int4[])",
        &entry_firm,
        &capability,
        &level,
        &capacity,
        &lead
    )
    .execute(conn)
    .await?;
    Ok(firm_ids)
}

/// Records which firm each imported row became and closes the import.
pub async fn finish(
    conn: &mut PgConnection,
    id: i64,
    imported: &[(i32, i64)],
) -> Result<(), sqlx::Error> {
    let positions: Vec<i32> = imported.iter().map(|(p, _)| *p).collect();
    let firms: Vec<i64> = imported.iter().map(|(_, f)| *f).collect();
    sqlx::query!(
        "UPDATE firm_import_rows r SET firm_id = t.firm_id
         FROM unnest($2::int4[], $3::int8[]) AS t(position, firm_id)
         WHERE r.import_id = $1 AND r.position = t.position",
        id,
        &positions,
        &firms
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE firm_imports SET status = 'imported', imported_count = $2, finished_at = now()
         WHERE id = $1",
        id,
        i32::try_from(imported.len()).unwrap_or(i32::MAX)
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Closes a preview unimported and forgets its cells (contact details the user chose not to
/// import are not kept).
pub async fn discard(conn: &mut PgConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE firm_imports SET status = 'discarded', finished_at = now() WHERE id = $1",
        id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE firm_import_rows SET cells = '{}'::jsonb WHERE import_id = $1",
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes how far a confirmation has come (outside its transaction, on its own connection).
pub async fn set_progress(
    conn: &mut PgConnection,
    id: i64,
    done: i32,
    total: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO firm_import_progress (import_id, done, total) VALUES ($1, $2, $3)
         ON CONFLICT (import_id) DO UPDATE SET done = $2, total = $3, updated_at = now()",
        id,
        done,
        total
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear_progress(conn: &mut PgConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM firm_import_progress WHERE import_id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn progress(conn: &mut PgConnection, id: i64) -> Result<Option<(i32, i32)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT done, total FROM firm_import_progress WHERE import_id = $1",
        id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.done, r.total)))
}
