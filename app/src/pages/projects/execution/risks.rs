//! The project's risks: each with its severity, likelihood, owner, due date, mitigation and
//! state, and whether it was escalated to the coordination meetings; the owning city's
//! officials add, edit, escalate and take back.

use leptos::prelude::*;

use crate::api::execution::{AddRisk, DeescalateRisk, EscalateRisk, UpdateRisk};
use crate::components::form::{
    BUTTON_CLASS, FormAlert, FormErrors, SelectField, TextAreaField, TextField,
};
use crate::components::round_trip::{Form, typed_or, was_refused};
use crate::domain::execution::health::{RiskSeverity, RiskState};
use crate::domain::execution::risk::{
    REASON_MAX_CHARS, RISK_FIELDS, RISK_TEXT_MAX_CHARS, RiskLikelihood,
};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::pages::projects::detail::{SECONDARY_BUTTON, SECTION};
use crate::views::execution::{RiskOwnerChoice, RiskView};

type I18n = leptos_i18n::I18nContext<Locale>;

#[derive(Clone, Copy)]
pub(super) struct RiskActions {
    pub add: ServerAction<AddRisk>,
    pub update: ServerAction<UpdateRisk>,
    pub escalate: ServerAction<EscalateRisk>,
    pub deescalate: ServerAction<DeescalateRisk>,
}

fn severity_name(i18n: I18n, s: RiskSeverity) -> String {
    match s {
        RiskSeverity::Low => t_string!(i18n, risk_severity_low),
        RiskSeverity::Medium => t_string!(i18n, risk_severity_medium),
        RiskSeverity::High => t_string!(i18n, risk_severity_high),
        RiskSeverity::Critical => t_string!(i18n, risk_severity_critical),
    }
    .to_string()
}

fn likelihood_name(i18n: I18n, l: RiskLikelihood) -> String {
    match l {
        RiskLikelihood::Low => t_string!(i18n, risk_likelihood_low),
        RiskLikelihood::Medium => t_string!(i18n, risk_likelihood_medium),
        RiskLikelihood::High => t_string!(i18n, risk_likelihood_high),
    }
    .to_string()
}

fn state_name(i18n: I18n, s: RiskState) -> String {
    match s {
        RiskState::Open => t_string!(i18n, risk_state_open),
        RiskState::Mitigated => t_string!(i18n, risk_state_mitigated),
        RiskState::Closed => t_string!(i18n, risk_state_closed),
    }
    .to_string()
}

