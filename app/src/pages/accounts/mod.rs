//! The accounts area: signing in, the signed-in user's own account, and the accounts list.

pub mod account;
pub mod list;
pub mod sign_in;

use crate::domain::Bilingual;
use crate::domain::Lang;
use crate::domain::account::RoleKind;
use crate::i18n::{Locale, t_string};

/// A role's name in the reader's language.
pub fn role_name(i18n: leptos_i18n::I18nContext<Locale>, role: RoleKind) -> String {
    match role {
        RoleKind::Admin => t_string!(i18n, role_admin).to_string(),
        RoleKind::Official => t_string!(i18n, role_official).to_string(),
        RoleKind::FirmRep => t_string!(i18n, role_firm_rep).to_string(),
    }
}

/// Where an account belongs: the firm and its city, or the official's city.
pub fn place_label(city: Option<&Bilingual>, firm: Option<&str>, lang: Lang) -> String {
    let city = city.map(|c| c.get(lang));
    [firm, city]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}
