//! Each participant's milestones, the overdue ones marked (computed as the page was read), with
//! the health of its work.

use leptos::prelude::*;

use crate::api::execution::{AcceptMilestone, RejectMilestone, SubmitMilestone};
use crate::components::form::{TextAreaField, code_message};
use crate::components::i18n::use_lang;
use crate::components::round_trip::Form;
use crate::domain::execution::milestone::{MilestoneState, Rung};
use crate::i18n::{t, t_string, use_i18n};
use crate::views::execution::{MilestoneView, ParticipantMilestones};

use crate::pages::projects::detail::{SECONDARY_BUTTON, SECTION};

/// The milestones' steps, one action each for the whole page.
#[derive(Clone, Copy)]
pub(super) struct MilestoneActions {
    pub submit: ServerAction<SubmitMilestone>,
    pub accept: ServerAction<AcceptMilestone>,
    pub reject: ServerAction<RejectMilestone>,
}

/// What the viewer may do with one participant's milestones.
#[derive(Clone, Copy)]
struct Allowed {
    submit: bool,
    decide: bool,
}

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

/// A milestone's name: the one an official gave it, else its rung's in the reader's language.
pub(super) fn milestone_name(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    name: Option<&str>,
    rung: Option<Rung>,
) -> String {
    match (name, rung) {
        (Some(name), _) => name.to_owned(),
        (None, Some(rung)) => rung_name(i18n, rung),
        (None, None) => String::new(),
    }
}

pub(super) fn state_name(
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
pub(super) fn Milestones(
    project_id: i64,
    participants: Vec<ParticipantMilestones>,
    /// The viewer accepts and returns what was handed in.
    may_manage: bool,
    /// Steps are taken only while the project is in execution.
    in_execution: bool,
    actions: MilestoneActions,
    health_actions: super::health::HealthActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section class=SECTION aria-labelledby="milestones-heading" data-testid="milestones">
            <h2 id="milestones-heading" class="text-lg font-semibold">{t!(i18n, milestones_heading)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, milestones_lead)}</p>
            {participants.into_iter().map(|p| {
                let allowed = Allowed {
                    submit: in_execution && p.may_submit,
                    decide: in_execution && may_manage,
                };
                let need = p.need.clone();
                let title = move || format!("{} · {}", p.firm, need.get(lang.get()));
                let region = title.clone();
                view! {
                    <div class="mt-5" data-testid="participant-milestones">
                        <h3 class="font-semibold">{title.clone()}</h3>
                        <super::health::HealthPanel project_id participant_id=Some(p.participant_id)
                            health=p.health.clone() manage=in_execution && may_manage actions=health_actions />
                        <div class="mt-2 overflow-x-auto" tabindex="0" role="region" aria-label=region>
                            <table class="min-w-full text-left text-sm">
                                <caption class="sr-only">{title}</caption>
                                <thead class="border-b border-slate-200 text-slate-600">
                                    <tr>
                                        <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, milestone_column_name)}</th>
                                        <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, milestone_column_due)}</th>
                                        <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, milestone_column_state)}</th>
                                        {(allowed.submit || allowed.decide).then(|| view! {
                                            <th scope="col" class="py-2 font-medium">{t!(i18n, milestone_column_steps)}</th>
                                        })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {p.milestones.into_iter().map(|m| view! { <Milestone m allowed actions /> }).collect_view()}
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
fn Milestone(m: MilestoneView, allowed: Allowed, actions: MilestoneActions) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let name = m.name.clone();
    let rung = m.rung;
    let name = move || milestone_name(i18n, name.as_deref(), rung);
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
            <td class="py-2 pr-4">
                <span class=format!("inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 {badge}") data-testid="milestone-state">
                    {move || state_name(i18n, state)}
                </span>
            </td>
            {(allowed.submit || allowed.decide).then(|| view! {
                <td class="py-2"><Steps id=m.id state allowed actions /></td>
            })}
        </tr>
    }
}

/// The steps the viewer may take on a milestone in its state: hand it in; accept it or return
/// it with a reason. Plain forms: they work without JavaScript.
#[component]
fn Steps(
    id: i64,
    state: MilestoneState,
    allowed: Allowed,
    actions: MilestoneActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let may_submit = allowed.submit
        && matches!(
            state,
            MilestoneState::Planned | MilestoneState::InProgress | MilestoneState::Rejected
        );
    let may_decide = allowed.decide && state == MilestoneState::Submitted;
    let (submit, accept, reject) = (actions.submit, actions.accept, actions.reject);
    let reason_id = format!("reject-reason-{id}");
    let reason_error = Signal::derive(move || {
        reject
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field_code("reason").map(|c| code_message(i18n, c)))
    });
    view! {
        <div class="flex flex-col gap-2">
            {may_submit.then(|| view! {
                <Form action=submit key=format!("submit-{id}")>
                    <input type="hidden" name="milestone_id" value=id.to_string() />
                    <button type="submit" class=SECONDARY_BUTTON disabled=move || submit.pending().get()>{t!(i18n, milestone_submit)}</button>
                </Form>
            })}
            {may_decide.then(|| view! {
                <Form action=accept key=format!("accept-{id}")>
                    <input type="hidden" name="milestone_id" value=id.to_string() />
                    <button type="submit" class=SECONDARY_BUTTON disabled=move || accept.pending().get()>{t!(i18n, milestone_accept)}</button>
                </Form>
                <Form action=reject key=format!("reject-{id}") attr:class="space-y-2" attr:novalidate="true">
                    <input type="hidden" name="milestone_id" value=id.to_string() />
                    <TextAreaField id=reason_id.clone() name="reason" rows=2 max_chars=500
                        label=move || t_string!(i18n, milestone_reject_reason).to_string() error=reason_error />
                    <button type="submit" class=SECONDARY_BUTTON disabled=move || reject.pending().get()>{t!(i18n, milestone_reject)}</button>
                </Form>
            })}
        </div>
    }
}
