//! A project's execution as its page shows it: each participant's milestones, the overdue ones
//! marked (computed as the page was read).

use leptos::prelude::*;

use crate::components::i18n::use_lang;
use crate::domain::execution::milestone::{MilestoneState, Rung};
use crate::i18n::{t, t_string, use_i18n};
use crate::views::execution::{MilestoneView, ParticipantMilestones};

use super::SECTION;

fn rung_name(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, rung: Rung) -> String {
    match rung {
        Rung::Prototype => t_string!(i18n, rung_prototype),
        Rung::BenchQualification => t_string!(i18n, rung_bench_qualification),
        Rung::Sample => t_string!(i18n, rung_sample),
        Rung::SmallBatch => t_string!(i18n, rung_small_batch),
        Rung::MassProduction => t_string!(i18n, rung_mass_production),
    }
    .to_string()
}

fn state_name(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    state: MilestoneState,
) -> String {
    match state {
        MilestoneState::Planned => t_string!(i18n, milestone_state_planned),
        MilestoneState::InProgress => t_string!(i18n, milestone_state_in_progress),
        MilestoneState::Submitted => t_string!(i18n, milestone_state_submitted),
        MilestoneState::Accepted => t_string!(i18n, milestone_state_accepted),
        MilestoneState::Rejected => t_string!(i18n, milestone_state_rejected),
    }
    .to_string()
}

/// Every participant's milestones, one table each (it scrolls inside its own box on a phone).
#[component]
pub(super) fn Milestones(participants: Vec<ParticipantMilestones>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section class=SECTION aria-labelledby="milestones-heading" data-testid="milestones">
            <h2 id="milestones-heading" class="text-lg font-semibold">{t!(i18n, milestones_heading)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, milestones_lead)}</p>
            {participants.into_iter().map(|p| {
                let need = p.need.clone();
                let title = move || format!("{} · {}", p.firm, need.get(lang.get()));
                view! {
                    <div class="mt-5" data-testid="participant-milestones">
                        <h3 class="font-semibold">{title.clone()}</h3>
                        <div class="mt-2 overflow-x-auto">
                            <table class="min-w-full text-left text-sm">
                                <caption class="sr-only">{title}</caption>
                                <thead class="border-b border-slate-200 text-slate-600">
                                    <tr>
                                        <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, milestone_column_name)}</th>
                                        <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, milestone_column_due)}</th>
                                        <th scope="col" class="py-2 font-medium">{t!(i18n, milestone_column_state)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {p.milestones.into_iter().map(|m| view! { <Milestone m /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </div>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn Milestone(m: MilestoneView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let name = m.name.clone();
    let rung = m.rung;
    let name = move || match (&name, rung) {
        (Some(name), _) => name.clone(),
        (None, Some(rung)) => rung_name(i18n, rung),
        (None, None) => String::new(),
    };
    let state = m.state;
    let badge = match state {
        MilestoneState::Planned => "bg-slate-100 text-slate-800 ring-slate-300",
        MilestoneState::InProgress => "bg-sky-100 text-sky-900 ring-sky-300",
        MilestoneState::Submitted => "bg-amber-50 text-amber-900 ring-amber-300",
        MilestoneState::Accepted => "bg-emerald-100 text-emerald-900 ring-emerald-300",
        MilestoneState::Rejected => "bg-red-50 text-red-900 ring-red-200",
    };
    let figures = m.figures.clone();
    view! {
        <tr class="border-b border-slate-100 align-top" data-testid="milestone">
            <td class="py-2 pr-4">
                <span class="font-medium">{name}</span>
                {(!m.deliverable.is_empty()).then(|| view! {
                    <p class="text-slate-600">{m.deliverable.clone()}</p>
                })}
                {(!figures.is_empty()).then(|| view! {
                    <p class="mt-1 text-slate-700">
                        <span class="font-medium">{t!(i18n, milestone_figures)}</span>": "
                        {move || figures.iter().map(|f| {
                            let label = if lang.get() == crate::domain::Lang::Zh { &f.zh } else { &f.en };
                            let target = f.target.clone()
                                .unwrap_or_else(|| t_string!(i18n, milestone_target_unset).to_string());
                            if f.unit.is_empty() {
                                format!("{label} ({target})")
                            } else {
                                format!("{label} ({target}, {})", f.unit)
                            }
                        }).collect::<Vec<_>>().join(if lang.get() == crate::domain::Lang::Zh { "；" } else { "; " })}
                    </p>
                })}
                {m.rejection_reason.clone().filter(|_| state == MilestoneState::Rejected).map(|reason| view! {
                    <p class="mt-1 text-red-900">{t!(i18n, milestone_returned_because)}{reason}</p>
                })}
            </td>
            <td class="whitespace-nowrap py-2 pr-4">
                {m.due_on.clone()}
                {m.overdue_days.map(|days| view! {
                    <span class="ml-2 font-medium text-red-800" data-testid="overdue">
                        {move || t_string!(i18n, milestone_overdue).replace("{days}", &days.to_string())}
                    </span>
                })}
            </td>
            <td class="py-2">
                <span class=format!("inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 {badge}")>
                    {move || state_name(i18n, state)}
                </span>
            </td>
        </tr>
    }
}
