//! Importing firms from a spreadsheet: upload (checked at once and kept as a preview), the
//! preview, confirm (the valid rows, in one transaction) or discard; and the template.

use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming};

#[cfg(feature = "ssr")]
use crate::domain::firm_import::RowProblem;
use crate::errors::AppError;
use crate::views::imports::ImportPreview;
#[cfg(feature = "ssr")]
use crate::views::imports::ImportStatus;
#[cfg(feature = "ssr")]
use crate::views::imports::PreviewRow;

pub const SHOWN_PROBLEM_ROWS: i64 = 1000;
pub const SHOWN_VALID_ROWS: i64 = 50;

/// Reads an uploaded spreadsheet of firms (the form's `file` field), checks every row and
/// keeps the result as a preview; returns its id. Nothing is imported yet. A plain form (no
/// JavaScript) is sent on to the preview's page.
#[server(prefix = "/api", endpoint = "upload_firm_import", input = MultipartFormData)]
pub async fn upload_firm_import(data: MultipartData) -> Result<i64, AppError> {
    use crate::api::ssr::{Context, audit_of, is_plain_form, pool, refuse, require_viewer};

    use crate::domain::access::{Action, allows};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        if !allows(Some(&viewer.actor), &Action::ImportFirms) {
            return Err(refuse(&viewer, "upload_firm_import", "firm_import", None));
        }
        let (file_name, bytes) = ssr::read_upload(data).await?;
        let sheet = crate::domain::spreadsheet::read(&bytes)
            .map_err(|e| AppError::validation("file", e.code()))?;
        let scope = ssr::scope(&viewer)?;
        let pool = pool()?;
        let mut tx = pool.begin().await.context("upload_firm_import: begin")?;
        let problems: Vec<_> = ssr::check(&mut tx, &scope, &sheet.rows)
            .await?
            .into_iter()
            .map(|r| r.err().unwrap_or_default())
            .collect();
        let city = match &scope {
            crate::domain::access::ImportScope::City(city) => Some(city),
            crate::domain::access::ImportScope::Alliance => None,
        };
        let id = crate::db::firms::import::insert_preview(
            &mut tx,
            viewer.actor.user,
            city,
            &file_name,
            &sheet,
            &problems,
        )
        .await
        .context("upload_firm_import: insert")?;
        let valid = problems.iter().filter(|p| p.is_empty()).count();
        audit_of(
            &viewer,
            "firm_import_previewed",
            "firm_import",
            Some(id.to_string()),
        )
        .after(serde_json::json!({
            "file": file_name,
            "rows": sheet.rows.len(),
            "valid": valid,
            "encoding": sheet.encoding.as_db(),
            "delimiter": sheet.delimiter.as_db(),
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("upload_firm_import: commit")?;
        if is_plain_form() {
            leptos_axum::redirect(&format!("/firms/import/{id}"));
        }
        Ok(id)
    })
    .await
}

/// A preview with its rows' problems: for its uploader only.
#[server(prefix = "/api", endpoint = "get_firm_import", input = GetUrl)]
pub async fn get_firm_import(import_id: String) -> Result<ImportPreview, AppError> {
    use crate::api::ssr::{Context, parse_id, pool};
    use crate::db::firms::import as db;

    crate::api::ssr::answer(async {
        let id = parse_id(&import_id, "import_id")?;
        let mut conn = pool()?
            .acquire()
            .await
            .context("get_firm_import: acquire")?;
        let head = ssr::load(&mut conn, id, "get_firm_import", false).await?;
        let city = match &head.city_code {
            Some(code) => crate::db::cities::list_cities(&mut conn)
                .await
                .context("get_firm_import: cities")?
                .into_iter()
                .find(|c| c.code.as_str() == code)
                .map(|c| c.name),
            None => None,
        };
        let problem_rows = db::rows(&mut conn, id, Some(true), SHOWN_PROBLEM_ROWS)
            .await
            .context("get_firm_import: problem rows")?;
        let valid_rows = db::rows(&mut conn, id, Some(false), SHOWN_VALID_ROWS)
            .await
            .context("get_firm_import: valid rows")?;
        Ok(ImportPreview {
            id,
            status: ssr::status(&head.status),
            file_name: head.file_name,
            encoding: head.encoding,
            delimiter: head.delimiter,
            unknown_columns: head.unknown_columns,
            row_count: head.row_count,
            valid_count: head.valid_count,
            imported_count: head.imported_count,
            city,
            problem_rows: problem_rows.into_iter().map(ssr::shown).collect(),
            valid_rows: valid_rows.into_iter().map(ssr::shown).collect(),
        })
    })
    .await
}

/// Imports a preview's valid rows: every firm approved (for the official's city), every
/// capability self-declared, in one transaction with one audit entry listing them. The rows
/// are checked again first; when any row's verdict changed meanwhile (a firm with its code was
/// approved, a capability retired), the preview is updated and nothing is imported (409
/// `import_changed`). Returns how many firms were imported.
#[server(prefix = "/api", endpoint = "confirm_firm_import")]
pub async fn confirm_firm_import(
    import_id: String,
    #[server(flatten)] _unknown: crate::api::NoUnknownFields,
) -> Result<i32, AppError> {
    use crate::api::ssr::{Context, audit_of, parse_id, pool, require_viewer};

    use crate::db::firms::import as db;
    use crate::domain::firm_import::Column;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let id = parse_id(&import_id, "import_id")?;
        let pool = pool()?;
        let mut tx = pool.begin().await.context("confirm_firm_import: begin")?;
        let head = ssr::load(&mut tx, id, "confirm_firm_import", true).await?;
        if head.status != "preview" {
            return Err(AppError::conflict("import_finished").into());
        }
        // The scope the preview was checked in: the city it was uploaded for.
        let scope = match &head.city_code {
            Some(code) => crate::domain::access::ImportScope::City(
                crate::domain::city::CityCode::parse(code)
                    .map_err(|e| AppError::internal("confirm_firm_import: city", &e))?,
            ),
            None => crate::domain::access::ImportScope::Alliance,
        };
        let stored = db::rows(&mut tx, id, None, i64::MAX)
            .await
            .context("confirm_firm_import: rows")?;
        let sheet_rows: Vec<_> = stored.iter().map(|s| s.row.clone()).collect();
        let checked = ssr::check(&mut tx, &scope, &sheet_rows).await?;
        // A changed verdict (or problem) of any row; a renamed suggestion is no change.
        let verdict = |problems: &[RowProblem]| -> Vec<(Column, String)> {
            problems
                .iter()
                .map(|p| (p.column, p.code.clone()))
                .collect()
        };
        let changed = stored.iter().zip(&checked).any(|(s, now)| match now {
            Ok(_) => !s.problems.is_empty(),
            Err(problems) => verdict(problems) != verdict(&s.problems),
        });
        if changed {
            let problems: Vec<_> = stored
                .iter()
                .zip(&checked)
                .map(|(s, now)| (s.position, now.as_ref().err().cloned().unwrap_or_default()))
                .collect();
            db::update_problems(&mut tx, id, &problems)
                .await
                .context("confirm_firm_import: update problems")?;
            tx.commit()
                .await
                .context("confirm_firm_import: commit problems")?;
            return Err(AppError::conflict("import_changed").into());
        }
        let valid: Vec<(i32, &crate::domain::spreadsheet::ImportedFirm)> = stored
            .iter()
            .zip(&checked)
            .filter_map(|(s, c)| c.as_ref().ok().map(|firm| (s.position, firm)))
            .collect();
        if valid.is_empty() {
            return Err(AppError::conflict("import_empty").into());
        }
        let total = i32::try_from(valid.len()).unwrap_or(i32::MAX);
        // Progress is a courtesy, written on a second connection when one is free at once
        // (waiting for one while holding the import's lock could starve the pool).
        let mut progress = pool.try_acquire();
        let outcome = async {
            let mut imported: Vec<(i32, i64)> = Vec::with_capacity(valid.len());
            ssr::report(progress.as_deref_mut(), id, 0, total).await;
            for chunk in valid.chunks(ssr::CHUNK) {
                let firms: Vec<_> = chunk.iter().map(|(_, f)| *f).collect();
                let ids = db::insert_firms(&mut tx, &firms)
                    .await
                    .map_err(ssr::insert_error)?;
                imported.extend(chunk.iter().map(|(p, _)| *p).zip(ids));
                let done = i32::try_from(imported.len()).unwrap_or(i32::MAX);
                ssr::report(progress.as_deref_mut(), id, done, total).await;
            }
            db::finish(&mut tx, id, &imported)
                .await
                .context("confirm_firm_import: finish")?;
            let created: Vec<serde_json::Value> = valid
                .iter()
                .zip(&imported)
                .map(|((_, firm), (_, firm_id))| {
                    serde_json::json!({
                        "id": firm_id,
                        "name": firm.profile.name.as_str(),
                        "credit_code": firm.credit_code.as_str(),
                        "city": firm.city.as_str(),
                        "capabilities": firm.capabilities.len(),
                    })
                })
                .collect();
            audit_of(
                &viewer,
                "firms_imported",
                "firm_import",
                Some(id.to_string()),
            )
            .after(serde_json::json!({
                "file": head.file_name,
                "skipped_rows": head.row_count - total,
                "created": created,
            }))
            .write(&mut tx)
            .await?;
            tx.commit().await.context("confirm_firm_import: commit")?;
            Ok::<_, crate::api::ssr::Failure>(())
        }
        .await;
        // The progress goes with the attempt, however it ended (a failed one imported
        // nothing), once its transaction is over: on any connection, not only the courtesy one.
        drop(progress);
        let cleared = match pool.acquire().await {
            Ok(mut conn) => db::clear_progress(&mut conn, id).await,
            Err(err) => Err(err),
        };
        if let Err(err) = cleared {
            tracing::warn!(error = %err, "confirm_firm_import: progress not cleared");
        }
        outcome?;
        Ok(total)
    })
    .await
}

