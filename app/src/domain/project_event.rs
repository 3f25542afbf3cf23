//! A project's history, typed: every step its audit trail records and its page lists. The
//! writer of a step and the history's reader both go through [`ProjectEvent`], so the audit
//! row's action and keys are spelled in one place.

use serde::{Deserialize, Serialize};

use super::project::ProjectStatus;

/// One step of a project's history. Its audit row's `action` is [`ProjectEvent::action`]; its
/// `after` holds the event's fields (beside whatever detail the writer keeps for the record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ProjectEvent {
    #[serde(rename = "project_created")]
    Created,
    /// An edit of the project's fields: the fields it changed.
    #[serde(rename = "project_updated")]
    Updated {
        #[serde(default)]
        changed: Vec<String>,
    },
    NeedAdded,
    NeedUpdated,
    NeedRemoved,
    /// A step of the lifecycle; a cancellation has its reason.
    #[serde(rename = "project_status_changed")]
    StatusChanged {
        #[serde(with = "status_as_db")]
        to: ProjectStatus,
        #[serde(default)]
        reason: Option<String>,
    },
    /// A firm's proposal chosen for a need: public, as the firm takes part in the project.
    ProposalSelected {
        firm_name: String,
    },
    /// The steps of the invitation handshake name the firms involved (`firm_name` joins them
    /// when there are several): only the owning city's officials and the admin read them.
    InvitationsSent {
        firm_name: String,
    },
    InvitationWithdrawn {
        firm_name: String,
        #[serde(default)]
        reason: Option<String>,
    },
    InvitationAccepted {
        firm_name: String,
    },
    InvitationDeclined {
        firm_name: String,
    },
    InvitationClosed {
        firm_name: String,
    },
    SelectionRevoked {
        firm_name: String,
        #[serde(default)]
        reason: Option<String>,
    },
}

/// The actions every reader of a project's history sees.
pub const PUBLIC_ACTIONS: [&str; 7] = [
    "project_created",
    "project_updated",
    "need_added",
    "need_updated",
    "need_removed",
    "project_status_changed",
    "proposal_selected",
];

/// The invitation handshake's actions, which name the firms involved.
pub const HANDSHAKE_ACTIONS: [&str; 6] = [
    "invitations_sent",
    "invitation_withdrawn",
    "invitation_accepted",
    "invitation_declined",
    "invitation_closed",
    "selection_revoked",
];

impl ProjectEvent {
    /// The audit row's action.
    pub fn action(&self) -> &'static str {
        match self {
            Self::Created => "project_created",
            Self::Updated { .. } => "project_updated",
            Self::NeedAdded => "need_added",
            Self::NeedUpdated => "need_updated",
            Self::NeedRemoved => "need_removed",
            Self::StatusChanged { .. } => "project_status_changed",
            Self::ProposalSelected { .. } => "proposal_selected",
            Self::InvitationsSent { .. } => "invitations_sent",
            Self::InvitationWithdrawn { .. } => "invitation_withdrawn",
            Self::InvitationAccepted { .. } => "invitation_accepted",
            Self::InvitationDeclined { .. } => "invitation_declined",
            Self::InvitationClosed { .. } => "invitation_closed",
            Self::SelectionRevoked { .. } => "selection_revoked",
        }
    }

    /// The firm (or firms) the step concerns.
    pub fn firm_name(&self) -> Option<&str> {
        match self {
            Self::ProposalSelected { firm_name }
            | Self::InvitationsSent { firm_name }
            | Self::InvitationWithdrawn { firm_name, .. }
            | Self::InvitationAccepted { firm_name }
            | Self::InvitationDeclined { firm_name }
            | Self::InvitationClosed { firm_name }
            | Self::SelectionRevoked { firm_name, .. } => Some(firm_name),
            _ => None,
        }
    }

    /// Why: a cancellation's, a withdrawal's or a revocation's reason, when one was given.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::StatusChanged { reason, .. }
            | Self::InvitationWithdrawn { reason, .. }
            | Self::SelectionRevoked { reason, .. } => {
                reason.as_deref().filter(|r| !r.trim().is_empty())
            }
            _ => None,
        }
    }

    /// The audit row's `after`: the event's fields, with those of `detail` (an object) beside
    /// them.
    #[cfg(feature = "ssr")]
    pub fn record(&self, detail: serde_json::Value) -> serde_json::Value {
        let mut after = match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(fields)) => fields,
            _ => serde_json::Map::new(),
        };
        after.remove("action");
        if let serde_json::Value::Object(extra) = detail {
            for (key, value) in extra {
                after.entry(key).or_insert(value);
            }
        }
        serde_json::Value::Object(after)
    }

    /// Reads an audit row back; `None` for an action that is no step of the history, or a row
    /// that lacks the event's fields.
    #[cfg(feature = "ssr")]
    pub fn read(action: &str, after: Option<&serde_json::Value>) -> Option<Self> {
        let mut fields = match after {
            Some(serde_json::Value::Object(fields)) => fields.clone(),
            _ => serde_json::Map::new(),
        };
        fields.insert(
            "action".into(),
            serde_json::Value::String(action.to_owned()),
        );
        serde_json::from_value(serde_json::Value::Object(fields)).ok()
    }
}

