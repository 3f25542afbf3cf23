//! A health as the page shows it: the colour (named, never colour alone), the sentences that
//! caused it, an official's override beside the computed colour, and the override's form.

use leptos::prelude::*;

use crate::api::execution::{ClearHealthOverride, OverrideHealth};
use crate::components::form::{FormErrors, SelectField, TextAreaField};
use crate::components::i18n::use_lang;
use crate::components::round_trip::{Form, typed_or};
use crate::domain::Lang;
use crate::domain::execution::health::{Health, Reason};
use crate::domain::execution::milestone::MilestoneLabel;
use crate::domain::execution::risk::REASON_MAX_CHARS;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::pages::projects::detail::SECONDARY_BUTTON;
use crate::views::execution::HealthView;

use super::milestones::milestone_name;

type I18n = leptos_i18n::I18nContext<Locale>;

#[derive(Clone, Copy)]
pub(super) struct HealthActions {
    pub set: ServerAction<OverrideHealth>,
    pub clear: ServerAction<ClearHealthOverride>,
}

pub fn health_name(i18n: I18n, health: Health) -> String {
    match health {
        Health::Green => t_string!(i18n, health_green),
        Health::Amber => t_string!(i18n, health_amber),
        Health::Red => t_string!(i18n, health_red),
    }
    .to_string()
}

/// A colour as a badge: its name in words, its colour beside.
#[component]
pub fn HealthBadge(health: Health) -> impl IntoView {
    let i18n = use_i18n();
    let class = match health {
        Health::Green => "bg-emerald-100 text-emerald-900 ring-emerald-300",
        Health::Amber => "bg-amber-100 text-amber-900 ring-amber-400",
        Health::Red => "bg-red-100 text-red-900 ring-red-300",
    };
    view! {
        <span class=format!("inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-sm font-medium ring-1 {class}")
            data-testid="health" data-health=health.as_db()>
            <span aria-hidden="true" class="inline-block h-2 w-2 rounded-full bg-current"></span>
            {move || health_name(i18n, health)}
        </span>
    }
}

/// A milestone named in a sentence: its firm (when `with_firm`) and its name.
pub fn milestone_label(i18n: I18n, lang: Lang, m: &MilestoneLabel, with_firm: bool) -> String {
    let name = milestone_name(i18n, m.name.as_deref(), m.rung);
    if with_firm && !m.firm.is_empty() {
        let sep = if lang == Lang::Zh { "·" } else { " · " };
        format!("{}{sep}{name}", m.firm)
    } else {
        name
    }
}

/// The sentence of one reason, in the reader's language.
pub fn reason_sentence(i18n: I18n, lang: Lang, reason: &Reason, with_firm: bool) -> String {
    match reason {
        Reason::LongOverdue { milestone, days } | Reason::Overdue { milestone, days } => {
            t_string!(i18n, reason_overdue)
                .replace(
                    "{milestone}",
                    &milestone_label(i18n, lang, milestone, with_firm),
                )
                .replace("{days}", &days.to_string())
        }
        Reason::NoRecentReport { milestone, days } => t_string!(i18n, reason_no_recent_report)
            .replace(
                "{milestone}",
                &milestone_label(i18n, lang, milestone, with_firm),
            )
            .replace("{days}", &days.to_string()),
        Reason::CriticalRisk { risk } => {
            t_string!(i18n, reason_critical_risk).replace("{risk}", risk)
        }
        Reason::HighRisk { risk } => t_string!(i18n, reason_high_risk).replace("{risk}", risk),
    }
}

