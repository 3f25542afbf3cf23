//! What the pages of a project in execution read.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::execution::milestone::{BenchFigure, MilestoneState, Rung};

/// A participant's milestones, in their order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantMilestones {
    pub firm_id: i64,
    pub firm: String,
    /// The capability of the need it fills.
    pub need: Bilingual,
    pub milestones: Vec<MilestoneView>,
    /// The viewer hands this participant's milestones in (one of its representatives).
    pub may_submit: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneView {
    pub id: i64,
    /// The ladder's rung it was drafted from; its name in the reader's language unless an
    /// official named it (`name`).
    pub rung: Option<Rung>,
    pub name: Option<String>,
    pub deliverable: String,
    pub acceptance: String,
    pub figures: Vec<BenchFigure>,
    /// Its last day, Beijing.
    pub due_on: String,
    pub state: MilestoneState,
    /// Days past its due day, unaccepted: computed as the page was read.
    pub overdue_days: Option<u32>,
    pub rejection_reason: Option<String>,
}
