//! Spreadsheets out: a directory search and a project list as CSV files for Excel and WPS, for
//! the bureaus and the admin only (contact details in bulk are personal data), each download
//! recorded in the audit trail. The files are headed in the reader's language; see
//! `domain::spreadsheet` for what makes them open cleanly.

// One argument per URL parameter.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, Streaming};

use crate::domain::directory::DirectoryParams;
use crate::domain::project::ProjectParams;
use crate::errors::AppError;

/// The most rows one export holds; a larger search is narrowed first.
pub const MAX_EXPORT_ROWS: i64 = 20_000;

/// The firms a directory search finds (every page of it), one row each, in the columns the
/// import reads: an export can be imported elsewhere as it is.
#[server(prefix = "/api", endpoint = "export_firms", input = GetUrl, output = Streaming)]
pub async fn export_firms(
    #[server(flatten)] params: DirectoryParams,
) -> Result<ByteStream<AppError>, AppError> {
    use crate::api::ssr::{Context, begin, beijing_today, request_lang, require_viewer};
    use crate::domain::directory::DirectoryFilter;
    use crate::domain::firm_import::Column;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        // Every page of the search.
        let params = DirectoryParams {
            page: String::new(),
            ..params
        };
        let filter = DirectoryFilter::parse(&params);
        ssr::allowed(&viewer, "export_firms").await?;
        let lang = request_lang();
        let mut tx = begin("export_firms: begin").await?;
        let firms = crate::db::firms::directory::export(
            &mut tx,
            &filter,
            beijing_today(),
            MAX_EXPORT_ROWS + 1,
        )
        .await
        .context("export_firms: query")?;
        ssr::within_limit(firms.len())?;
        let header: Vec<&str> = Column::ALL.iter().map(|c| c.header(lang)).collect();
        let rows: Vec<Vec<String>> = firms
            .iter()
            .map(|f| crate::domain::spreadsheet::firm_cells(f, lang))
            .collect();
        ssr::record(&mut tx, &viewer, "firms_exported", &params, rows.len()).await?;
        tx.commit().await.context("export_firms: commit")?;
        let bytes = crate::domain::spreadsheet::write(&header, &rows)
            .map_err(|e| AppError::internal("export_firms: write", &e))?;
        let name = match lang {
            crate::domain::Lang::Zh => "企业名录.csv",
            crate::domain::Lang::En => "firms.csv",
        };
        Ok(ssr::attachment(name, bytes)?)
    })
    .await
}

