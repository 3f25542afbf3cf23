//! Sessions in PostgreSQL (tower-sessions with the sqlx store on our own `sessions` table), the
//! cookie's settings, and the task that deletes expired sessions.

use std::time::Duration;

use sqlx::PgPool;
use tower_sessions::cookie::SameSite;
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use crate::config::Config;

/// The session cookie's name: with the `__Host-` prefix over HTTPS, so the browser keeps it to
/// this host, path `/`, and secure connections.
pub fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-alliance_hub_session"
    } else {
        "alliance_hub_session"
    }
}

/// The store on the table the migrations create (never the store's own `migrate()`, which is
/// not safe when several instances start at once).
pub fn store(pool: PgPool) -> anyhow::Result<PostgresStore> {
    PostgresStore::new(pool)
        .with_schema_name("public")
        .and_then(|s| s.with_table_name("sessions"))
        .map_err(|e| anyhow::anyhow!("session store: {e}"))
}

/// The session layer: HttpOnly, SameSite=Lax, Secure over HTTPS; expiring after the idle
/// timeout, which every request of a signed-in user extends (the session is saved on every
/// request, not only when it changed). Empty sessions are never stored.
pub fn layer(store: PostgresStore, config: &Config) -> SessionManagerLayer<PostgresStore> {
    let idle =
        time::Duration::try_from(config.session_idle_timeout).unwrap_or(time::Duration::hours(2));
    SessionManagerLayer::new(store)
        .with_name(cookie_name(config.https))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.https)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
        .with_always_save(true)
}

/// Every `interval`, deletes expired session records, the index rows of sessions that ended or
/// outlived `lifetime`, and sign-in throttle counters past their window, for as long as the server runs. A database error is logged and the
/// next round tries again: the task never ends on its own.
pub async fn delete_expired_forever(
    store: PostgresStore,
    pool: PgPool,
    lifetime: Duration,
    throttle_window: Duration,
    interval: Duration,
) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "cannot delete expired sessions; trying again later");
        }
        let finished = async {
            let mut conn = pool.acquire().await?;
            app::db::accounts::delete_finished_sessions(&mut conn, lifetime).await?;
            app::db::throttle::delete_stale(&mut conn, throttle_window).await
        };
        if let Err(err) = finished.await {
            tracing::warn!(error = %err, "cannot delete finished sign-ins; trying again later");
        }
    }
}
