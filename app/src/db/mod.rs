//! SQL, one file per area. Server-only; functions take `&mut PgConnection` so the caller owns
//! the transaction.

pub mod accounts;
pub mod audit;
pub mod cities;
pub mod execution;
pub mod firms;
pub mod invitations;
pub mod links;
pub mod matching;
pub mod notifications;
pub mod projects;
pub mod throttle;

/// A row the database accepted but the domain refuses: a broken invariant worth a log line.
#[derive(Debug, thiserror::Error)]
#[error("{column} holds a value the domain refuses: {source}")]
pub struct RowError {
    column: &'static str,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl RowError {
    pub fn new(
        column: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            column,
            source: Box::new(source),
        }
    }

    /// As a sqlx decode error, so callers handle one error type.
    pub fn into_sqlx(self) -> sqlx::Error {
        sqlx::Error::Decode(Box::new(self))
    }
}
