//! The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a
//! 31-character alphabet, the last one a weighted check character over the first 17.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Digits and capital letters without I, O, Z, S and V, in the order that gives each its value.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weight of position i (1-based) is 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A well-formed unified social credit code, stored in capitals.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

/// Why a code was refused; each variant is a code the form turns into a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("a unified social credit code has 18 characters")]
    Length,
    #[error("character {position} is not allowed (digits and capitals except I, O, Z, S, V)")]
    Character { position: usize },
    #[error("the check character does not match the first 17 characters")]
    CheckCharacter,
}

impl CreditCodeError {
    /// The code a form or an import's preview turns into words.
    pub fn code(self) -> &'static str {
        match self {
            Self::Length => "credit_code_length",
            Self::Character { .. } => "credit_code_character",
            Self::CheckCharacter => "credit_code_check",
        }
    }
}

fn value_of(byte: u8) -> Option<u32> {
    ALPHABET.iter().position(|&c| c == byte).map(|p| p as u32)
}

/// The check character for 17 characters that are all in the alphabet.
fn check_character(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| value_of(c).unwrap_or(0) * w)
        .sum();
    ALPHABET[((31 - sum % 31) % 31) as usize]
}

impl CreditCode {
    /// Accepts the code with surrounding spaces and in lower case, as people paste it.
    pub fn parse(raw: &str) -> Result<Self, CreditCodeError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.chars().count() != 18 {
            return Err(CreditCodeError::Length);
        }
        if let Some(position) = code
            .chars()
            .position(|c| !c.is_ascii() || value_of(c as u8).is_none())
        {
            return Err(CreditCodeError::Character {
                position: position + 1,
            });
        }
        // All 18 characters are ASCII from here on, so bytes and characters coincide.
        let bytes = code.as_bytes();
        if check_character(&bytes[..17]) != bytes[17] {
            return Err(CreditCodeError::CheckCharacter);
        }
        Ok(Self(code))
    }

    /// The code that the first 17 characters make with their check character appended (for
    /// demo and test data); `None` when they are not 17 characters of the alphabet.
    pub fn complete(first17: &str) -> Option<Self> {
        let upper = first17.to_ascii_uppercase();
        let bytes = upper.as_bytes();
        if bytes.len() != 17 || bytes.iter().any(|&b| value_of(b).is_none()) {
            return None;
        }
        let mut code = upper.clone();
        code.push(check_character(bytes) as char);
        Some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Characters 3 to 8: the administrative division where the organisation registered
    /// (510100 is Chengdu, 510600 Deyang, 511400 Meishan, 512000 Ziyang).
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CreditCode> for String {
    fn from(code: CreditCode) -> Self {
        code.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Completes 17 characters with their check character.
    fn complete(first17: &str) -> String {
        let check = check_character(first17.as_bytes()) as char;
        format!("{first17}{check}")
    }

    #[test]
    fn the_example_code_of_the_standard_is_accepted() {
        let code = "91350100M000100Y43";
        assert_eq!(
            CreditCode::parse(code).map(String::from),
            Ok(code.to_owned())
        );
    }

    #[test]
    fn input_is_trimmed_and_upper_cased() {
        let code = CreditCode::parse("  91350100m000100y43 ").expect("valid");
        assert_eq!(code.as_str(), "91350100M000100Y43");
        assert_eq!(code.region_code(), "350100");
    }

    #[test]
    fn each_kind_of_mistake_is_named() {
        assert_eq!(
            CreditCode::parse("91350100M000100Y4"),
            Err(CreditCodeError::Length)
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y433"),
            Err(CreditCodeError::Length)
        );
        assert_eq!(
            CreditCode::parse("91350100I000100Y43"),
            Err(CreditCodeError::Character { position: 9 })
        );
        assert_eq!(
            CreditCode::parse("91３50100M000100Y43"),
            Err(CreditCodeError::Character { position: 3 }),
            "a full-width digit is named by its place among the characters"
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(CreditCodeError::CheckCharacter)
        );
    }

    #[test]
    fn the_check_character_of_a_zero_remainder_is_zero() {
        // 17 zeros sum to 0, so the check character is 0 and not the 31st symbol.
        assert_eq!(complete("00000000000000000"), "000000000000000000");
        assert!(CreditCode::parse("000000000000000000").is_ok());
    }

    #[test]
    fn complete_refuses_what_is_not_17_characters_of_the_alphabet() {
        assert!(CreditCode::complete("9151060000000000").is_none());
        assert!(CreditCode::complete("91510600000000000I").is_none());
        assert!(CreditCode::complete("9151060000000000I").is_none());
        let code = CreditCode::complete("91510600mA6XYQ123").expect("complete");
        assert_eq!(CreditCode::parse(code.as_str()), Ok(code.clone()));
        assert_eq!(code.region_code(), "510600");
    }

    proptest! {
        #[test]
        fn any_17_characters_completed_with_their_check_character_parse(
            first17 in "[0-9ABCDEFGHJKLMNPQRTUWXY]{17}"
        ) {
            let code = complete(&first17);
            prop_assert_eq!(CreditCode::parse(&code).map(String::from), Ok(code));
        }

        #[test]
        fn changing_any_one_character_is_caught(
            first17 in "[0-9ABCDEFGHJKLMNPQRTUWXY]{17}",
            position in 0usize..18,
            replacement in 0usize..31,
        ) {
            let mut bytes = complete(&first17).into_bytes();
            let new = ALPHABET[replacement];
            prop_assume!(bytes[position] != new);
            bytes[position] = new;
            let changed = String::from_utf8(bytes).expect("ascii");
            prop_assert_eq!(CreditCode::parse(&changed), Err(CreditCodeError::CheckCharacter));
        }

        #[test]
        fn swapping_two_different_neighbours_is_caught(
            first17 in "[0-9ABCDEFGHJKLMNPQRTUWXY]{17}",
            position in 0usize..16,
        ) {
            let mut bytes = complete(&first17).into_bytes();
            prop_assume!(bytes[position] != bytes[position + 1]);
            bytes.swap(position, position + 1);
            let swapped = String::from_utf8(bytes).expect("ascii");
            prop_assert!(CreditCode::parse(&swapped).is_err());
        }

        #[test]
        fn parsing_never_panics(raw in "\\PC{0,30}") {
            let _ = CreditCode::parse(&raw);
        }
    }
}
