//! Text search that works for Chinese and English without the database's help.
//!
//! PostgreSQL's word search does not segment Chinese, and pg_trgm neither indexes two-character
//! terms nor sees Chinese under the C locale. So the application computes the terms itself and
//! the database only compares arrays (`search_terms @> query_terms`, GIN-indexed):
//! - a run of Chinese characters gives every single character and every overlapping pair
//!   (谐波减速器: 谐, 波, 减, 速, 器, 谐波, 波减, 减速, 速器), so any word of two or more
//!   characters is found by its pairs and a one-character query by the character;
//! - a run of letters and digits gives the lower-cased word and its prefixes of three
//!   characters or more (harmonic: har, harm, ..., harmonic), so "harm" finds "Harmonic".
//!
//! A query is cut the same way, but a run of Chinese gives only its pairs (or the character,
//! when alone) and a word only itself; a firm matches when it holds every term of the query.

use std::collections::BTreeSet;

/// Bump when [`index_terms`] changes: the server recomputes every firm indexed with an older
/// version at start-up.
pub const TERMS_VERSION: i16 = 1;

/// Words longer than this are indexed by their first this-many characters' prefixes only.
const MAX_WORD_PREFIX: usize = 24;
/// Shorter prefixes than this are not indexed (they would match almost everything).
const MIN_PREFIX: usize = 3;

#[derive(Debug, PartialEq, Eq)]
enum Run {
    Han(Vec<char>),
    Word(String),
}

/// Whether `c` is written as a Chinese character (CJK ideographs and their extensions).
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Full-width ASCII (Ａ, １) read as ASCII, then lower-cased.
fn normalise(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_lowercase().next().unwrap_or(c)
}

fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han = Vec::new();
    let mut word = String::new();
    let flush = |han: &mut Vec<char>, word: &mut String, out: &mut Vec<Run>| {
        if !han.is_empty() {
            out.push(Run::Han(std::mem::take(han)));
        }
        if !word.is_empty() {
            out.push(Run::Word(std::mem::take(word)));
        }
    };
    for c in text.chars().map(normalise) {
        if is_han(c) {
            if !word.is_empty() {
                flush(&mut han, &mut word, &mut out);
            }
            han.push(c);
        } else if c.is_alphanumeric() {
            if !han.is_empty() {
                flush(&mut han, &mut word, &mut out);
            }
            word.push(c);
        } else {
            flush(&mut han, &mut word, &mut out);
        }
    }
    flush(&mut han, &mut word, &mut out);
    out
}

fn pairs(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    chars.windows(2).map(|w| w.iter().collect())
}

/// The terms a firm is found by, from its names and description.
pub fn index_terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut terms = BTreeSet::new();
    for text in texts {
        for run in runs(text) {
            match run {
                Run::Han(chars) => {
                    terms.extend(chars.iter().map(char::to_string));
                    terms.extend(pairs(&chars));
                }
                Run::Word(word) => {
                    let chars: Vec<char> = word.chars().collect();
                    let longest = chars.len().min(MAX_WORD_PREFIX);
                    for end in MIN_PREFIX..=longest {
                        terms.insert(chars[..end].iter().collect());
                    }
                    terms.insert(word);
                }
            }
        }
    }
    terms.into_iter().collect()
}

/// The terms a firm must hold to match `query`; empty when the query has nothing to look for.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms = BTreeSet::new();
    for run in runs(query) {
        match run {
            Run::Han(chars) if chars.len() == 1 => {
                terms.insert(chars[0].to_string());
            }
            Run::Han(chars) => terms.extend(pairs(&chars)),
            Run::Word(word) => {
                let chars: Vec<char> = word.chars().collect();
                // A word longer than the indexed prefixes is looked for by its longest one.
                terms.insert(chars[..chars.len().min(MAX_WORD_PREFIX)].iter().collect());
            }
        }
    }
    terms.into_iter().collect()
}

/// The key a name sorts by: pinyin for Chinese characters (so 成都 sorts under c), the
/// lower-cased character otherwise.
#[cfg(feature = "ssr")]
pub fn sort_key(name: &str) -> String {
    use pinyin::ToPinyin;

    let mut key = String::with_capacity(name.len() * 2);
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => {
                key.push_str(p.plain());
                key.push(' ');
            }
            None => key.push(normalise(c)),
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn holds(index: &[String], query: &str) -> bool {
        let q = query_terms(query);
        !q.is_empty() && q.iter().all(|t| index.contains(t))
    }

    #[test]
    fn a_two_character_chinese_word_finds_the_longer_word_it_is_part_of() {
        let index = index_terms(["德阳精工谐波减速器有限公司"]);
        assert!(holds(&index, "减速"));
        assert!(holds(&index, "谐波减速器"));
        assert!(holds(&index, "减"));
        assert!(!holds(&index, "伺服"));
        assert!(!holds(&index, "速减"));
    }

    #[test]
    fn english_words_are_found_whole_by_prefix_and_in_any_case() {
        let index = index_terms(["Deyang Precision Harmonic Reducers Co., Ltd."]);
        assert!(holds(&index, "harmonic"));
        assert!(holds(&index, "HARM"));
        assert!(holds(&index, "harmonic reducers"));
        assert!(!holds(&index, "servo"));
        assert!(!holds(&index, "monic"));
    }

    #[test]
    fn mixed_text_and_full_width_letters_are_cut_at_the_script_change() {
        let index = index_terms(["ＲＶ减速器与3C电子"]);
        assert!(holds(&index, "rv"));
        assert!(holds(&index, "3c"));
        assert!(holds(&index, "减速器"));
        assert!(holds(&index, "电子"));
    }

    #[test]
    fn a_query_of_punctuation_alone_looks_for_nothing() {
        assert!(query_terms(" ，。!? ").is_empty());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn names_sort_by_pinyin() {
        assert!(sort_key("成都") < sort_key("德阳"));
        assert!(sort_key("德阳") < sort_key("眉山"));
        assert!(sort_key("眉山") < sort_key("资阳"));
    }

    proptest! {
        /// Whatever the Chinese text, every piece of it is found.
        #[test]
        fn every_piece_of_a_chinese_text_is_found(text in "[\\u{4e00}-\\u{4e40} ]{1,40}", start in 0usize..40, len in 1usize..8) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let end = (start + len).min(chars.len());
            let piece: String = chars[start..end].iter().collect();
            let index = index_terms([text.as_str()]);
            if !query_terms(&piece).is_empty() {
                prop_assert!(holds(&index, &piece), "{piece:?} in {text:?}");
            }
        }

        /// Every word of a Latin text is found by any start of it of three letters or more.
        #[test]
        fn every_word_start_is_found(words in proptest::collection::vec("[a-zA-Z0-9]{1,30}", 1..6), pick in 0usize..6, len in 3usize..30) {
            let text = words.join(" ");
            let word = &words[pick % words.len()];
            let start: String = word.chars().take(len).collect();
            let index = index_terms([text.as_str()]);
            prop_assert!(holds(&index, &start), "{start:?} in {text:?}");
        }
    }
}