/// The projects a list finds (every page of it), one row each.
#[server(prefix = "/api", endpoint = "export_projects", input = GetUrl, output = Streaming)]
pub async fn export_projects(
    #[server(flatten)] params: ProjectParams,
) -> Result<ByteStream<AppError>, AppError> {
    use crate::api::ssr::{Context, begin, request_lang, require_viewer};
    use crate::domain::access::project_scope;
    use crate::domain::project::{ProjectQuery, format_wan};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        // Every page of the list.
        let params = ProjectParams {
            page: String::new(),
            ..params
        };
        let query = ProjectQuery::parse(&params);
        ssr::allowed(&viewer, "export_projects").await?;
        let scope = project_scope(Some(&viewer.actor));
        let lang = request_lang();
        let mut tx = begin("export_projects: begin").await?;
        let ids = crate::db::projects::export_ids(&mut tx, &scope, &query, MAX_EXPORT_ROWS + 1)
            .await
            .context("export_projects: query")?;
        ssr::within_limit(ids.len())?;
        let cards = crate::db::projects::cards(&mut tx, &ids, true)
            .await
            .context("export_projects: cards")?;
        let words = ssr::ProjectWords::of(lang);
        let rows: Vec<Vec<String>> = cards
            .iter()
            .map(|card| {
                vec![
                    card.title.clone(),
                    card.city.get(lang).to_owned(),
                    card.segment.get(lang).to_owned(),
                    words.stage(card.stage),
                    words.status(card.status),
                    card.budget.map(format_wan).unwrap_or_default(),
                    card.capabilities
                        .iter()
                        .map(|c| c.get(lang).to_owned())
                        .collect::<Vec<_>>()
                        .join(words.separator),
                    card.summary.clone(),
                    card.updated_on.clone(),
                ]
            })
            .collect();
        ssr::record(&mut tx, &viewer, "projects_exported", &params, rows.len()).await?;
        tx.commit().await.context("export_projects: commit")?;
        let bytes = crate::domain::spreadsheet::write(&words.header, &rows)
            .map_err(|e| AppError::internal("export_projects: write", &e))?;
        let name = match lang {
            crate::domain::Lang::Zh => "项目列表.csv",
            crate::domain::Lang::En => "projects.csv",
        };
        Ok(ssr::attachment(name, bytes)?)
    })
    .await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use axum::http::{HeaderValue, header};
    use leptos::server_fn::codec::ByteStream;
    use sqlx::PgConnection;

    use crate::api::ssr::{audit_of, refuse};
    use crate::auth::Viewer;

    use crate::domain::Lang;
    use crate::domain::access::{Action, allows};
    use crate::domain::project::{ProjectStatus, ResearchStage};
    use crate::errors::AppError;
    use crate::i18n::{Locale, td_string};

    pub async fn allowed(viewer: &Viewer, action: &str) -> Result<(), crate::api::ssr::Failure> {
        if allows(Some(&viewer.actor), &Action::ExportSpreadsheet) {
            Ok(())
        } else {
            Err(refuse(viewer, action, "export", None))
        }
    }

    pub fn within_limit(rows: usize) -> Result<(), AppError> {
        if i64::try_from(rows).unwrap_or(i64::MAX) > super::MAX_EXPORT_ROWS {
            Err(AppError::conflict("export_too_large"))
        } else {
            Ok(())
        }
    }

    /// The audit row of a download: who took which search, and how many rows.
    pub async fn record(
        conn: &mut PgConnection,
        viewer: &Viewer,
        action: &'static str,
        params: &impl serde::Serialize,
        rows: usize,
    ) -> Result<(), AppError> {
        audit_of(viewer, action, "export", None)
            .after(serde_json::json!({ "search": params, "rows": rows }))
            .write(conn)
            .await
    }

    /// The bytes as a CSV download named `name`.
    pub fn attachment(name: &str, bytes: Vec<u8>) -> Result<ByteStream<AppError>, AppError> {
        download(name, "text/csv; charset=utf-8", bytes)
    }

    /// The bytes as a download of `media_type` named `name` (RFC 6266: an ASCII fallback with
    /// the name's extension, and the UTF-8 name), never stored by a cache.
    pub fn download(
        name: &str,
        media_type: &str,
        bytes: Vec<u8>,
    ) -> Result<ByteStream<AppError>, AppError> {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            // A browser following a link sends `Accept: text/html` and a referrer, which
            // leptos_axum takes for a plain form post and answers with a redirect back; the file
            // is the answer.
            options.set_status(axum::http::StatusCode::OK);
            if let Ok(value) = HeaderValue::from_str(media_type) {
                options.insert_header(header::CONTENT_TYPE, value);
            }
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let extension = name
                .rsplit_once('.')
                .map(|(_, ext)| ext)
                .filter(|ext| ext.bytes().all(|b| b.is_ascii_alphanumeric()))
                .unwrap_or("bin");
            let disposition = format!(
                "attachment; filename=\"download.{extension}\"; filename*=UTF-8''{encoded}"
            );
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                options.insert_header(header::CONTENT_DISPOSITION, value);
            }
            options.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        Ok(ByteStream::from(tokio_stream_once(bytes)))
    }

    fn tokio_stream_once(
        bytes: Vec<u8>,
    ) -> impl futures::Stream<Item = axum::body::Bytes> + Send + 'static {
        futures::stream::once(std::future::ready(axum::body::Bytes::from(bytes)))
    }

    /// The project export's words in one language.
    pub struct ProjectWords {
        pub locale: Locale,
        pub header: Vec<&'static str>,
        pub separator: &'static str,
    }

    impl ProjectWords {
        pub fn of(lang: Lang) -> Self {
            let locale = match lang {
                Lang::Zh => Locale::zh_CN,
                Lang::En => Locale::en,
            };
            let header = match lang {
                Lang::Zh => vec![
                    "项目名称",
                    "牵头城市",
                    "产业链环节",
                    "研发阶段",
                    "状态",
                    "预算（万元）",
                    "所需能力",
                    "摘要",
                    "更新时间",
                ],
                Lang::En => vec![
                    "Title",
                    "Lead city",
                    "Chain segment",
                    "Stage",
                    "Status",
                    "Budget (10,000 yuan)",
                    "Capabilities needed",
                    "Summary",
                    "Updated",
                ],
            };
            Self {
                locale,
                header,
                separator: if lang == Lang::Zh { "；" } else { "; " },
            }
        }

        pub fn stage(&self, stage: ResearchStage) -> String {
            let l = self.locale;
            match stage {
                ResearchStage::Achievement => td_string!(l, stage_achievement).to_string(),
                ResearchStage::Incubation => td_string!(l, stage_incubation).to_string(),
                ResearchStage::Maturation => td_string!(l, stage_maturation).to_string(),
                ResearchStage::Expansion => td_string!(l, stage_expansion).to_string(),
            }
        }

        pub fn status(&self, status: ProjectStatus) -> String {
            let l = self.locale;
            match status {
                ProjectStatus::Draft => td_string!(l, status_draft).to_string(),
                ProjectStatus::Open => td_string!(l, status_open).to_string(),
                ProjectStatus::InExecution => td_string!(l, status_in_execution).to_string(),
                ProjectStatus::Completed => td_string!(l, status_completed).to_string(),
                ProjectStatus::Cancelled => td_string!(l, status_cancelled).to_string(),
            }
        }
    }
}