#[component]
pub(super) fn Risks(
    project_id: i64,
    risks: Vec<RiskView>,
    owners: Vec<RiskOwnerChoice>,
    /// The viewer writes the risks (the owning city's officials, while it is in execution).
    manage: bool,
    actions: RiskActions,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section id="risks" class=SECTION aria-labelledby="risks-heading" data-testid="risks">
            <h2 id="risks-heading" class="text-lg font-semibold">{t!(i18n, risks_heading)}</h2>
            {if risks.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, risks_none)}</p> }.into_any()
            } else {
                let owners = owners.clone();
                view! {
                    <ul class="mt-3 space-y-4">
                        {risks.into_iter().map(|risk| view! {
                            <Risk risk owners=owners.clone() manage actions />
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {manage.then(|| view! {
                <div data-testid="add-risk">
                    <h3 class="mt-6 font-semibold">{t!(i18n, risk_add_heading)}</h3>
                    <AddRiskForm project_id owners actions />
                </div>
            })}
        </section>
    }
}

#[component]
fn Risk(
    risk: RiskView,
    owners: Vec<RiskOwnerChoice>,
    manage: bool,
    actions: RiskActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let (severity, likelihood, state) = (risk.severity, risk.likelihood, risk.state);
    let grave =
        matches!(severity, RiskSeverity::High | RiskSeverity::Critical) && state == RiskState::Open;
    let id = risk.id;
    view! {
        <li class="rounded-lg p-4 ring-1 ring-slate-200" class:bg-red-50=grave data-testid="risk">
            <div class="flex flex-wrap items-center gap-2">
                <h3 class="font-semibold">{risk.title.clone()}</h3>
                <span class="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-800" data-testid="risk-severity">
                    {t!(i18n, risk_severity_label)} " " {move || severity_name(i18n, severity)}
                </span>
                <span class="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-800" data-testid="risk-state">
                    {move || state_name(i18n, state)}
                </span>
                {risk.escalation.is_some().then(|| view! {
                    <span class="rounded bg-red-800 px-1.5 py-0.5 text-xs font-medium text-white" data-testid="risk-escalated">{t!(i18n, risk_escalated_badge)}</span>
                })}
            </div>
            {(!risk.description.is_empty()).then(|| view! {
                <p class="mt-1 whitespace-pre-line text-slate-800">{risk.description.clone()}</p>
            })}
            <dl class="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
                <div><dt class="inline text-slate-600">{t!(i18n, risk_likelihood_label)} ": "</dt><dd class="inline">{move || likelihood_name(i18n, likelihood)}</dd></div>
                <div><dt class="inline text-slate-600">{t!(i18n, risk_owner_label)} ": "</dt><dd class="inline">{risk.owner.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
                <div><dt class="inline text-slate-600">{t!(i18n, risk_due_label)} ": "</dt><dd class="inline">{risk.due_on.clone().unwrap_or_else(|| "—".to_owned())}</dd></div>
            </dl>
            {(!risk.mitigation.is_empty()).then(|| view! {
                <p class="mt-1 whitespace-pre-line text-sm text-slate-800"><span class="text-slate-600">{t!(i18n, risk_mitigation_label)} ": "</span>{risk.mitigation.clone()}</p>
            })}
            {risk.escalation.clone().map(|e| view! {
                <p class="mt-2 text-sm text-red-900" data-testid="risk-escalation">
                    {move || t_string!(i18n, risk_escalated_by).replace("{person}", &e.by).replace("{at}", &e.at)} " " {e.reason}
                </p>
            })}
            {manage.then(|| {
                let escalated = risk.escalation.is_some();
                view! {
                    <div class="mt-3 flex flex-col gap-3">
                        {if escalated {
                            view! {
                                <Form action=actions.deescalate key=format!("deescalate-{id}")>
                                    <input type="hidden" name="risk_id" value=id.to_string() />
                                    <button type="submit" class=SECONDARY_BUTTON>{t!(i18n, risk_deescalate)}</button>
                                </Form>
                            }.into_any()
                        } else if state != RiskState::Closed {
                            view! { <EscalateForm id action=actions.escalate /> }.into_any()
                        } else {
                            ().into_any()
                        }}
                        <EditRiskForm risk=risk.clone() owners actions />
                    </div>
                }
            })}
        </li>
    }
}

#[component]
fn EscalateForm(id: i64, action: ServerAction<EscalateRisk>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::of(i18n, action, move |input: &EscalateRisk| {
        input.risk_id == id.to_string()
    });
    let open = was_refused("/api/escalate_risk", &format!("escalate-{id}"));
    view! {
        <details open=open>
            <summary class="cursor-pointer text-sm font-medium text-red-800 underline underline-offset-2">{t!(i18n, risk_escalate)}</summary>
            <Form action key=format!("escalate-{id}") attr:class="mt-2 space-y-2" attr:novalidate="true">
                <input type="hidden" name="risk_id" value=id.to_string() />
                <TextAreaField id=format!("escalate-{id}-reason") name="reason" rows=2 max_chars=REASON_MAX_CHARS
                    label=move || t_string!(i18n, risk_escalate_reason).to_string() error=errors.field("reason") />
                <FormAlert message=errors.general(&["reason"]) />
                <button type="submit" class=SECONDARY_BUTTON disabled=move || action.pending().get()>{t!(i18n, risk_escalate_submit)}</button>
            </Form>
        </details>
    }
}

#[component]
fn AddRiskForm(
    project_id: i64,
    owners: Vec<RiskOwnerChoice>,
    actions: RiskActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = actions.add;
    let errors = FormErrors::of(i18n, action, |_: &AddRisk| true);
    view! {
        <Form action attr:class="mt-3 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
            <input type="hidden" name="project_id" value=project_id.to_string() />
            <RiskFields prefix="risk".to_owned() risk=None owners errors />
            <div class="sm:col-span-2">
                <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, risk_add)}</button>
            </div>
        </Form>
    }
}

#[component]
fn EditRiskForm(
    risk: RiskView,
    owners: Vec<RiskOwnerChoice>,
    actions: RiskActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = actions.update;
    let id = risk.id;
    let errors = FormErrors::of(i18n, action, move |input: &UpdateRisk| {
        input.risk_id == id.to_string()
    });
    let open = was_refused("/api/update_risk", &id.to_string());
    view! {
        <details open=open>
            <summary class="cursor-pointer text-sm text-red-800 underline underline-offset-2">{t!(i18n, risk_edit)}</summary>
            <Form action key=id.to_string() attr:class="mt-3 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
                <input type="hidden" name="risk_id" value=id.to_string() />
                <input type="hidden" name="version" value=risk.version.to_string() />
                <RiskFields prefix=format!("risk-{id}") risk=Some(risk) owners errors />
                <div class="sm:col-span-2">
                    <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, risk_save)}</button>
                </div>
            </Form>
        </details>
    }
}

