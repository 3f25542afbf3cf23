//! Whether a new password resists guessing: zxcvbn's estimate (counting the user's own name,
//! email and firm) and the common Chinese passwords shipped in `common_passwords.txt`. Server
//! only, so the dictionaries never reach the wasm.

use std::collections::HashSet;
use std::sync::LazyLock;

use zxcvbn::{Score, zxcvbn};

/// zxcvbn's score below which a password is refused (3: "safely unguessable").
pub const MINIMUM_SCORE: Score = Score::Three;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// Why a password was refused; each is a code the form turns into a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// On the shipped list (with digits around it).
    Common,
    /// zxcvbn estimates it too easy to guess.
    Guessable,
}

impl Weakness {
    pub fn code(self) -> &'static str {
        match self {
            Self::Common => "password_common",
            Self::Guessable => "password_too_guessable",
        }
    }
}

/// Whether the password, letters and digits only and lower-cased, is a listed base with digits
/// before or after it, or digits alone.
pub fn is_common(password: &str) -> bool {
    let plain: String = password
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if COMMON.contains(plain.as_str()) {
        return true;
    }
    let core = plain.trim_matches(|c: char| c.is_ascii_digit());
    core.is_empty() || COMMON.contains(core)
}

/// The user's own words for zxcvbn: each of `inputs` (name, email, firm) whole, and each run of
/// three or more letters or digits in it (`li.wei@deyang.gov.cn` gives `deyang`, `gov`, ...).
pub fn own_words(inputs: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = inputs.iter().map(|i| i.to_lowercase()).collect();
    for input in inputs {
        words.extend(
            input
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase),
        );
    }
    words.sort();
    words.dedup();
    words
}

/// Checks a new password against the list and zxcvbn; `user_inputs` are the user's own words
/// (name, email, firm), which make a password that contains them weaker.
pub fn check(password: &str, user_inputs: &[&str]) -> Result<(), Weakness> {
    if is_common(password) {
        return Err(Weakness::Common);
    }
    let own = own_words(user_inputs);
    let own: Vec<&str> = own.iter().map(String::as_str).collect();
    if zxcvbn(password, &own).score() < MINIMUM_SCORE {
        return Err(Weakness::Guessable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_and_year_pinyin_names_with_years_and_keyboard_walks_are_common() {
        for password in [
            "Deyang@2025",
            "chengdu2026!",
            "ZhangWei1988",
            "liuyang_2000",
            "woaini1314",
            "1qaz2wsx3edc",
            "1Q2W3E4R5T",
            "Password@123",
            "20252025202520",
        ] {
            assert!(
                is_common(password) || check(password, &[]).is_err(),
                "{password}"
            );
        }
        assert_eq!(check("Deyang@2025", &[]), Err(Weakness::Common));
        assert_eq!(check("1qaz2wsx3edc", &[]), Err(Weakness::Common));
    }

    #[test]
    fn long_unrelated_phrases_pass() {
        for password in [
            "correct horse battery staple",
            "成都平原的机器人很能干",
            "violet kettle orbit 47 lanterns",
        ] {
            assert_eq!(check(password, &[]), Ok(()), "{password}");
        }
    }

    #[test]
    fn the_users_own_name_email_and_firm_make_a_password_weaker() {
        let own = [
            "薛峰",
            "xuefeng@dongfang-jixie.cn",
            "东方机械 dongfang jixie",
        ];
        // Strong for a stranger, weak for the firm's own representative.
        for password in ["dongfangxuefeng", "jixiedongfang"] {
            assert_eq!(check(password, &[]), Ok(()), "{password}");
            assert_eq!(
                check(password, &own),
                Err(Weakness::Guessable),
                "{password}"
            );
        }
    }

    #[test]
    fn own_words_split_emails_and_names_into_their_parts() {
        let words = own_words(&["li.wei@deyang.gov.cn", "东方机械 dongfang"]);
        for expected in [
            "li.wei@deyang.gov.cn",
            "wei",
            "deyang",
            "gov",
            "东方机械",
            "dongfang",
        ] {
            assert!(
                words.iter().any(|w| w == expected),
                "{expected} in {words:?}"
            );
        }
    }

    #[test]
    fn the_list_is_read_without_comments_or_blank_lines() {
        assert!(COMMON.contains("deyang"));
        assert!(
            !COMMON
                .iter()
                .any(|entry| entry.starts_with('#') || entry.is_empty())
        );
    }
}
