//! Invitations to quote, proposals and the firms selected.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::firm::ProductionLevel;
use crate::domain::invitation::{DeclineReason, EndReason, Proposal, Shown};
use crate::domain::project::NeedStatus;

/// An invitation as the owning city's officials see it: with the firm's proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub id: i64,
    pub firm_id: i64,
    pub firm_name: String,
    pub firm_city: Bilingual,
    pub message: String,
    /// The last day an answer is taken (Beijing), `YYYY-MM-DD`.
    pub reply_by: String,
    pub shown: Shown,
    pub invited_by: String,
    pub invited_at: String,
    pub answered_at: Option<String>,
    pub proposal: Option<Proposal>,
    pub decline: Option<(DeclineReason, String)>,
    pub end_reason: Option<EndReason>,
    pub end_note: Option<String>,
}

/// The need's standing participant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantView {
    pub id: i64,
    pub firm_id: i64,
    pub firm_name: String,
    pub selected_by: String,
    pub selected_at: String,
}

/// A need's invitations, for the owning city's officials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedInvitations {
    pub invitations: Vec<InvitationView>,
    pub participant: Option<ParticipantView>,
    pub need_status: NeedStatus,
    /// The need takes invitations now (its project and the need are open).
    pub may_invite: bool,
    /// A selection can be revoked now (its project is open).
    pub may_revoke: bool,
    /// The deadline a new invitation's form proposes.
    pub default_reply_by: String,
    /// Today in Beijing: the earliest deadline.
    pub today: String,
}

/// An invitation as the invited firm sees it: its own answer only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnInvitation {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub project_city: Bilingual,
    pub need_id: i64,
    pub capability: Bilingual,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub message: String,
    pub reply_by: String,
    pub shown: Shown,
    pub invited_at: String,
    pub proposal: Option<Proposal>,
    pub decline: Option<(DeclineReason, String)>,
    pub end_reason: Option<EndReason>,
    pub end_note: Option<String>,
}

/// A project a firm takes part in, as its page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipationView {
    pub project_id: i64,
    pub project_title: String,
    pub project_city: Bilingual,
    pub capability: Bilingual,
    pub completed: bool,
    pub selected_on: String,
}
