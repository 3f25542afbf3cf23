//! The notification inbox of the signed-in user.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::NoUnknownFields;
use crate::errors::AppError;
use crate::views::notifications::Notification;

/// The signed-in user's latest notifications, newest first.
#[server(prefix = "/api", endpoint = "list_notifications", input = GetUrl)]
pub async fn list_notifications() -> Result<Vec<Notification>, AppError> {
    use super::ssr::{Context, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        if !allows(Some(&viewer.actor), &Action::ReadOwnNotifications) {
            return Err(refuse(&viewer, "list_notifications", "notification", None));
        }
        let mut conn = pool()?
            .acquire()
            .await
            .context("list_notifications: acquire")?;
        Ok(
            crate::db::notifications::list(&mut conn, viewer.actor.user, 100)
                .await
                .context("list_notifications: query")?,
        )
    })
    .await
}

/// Marks one of the user's own notifications read. Someone else's is, to them, not there.
#[server(prefix = "/api", endpoint = "mark_notification_read")]
pub async fn mark_notification_read(
    id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{Context, begin, refuse, require_viewer};
    use crate::domain::access::{Action, allows};

    crate::api::ssr::answer(async {
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
            ));
        }
        let mut tx = begin("mark_notification_read: begin").await?;
        let marked = crate::db::notifications::mark_read(&mut tx, viewer.actor.user, id)
            .await
            .context("mark_notification_read: update")?;
        if !marked {
            return Err(AppError::NotFound.into());
        }
        tx.commit()
            .await
            .context("mark_notification_read: commit")?;
        Ok(())
    })
    .await
}

/// Marks all of the user's notifications read.
#[server(prefix = "/api", endpoint = "mark_all_notifications_read")]
pub async fn mark_all_notifications_read(
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{Context, begin, refuse, require_viewer};
    use crate::domain::access::{Action, allows};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        if !allows(Some(&viewer.actor), &Action::ReadOwnNotifications) {
            return Err(refuse(
                &viewer,
                "mark_all_notifications_read",
                "notification",
                None,
            ));
        }
        let mut tx = begin("mark_all_notifications_read: begin").await?;
        crate::db::notifications::mark_all_read(&mut tx, viewer.actor.user)
            .await
            .context("mark_all_notifications_read: update")?;
        tx.commit()
            .await
            .context("mark_all_notifications_read: commit")?;
        Ok(())
    })
    .await
}
