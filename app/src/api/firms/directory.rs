//! The directory of approved firms, for the alliance's members.

// One argument per URL parameter.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::directory::DirectoryParams;
use crate::errors::AppError;
use crate::views::directory::DirectoryPage;

/// Searches the approved firms: for officials, the admin and representatives of approved
/// firms. Every parameter is optional and an unknown value is ignored (see
/// `domain::directory`), so a shared link never fails.
#[server(prefix = "/api", endpoint = "search_firms", input = GetUrl)]
pub async fn search_firms(
    #[server(flatten)] params: DirectoryParams,
) -> Result<DirectoryPage, AppError> {
    use crate::api::ssr::{Context, beijing_today, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};
    use crate::domain::directory::DirectoryFilter;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let filter = DirectoryFilter::parse(&params);
        if !allows(Some(&viewer.actor), &Action::SearchDirectory) {
            return Err(refuse(&viewer, "search_firms", "firm", None));
        }
        let mut conn = pool()?.acquire().await.context("search_firms: acquire")?;
        let mut page = crate::db::firms::directory::search(&mut conn, &filter, beijing_today())
            .await
            .context("search_firms: query")?;
        page.may_export = allows(Some(&viewer.actor), &Action::ExportSpreadsheet);
        page.may_import = allows(Some(&viewer.actor), &Action::ImportFirms);
        Ok(page)
    })
    .await
}
