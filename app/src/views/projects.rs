//! Projects as their lists, pages and form show them.

use serde::{Deserialize, Serialize};

use crate::domain::Bilingual;
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::project::{
    FundingSource, NeedStatus, ProjectForm, ProjectStatus, ResearchStage, Scenario,
};
use crate::domain::project_event::ProjectEvent;

/// A project as a list shows it. `budget` is only there for the alliance's members: the public
/// part of an open call is everything else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectCard {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub city: Bilingual,
    pub segment: Bilingual,
    pub stage: ResearchStage,
    pub status: ProjectStatus,
    /// The capabilities its needs name.
    pub capabilities: Vec<Bilingual>,
    /// Yuan; none for the public.
    pub budget: Option<i64>,
    pub updated_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectList {
    pub items: Vec<ProjectCard>,
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
    /// Whether anything narrowed the list.
    pub narrowed: bool,
    /// The viewer sees whole projects (not only the open calls' public part).
    pub whole: bool,
    pub may_create: bool,
    /// Whether the viewer may download the list (the server decides again on the call).
    pub may_export: bool,
    /// Whether anyone is signed in (a visitor is asked to sign in; nobody else is).
    pub signed_in: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedView {
    pub id: i64,
    pub capability_id: i64,
    pub capability: Bilingual,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub certificates: Vec<CertificateKind>,
    pub preferred_cities: Vec<Bilingual>,
    /// The same cities by code, for the form that changes the need.
    pub preferred_city_codes: Vec<String>,
    pub note: String,
    pub status: NeedStatus,
    /// The firm taking part for this need, once one is selected.
    pub filled_by: Option<Participant>,
}

/// A firm taking part in a project for a need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub firm_id: i64,
    pub name: String,
    pub city: Bilingual,
}

/// One step of a project's history (from the audit trail).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub event: ProjectEvent,
    pub actor: Option<String>,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestView {
    pub id: i64,
    pub firm_id: i64,
    pub firm_name: String,
    pub firm_city: Bilingual,
    /// The need it is for; none: the whole project.
    pub need: Option<Bilingual>,
    pub need_id: Option<i64>,
    /// The need is still open (the firm may be invited to it from here).
    pub need_open: bool,
    pub message: String,
    pub author: String,
    pub created_at: String,
    pub reply: Option<String>,
    pub replied_by: Option<String>,
    pub replied_at: Option<String>,
}

/// What the alliance's members see of a project beyond its public part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub description: String,
    pub lead: Option<String>,
    pub lead_firm_id: Option<i64>,
    /// Yuan per source, with the total.
    pub funds: Vec<(FundingSource, i64)>,
    pub budget: i64,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub responsible: String,
    pub responsible_email: String,
    pub scenarios: Vec<Scenario>,
    pub version: i32,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub needs: Vec<NeedView>,
    pub history: Vec<HistoryEntry>,
    /// Every firm's for the owning city's officials and the admin; the firm's own for a
    /// representative; none for anyone else.
    pub interests: Vec<InterestView>,
    /// Once it started, for those who may see its execution (every bureau, the admin, the
    /// participants' representatives): its health as shown on the execution page.
    pub execution_health: Option<crate::domain::execution::health::Health>,
    /// The lifecycle steps the viewer may take now.
    pub next: Vec<ProjectStatus>,
    pub may_edit: bool,
    pub may_answer: bool,
    pub may_express_interest: bool,
    /// The viewer may see and work the needs' candidates.
    pub may_match: bool,
    /// For an invitation from an expression of interest: the deadline proposed, and today
    /// (the earliest), in Beijing.
    pub default_reply_by: String,
    pub today: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectView {
    pub card: ProjectCard,
    /// None: the viewer sees the open call's public part only.
    pub detail: Option<ProjectDetail>,
    pub signed_in: bool,
}

/// An entry of a form's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: Bilingual,
}

/// What the project form needs: the values to show, the lists to choose from, and for an
/// edit the version it starts from and the project's current values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFormData {
    pub project_id: Option<i64>,
    pub title: String,
    pub version: i32,
    /// The project's current values, or a new project's defaults (a refused form shows what
    /// was typed instead: `components::round_trip`).
    pub values: ProjectForm,
    /// The project's current values (an edit); the form shows them beside fields that changed.
    pub current: Option<ProjectForm>,
    pub city: Bilingual,
    pub categories: Vec<Choice>,
    pub institutions: Vec<Choice>,
    pub officials: Vec<Choice>,
}
