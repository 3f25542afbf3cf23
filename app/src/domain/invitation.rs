//! The invitation handshake: an official invites firms to a need, each firm accepts with a
//! proposal or declines, the official selects one proposal. The rules of its life are here;
//! the server functions ask them after loading and locking the rows.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::firm::{Name, db_enum, field, number};
use super::project::{NeedStatus, ProjectStatus, parse_wan};

db_enum! {
    /// Where an invitation stands, as stored.
    InvitationStatus {
        Open => "open",
        Accepted => "accepted",
        Declined => "declined",
        Withdrawn => "withdrawn",
        Selected => "selected",
        NotSelected => "not_selected",
        Revoked => "revoked",
        Closed => "closed",
    }
}

db_enum! {
    /// Why a firm declines, chosen from a list (with free text beside it).
    DeclineReason {
        NoCapacity => "no_capacity",
        OutsideScope => "outside_scope",
        Timeline => "timeline",
        Terms => "terms",
        Other => "other",
    }
}

db_enum! {
    /// Why an invitation ended other than by the firm's answer.
    EndReason {
        Withdrawn => "withdrawn",
        Expired => "expired",
        NeedChanged => "need_changed",
        ProjectCancelled => "project_cancelled",
        ProjectClosed => "project_closed",
        FirmDropped => "firm_dropped",
        OtherSelected => "other_selected",
        Selected => "selected",
        Revoked => "revoked",
    }
}

/// Where an invitation stands as people read it: an open one past its deadline is expired,
/// without any job having changed its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shown {
    Stored(InvitationStatus),
    Expired,
}

impl InvitationStatus {
    /// Still waiting for the firm or for the official: a standing invitation.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Open | Self::Accepted)
    }

    pub fn shown(self, reply_by: DateTime<Utc>, now: DateTime<Utc>) -> Shown {
        if self == Self::Open && now > reply_by {
            Shown::Expired
        } else {
            Shown::Stored(self)
        }
    }
}

/// The longest an invitation may wait for its answer.
pub const MAX_REPLY_DAYS: u64 = 90;
/// How long a new invitation waits unless the official says otherwise.
pub const DEFAULT_REPLY_DAYS: u64 = 7;
pub const MESSAGE_MAX_CHARS: usize = 500;
pub const PROPOSAL_NOTE_MAX_CHARS: usize = 1000;
pub const DECLINE_NOTE_MAX_CHARS: usize = 500;
pub const END_NOTE_MAX_CHARS: usize = 500;

/// An invitation as the official writes it. `reply_by` is the last day an answer is taken (in
/// Beijing): from today to [`MAX_REPLY_DAYS`] ahead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInvitation {
    pub message: Name,
    pub reply_by: NaiveDate,
}

impl NewInvitation {
    pub fn parse(
        message: &str,
        reply_by: &str,
        today: NaiveDate,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let message = field(
            &mut errors,
            "message",
            Name::parse(message, MESSAGE_MAX_CHARS),
        );
        let reply_by = field(&mut errors, "reply_by", deadline(reply_by, today));
        match (message, reply_by) {
            (Some(message), Some(reply_by)) if errors.is_empty() => Ok(Self { message, reply_by }),
            _ => Err(errors),
        }
    }
}

/// The reply deadline as typed (`YYYY-MM-DD`).
fn deadline(raw: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("required");
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "date_invalid")?;
    if day < today {
        return Err("deadline_past");
    }
    if day > today + Days::new(MAX_REPLY_DAYS) {
        return Err("deadline_too_far");
    }
    Ok(day)
}

/// The default deadline a new invitation form shows.
pub fn default_reply_by(today: NaiveDate) -> NaiveDate {
    today + Days::new(DEFAULT_REPLY_DAYS)
}

/// A firm's proposal: a price range in yuan (typed in 万元), a lead time in days, a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub price_min: i64,
    pub price_max: i64,
    pub lead_days: i32,
    pub note: String,
}

