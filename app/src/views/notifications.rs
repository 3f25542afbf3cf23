//! The inbox.

use serde::{Deserialize, Serialize};

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
    /// The thing of the project a message is about (a risk escalated).
    pub subject: Option<String>,
    pub link: Option<String>,
    /// Beijing time, `2026-11-21 14:05`.
    pub created_at: String,
    pub read: bool,
}
