//! One-time links: what an issued link is for and whom it reaches.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::account::RoleKind;
use crate::domain::link::LinkPurpose;

/// A link just issued, shown once to the issuer: its token is nowhere else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedLink {
    /// The site-relative link (`/link/<token>`); the page puts the site's address before it.
    pub path: String,
    pub purpose: LinkPurpose,
    /// Whom the link is for.
    pub display_name: String,
    pub email: String,
    /// Beijing time.
    pub expires_at: String,
}

/// What the link page shows before the password is set: whose account it opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTarget {
    pub purpose: LinkPurpose,
    pub display_name: String,
    pub email: String,
    pub role: RoleKind,
    pub city: Option<Bilingual>,
    pub firm_name: Option<String>,
    /// Beijing time.
    pub expires_at: String,
}
