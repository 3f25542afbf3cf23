//! The project's money: each funding source's plan against its payments (a meter, and a
//! warning when a source is overspent), the payments, and the officials' form to record one.

use leptos::prelude::*;

use crate::api::execution::RecordDisbursement;
use crate::components::form::{
    BUTTON_CLASS, FormAlert, FormErrors, SelectField, TextAreaField, TextField,
};
use crate::components::round_trip::{Form, typed_or};
use crate::domain::execution::money::{DISBURSEMENT_FIELDS, OVERSPEND_REASON_MAX_CHARS};
use crate::domain::project::{FundingSource, NOTE_MAX_CHARS};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::projects::detail::SECTION;
use crate::pages::projects::{funding_name, wan};
use crate::views::execution::MoneyView;

#[component]
pub(super) fn Money(
    project_id: i64,
    money: MoneyView,
    /// The viewer records payments (the owning city's officials, while it is in execution).
    manage: bool,
    today: String,
    action: ServerAction<RecordDisbursement>,
) -> impl IntoView {
    let i18n = use_i18n();
    let MoneyView {
        totals,
        payments,
        recipients,
    } = money;
    view! {
        <section id="money" class=SECTION aria-labelledby="money-heading" data-testid="money">
            <h2 id="money-heading" class="text-lg font-semibold">{t!(i18n, money_heading)}</h2>
            {(!totals.is_empty()).then(|| view! {
                <div class="mt-3 overflow-x-auto" tabindex="0" role="region" aria-labelledby="money-heading">
                    <table class="min-w-full text-left text-sm" data-testid="money-totals">
                        <caption class="sr-only">{t!(i18n, money_totals_caption)}</caption>
                        <thead class="border-b border-slate-200 text-slate-600">
                            <tr>
                                <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, money_column_source)}</th>
                                <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, money_column_planned)}</th>
                                <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, money_column_paid)}</th>
                                <th scope="col" class="py-2 font-medium">{t!(i18n, money_column_share)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {totals.into_iter().filter(|t| t.planned > 0 || t.paid > 0).map(|t| {
                                let over = t.overspent();
                                let (planned, paid, source) = (t.planned, t.paid, t.source);
                                let share = if planned > 0 { paid.saturating_mul(100) / planned } else { 100 };
                                view! {
                                    <tr class="border-b border-slate-100" data-testid="money-source">
                                        <th scope="row" class="py-2 pr-4 font-medium">{move || funding_name(i18n, source)}</th>
                                        <td class="whitespace-nowrap py-2 pr-4">{move || wan(i18n, planned)}</td>
                                        <td class="whitespace-nowrap py-2 pr-4">{move || wan(i18n, paid)}</td>
                                        <td class="py-2">
                                            <meter min="0" max=planned.max(1).to_string() high=planned.max(1).to_string()
                                                value=paid.to_string() class="h-3 w-32 align-middle"
                                                aria-label=move || t_string!(i18n, money_column_share).to_string()></meter>
                                            <span class="ml-2">{format!("{share}%")}</span>
                                            {over.then(|| view! {
                                                <p class="font-medium text-red-800" data-testid="overspent">{t!(i18n, money_overspent)}</p>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {if payments.is_empty() {
                view! { <p class="mt-3 text-slate-600">{t!(i18n, money_none)}</p> }.into_any()
            } else {
                view! {
                    <div class="mt-3 overflow-x-auto" tabindex="0" role="region" aria-labelledby="money-heading">
                        <table class="min-w-full text-left text-sm" data-testid="payments">
                            <caption class="sr-only">{t!(i18n, money_payments_caption)}</caption>
                            <thead class="border-b border-slate-200 text-slate-600">
                                <tr>
                                    <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, money_paid_on)}</th>
                                    <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, money_amount)}</th>
                                    <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, money_column_source)}</th>
                                    <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, money_recipient)}</th>
                                    <th scope="col" class="py-2 font-medium">{t!(i18n, money_note)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {payments.into_iter().map(|p| {
                                    let (amount, source) = (p.amount, p.source);
                                    view! {
                                        <tr class="border-b border-slate-100 align-top" data-testid="payment">
                                            <td class="whitespace-nowrap py-2 pr-4">{p.paid_on}</td>
                                            <td class="whitespace-nowrap py-2 pr-4">{move || wan(i18n, amount)}</td>
                                            <td class="py-2 pr-4">{move || funding_name(i18n, source)}</td>
                                            <td class="py-2 pr-4">{p.recipient.unwrap_or_else(|| t_string!(i18n, money_to_project).to_string())}</td>
                                            <td class="py-2">
                                                {p.note}
                                                {p.overspend_reason.map(|r| view! {
                                                    <p class="text-red-900">{t!(i18n, money_overspend_because)} " " {r}</p>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {manage.then(|| view! {
                <div data-testid="record-payment">
                    <h3 class="mt-6 font-semibold">{t!(i18n, money_record_heading)}</h3>
                    <PaymentForm project_id recipients today action />
                </div>
            })}
        </section>
    }
}

#[component]
fn PaymentForm(
    project_id: i64,
    recipients: Vec<crate::views::execution::RecipientChoice>,
    today: String,
    action: ServerAction<RecordDisbursement>,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::of(i18n, action, |_: &RecordDisbursement| true);
    view! {
        <Form action attr:class="mt-3 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
            <input type="hidden" name="project_id" value=project_id.to_string() />
            <TextField id="payment-paid-on" name="paid_on" kind="date" autocomplete="off" value=today
                label=move || t_string!(i18n, money_paid_on).to_string() error=errors.field("paid_on") />
            <TextField id="payment-amount" name="amount" kind="text" autocomplete="off" inputmode="decimal"
                label=move || t_string!(i18n, money_amount_wan).to_string() error=errors.field("amount") />
            <SelectField id="payment-source" name="source" label=move || t_string!(i18n, money_column_source).to_string() error=errors.field("source")>
                <option value="">{t!(i18n, choose)}</option>
                // What was typed before a refusal (read inside the form).
                {let source = typed_or("source", ""); FundingSource::ALL.iter().map(move |s| {
                    let s = *s;
                    view! { <option value=s.as_db() selected=source == s.as_db()>{move || funding_name(i18n, s)}</option> }
                }).collect_view()}
            </SelectField>
            <SelectField id="payment-recipient" name="recipient" label=move || t_string!(i18n, money_recipient).to_string() error=errors.field("recipient")>
                <option value="">{t!(i18n, choose)}</option>
                {let recipient = typed_or("recipient", ""); recipients.into_iter().map(move |r| {
                    let selected = recipient == r.field;
                    view! {
                        <option value=r.field selected=selected>
                            {move || r.firm.clone().unwrap_or_else(|| t_string!(i18n, money_to_project).to_string())}
                        </option>
                    }
                }).collect_view()}
            </SelectField>
            <div class="sm:col-span-2">
                <TextAreaField id="payment-note" name="note" rows=2 max_chars=NOTE_MAX_CHARS
                    label=move || t_string!(i18n, money_note).to_string() error=errors.field("note") />
            </div>
            <div class="sm:col-span-2">
                <TextAreaField id="payment-overspend" name="overspend_reason" rows=2 max_chars=OVERSPEND_REASON_MAX_CHARS
                    hint=Signal::derive(move || t_string!(i18n, money_overspend_hint).to_string())
                    label=move || t_string!(i18n, money_overspend_reason).to_string() error=errors.field("overspend_reason") />
            </div>
            <div class="sm:col-span-2">
                <FormAlert message=errors.general(&DISBURSEMENT_FIELDS) />
                <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, money_record)}</button>
            </div>
        </Form>
    }
}
