//! The firms area: registration, the approval queue, the directory, a firm's page and its
//! profile, and the capability taxonomy.

pub mod approvals;
pub mod detail;
pub mod directory;
pub mod edit;
pub mod import;
pub mod register;
pub mod representatives;
pub mod taxonomy;

use leptos::prelude::*;

use crate::domain::firm::{CertificateKind, FirmKind, ProductionLevel, TrustRung};
use crate::i18n::{Locale, t_string, use_i18n};

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

/// A production level in the reader's language.
pub fn level_name(i18n: leptos_i18n::I18nContext<Locale>, level: ProductionLevel) -> String {
    match level {
        ProductionLevel::Prototype => t_string!(i18n, level_prototype).to_string(),
        ProductionLevel::SmallBatch => t_string!(i18n, level_small_batch).to_string(),
        ProductionLevel::MassProduction => t_string!(i18n, level_mass_production).to_string(),
    }
}

/// A certificate's name (the listed ones are the same in both languages).
pub fn certificate_name(
    i18n: leptos_i18n::I18nContext<Locale>,
    kind: CertificateKind,
    other_name: Option<&str>,
) -> String {
    match (kind.label(), other_name) {
        (Some(label), _) => label.to_owned(),
        (None, Some(name)) => name.to_owned(),
        (None, None) => t_string!(i18n, certificate_other).to_string(),
    }
}

/// Where a capability stands on the trust ladder, as a badge.
#[component]
pub fn RungBadge(rung: TrustRung) -> impl IntoView {
    let i18n = use_i18n();
    let (class, text) = match rung {
        TrustRung::Verified => (
            "bg-emerald-100 text-emerald-900 ring-emerald-300",
            t_string!(i18n, rung_verified).to_string(),
        ),
        TrustRung::CertificateListed => (
            "bg-sky-100 text-sky-900 ring-sky-300",
            t_string!(i18n, rung_certificate_listed).to_string(),
        ),
        TrustRung::SelfDeclared => (
            "bg-slate-100 text-slate-800 ring-slate-300",
            t_string!(i18n, rung_self_declared).to_string(),
        ),
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 {class}")>{text}</span>
    }
}
