//! The notification inbox of the signed-in user.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::NoUnknownFields;
use crate::errors::AppError;

/// One message. Its words come from the translations by `kind`; the fields fill them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    /// `firm_registered`, `firm_approved`, `firm_rejected`, ...
    pub kind: String,
    pub firm_name: Option<String>,
    pub reason: Option<String>,
    /// The person a message is about (a colleague added).
    pub person: Option<String>,
    /// The representative a newcomer replaced.
    pub replaced: Option<String>,
    /// The project a message is about (an interest expressed or answered).
    pub project_title: Option<String>,
    pub link: Option<String>,
    /// Beijing time, `2026-11-21 14:05`.
    pub created_at: String,
    pub read: bool,
}

/// The signed-in user's latest notifications, newest first.
#[server(prefix = "/api", endpoint = "list_notifications", input = GetUrl)]
pub async fn list_notifications() -> Result<Vec<Notification>, AppError> {
    use super::ssr::{db_error, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            if !allows(Some(&viewer.actor), &Action::ReadOwnNotifications) {
                return Err(refuse(&viewer, "list_notifications", "notification", None).await);
            }
            let mut conn = pool()?
                .acquire()
                .await
                .map_err(db_error("list_notifications: acquire"))?;
            crate::db::notifications::list(&mut conn, viewer.actor.user, 100)
                .await
                .map_err(db_error("list_notifications: query"))
        }
        .await,
    )
}

/// Marks one of the user's own notifications read. Someone else's is, to them, not there.
#[server(prefix = "/api", endpoint = "mark_notification_read")]
pub async fn mark_notification_read(
    id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{db_error, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let id = id
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::validation("id", "malformed"))?;
            if !allows(Some(&viewer.actor), &Action::ReadOwnNotifications) {
                return Err(refuse(
                    &viewer,
                    "mark_notification_read",
                    "notification",
                    Some(id.to_string()),
                )
                .await);
            }
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("mark_notification_read: begin"))?;
            let marked = crate::db::notifications::mark_read(&mut tx, viewer.actor.user, id)
                .await
                .map_err(db_error("mark_notification_read: update"))?;
            if !marked {
                return Err(AppError::NotFound);
            }
            tx.commit()
                .await
                .map_err(db_error("mark_notification_read: commit"))?;
            Ok(())
        }
        .await,
    )
}

/// Marks all of the user's notifications read.
#[server(prefix = "/api", endpoint = "mark_all_notifications_read")]
pub async fn mark_all_notifications_read(
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{db_error, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            if !allows(Some(&viewer.actor), &Action::ReadOwnNotifications) {
                return Err(
                    refuse(&viewer, "mark_all_notifications_read", "notification", None).await,
                );
            }
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("mark_all_notifications_read: begin"))?;
            crate::db::notifications::mark_all_read(&mut tx, viewer.actor.user)
                .await
                .map_err(db_error("mark_all_notifications_read: update"))?;
            tx.commit()
                .await
                .map_err(db_error("mark_all_notifications_read: commit"))?;
            Ok(())
        }
        .await,
    )
}
