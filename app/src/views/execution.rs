//! What the pages of a project in execution read.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::execution::health::{
    Assessment, Health, HealthSettings, RiskSeverity, RiskState,
};
use crate::domain::execution::milestone::{BenchFigure, MilestoneState, Rung};
use crate::domain::execution::risk::RiskLikelihood;
use crate::domain::project::ProjectStatus;

/// A project's execution page: its participants' milestones, its risks, its health.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionPage {
    pub project_id: i64,
    pub title: String,
    pub status: ProjectStatus,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub execution: ExecutionView,
}

/// A project's execution as the viewer may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionView {
    /// The project's health: from all its participants' milestones and all its risks.
    pub health: HealthView,
    pub participants: Vec<ParticipantMilestones>,
    pub risks: Vec<RiskView>,
    pub money: MoneyView,
    /// None for whoever is not in the discussion (another city's officials).
    pub discussion: Option<DiscussionView>,
    /// Who may own a risk (the owning city's officials, the participants), for its form; empty
    /// unless the viewer manages the execution.
    pub owners: Vec<RiskOwnerChoice>,
    /// The thresholds the health was read with.
    pub settings: HealthSettings,
    /// The viewer manages it: accepts and returns milestones, writes risks, overrides health
    /// (the owning city's officials).
    pub may_manage: bool,
    /// Steps are taken only while the project is in execution.
    pub in_execution: bool,
    /// Today in Beijing, the day the health and the overdue marks were read on.
    pub today: String,
}

/// A health as computed, and an official's override of it, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthView {
    pub computed: Assessment,
    pub overridden: Option<HealthOverride>,
}

impl HealthView {
    /// The colour shown: the override's, else the computed one.
    pub fn shown(&self) -> Health {
        self.overridden
            .as_ref()
            .map_or(self.computed.health, |o| o.health)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthOverride {
    pub health: Health,
    pub reason: String,
    pub by: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskView {
    pub id: i64,
    pub version: i32,
    pub title: String,
    pub description: String,
    pub severity: RiskSeverity,
    pub likelihood: RiskLikelihood,
    /// Its owner's name (a person, or a participant firm), and the owner field's value.
    pub owner: Option<String>,
    pub owner_field: String,
    pub due_on: Option<String>,
    pub mitigation: String,
    pub state: RiskState,
    pub escalation: Option<Escalation>,
}

/// A risk escalated to the coordination meetings: by whom, when, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub by: String,
    pub at: String,
    pub reason: String,
}

/// One choice of a risk's owner: the field's value and the name shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskOwnerChoice {
    pub field: String,
    pub name: String,
    /// A participant firm (else a person of the city).
    pub firm: bool,
}

/// A participant's milestones, in their order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantMilestones {
    pub participant_id: i64,
    pub firm_id: i64,
    pub firm: String,
    /// The capability of the need it fills.
    pub need: Bilingual,
    pub milestones: Vec<MilestoneView>,
    /// The viewer hands this participant's milestones in (one of its representatives).
    pub may_submit: bool,
    /// The viewer posts progress reports on its milestones (its representatives, the owning
    /// city's officials).
    pub may_report: bool,
    /// The health of its work: its milestones and the risks it owns.
    pub health: HealthView,
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
    /// Its latest progress report, for whoever may read this participant's work.
    pub latest_report: Option<ReportView>,
    /// How many reports it has (none shown to whoever may not read them).
    pub report_count: i64,
    /// Its version, which an edit of its plan names.
    pub version: i32,
}

/// A progress report on a milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: i64,
    pub reported_on: String,
    pub percent: i16,
    pub body: String,
    pub author: String,
    pub files: Vec<ReportFileView>,
}

/// A report's file, downloaded from `/api/report_file?file_id=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFileView {
    pub id: i64,
    pub name: String,
    pub size_bytes: i64,
    pub image: bool,
}

/// The alliance's settings as the admin's page reads them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllianceSettings {
    pub health: HealthSettings,
    /// Its version, so a change made meanwhile is not overwritten.
    pub version: i32,
}

/// The portfolio of projects in execution the reader may see, worst first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portfolio {
    pub rows: Vec<PortfolioRow>,
    /// How many projects the filters find (every page).
    pub total: usize,
    pub page: usize,
    pub page_count: usize,
    /// The reader may download it as a spreadsheet (the bureaus and the admin).
    pub may_export: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioRow {
    pub project_id: i64,
    pub title: String,
    pub city: Bilingual,
    pub segment: Bilingual,
    /// The colour shown (an official's override, else the computed one), and its sentences.
    pub health: Health,
    pub overridden: bool,
    pub reasons: Vec<crate::domain::execution::health::Reason>,
    /// The next milestone still to be accepted, and its due day.
    pub next_due: Option<(crate::domain::execution::milestone::MilestoneLabel, String)>,
    pub overdue: u32,
    /// The money planned, in yuan (the sum of its funding sources).
    pub planned: i64,
    /// The money paid, in yuan (to its own firm only, in a representative's portfolio).
    pub paid: i64,
}

/// A project's money as the reader may see it: each source's plan against its payments (the
/// bureaus and the admin), and the payments (a firm reads only those made to it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyView {
    /// Empty for a firm.
    pub totals: Vec<crate::domain::execution::money::SourceTotal>,
    pub payments: Vec<DisbursementView>,
    /// Who a payment may go to (the project, its participants), for the form; empty unless the
    /// reader records payments.
    pub recipients: Vec<RecipientChoice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisbursementView {
    pub id: i64,
    pub paid_on: String,
    /// Yuan.
    pub amount: i64,
    pub source: crate::domain::project::FundingSource,
    /// The participant firm paid; none: the project as a whole.
    pub recipient: Option<String>,
    pub note: String,
    pub overspend_reason: Option<String>,
    pub recorded_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientChoice {
    pub field: String,
    /// A participant firm's name; none: the project.
    pub firm: Option<String>,
}

/// A project's discussion, for its city's officials, its participants' representatives and
/// the admin: every message, newest last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionView {
    pub messages: Vec<MessageView>,
    /// The names a message may mention (`@` and the name), for the form's hint.
    pub members: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub author: String,
    pub body: String,
    /// Beijing time.
    pub at: String,
    pub edited: bool,
    /// The reader wrote it and may still edit it.
    pub may_edit: bool,
}
