//! Server functions, one file per area. Each is a public endpoint: it reads top to bottom as
//! who asks, parse, load, policy, write (with its audit row), return only what the page needs.

pub mod accounts;
pub mod cities;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::errors::AppError;
    use leptos::prelude::use_context;
    use sqlx::PgPool;

    /// The pool the server put into the Leptos context.
    pub fn pool() -> Result<PgPool, AppError> {
        use_context::<PgPool>().ok_or_else(|| {
            tracing::error!("no database pool in the server-function context");
            AppError::Internal
        })
    }
}
