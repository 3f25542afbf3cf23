//! Who is signed in, and the accounts a list shows.

use serde::{Deserialize, Serialize};

use crate::domain::account::RoleKind;
use crate::domain::{Bilingual, Lang};

/// Who is signed in, as the header and the account page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub display_name: String,
    pub email: String,
    pub role: RoleKind,
    /// The official's city, or the city of the representative's firm.
    pub city: Option<Bilingual>,
    /// The representative's firm.
    pub firm_id: Option<i64>,
    pub firm_name: Option<String>,
    pub language: Option<Lang>,
    /// Notifications not yet read, for the header.
    pub unread_notifications: i64,
    /// Whether the header offers the firm directory (the server decides again on the call).
    pub sees_directory: bool,
    /// Whether the header offers "projects for you" (a representative of an approved firm).
    pub sees_projects_for_firm: bool,
    /// A representative of a firm whose registration awaits its city's approval.
    pub firm_awaits_approval: bool,
}

/// One account in a list of accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: RoleKind,
    pub city: Option<Bilingual>,
    pub firm_id: Option<i64>,
    pub firm_name: Option<String>,
    pub active: bool,
    /// Invited, and the password not yet set through the link.
    pub awaiting_password: bool,
    /// Whether the viewer may disable or re-enable it (the server decides again on the call).
    pub may_change_status: bool,
    /// Whether the viewer may issue it a password link (the server decides again on the call).
    pub may_reset_password: bool,
}
