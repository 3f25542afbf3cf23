//! A firm's page, its representatives, and the firms awaiting review.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::firm::{CertificateKind, FirmKind, ProductionLevel, TrustRung};
use crate::views::accounts::AccountSummary;

/// A registration awaiting its city's approval, as the queue shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingFirm {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    /// Characters 3 to 8 of the code: where the firm is registered, to compare with `city`.
    pub region_code: String,
    pub kind: FirmKind,
    /// The city the firm chose.
    pub city: Bilingual,
    pub city_code: String,
    /// Beijing time.
    pub registered_at: String,
}

/// A firm's representatives, with what the viewer may do about them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmRepresentatives {
    pub firm_id: i64,
    pub firm_name: String,
    pub city: Bilingual,
    pub approved: bool,
    /// Whether the viewer may add a colleague (the server decides again on the call).
    pub may_add: bool,
    /// Whether the viewer may name a representative the newcomer replaces.
    pub may_replace: bool,
    pub representatives: Vec<AccountSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub id: i64,
    pub kind: CertificateKind,
    pub other_name: Option<String>,
    pub number: String,
    pub issuer: String,
    /// The last valid day, `YYYY-MM-DD` (Beijing).
    pub expires_on: String,
    /// Expired before today: shown as such and no longer counted.
    pub expired: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmCapability {
    pub id: i64,
    pub capability_id: i64,
    pub category: Bilingual,
    pub name: Bilingual,
    /// Retired from the taxonomy: the firm keeps it, nobody adds it anew.
    pub retired: bool,
    pub level: ProductionLevel,
    pub monthly_capacity: i32,
    pub lead_time_days: i32,
    /// The version every change and every verification names.
    pub version: i32,
    pub rung: TrustRung,
    pub verified_by: Option<String>,
    pub verified_at: Option<String>,
    pub certificates: Vec<Certificate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmDetail {
    pub id: i64,
    pub name: String,
    pub name_en: Option<String>,
    pub credit_code: String,
    pub city: Bilingual,
    pub kind: FirmKind,
    pub approved: bool,
    pub description: String,
    pub founded_year: Option<i16>,
    pub staff_size: Option<i32>,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    /// The profile's version, which an edit names.
    pub version: i32,
    pub updated_at: String,
    pub capabilities: Vec<FirmCapability>,
    /// What the viewer may do (the server decides again on every call).
    pub may_edit: bool,
    pub may_edit_name: bool,
    pub may_verify: bool,
    /// The projects it takes (or took) part in.
    pub participations: Vec<crate::views::invitations::ParticipationView>,
}
