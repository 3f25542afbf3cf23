//! The audit trail: append-only (the runtime role may insert and read, never update or delete).

use std::net::IpAddr;

use sqlx::PgConnection;

use crate::domain::account::UserId;

/// One entry; written in the same transaction as the change it records.
#[derive(Debug)]
pub struct AuditEntry<'a> {
    pub actor: Option<UserId>,
    /// `sign_in`, `sign_in_failed`, `access_refused`, `password_changed`, ...
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub client_addr: Option<IpAddr>,
}

pub async fn record(conn: &mut PgConnection, entry: AuditEntry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO audit_log (actor_user_id, action, entity_type, entity_id, before, after, client_addr)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text::inet)",
        entry.actor.map(|u| u.0),
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.before,
        entry.after,
        entry.client_addr.map(|a| a.to_string()),
    )
    .execute(conn)
    .await?;
    Ok(())
}
