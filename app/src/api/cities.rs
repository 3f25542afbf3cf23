//! The alliance's member cities. Public: the shell shows them to every visitor.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::city::City;
use crate::errors::AppError;

/// Lists the member cities for the shell and the home page. Public and read-only, so it is a
/// GET (cacheable, no state change); visitors may call it.
#[server(prefix = "/api", endpoint = "list_cities", input = GetUrl)]
pub async fn list_cities() -> Result<Vec<City>, AppError> {
    use super::ssr::{Context, pool};

    crate::api::ssr::answer(async {
        let pool = pool()?;
        let mut conn = pool
            .acquire()
            .await
            .map_err(|e| AppError::internal("list_cities: acquire", &e))?;
        Ok(crate::db::cities::list_cities(&mut conn)
            .await
            .context("list_cities: query")?)
    })
    .await
}
