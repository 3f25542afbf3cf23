//! The firms area: registration and the approval queue (the profile and directory come later).

pub mod approvals;
pub mod register;
pub mod representatives;

use crate::domain::firm::FirmKind;
use crate::i18n::{Locale, t_string};

/// A kind of organisation in the reader's language.
pub fn kind_name(i18n: leptos_i18n::I18nContext<Locale>, kind: FirmKind) -> String {
    match kind {
        FirmKind::Manufacturer => t_string!(i18n, kind_manufacturer).to_string(),
        FirmKind::ResearchInstitute => t_string!(i18n, kind_research_institute).to_string(),
        FirmKind::University => t_string!(i18n, kind_university).to_string(),
        FirmKind::Integrator => t_string!(i18n, kind_integrator).to_string(),
        FirmKind::ComponentSupplier => t_string!(i18n, kind_component_supplier).to_string(),
    }
}