/// A risk's fields, filled from `risk` when it is an edit (which also sets its state).
#[component]
fn RiskFields(
    prefix: String,
    risk: Option<RiskView>,
    owners: Vec<RiskOwnerChoice>,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let stored = |f: fn(&RiskView) -> String| risk.as_ref().map(f).unwrap_or_default();
    let severity = typed_or("severity", stored(|r| r.severity.as_db().to_owned()));
    let likelihood = typed_or("likelihood", stored(|r| r.likelihood.as_db().to_owned()));
    let owner = typed_or("owner", stored(|r| r.owner_field.clone()));
    let state = typed_or("state", stored(|r| r.state.as_db().to_owned()));
    let editing = risk.is_some();
    view! {
        <div class="sm:col-span-2">
            <TextField id=format!("{prefix}-title") name="title" kind="text" autocomplete="off" value=stored(|r| r.title.clone())
                label=move || t_string!(i18n, risk_title_label).to_string() error=errors.field("title") />
        </div>
        <div class="sm:col-span-2">
            <TextAreaField id=format!("{prefix}-description") name="description" rows=3 max_chars=RISK_TEXT_MAX_CHARS value=stored(|r| r.description.clone())
                label=move || t_string!(i18n, risk_description_label).to_string() error=errors.field("description") />
        </div>
        <SelectField id=format!("{prefix}-severity") name="severity" label=move || t_string!(i18n, risk_severity_label).to_string() error=errors.field("severity")>
            <option value="">{t!(i18n, choose)}</option>
            {RiskSeverity::ALL.iter().map(|s| {
                let s = *s;
                view! { <option value=s.as_db() selected=severity == s.as_db()>{move || severity_name(i18n, s)}</option> }
            }).collect_view()}
        </SelectField>
        <SelectField id=format!("{prefix}-likelihood") name="likelihood" label=move || t_string!(i18n, risk_likelihood_label).to_string() error=errors.field("likelihood")>
            <option value="">{t!(i18n, choose)}</option>
            {RiskLikelihood::ALL.iter().map(|l| {
                let l = *l;
                view! { <option value=l.as_db() selected=likelihood == l.as_db()>{move || likelihood_name(i18n, l)}</option> }
            }).collect_view()}
        </SelectField>
        <SelectField id=format!("{prefix}-owner") name="owner" label=move || t_string!(i18n, risk_owner_label).to_string() error=errors.field("owner")>
            <option value="">{t!(i18n, risk_owner_none)}</option>
            {owners.into_iter().map(|o| {
                let selected = owner == o.field;
                let kind = o.firm;
                view! {
                    <option value=o.field selected=selected>
                        {move || if kind { t_string!(i18n, risk_owner_firm) } else { t_string!(i18n, risk_owner_person) }.replace("{name}", &o.name)}
                    </option>
                }
            }).collect_view()}
        </SelectField>
        <TextField id=format!("{prefix}-due") name="due_on" kind="date" autocomplete="off" optional=true value=stored(|r| r.due_on.clone().unwrap_or_default())
            label=move || t_string!(i18n, risk_due_label).to_string() error=errors.field("due_on") />
        <div class="sm:col-span-2">
            <TextAreaField id=format!("{prefix}-mitigation") name="mitigation" rows=2 max_chars=RISK_TEXT_MAX_CHARS value=stored(|r| r.mitigation.clone())
                label=move || t_string!(i18n, risk_mitigation_label).to_string() error=errors.field("mitigation") />
        </div>
        {editing.then(|| view! {
            <SelectField id=format!("{prefix}-state") name="state" label=move || t_string!(i18n, risk_state_label).to_string() error=errors.field("state")>
                {RiskState::ALL.iter().map(|s| {
                    let s = *s;
                    view! { <option value=s.as_db() selected=state == s.as_db()>{move || state_name(i18n, s)}</option> }
                }).collect_view()}
            </SelectField>
        })}
        <div class="sm:col-span-2">
            <FormAlert message=errors.general(&RISK_FIELDS) />
        </div>
    }
}