/// A health with its reasons, the override beside it, and (for the owning city's officials)
/// the form to override or clear it. `participant_id` none: the project's.
#[component]
pub(super) fn HealthPanel(
    project_id: i64,
    participant_id: Option<i64>,
    health: HealthView,
    manage: bool,
    actions: HealthActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let computed = health.computed.clone();
    let with_firm = participant_id.is_none();
    let key = participant_id.map_or_else(|| "project".to_owned(), |p| p.to_string());
    let participant = participant_id.map(|p| p.to_string()).unwrap_or_default();
    let reasons = computed.reasons.clone();
    view! {
        <div class="mt-2" data-testid="health-panel">
            <div class="flex flex-wrap items-center gap-2">
                <HealthBadge health=health.shown() />
                {health.overridden.is_some().then(|| view! {
                    <span class="text-sm text-slate-700" data-testid="health-computed">
                        {t!(i18n, health_computed_was)} " " {move || health_name(i18n, computed.health)}
                    </span>
                })}
            </div>
            {health.overridden.clone().map(|o| view! {
                <p class="mt-2 text-sm text-slate-800" data-testid="health-override">
                    {move || t_string!(i18n, health_overridden_by).replace("{person}", &o.by).replace("{at}", &o.at)}
                    " " {o.reason}
                </p>
            })}
            {if reasons.is_empty() {
                view! { <p class="mt-2 text-sm text-slate-700" data-testid="health-reasons">{t!(i18n, health_no_reasons)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800" data-testid="health-reasons">
                        {reasons.into_iter().map(|r| view! {
                            <li>{move || reason_sentence(i18n, lang.get(), &r, with_firm)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {manage.then(|| view! {
                <OverrideForm project_id key participant overridden=health.overridden.is_some() actions />
            })}
        </div>
    }
}

#[component]
fn OverrideForm(
    project_id: i64,
    key: String,
    participant: String,
    overridden: bool,
    actions: HealthActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let (set, clear) = (actions.set, actions.clear);
    let mine_key = participant.clone();
    let errors = FormErrors::of(i18n, set, move |input: &OverrideHealth| {
        input.participant_id == mine_key && input.project_id == project_id.to_string()
    });
    let open = crate::components::round_trip::was_refused(
        "/api/override_health",
        &format!("health-{key}"),
    );
    let (clear_key, clear_participant) = (format!("health-clear-{key}"), participant.clone());
    view! {
        <details class="mt-3" open=open>
            <summary class="cursor-pointer text-sm text-red-800 underline underline-offset-2">{t!(i18n, health_override)}</summary>
            <Form action=set key=format!("health-{key}") attr:class="mt-2 grid gap-3 sm:grid-cols-2" attr:novalidate="true">
                <input type="hidden" name="project_id" value=project_id.to_string() />
                <input type="hidden" name="participant_id" value=participant.clone() />
                <SelectField id=format!("health-{key}-colour") name="health" label=move || t_string!(i18n, health_override_colour).to_string() error=errors.field("health")>
                    <option value="">{t!(i18n, choose)}</option>
                    // What was typed before a refusal (read inside the form).
                    {let chosen = typed_or("health", ""); Health::ALL.iter().map(move |h| {
                        let h = *h;
                        view! { <option value=h.as_db() selected=chosen == h.as_db()>{move || health_name(i18n, h)}</option> }
                    }).collect_view()}
                </SelectField>
                <div class="sm:col-span-2">
                    <TextAreaField id=format!("health-{key}-reason") name="reason" rows=2 max_chars=REASON_MAX_CHARS
                        label=move || t_string!(i18n, health_override_reason).to_string() error=errors.field("reason") />
                </div>
                <div class="sm:col-span-2">
                    <crate::components::form::FormAlert message=errors.general(&["health", "reason"]) />
                    <button type="submit" class=SECONDARY_BUTTON disabled=move || set.pending().get()>{t!(i18n, health_override_submit)}</button>
                </div>
            </Form>
            {overridden.then(|| view! {
                <Form action=clear key=clear_key.clone() attr:class="mt-2">
                    <input type="hidden" name="project_id" value=project_id.to_string() />
                    <input type="hidden" name="participant_id" value=clear_participant.clone() />
                    <button type="submit" class=SECONDARY_BUTTON disabled=move || clear.pending().get()>{t!(i18n, health_override_clear)}</button>
                </Form>
            })}
        </details>
    }
}