impl Proposal {
    pub fn parse(
        price_min: &str,
        price_max: &str,
        lead_days: &str,
        note: &str,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let price = |raw: &str| {
            if raw.trim().is_empty() {
                Err("required")
            } else {
                parse_wan(raw)
            }
        };
        let min = field(&mut errors, "price_min", price(price_min));
        let max = field(&mut errors, "price_max", price(price_max));
        if let (Some(min), Some(max)) = (min, max)
            && max < min
        {
            errors.push(("price_max", "below_minimum"));
        }
        let lead = field(
            &mut errors,
            "lead_days",
            number(
                lead_days,
                super::firm::bounds::PROPOSAL_LEAD_DAYS.0,
                super::firm::bounds::PROPOSAL_LEAD_DAYS.1,
            ),
        );
        let note = note.trim();
        if note.chars().count() > PROPOSAL_NOTE_MAX_CHARS {
            errors.push(("note", "too_long"));
        }
        match (min, max, lead) {
            (Some(price_min), Some(price_max), Some(lead_days)) if errors.is_empty() => Ok(Self {
                price_min,
                price_max,
                lead_days,
                note: note.to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// A decline: a reason from the list, and free text (required for "other").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decline {
    pub reason: DeclineReason,
    pub note: String,
}

impl Decline {
    pub fn parse(reason: &str, note: &str) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let reason = field(
            &mut errors,
            "reason",
            match reason.trim() {
                "" => Err("required"),
                raw => DeclineReason::from_db(raw).map_err(|_| "invalid"),
            },
        );
        let note = note.trim();
        if note.chars().count() > DECLINE_NOTE_MAX_CHARS {
            errors.push(("note", "too_long"));
        } else if note.is_empty() && reason == Some(DeclineReason::Other) {
            errors.push(("note", "required"));
        }
        match reason {
            Some(reason) if errors.is_empty() => Ok(Self {
                reason,
                note: note.to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// Whether a need takes invitations: its project is open and the need is still open.
pub fn check_invite(project: ProjectStatus, need: NeedStatus) -> Result<(), &'static str> {
    if project != ProjectStatus::Open {
        return Err("call_not_open");
    }
    if need != NeedStatus::Open {
        return Err("need_not_open");
    }
    Ok(())
}

/// Whether the invited firm may still answer.
pub fn check_answer(
    status: InvitationStatus,
    reply_by: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    match status.shown(reply_by, now) {
        Shown::Stored(InvitationStatus::Open) => Ok(()),
        Shown::Expired => Err("invitation_expired"),
        Shown::Stored(InvitationStatus::Withdrawn) => Err("invitation_withdrawn"),
        Shown::Stored(_) => Err("invitation_answered"),
    }
}

/// Whether the official may withdraw it: while it stands (an expired one needs no withdrawal,
/// but withdrawing it does no harm).
pub fn check_withdraw(status: InvitationStatus) -> Result<(), &'static str> {
    if status.is_live() {
        Ok(())
    } else {
        Err("invitation_ended")
    }
}

/// Whether the official may select this invitation's proposal: the firm accepted, and the need
/// is still open in an open project.
pub fn check_select(
    status: InvitationStatus,
    project: ProjectStatus,
    need: NeedStatus,
) -> Result<(), &'static str> {
    if project != ProjectStatus::Open {
        return Err("call_not_open");
    }
    if need == NeedStatus::Filled {
        return Err("need_filled");
    }
    if need != NeedStatus::Open {
        return Err("need_not_open");
    }
    match status {
        InvitationStatus::Accepted => Ok(()),
        InvitationStatus::Declined => Err("invitation_declined"),
        _ => Err("invitation_not_accepted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn a_deadline_lies_between_today_and_ninety_days_ahead() {
        let today = day("2026-12-01");
        let parse = |raw| NewInvitation::parse("请报价", raw, today).map(|i| i.reply_by);
        assert_eq!(parse("2026-12-01"), Ok(today));
        assert_eq!(parse(" 2027-03-01 "), Ok(day("2027-03-01")));
        assert_eq!(
            parse("2026-11-30"),
            Err(vec![("reply_by", "deadline_past")])
        );
        assert_eq!(
            parse("2027-03-02"),
            Err(vec![("reply_by", "deadline_too_far")])
        );
        assert_eq!(parse("12/08/2026"), Err(vec![("reply_by", "date_invalid")]));
        assert_eq!(parse(""), Err(vec![("reply_by", "required")]));
        assert_eq!(
            NewInvitation::parse("  ", "2026-12-08", today),
            Err(vec![("message", "required")])
        );
    }

    #[test]
    fn a_proposal_reads_wan_and_names_every_bad_field() {
        assert_eq!(
            Proposal::parse("12.5", "20", "45", " 含税 "),
            Ok(Proposal {
                price_min: 125_000,
                price_max: 200_000,
                lead_days: 45,
                note: "含税".into()
            })
        );
        assert_eq!(
            Proposal::parse("20", "12", "0", ""),
            Err(vec![
                ("price_max", "below_minimum"),
                ("lead_days", "out_of_range")
            ])
        );
        assert_eq!(
            Proposal::parse("", "abc", "", &"x".repeat(1001)),
            Err(vec![
                ("price_min", "required"),
                ("price_max", "not_a_number"),
                ("lead_days", "required"),
                ("note", "too_long"),
            ])
        );
    }

    #[test]
    fn a_decline_needs_a_reason_and_words_for_other() {
        assert_eq!(
            Decline::parse("no_capacity", ""),
            Ok(Decline {
                reason: DeclineReason::NoCapacity,
                note: String::new()
            })
        );
        assert_eq!(
            Decline::parse("other", " "),
            Err(vec![("note", "required")])
        );
        assert_eq!(Decline::parse("", ""), Err(vec![("reason", "required")]));
        assert_eq!(
            Decline::parse("bored", ""),
            Err(vec![("reason", "invalid")])
        );
    }

    #[test]
    fn an_open_invitation_expires_at_its_deadline_and_takes_no_answer_after() {
        let reply_by = Utc
            .with_ymd_and_hms(2026, 12, 8, 16, 0, 0)
            .single()
            .expect("a moment");
        let before = reply_by - chrono::Duration::seconds(1);
        let after = reply_by + chrono::Duration::seconds(1);
        let open = InvitationStatus::Open;
        assert_eq!(open.shown(reply_by, before), Shown::Stored(open));
        assert_eq!(open.shown(reply_by, after), Shown::Expired);
        assert_eq!(check_answer(open, reply_by, before), Ok(()));
        assert_eq!(
            check_answer(open, reply_by, after),
            Err("invitation_expired")
        );
        // An answer given in time stands after the deadline.
        let accepted = InvitationStatus::Accepted;
        assert_eq!(accepted.shown(reply_by, after), Shown::Stored(accepted));
        assert_eq!(
            check_answer(InvitationStatus::Withdrawn, reply_by, before),
            Err("invitation_withdrawn")
        );
        assert_eq!(
            check_answer(accepted, reply_by, before),
            Err("invitation_answered")
        );
    }

    #[test]
    fn only_an_accepted_proposal_for_an_open_need_is_selected() {
        use InvitationStatus as S;
        let (open, needs_open) = (ProjectStatus::Open, NeedStatus::Open);
        assert_eq!(check_select(S::Accepted, open, needs_open), Ok(()));
        assert_eq!(
            check_select(S::Declined, open, needs_open),
            Err("invitation_declined")
        );
        for s in [S::Open, S::Withdrawn, S::Closed, S::NotSelected, S::Revoked] {
            assert_eq!(
                check_select(s, open, needs_open),
                Err("invitation_not_accepted")
            );
        }
        assert_eq!(
            check_select(S::Accepted, open, NeedStatus::Filled),
            Err("need_filled")
        );
        assert_eq!(
            check_select(S::Accepted, ProjectStatus::Cancelled, NeedStatus::Closed),
            Err("call_not_open")
        );
        assert_eq!(
            check_invite(ProjectStatus::Draft, needs_open),
            Err("call_not_open")
        );
        assert_eq!(check_invite(open, NeedStatus::Filled), Err("need_not_open"));
        assert_eq!(check_withdraw(S::Accepted), Ok(()));
        assert_eq!(check_withdraw(S::Selected), Err("invitation_ended"));
    }
}
