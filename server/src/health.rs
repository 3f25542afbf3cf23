//! Probes for load balancers and orchestrators.

use axum::{extract::State, http::StatusCode};
use sqlx::PgPool;

/// The process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers, within the pool's acquire timeout. 503 otherwise, and 200 again as
/// soon as it is back: the pool opens fresh connections, no restart needed.
pub async fn readyz(State(pool): State<PgPool>) -> (StatusCode, &'static str) {
    match sqlx::query!("SELECT 1 AS ready").fetch_one(&pool).await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
