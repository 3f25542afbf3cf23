//! Firms' interest on a project's page: the form a firm sends, and the answers and invitations of the city.

use leptos::prelude::*;

use crate::components::round_trip::Form;

use crate::api::invitations::InviteFirms;
use crate::api::projects::{AnswerInterest, ExpressInterest};
use crate::components::form::{
    BUTTON_CLASS, FormAlert, FormErrors, SelectField, TextAreaField, TextField, code_message,
    error_message, field_message,
};
use crate::components::i18n::use_lang;
use crate::i18n::{t, t_string, use_i18n};
use crate::views::projects::{InterestView, NeedView};

use super::{SECONDARY_BUTTON, SECTION};

/// A representative of an approved firm tells the city the firm can help.
#[component]
pub(super) fn InterestForm(
    id: i64,
    needs: Vec<NeedView>,
    action: ServerAction<ExpressInterest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let error = move || action.value().get().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error().and_then(|e| {
                e.field_code(name)
                    .map(|code| field_message(i18n, name, code))
            })
        })
    };
    let general = Signal::derive(move || {
        error()
            .filter(|e| !e.is_about_fields(&["need_id", "message"]))
            .map(|e| error_message(i18n, &e))
    });
    view! {
        <section class=SECTION aria-labelledby="interest-heading">
            <h2 id="interest-heading" class="text-lg font-semibold">{t!(i18n, interest_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, interest_lead)}</p>
            <Form action attr:class="mt-3 space-y-4" attr:novalidate="true">
                <input type="hidden" name="project_id" value=id.to_string() />
                <SelectField id="interest-need" name="need_id" label=move || t_string!(i18n, interest_need_label).to_string() error=field("need_id")>
                    <option value="">{t!(i18n, interest_whole_project)}</option>
                    {needs.into_iter().map(|n| {
                        let name = n.capability.clone();
                        view! { <option value=n.id.to_string()>{move || name.get(lang.get()).to_owned()}</option> }
                    }).collect_view()}
                </SelectField>
                <TextAreaField id="interest-message" name="message" rows=3 max_chars=500
                    label=move || t_string!(i18n, interest_message_label).to_string() error=field("message")
                    hint=Signal::derive(move || t_string!(i18n, interest_message_hint).to_string()) />
                <FormAlert message=general />
                <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, interest_submit)}</button>
            </Form>
        </section>
    }
}

/// What inviting a firm from its expression of interest needs.
#[derive(Clone)]
pub(super) struct Invite {
    pub(super) project_id: i64,
    pub(super) action: ServerAction<InviteFirms>,
    /// The project takes invitations and the viewer may send them.
    pub(super) open: bool,
    pub(super) reply_by: String,
    pub(super) today: String,
}

