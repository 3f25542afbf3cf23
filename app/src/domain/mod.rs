//! Pure, wasm-safe domain types: no I/O here, so everything can be unit-tested and shipped to
//! the browser alike.

/// A list's URL parameters, as typed: every one a string and optional, in the order its filter
/// form sends them. The one declaration of a list's filters, read by its page (`read` from the
/// address, `pairs` for its links), its server function and its export (`#[server(flatten)]`).
macro_rules! list_params {
    ($(#[$meta:meta])* $name:ident { $($field:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        pub struct $name {
            $(pub $field: String),+
        }

        impl $name {
            /// Reads the parameters through `get` (an address's query: empty when missing).
            pub fn read(get: impl Fn(&str) -> String) -> Self {
                Self { $($field: get(stringify!($field))),+ }
            }

            /// Each parameter with its value, in the form's order (for the list's links).
            pub fn pairs(&self) -> Vec<(&'static str, String)> {
                vec![$((stringify!($field), self.$field.clone())),+]
            }
        }
    };
}

pub(crate) use list_params;

pub mod access;
pub mod account;
pub mod city;
pub mod credit_code;
pub mod directory;
pub mod execution;
pub mod firm;
pub mod firm_import;
pub mod invitation;
pub mod link;
pub mod matching;
#[cfg(feature = "ssr")]
pub mod merge;
pub mod project;
pub mod project_event;
pub mod return_path;
pub mod search;
#[cfg(feature = "ssr")]
pub mod spreadsheet;
pub mod taxonomy;
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod time;

use serde::{Deserialize, Serialize};

/// The two languages every word on the platform exists in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag used in `<html lang>` and in the language cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    /// Reads a tag as sent by the language switch; anything else is refused.
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "zh-CN" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Zh => Self::En,
            Self::En => Self::Zh,
        }
    }
}

/// A name or word in both languages (a city, a segment, a capability), each page showing the
/// reader's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn tags_round_trip_and_unknown_tags_are_refused() {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag("zh"), None);
        assert_eq!(Lang::default(), Lang::Zh);
        assert_eq!(Lang::Zh.other(), Lang::En);
    }
}
