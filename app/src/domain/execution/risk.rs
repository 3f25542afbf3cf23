//! A project's risks as the officials of its city write them: what could go wrong, how bad and
//! how likely, who owns it, by when it should be mitigated, and where it stands. An open risk
//! counts against the health (`super::health`); one can be escalated to the coordination
//! meetings with a reason.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::health::{RiskSeverity, RiskState};
use crate::domain::firm::{Name, db_enum, field};
use crate::domain::project::{long_text, optional_date};

pub const RISK_TITLE_MAX_CHARS: usize = 100;
pub const RISK_TEXT_MAX_CHARS: usize = 2000;
/// The longest reason of an escalation, a de-escalation or a health override.
pub const REASON_MAX_CHARS: usize = 500;

db_enum! {
    /// How likely a risk is to happen.
    RiskLikelihood {
        Low => "low",
        Medium => "medium",
        High => "high",
    }
}

/// Who owns a risk: a person of a city (an official) or a participant firm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RiskOwner {
    Official(i64),
    Participant(i64),
}

impl RiskOwner {
    /// The owner field's value: `official:<user id>` or `participant:<participant id>`.
    pub fn as_field(self) -> String {
        match self {
            Self::Official(id) => format!("official:{id}"),
            Self::Participant(id) => format!("participant:{id}"),
        }
    }

    /// `Ok(None)` when no owner was chosen.
    pub fn parse(raw: &str) -> Result<Option<Self>, &'static str> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let (kind, id) = raw.split_once(':').ok_or("invalid")?;
        let id: i64 = id.parse().map_err(|_| "invalid")?;
        if id < 1 {
            return Err("invalid");
        }
        match kind {
            "official" => Ok(Some(Self::Official(id))),
            "participant" => Ok(Some(Self::Participant(id))),
            _ => Err("invalid"),
        }
    }
}

/// The risk form as typed, before parsing: what a refused form shows again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskForm {
    pub title: String,
    pub description: String,
    pub severity: String,
    pub likelihood: String,
    pub owner: String,
    pub due_on: String,
    pub mitigation: String,
    /// Empty on a new risk: it starts open.
    pub state: String,
}

/// The fields of the risk form, in the order the form shows them.
pub const RISK_FIELDS: [&str; 8] = [
    "title",
    "description",
    "severity",
    "likelihood",
    "owner",
    "due_on",
    "mitigation",
    "state",
];

/// A risk's content, parsed. Whether the owner belongs to the project is the server's check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRisk {
    pub title: String,
    pub description: String,
    pub severity: RiskSeverity,
    pub likelihood: RiskLikelihood,
    pub owner: Option<RiskOwner>,
    pub due_on: Option<NaiveDate>,
    pub mitigation: String,
    pub state: RiskState,
}

impl NewRisk {
    /// Every field is checked; `Err` lists each bad field with the code the form shows.
    pub fn parse(form: &RiskForm) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let title = field(e, "title", Name::parse(&form.title, RISK_TITLE_MAX_CHARS));
        let description = field(
            e,
            "description",
            long_text(&form.description, RISK_TEXT_MAX_CHARS),
        );
        let severity = field(
            e,
            "severity",
            RiskSeverity::from_db(form.severity.trim()).map_err(|_| "required"),
        );
        let likelihood = field(
            e,
            "likelihood",
            RiskLikelihood::from_db(form.likelihood.trim()).map_err(|_| "required"),
        );
        let owner = field(e, "owner", RiskOwner::parse(&form.owner));
        let due_on = field(e, "due_on", optional_date(&form.due_on));
        let mitigation = field(
            e,
            "mitigation",
            long_text(&form.mitigation, RISK_TEXT_MAX_CHARS),
        );
        let state = match form.state.trim() {
            "" => Some(RiskState::Open),
            raw => field(e, "state", RiskState::from_db(raw).map_err(|_| "invalid")),
        };
        match (
            title,
            description,
            severity,
            likelihood,
            owner,
            due_on,
            mitigation,
            state,
        ) {
            (
                Some(title),
                Some(description),
                Some(severity),
                Some(likelihood),
                Some(owner),
                Some(due_on),
                Some(mitigation),
                Some(state),
            ) if errors.is_empty() => Ok(Self {
                title: title.as_str().to_owned(),
                description,
                severity,
                likelihood,
                owner,
                due_on,
                mitigation,
                state,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RiskForm {
        RiskForm {
            title: "  磁钢  供货 ".into(),
            description: "稀土磁钢交期延长\r\n至十周".into(),
            severity: "high".into(),
            likelihood: "medium".into(),
            owner: "participant:7".into(),
            due_on: "2027-04-30".into(),
            mitigation: "".into(),
            state: "".into(),
        }
    }

    #[test]
    fn a_new_risk_is_open_with_its_text_tidied() {
        let risk = NewRisk::parse(&form()).expect("a risk");
        assert_eq!(risk.title, "磁钢 供货");
        assert_eq!(risk.description, "稀土磁钢交期延长\n至十周");
        assert_eq!(risk.severity, RiskSeverity::High);
        assert_eq!(risk.likelihood, RiskLikelihood::Medium);
        assert_eq!(risk.owner, Some(RiskOwner::Participant(7)));
        assert_eq!(risk.state, RiskState::Open);
    }

    #[test]
    fn every_bad_field_is_named_with_its_code() {
        let bad = RiskForm {
            title: " ".into(),
            description: "字".repeat(RISK_TEXT_MAX_CHARS + 1),
            severity: "dire".into(),
            likelihood: "".into(),
            owner: "firm:3".into(),
            due_on: "2027-02-30".into(),
            mitigation: "".into(),
            state: "gone".into(),
        };
        assert_eq!(
            NewRisk::parse(&bad),
            Err(vec![
                ("title", "required"),
                ("description", "too_long"),
                ("severity", "required"),
                ("likelihood", "required"),
                ("owner", "invalid"),
                ("due_on", "date_invalid"),
                ("state", "invalid"),
            ])
        );
    }

    #[test]
    fn an_owner_reads_back_from_its_field() {
        for owner in [RiskOwner::Official(12), RiskOwner::Participant(5)] {
            assert_eq!(RiskOwner::parse(&owner.as_field()), Ok(Some(owner)));
        }
        assert_eq!(RiskOwner::parse(""), Ok(None));
        for bad in ["official:", "official:0", "participant:-3", "12", "admin:1"] {
            assert_eq!(RiskOwner::parse(bad), Err("invalid"), "{bad}");
        }
    }
}