#[component]
pub(super) fn Interests(
    interests: Vec<InterestView>,
    may_answer: bool,
    action: ServerAction<AnswerInterest>,
    invite: Invite,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = move || {
        if may_answer {
            t_string!(i18n, interests_heading).to_string()
        } else {
            t_string!(i18n, interests_own_heading).to_string()
        }
    };
    view! {
        <section class=SECTION aria-labelledby="interests-heading">
            <h2 id="interests-heading" class="text-lg font-semibold">{heading}</h2>
            {if interests.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, interests_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-3 space-y-3" data-testid="interests">
                        {interests.into_iter().map(|interest| view! { <Interest interest may_answer action invite=invite.clone() /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub(super) fn Interest(
    interest: InterestView,
    may_answer: bool,
    action: ServerAction<AnswerInterest>,
    invite: Invite,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let city = interest.firm_city.clone();
    let need = interest.need.clone();
    let reply_id = format!("reply-{}", interest.id);
    let reply_error = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field_code("reply").map(|c| code_message(i18n, c)))
    });
    view! {
        <li class="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="interest">
            <p class="font-medium">
                <a href=format!("/firms/{}", interest.firm_id) class="text-red-900 underline-offset-2 hover:underline">{interest.firm_name.clone()}</a>
                <span class="ml-2 text-sm font-normal text-slate-600">{move || city.get(lang.get()).to_owned()}</span>
            </p>
            <p class="text-sm text-slate-600">
                {move || match &need {
                    Some(n) => n.get(lang.get()).to_owned(),
                    None => t_string!(i18n, interest_whole_project).to_string(),
                }}
                " · " {interest.author.clone()} " · " {interest.created_at.clone()}
            </p>
            <p class="mt-2 whitespace-pre-line">{interest.message.clone()}</p>
            {match interest.reply.clone() {
                Some(reply) => view! {
                    <div class="mt-3 rounded-md bg-white p-3 ring-1 ring-slate-200" data-testid="interest-reply">
                        <p class="text-sm text-slate-600">{t!(i18n, interest_reply_by)} " " {interest.replied_by.clone().unwrap_or_default()} " · " {interest.replied_at.unwrap_or_default()}</p>
                        <p class="mt-1 whitespace-pre-line">{reply}</p>
                    </div>
                }.into_any(),
                None if may_answer => {
                    view! {
                        <Form action key=interest.id.to_string() attr:class="mt-3 space-y-2" attr:novalidate="true">
                            <input type="hidden" name="interest_id" value=interest.id.to_string() />
                            <TextAreaField id=reply_id.clone() name="reply" rows=2 max_chars=500
                                label=move || t_string!(i18n, interest_reply_label).to_string() error=reply_error />
                            <button type="submit" class=SECONDARY_BUTTON disabled=move || action.pending().get()>{t!(i18n, interest_reply_submit)}</button>
                        </Form>
                    }.into_any()
                }
                None => view! { <p class="mt-2 text-sm text-slate-600">{t!(i18n, interest_awaiting_reply)}</p> }.into_any(),
            }}
            {match interest.need_id {
                Some(need) if invite.open && interest.need_open => Some(view! {
                    <InviteFromInterest need firm=interest.firm_id invite />
                }),
                _ => None,
            }}
        </li>
    }
}

/// Invites the firm that expressed interest in a need, in one step.
#[component]
pub(super) fn InviteFromInterest(need: i64, firm: i64, invite: Invite) -> impl IntoView {
    let i18n = use_i18n();
    let project_id = invite.project_id;
    let action = invite.action;
    let errors = FormErrors::of(i18n, action, move |i| {
        i.need_id == need.to_string() && i.firm_ids == [firm.to_string()]
    });
    let field = move |name| errors.field(name);
    let general = errors.general(&["message", "reply_by", "firm_ids"]);
    // A firm that is no longer approved is the one error of the hidden firm field.
    let firm_error = errors.field("firm_ids");
    let prefix = format!("invite-{need}-{firm}");
    view! {
        <details class="mt-3">
            <summary class="cursor-pointer text-sm font-medium text-red-800">{t!(i18n, invite_from_interest)}</summary>
            <Form action key=format!("{need}-{firm}") attr:class="mt-2 space-y-3" attr:novalidate="true">
                <input type="hidden" name="project_id" value=project_id.to_string() />
                <input type="hidden" name="need_id" value=need.to_string() />
                <input type="hidden" name="firm_ids[]" value=firm.to_string() />
                <TextAreaField id=format!("{prefix}-message") name="message" rows=2 max_chars=500
                    label=move || t_string!(i18n, invite_message_label).to_string() error=field("message") />
                <TextField id=format!("{prefix}-reply-by") name="reply_by" kind="date" autocomplete="off"
                    value=invite.reply_by.clone() min=invite.today.clone()
                    label=move || t_string!(i18n, invite_reply_by_label).to_string() error=field("reply_by") />
                <FormAlert message=firm_error />
                <FormAlert message=general />
                <button type="submit" class=SECONDARY_BUTTON disabled=move || action.pending().get()>{t!(i18n, invite_submit)}</button>
            </Form>
        </details>
    }
}
