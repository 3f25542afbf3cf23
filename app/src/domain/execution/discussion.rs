//! A project's discussion: a message's text, who it mentions (`@` and a member's name), and
//! how long its author may still edit it.

use chrono::{DateTime, Duration, Utc};

use crate::domain::account::UserId;
use crate::domain::project::long_text;

pub const MESSAGE_MAX_CHARS: usize = 2000;
/// How long after posting a message its author may edit it.
pub const EDIT_MINUTES: i64 = 15;

/// A message's text: line breaks kept, ends trimmed, not empty.
pub fn parse_body(raw: &str) -> Result<String, &'static str> {
    let body = long_text(raw, MESSAGE_MAX_CHARS)?;
    if body.is_empty() {
        Err("required")
    } else {
        Ok(body)
    }
}

/// Whether a message posted at `posted` may still be edited at `now`.
pub fn editable(posted: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - posted <= Duration::minutes(EDIT_MINUTES)
}

/// The members a message mentions: each `@` followed by a member's name (the longest name that
/// matches, so `@王磊磊` is not `@王磊`), once each, in the order of `members`.
pub fn mentions(body: &str, members: &[(UserId, String)]) -> Vec<UserId> {
    let mut by_length: Vec<&(UserId, String)> = members
        .iter()
        .filter(|(_, name)| !name.is_empty())
        .collect();
    by_length.sort_by_key(|(_, name)| std::cmp::Reverse(name.chars().count()));
    let mut found: Vec<UserId> = Vec::new();
    for (at, _) in body.match_indices('@') {
        let rest = &body[at + 1..];
        if let Some((user, _)) = by_length
            .iter()
            .find(|(_, name)| rest.starts_with(name.as_str()))
            && !found.contains(user)
        {
            found.push(*user);
        }
    }
    members
        .iter()
        .map(|(user, _)| *user)
        .filter(|user| found.contains(user))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members() -> Vec<(UserId, String)> {
        vec![
            (UserId(1), "王磊".into()),
            (UserId(2), "王磊磊".into()),
            (UserId(3), "Zhao Qiang".into()),
        ]
    }

    #[test]
    fn a_mention_is_an_at_and_a_members_whole_name() {
        let m = members();
        assert_eq!(mentions("@王磊 请看一下", &m), vec![UserId(1)]);
        assert_eq!(
            mentions("请@王磊磊确认", &m),
            vec![UserId(2)],
            "the longest name wins"
        );
        assert_eq!(
            mentions("@Zhao Qiang and @王磊, again @王磊", &m),
            vec![UserId(1), UserId(3)],
            "each once"
        );
        assert!(mentions("王磊 without an at, an email a@b.cn, @某人", &m).is_empty());
    }

    #[test]
    fn a_message_is_edited_within_fifteen_minutes() {
        let posted = DateTime::parse_from_rfc3339("2027-03-01T08:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        assert!(editable(posted, posted + Duration::minutes(15)));
        assert!(!editable(
            posted,
            posted + Duration::minutes(15) + Duration::seconds(1)
        ));
    }

    #[test]
    fn an_empty_message_is_refused() {
        assert_eq!(parse_body("  \n "), Err("required"));
        assert_eq!(parse_body(" 好的\r\n收到 "), Ok("好的\n收到".to_owned()));
        assert_eq!(
            parse_body(&"字".repeat(MESSAGE_MAX_CHARS + 1)),
            Err("too_long")
        );
    }
}
