//! The directory of approved firms, for the alliance's members.

// One argument per URL parameter.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::api::accounts::PlaceName;
use crate::domain::firm::{FirmKind, TrustRung};
use crate::errors::AppError;

/// A capability as a result lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapabilityTag {
    pub name: PlaceName,
    pub rung: TrustRung,
}

/// One firm in the results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub id: i64,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: FirmKind,
    pub city: PlaceName,
    /// The start of the description.
    pub summary: String,
    pub staff_size: Option<i32>,
    pub verified_count: i64,
    pub capabilities: Vec<CapabilityTag>,
}

/// One page of results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryPage {
    pub entries: Vec<DirectoryEntry>,
    /// Firms found in all.
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
    /// Whether anything narrowed the search (an empty result then says what to loosen).
    pub narrowed: bool,
    /// Whether the viewer may download the search (the server decides again on the call).
    pub may_export: bool,
    /// Whether the viewer may import firms.
    pub may_import: bool,
}

/// Searches the approved firms: for officials, the admin and representatives of approved
/// firms. Every parameter is optional and an unknown value is ignored (see
/// `domain::directory`), so a shared link never fails.
#[server(prefix = "/api", endpoint = "search_firms", input = GetUrl)]
pub async fn search_firms(
    #[server(default)] q: String,
    #[server(default)] city: String,
    #[server(default)] category: String,
    #[server(default)] capability: String,
    #[server(default)] level: String,
    #[server(default)] kind: String,
    #[server(default)] verified: String,
    #[server(default)] certificate: String,
    #[server(default)] sort: String,
    #[server(default)] page: String,
) -> Result<DirectoryPage, AppError> {
    use crate::api::ssr::{beijing_today, db_error, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};
    use crate::domain::directory::{DirectoryFilter, DirectoryParams};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let filter = DirectoryFilter::parse(&DirectoryParams {
                q,
                city,
                category,
                capability,
                level,
                kind,
                verified,
                certificate,
                sort,
                page,
            });
            if !allows(Some(&viewer.actor), &Action::SearchDirectory) {
                return Err(refuse(&viewer, "search_firms", "firm", None).await);
            }
            let mut conn = pool()?
                .acquire()
                .await
                .map_err(db_error("search_firms: acquire"))?;
            let mut page = crate::db::firms::directory::search(&mut conn, &filter, beijing_today())
                .await
                .map_err(db_error("search_firms: query"))?;
            page.may_export = allows(Some(&viewer.actor), &Action::ExportSpreadsheet);
            page.may_import = allows(Some(&viewer.actor), &Action::ImportFirms);
            Ok(page)
        }
        .await,
    )
}
