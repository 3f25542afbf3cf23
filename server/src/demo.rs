//! Demo data for `make run`: idempotent, and loaded only when `DEMO_DATA` is set.
//!
//! The member cities come from the first migration, so today there is nothing more to load;
//! accounts, firms and projects join here as their issues land.

use sqlx::PgPool;

pub async fn load(pool: &PgPool) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    let cities = app::db::cities::list_cities(&mut conn).await?;
    tracing::info!(cities = cities.len(), "demo data ready");
    Ok(())
}