/// Drops a preview without importing anything.
#[server(prefix = "/api", endpoint = "discard_firm_import")]
pub async fn discard_firm_import(
    import_id: String,
    #[server(flatten)] _unknown: crate::api::NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, require_viewer};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let id = parse_id(&import_id, "import_id")?;
        let mut tx = begin("discard_firm_import: begin").await?;
        let head = ssr::load(&mut tx, id, "discard_firm_import", true).await?;
        if head.status != "preview" {
            return Err(AppError::conflict("import_finished").into());
        }
        crate::db::firms::import::discard(&mut tx, id)
            .await
            .context("discard_firm_import: update")?;
        audit_of(
            &viewer,
            "firm_import_discarded",
            "firm_import",
            Some(id.to_string()),
        )
        .write(&mut tx)
        .await?;
        tx.commit().await.context("discard_firm_import: commit")?;
        Ok(())
    })
    .await
}

/// How far a running confirmation has come: (firms imported, firms to import); none when no
/// confirmation runs.
#[server(prefix = "/api", endpoint = "firm_import_progress", input = GetUrl)]
pub async fn firm_import_progress(import_id: String) -> Result<Option<(i32, i32)>, AppError> {
    use crate::api::ssr::{Context, parse_id, pool};

    crate::api::ssr::answer(async {
        let id = parse_id(&import_id, "import_id")?;
        let mut conn = pool()?
            .acquire()
            .await
            .context("firm_import_progress: acquire")?;
        ssr::load(&mut conn, id, "firm_import_progress", false).await?;
        Ok(crate::db::firms::import::progress(&mut conn, id)
            .await
            .context("firm_import_progress: query")?)
    })
    .await
}