/// A status in an audit row as the database spells it (`"cancelled"`).
mod status_as_db {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::project::ProjectStatus;

    pub fn serialize<S: Serializer>(status: &ProjectStatus, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(status.as_db())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ProjectStatus, D::Error> {
        let raw = String::deserialize(d)?;
        ProjectStatus::from_db(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use serde_json::json;

    fn every_event() -> Vec<ProjectEvent> {
        let firm = || "成都精工".to_owned();
        vec![
            ProjectEvent::Created,
            ProjectEvent::Updated {
                changed: vec!["title".into()],
            },
            ProjectEvent::NeedAdded,
            ProjectEvent::NeedUpdated,
            ProjectEvent::NeedRemoved,
            ProjectEvent::StatusChanged {
                to: ProjectStatus::Cancelled,
                reason: Some("经费未到位".into()),
            },
            ProjectEvent::ProposalSelected { firm_name: firm() },
            ProjectEvent::InvitationsSent { firm_name: firm() },
            ProjectEvent::InvitationWithdrawn {
                firm_name: firm(),
                reason: Some("需求变更".into()),
            },
            ProjectEvent::InvitationAccepted { firm_name: firm() },
            ProjectEvent::InvitationDeclined { firm_name: firm() },
            ProjectEvent::InvitationClosed { firm_name: firm() },
            ProjectEvent::SelectionRevoked {
                firm_name: firm(),
                reason: None,
            },
        ]
    }

    #[test]
    fn every_event_reads_back_as_written_beside_the_writers_detail() {
        for event in every_event() {
            let after = event.record(json!({ "version": 3, "need": 17 }));
            assert_eq!(after["version"], 3, "{event:?}");
            assert_eq!(
                ProjectEvent::read(event.action(), Some(&after)),
                Some(event)
            );
        }
    }

    #[test]
    fn every_action_is_listed_once_public_or_in_the_handshake() {
        for event in every_event() {
            let action = event.action();
            let listed = PUBLIC_ACTIONS.contains(&action) as usize
                + HANDSHAKE_ACTIONS.contains(&action) as usize;
            assert_eq!(listed, 1, "{action}");
            assert_eq!(
                event.firm_name().is_some(),
                HANDSHAKE_ACTIONS.contains(&action) || action == "proposal_selected",
                "{action}"
            );
        }
    }

    #[test]
    fn rows_written_before_the_type_read_as_they_did() {
        let cancelled = json!({ "to": "cancelled", "reason": "经费未到位", "closed_needs": 2 });
        assert_eq!(
            ProjectEvent::read("project_status_changed", Some(&cancelled)),
            Some(ProjectEvent::StatusChanged {
                to: ProjectStatus::Cancelled,
                reason: Some("经费未到位".into())
            })
        );
        assert_eq!(ProjectEvent::read("sign_in", Some(&json!({}))), None);
        assert_eq!(
            ProjectEvent::read("project_status_changed", Some(&json!({ "to": "nonsense" }))),
            None
        );
    }
}
