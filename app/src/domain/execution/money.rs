//! The money of a project in execution: what each funding source planned (the project's
//! `fund_*`) against the disbursements the owning city's officials record. A payment may take
//! its source past the amount planned only with a reason.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::firm::{Name, field};
use crate::domain::project::{FundingSource, NOTE_MAX_CHARS, long_text, parse_wan};

/// The longest reason for an overspend.
pub const OVERSPEND_REASON_MAX_CHARS: usize = 500;

/// Who a payment went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recipient {
    /// The project as a whole.
    Project,
    Participant(i64),
}

impl Recipient {
    pub fn as_field(self) -> String {
        match self {
            Self::Project => "project".to_owned(),
            Self::Participant(id) => format!("participant:{id}"),
        }
    }

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        match raw.trim() {
            "" => Err("required"),
            "project" => Ok(Self::Project),
            other => other
                .strip_prefix("participant:")
                .and_then(|id| id.parse::<i64>().ok())
                .filter(|id| *id > 0)
                .map(Self::Participant)
                .ok_or("invalid"),
        }
    }
}

/// The disbursement form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisbursementForm {
    pub paid_on: String,
    /// In 万元.
    pub amount: String,
    pub source: String,
    pub recipient: String,
    pub note: String,
    pub overspend_reason: String,
}

pub const DISBURSEMENT_FIELDS: [&str; 6] = [
    "paid_on",
    "amount",
    "source",
    "recipient",
    "note",
    "overspend_reason",
];

/// A disbursement, parsed; whether its source is overspent is [`check_overspend`]'s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDisbursement {
    pub paid_on: NaiveDate,
    /// Yuan.
    pub amount: i64,
    pub source: FundingSource,
    pub recipient: Recipient,
    pub note: String,
    pub overspend_reason: Option<String>,
}

impl NewDisbursement {
    /// Every field is checked; a payment is dated no later than `today` (Beijing).
    pub fn parse(
        form: &DisbursementForm,
        today: NaiveDate,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let paid_on = field(
            e,
            "paid_on",
            match form.paid_on.trim() {
                "" => Err("required"),
                raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                    .map_err(|_| "date_invalid")
                    .and_then(|d| if d > today { Err("date_future") } else { Ok(d) }),
            },
        );
        let amount = field(
            e,
            "amount",
            parse_wan(&form.amount)
                .and_then(|yuan| if yuan > 0 { Ok(yuan) } else { Err("required") }),
        );
        let source = field(
            e,
            "source",
            FundingSource::from_db(form.source.trim()).map_err(|_| "required"),
        );
        let recipient = field(e, "recipient", Recipient::parse(&form.recipient));
        let note = field(e, "note", long_text(&form.note, NOTE_MAX_CHARS));
        let overspend_reason = field(
            e,
            "overspend_reason",
            match Name::parse(&form.overspend_reason, OVERSPEND_REASON_MAX_CHARS) {
                Ok(reason) => Ok(Some(reason.as_str().to_owned())),
                Err("required") => Ok(None),
                Err(code) => Err(code),
            },
        );
        match (paid_on, amount, source, recipient, note, overspend_reason) {
            (
                Some(paid_on),
                Some(amount),
                Some(source),
                Some(recipient),
                Some(note),
                Some(overspend_reason),
            ) if errors.is_empty() => Ok(Self {
                paid_on,
                amount,
                source,
                recipient,
                note,
                overspend_reason,
            }),
            _ => Err(errors),
        }
    }
}

/// A payment that takes its source past the amount planned (`paid` so far, `planned`) needs a
/// reason: `Err` is the code the form shows under the reason.
pub fn check_overspend(
    planned: i64,
    paid: i64,
    payment: &NewDisbursement,
) -> Result<(), &'static str> {
    if paid.saturating_add(payment.amount) > planned && payment.overspend_reason.is_none() {
        Err("overspend_needs_reason")
    } else {
        Ok(())
    }
}

/// One source's money: planned, paid, and whether it is overspent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceTotal {
    pub source: FundingSource,
    pub planned: i64,
    pub paid: i64,
}

impl SourceTotal {
    pub fn overspent(&self) -> bool {
        self.paid > self.planned
    }
}

/// Each source's total, in the order of [`FundingSource::ALL`], from the project's plan (yuan
/// per source in that order) and its payments.
pub fn totals(planned: [i64; 4], payments: &[(FundingSource, i64)]) -> Vec<SourceTotal> {
    FundingSource::ALL
        .iter()
        .zip(planned)
        .map(|(source, planned)| SourceTotal {
            source: *source,
            planned,
            paid: payments
                .iter()
                .filter(|(s, _)| s == source)
                .map(|(_, amount)| amount)
                .sum(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date")
    }

    fn form(amount: &str, reason: &str) -> DisbursementForm {
        DisbursementForm {
            paid_on: "2027-03-01".into(),
            amount: amount.into(),
            source: "city".into(),
            recipient: "participant:7".into(),
            note: "首笔拨付".into(),
            overspend_reason: reason.into(),
        }
    }

    #[test]
    fn a_payment_in_wan_is_kept_in_yuan() {
        let p = NewDisbursement::parse(&form("12.5", ""), day("2027-03-01")).expect("parsed");
        assert_eq!(p.amount, 125_000);
        assert_eq!(p.source, FundingSource::CityFund);
        assert_eq!(p.recipient, Recipient::Participant(7));
        assert_eq!(p.overspend_reason, None);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = DisbursementForm {
            paid_on: "2027-03-02".into(),
            amount: "0".into(),
            source: "lottery".into(),
            recipient: "firm:3".into(),
            note: "字".repeat(NOTE_MAX_CHARS + 1),
            overspend_reason: "".into(),
        };
        assert_eq!(
            NewDisbursement::parse(&bad, day("2027-03-01")),
            Err(vec![
                ("paid_on", "date_future"),
                ("amount", "required"),
                ("source", "required"),
                ("recipient", "invalid"),
                ("note", "too_long"),
            ])
        );
    }

    #[test]
    fn an_overspend_needs_its_reason() {
        let today = day("2027-03-01");
        let plain = NewDisbursement::parse(&form("60", ""), today).expect("parsed");
        assert_eq!(
            check_overspend(1_000_000, 400_000, &plain),
            Ok(()),
            "exactly the plan"
        );
        assert_eq!(
            check_overspend(1_000_000, 400_001, &plain),
            Err("overspend_needs_reason")
        );
        let reasoned = NewDisbursement::parse(&form("60", "追加试验台"), today).expect("parsed");
        assert_eq!(check_overspend(1_000_000, 900_000, &reasoned), Ok(()));
    }

    #[test]
    fn totals_follow_the_sources_order() {
        use FundingSource::*;
        let t = totals(
            [1_000_000, 0, 500_000, 0],
            &[
                (CityFund, 300_000),
                (InvestmentFund, 600_000),
                (CityFund, 100_000),
            ],
        );
        assert_eq!(t[0].paid, 400_000);
        assert!(!t[0].overspent());
        assert!(t[2].overspent());
        assert_eq!(
            t.iter().map(|s| s.source).collect::<Vec<_>>(),
            FundingSource::ALL
        );
    }
}