/// The empty spreadsheet to fill in, headed in the reader's language (`lang` = `zh-CN` or
/// `en`; the page's language otherwise).
#[server(prefix = "/api", endpoint = "firm_import_template", input = GetUrl, output = Streaming)]
pub async fn firm_import_template(
    #[server(default)] lang: String,
) -> Result<ByteStream<AppError>, AppError> {
    use crate::api::ssr::{refuse, request_lang, require_viewer};
    use crate::domain::access::{Action, allows};
    use crate::domain::firm_import::Column;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        if !allows(Some(&viewer.actor), &Action::ImportFirms) {
            return Err(refuse(&viewer, "firm_import_template", "firm_import", None));
        }
        let lang = crate::domain::Lang::from_tag(&lang).unwrap_or_else(request_lang);
        let header: Vec<&str> = Column::ALL.iter().map(|c| c.header(lang)).collect();
        let bytes = crate::domain::spreadsheet::write(&header, &[])
            .map_err(|e| AppError::internal("firm_import_template: write", &e))?;
        let name = match lang {
            crate::domain::Lang::Zh => "企业导入模板.csv",
            crate::domain::Lang::En => "firm-import-template.csv",
        };
        Ok(crate::api::exports::ssr::attachment(name, bytes)?)
    })
    .await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use sqlx::PgConnection;

    use super::{ImportStatus, PreviewRow};
    use crate::api::ssr::{Context, refuse_action, require_viewer};
    use crate::auth::Viewer;
    use crate::db::firms::import::{self as db, ImportHead, StoredRow};
    use crate::domain::access::{Action, ImportScope, allows, import_scope};
    use crate::domain::credit_code::CreditCode;
    use crate::domain::firm_import::RowProblem;
    use crate::domain::firm_import::{Column, MAX_UPLOAD_BYTES};
    use crate::domain::spreadsheet::{ImportedFirm, Reference, SheetRow, check_rows};
    use crate::errors::AppError;

    /// Firms written per statement (progress is reported after each).
    pub const CHUNK: usize = 500;

    /// The uploaded file's name and bytes, refused past [`MAX_UPLOAD_BYTES`] (the rest of a
    /// larger body is read and dropped, so the browser gets the answer, not a reset).
    pub async fn read_upload(
        data: leptos::server_fn::codec::MultipartData,
    ) -> Result<(String, Vec<u8>), AppError> {
        let malformed = || AppError::validation("file", "file_malformed");
        let mut multipart = data.into_inner().ok_or_else(malformed)?;
        let mut found: Option<(String, Vec<u8>)> = None;
        let mut too_large = false;
        while let Some(mut field) = multipart.next_field().await.map_err(|_| malformed())? {
            if field.name() != Some("file") {
                continue;
            }
            let name = field
                .file_name()
                .map(|n| n.chars().take(300).collect::<String>())
                .unwrap_or_default();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| malformed())? {
                if too_large || bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                    too_large = true;
                    bytes.clear();
                    continue;
                }
                bytes.extend_from_slice(&chunk);
            }
            found = Some((name, bytes));
        }
        if too_large {
            return Err(AppError::validation("file", "file_too_large"));
        }
        match found {
            Some((_, bytes)) if bytes.is_empty() => Err(AppError::validation("file", "required")),
            Some(found) => Ok(found),
            None => Err(AppError::validation("file", "required")),
        }
    }

    pub fn scope(viewer: &Viewer) -> Result<ImportScope, AppError> {
        import_scope(&viewer.actor).ok_or(AppError::Forbidden)
    }

    /// Checks rows against the cities, the taxonomy and the approved firms as they are now.
    pub async fn check(
        conn: &mut PgConnection,
        scope: &ImportScope,
        rows: &[SheetRow],
    ) -> Result<Vec<Result<ImportedFirm, Vec<RowProblem>>>, AppError> {
        let cities = crate::db::cities::list_cities(conn)
            .await
            .context("import check: cities")?;
        let capabilities = db::taxonomy(conn).await.context("import check: taxonomy")?;
        let codes: Vec<String> = rows
            .iter()
            .filter_map(|r| CreditCode::parse(r.cell(Column::CreditCode)).ok())
            .map(|c| c.as_str().to_owned())
            .collect();
        let registered = db::registered(conn, &codes)
            .await
            .context("import check: registered")?;
        let importer_city = match scope {
            ImportScope::City(city) => Some(city),
            ImportScope::Alliance => None,
        };
        let this_year = i16::try_from(chrono::Datelike::year(&crate::api::ssr::beijing_today()))
            .unwrap_or(i16::MAX);
        Ok(check_rows(
            rows,
            &Reference {
                importer_city,
                cities: &cities,
                capabilities: &capabilities,
                registered: &registered,
                this_year,
            },
        ))
    }

    /// Loads an import (locked for a step that changes it) and asks the policy: not found, or
    /// refused unless the viewer uploaded it.
    pub async fn load(
        conn: &mut PgConnection,
        id: i64,
        action: &str,
        for_update: bool,
    ) -> Result<ImportHead, crate::api::ssr::Failure> {
        let viewer = require_viewer()?;
        let head = if for_update {
            db::lock(conn, id).await
        } else {
            db::head(conn, id).await
        }
        .context("firm import: load")?
        .ok_or(AppError::NotFound)?;
        let uploaded_by = crate::domain::account::UserId(head.created_by);
        let use_import = Action::UseImport { uploaded_by };
        if !allows(Some(&viewer.actor), &use_import) {
            let id = Some(id.to_string());
            return Err(refuse_action(
                &use_import,
                &viewer,
                action,
                "firm_import",
                id,
            ));
        }
        Ok(head)
    }

    pub fn status(raw: &str) -> ImportStatus {
        match raw {
            "imported" => ImportStatus::Imported,
            "discarded" => ImportStatus::Discarded,
            _ => ImportStatus::Preview,
        }
    }

    pub fn shown(stored: StoredRow) -> PreviewRow {
        let cell = |c: Column| stored.row.cell(c).to_owned();
        PreviewRow {
            line: stored.row.line,
            name: cell(Column::Name),
            credit_code: cell(Column::CreditCode),
            city: cell(Column::City),
            capabilities: cell(Column::Capabilities),
            problems: stored.problems,
        }
    }

    /// Writes how far the import has come, when a connection for it was free.
    pub async fn report(conn: Option<&mut PgConnection>, id: i64, done: i32, total: i32) {
        if let Some(conn) = conn
            && let Err(err) = db::set_progress(conn, id, done, total).await
        {
            tracing::warn!(error = %err, "confirm_firm_import: progress not written");
        }
    }

    /// A firm approved meanwhile with a code the import holds: the import is refused whole.
    pub fn insert_error(err: sqlx::Error) -> AppError {
        if let sqlx::Error::Database(db) = &err
            && db.constraint() == Some("firms_approved_credit_code_key")
        {
            return AppError::conflict("import_changed");
        }
        AppError::internal("confirm_firm_import: insert", &err)
    }
}
