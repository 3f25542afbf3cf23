//! The projects area: the open calls and the project list, a project's page, and its form.

pub mod detail;
pub mod execution;
pub mod form;
pub mod invitations;
pub mod list;
pub mod matching;
pub mod portfolio;

use leptos::prelude::*;

use crate::domain::project::{
    FundingSource, ProjectStatus, ResearchStage, Scenario, format_wan, format_yuan_grouped,
};
use crate::i18n::{Locale, t_string};

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn stage_name(i18n: I18n, stage: ResearchStage) -> String {
    match stage {
        ResearchStage::Achievement => t_string!(i18n, stage_achievement).to_string(),
        ResearchStage::Incubation => t_string!(i18n, stage_incubation).to_string(),
        ResearchStage::Maturation => t_string!(i18n, stage_maturation).to_string(),
        ResearchStage::Expansion => t_string!(i18n, stage_expansion).to_string(),
    }
}

pub fn status_name(i18n: I18n, status: ProjectStatus) -> String {
    match status {
        ProjectStatus::Draft => t_string!(i18n, status_draft).to_string(),
        ProjectStatus::Open => t_string!(i18n, status_open).to_string(),
        ProjectStatus::InExecution => t_string!(i18n, status_in_execution).to_string(),
        ProjectStatus::Completed => t_string!(i18n, status_completed).to_string(),
        ProjectStatus::Cancelled => t_string!(i18n, status_cancelled).to_string(),
    }
}

pub fn scenario_name(i18n: I18n, scenario: Scenario) -> String {
    match scenario {
        Scenario::Automotive => t_string!(i18n, scenario_automotive).to_string(),
        Scenario::Electronics => t_string!(i18n, scenario_electronics).to_string(),
        Scenario::Logistics => t_string!(i18n, scenario_logistics).to_string(),
        Scenario::Agriculture => t_string!(i18n, scenario_agriculture).to_string(),
        Scenario::Medical => t_string!(i18n, scenario_medical).to_string(),
        Scenario::ElderlyCare => t_string!(i18n, scenario_elderly_care).to_string(),
        Scenario::Inspection => t_string!(i18n, scenario_inspection).to_string(),
        Scenario::Education => t_string!(i18n, scenario_education).to_string(),
        Scenario::Household => t_string!(i18n, scenario_household).to_string(),
    }
}

pub fn funding_name(i18n: I18n, source: FundingSource) -> String {
    match source {
        FundingSource::CityFund => t_string!(i18n, fund_city_label).to_string(),
        FundingSource::ProvincialSubsidy => t_string!(i18n, fund_province_label).to_string(),
        FundingSource::InvestmentFund => t_string!(i18n, fund_investment_label).to_string(),
        FundingSource::OwnFunds => t_string!(i18n, fund_own_label).to_string(),
    }
}

/// An amount in yuan as the reader reads it: "150.5 万元" in Chinese, "1,505,000 yuan" in English.
pub fn wan(i18n: I18n, yuan: i64) -> String {
    format!("{} {}", figure(i18n, yuan), amount_unit(i18n))
}

/// A range of amounts (a proposal's price) without its unit, which [`amount_unit`] names
/// beside it: "12 – 15.5" (万元) in Chinese, "120,000 – 155,000" (yuan) in English.
pub fn wan_range(i18n: I18n, min: i64, max: i64) -> String {
    if min == max {
        figure(i18n, min)
    } else {
        format!("{} – {}", figure(i18n, min), figure(i18n, max))
    }
}

/// The unit amounts are read in: 万元 in Chinese, yuan in English.
pub fn amount_unit(i18n: I18n) -> String {
    match i18n.get_locale() {
        Locale::zh_CN => t_string!(i18n, unit_wan).to_string(),
        Locale::en => t_string!(i18n, unit_yuan).to_string(),
    }
}

fn figure(i18n: I18n, yuan: i64) -> String {
    match i18n.get_locale() {
        Locale::zh_CN => format_wan(yuan),
        Locale::en => format_yuan_grouped(yuan),
    }
}

/// The project's status as a badge.
#[component]
pub fn StatusBadge(status: ProjectStatus) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let class = match status {
        ProjectStatus::Draft => "bg-slate-100 text-slate-800 ring-slate-300",
        ProjectStatus::Open => "bg-emerald-100 text-emerald-900 ring-emerald-300",
        ProjectStatus::InExecution => "bg-sky-100 text-sky-900 ring-sky-300",
        ProjectStatus::Completed => "bg-indigo-100 text-indigo-900 ring-indigo-300",
        ProjectStatus::Cancelled => "bg-red-50 text-red-900 ring-red-200",
    };
    view! {
        <span class=format!("inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 {class}") data-testid="project-status">
            {move || status_name(i18n, status)}
        </span>
    }
}
