//! The invitation handshake's pages: a need's invitations and proposals side by side for the
//! owning city's officials (on the candidates page), and a firm's own invitations with the
//! forms to answer them.

use leptos::prelude::*;

use crate::components::confirm::{Confirm, Opener};
use crate::components::round_trip::Form;

use crate::api::invitations::{
    AcceptInvitation, DeclineInvitation, InviteFirms, RevokeSelection, SelectProposal,
    WithdrawInvitation, my_invitations,
};
use crate::components::form::{
    BUTTON_CLASS, FormAlert, FormErrors, SelectField, TextAreaField, TextField, count_changes,
    error_message,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::invitation::{DeclineReason, EndReason, InvitationStatus, Proposal, Shown};
use crate::errors::AppError;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::pages::projects::{amount_unit, wan_range};
use crate::views::invitations::{InvitationView, NeedInvitations, OwnInvitation};

type I18n = leptos_i18n::I18nContext<Locale>;
use crate::pages::error::ErrorPage;
use crate::pages::firms::level_name;

const SECTION: &str = "mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200";
const LINK: &str = "font-medium text-red-800 underline underline-offset-2";
const SMALL_BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-white px-3 py-1.5 text-sm font-medium text-red-900 ring-1 ring-red-800 hover:bg-red-50 disabled:opacity-60";

/// The id of the invitation form the candidates' check boxes belong to.
pub const INVITE_FORM: &str = "invite-form";

/// The server actions of a need's invitations, shared by the candidates page.
#[derive(Clone, Copy)]
pub struct InvitationActions {
    pub invite: ServerAction<InviteFirms>,
    pub withdraw: ServerAction<WithdrawInvitation>,
    pub select: ServerAction<SelectProposal>,
    pub revoke: ServerAction<RevokeSelection>,
    changes: RwSignal<usize>,
}

impl Default for InvitationActions {
    fn default() -> Self {
        let actions = Self {
            invite: ServerAction::new(),
            withdraw: ServerAction::new(),
            select: ServerAction::new(),
            revoke: ServerAction::new(),
            changes: RwSignal::new(0),
        };
        count_changes(actions.changes, actions.invite.value());
        count_changes(actions.changes, actions.withdraw.value());
        count_changes(actions.changes, actions.select.value());
        count_changes(actions.changes, actions.revoke.value());
        actions
    }
}

impl InvitationActions {
    /// Changes whenever a step succeeded or met a conflict: the page reloads what it shows.
    /// Any other refusal keeps the page (and what was typed) with its message.
    pub fn version(&self) -> usize {
        self.changes.get()
    }
}

pub fn status_name(i18n: I18n, shown: Shown) -> String {
    match shown {
        Shown::Expired => t_string!(i18n, invitation_status_expired),
        Shown::Stored(s) => match s {
            InvitationStatus::Open => t_string!(i18n, invitation_status_open),
            InvitationStatus::Accepted => t_string!(i18n, invitation_status_accepted),
            InvitationStatus::Declined => t_string!(i18n, invitation_status_declined),
            InvitationStatus::Withdrawn => t_string!(i18n, invitation_status_withdrawn),
            InvitationStatus::Selected => t_string!(i18n, invitation_status_selected),
            InvitationStatus::NotSelected => t_string!(i18n, invitation_status_not_selected),
            InvitationStatus::Revoked => t_string!(i18n, invitation_status_revoked),
            InvitationStatus::Closed => t_string!(i18n, invitation_status_closed),
        },
    }
    .to_string()
}

fn end_reason_name(i18n: I18n, reason: EndReason) -> String {
    match reason {
        EndReason::Withdrawn => t_string!(i18n, end_reason_withdrawn),
        EndReason::Expired => t_string!(i18n, end_reason_expired),
        EndReason::NeedChanged => t_string!(i18n, end_reason_need_changed),
        EndReason::ProjectCancelled => t_string!(i18n, end_reason_project_cancelled),
        EndReason::ProjectClosed => t_string!(i18n, end_reason_project_closed),
        EndReason::FirmDropped => t_string!(i18n, end_reason_firm_dropped),
        EndReason::OtherSelected => t_string!(i18n, end_reason_other_selected),
        EndReason::Selected => t_string!(i18n, end_reason_selected),
        EndReason::Revoked => t_string!(i18n, end_reason_revoked),
    }
    .to_string()
}

fn decline_reason_name(i18n: I18n, reason: DeclineReason) -> String {
    match reason {
        DeclineReason::NoCapacity => t_string!(i18n, decline_reason_no_capacity),
        DeclineReason::OutsideScope => t_string!(i18n, decline_reason_outside_scope),
        DeclineReason::Timeline => t_string!(i18n, decline_reason_timeline),
        DeclineReason::Terms => t_string!(i18n, decline_reason_terms),
        DeclineReason::Other => t_string!(i18n, decline_reason_other),
    }
    .to_string()
}

/// A proposal's price in the reader's figures, without its unit (see [`wan_range`]).
fn price(i18n: I18n, p: &Proposal) -> String {
    wan_range(i18n, p.price_min, p.price_max)
}

/// The status of an invitation, with why it ended.
#[component]
fn StatusLine(
    shown: Shown,
    end_reason: Option<EndReason>,
    end_note: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = match shown {
        Shown::Stored(InvitationStatus::Selected) => {
            "rounded-md bg-emerald-100 px-2 py-0.5 text-sm font-medium text-emerald-900 ring-1 ring-emerald-300"
        }
        Shown::Stored(InvitationStatus::Accepted) => {
            "rounded-md bg-sky-100 px-2 py-0.5 text-sm font-medium text-sky-900 ring-1 ring-sky-300"
        }
        Shown::Stored(InvitationStatus::Open) => {
            "rounded-md bg-amber-100 px-2 py-0.5 text-sm font-medium text-amber-900 ring-1 ring-amber-300"
        }
        _ => {
            "rounded-md bg-slate-100 px-2 py-0.5 text-sm font-medium text-slate-800 ring-1 ring-slate-300"
        }
    };
    // "Selected" and "not selected" say it all; other endings name their cause.
    let cause = end_reason.filter(|r| {
        !matches!(
            r,
            EndReason::Selected | EndReason::OtherSelected | EndReason::Withdrawn
        )
    });
    view! {
        <span class=class data-testid="invitation-status">{move || status_name(i18n, shown)}</span>
        {cause.map(|r| view! { <span class="ml-2 text-sm text-slate-700">{move || end_reason_name(i18n, r)}</span> })}
        {end_note.map(|n| view! { <span class="ml-2 text-sm text-slate-700">"“" {n} "”"</span> })}
    }
}

/// A need's invitations for the owning city's officials: the selected firm (with a way to
/// revoke), the proposals side by side (with a way to select one), every invitation (with a
/// way to withdraw it), and the form that invites the firms ticked in the list below.
#[component]
pub fn NeedInvitationsSection(
    project_id: i64,
    need_id: i64,
    data: NeedInvitations,
    actions: InvitationActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let accepted: Vec<InvitationView> = data
        .invitations
        .iter()
        .filter(|i| i.proposal.is_some())
        .cloned()
        .collect();
    let may_select = data.may_invite;
    let may_revoke = data.may_revoke;
    let none = data.invitations.is_empty();
    view! {
        <section class=SECTION aria-labelledby="invitations-heading" data-testid="invitations">
            <h2 id="invitations-heading" class="text-lg font-semibold">{t!(i18n, invitations_heading)}</h2>
            {data.participant.clone().map(|p| {
                let (person, at) = (p.selected_by.clone(), p.selected_at.clone());
                view! {
                    <div class="mt-3 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="participant">
                        <p class="font-medium">{t!(i18n, participant_heading)} ": "
                            <a href=format!("/firms/{}", p.firm_id) class=LINK>{p.firm_name.clone()}</a></p>
                        <p class="text-sm text-slate-700">{t!(i18n, participant_selected_by, person = person, at = at)}</p>
                        {may_revoke.then(|| view! { <RevokeForm project_id need_id firm=p.firm_name.clone() action=actions.revoke /> })}
                    </div>
                }
            })}
            {(!accepted.is_empty() || may_select).then(|| view! {
                <h3 class="mt-4 font-semibold">{t!(i18n, invitation_compare)}</h3>
                {if accepted.is_empty() {
                    view! { <p class="mt-1 text-sm text-slate-600">{t!(i18n, invitation_compare_none)}</p> }.into_any()
                } else {
                    view! { <ProposalTable rows=accepted.clone() may_select action=actions.select /> }.into_any()
                }}
            })}
            {if none {
                view! {
                    <p class="mt-3 text-slate-600">{move || if may_select {
                        t_string!(i18n, invitations_none).to_string()
                    } else {
                        t_string!(i18n, invitations_none_closed).to_string()
                    }}</p>
                }.into_any()
            } else {
                view! {
                    <ul class="mt-4 divide-y divide-slate-100" data-testid="invitation-list">
                        {data.invitations.into_iter().map(|i| view! { <InvitationRow invitation=i action=actions.withdraw /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {may_select.then(|| view! {
                <InviteForm project_id need_id reply_by=data.default_reply_by.clone() today=data.today.clone() action=actions.invite />
            })}
        </section>
    }
}

/// The accepted proposals side by side.
#[component]
fn ProposalTable(
    rows: Vec<InvitationView>,
    may_select: bool,
    action: ServerAction<SelectProposal>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let error = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| error_message(i18n, &e))
    });
    view! {
        <FormAlert message=error />
        <div class="mt-2 overflow-x-auto">
            <table class="w-full min-w-[36rem] text-sm" data-testid="proposals">
                <thead>
                    <tr class="text-left text-slate-600">
                        <th scope="col" class="py-2 pr-3 font-medium">{t!(i18n, invitation_firm)}</th>
                        <th scope="col" class="py-2 pr-3 font-medium">{t!(i18n, invitation_price)}</th>
                        <th scope="col" class="py-2 pr-3 font-medium">{t!(i18n, invitation_lead)}</th>
                        <th scope="col" class="py-2 pr-3 font-medium">{t!(i18n, invitation_note)}</th>
                        <th scope="col" class="py-2 font-medium">{t!(i18n, invitation_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let proposal = row.proposal.clone().unwrap_or(Proposal { price_min: 0, price_max: 0, lead_days: 0, note: String::new() });
                        let city = row.firm_city.clone();
                        let days = proposal.lead_days;
                        let selectable = may_select && row.shown == Shown::Stored(InvitationStatus::Accepted);
                        view! {
                            <tr class="border-t border-slate-100 align-top" data-testid="proposal" data-firm=row.firm_id.to_string()>
                                <th scope="row" class="py-2 pr-3 text-left font-medium">
                                    <a href=format!("/firms/{}", row.firm_id) class=LINK>{row.firm_name.clone()}</a>
                                    <span class="block text-xs font-normal text-slate-600">{move || city.get(lang.get()).to_owned()}</span>
                                </th>
                                <td class="py-2 pr-3 tabular-nums" data-testid="proposal-price">{price(i18n, &proposal)}</td>
                                <td class="py-2 pr-3 tabular-nums">{t!(i18n, invitation_lead_days, n = move || days)}</td>
                                <td class="py-2 pr-3 whitespace-pre-line">{proposal.note}</td>
                                <td class="py-2">
                                    {if selectable {
                                        view! {
                                            <Form action key=row.id.to_string()>
                                                <input type="hidden" name="invitation_id" value=row.id.to_string() />
                                                <Confirm opens=t_string!(i18n, invitation_select) does=t_string!(i18n, confirm_select)
                                                    says=t_string!(i18n, says_select).replace("{firm}", &row.firm_name) />
                                            </Form>
                                        }.into_any()
                                    } else {
                                        view! { <StatusLine shown=row.shown end_reason=row.end_reason end_note=None /> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn InvitationRow(
    invitation: InvitationView,
    action: ServerAction<WithdrawInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let city = invitation.firm_city.clone();
    let date = invitation.reply_by.clone();
    let standing = matches!(
        invitation.shown,
        Shown::Stored(InvitationStatus::Open | InvitationStatus::Accepted)
    );
    let id = invitation.id;
    let errors = FormErrors::of(i18n, action, move |i| i.invitation_id == id.to_string());
    let note_error = errors.field("note");
    let general = errors.general(&["note"]);
    view! {
        <li class="py-3" data-testid="invitation" data-firm=invitation.firm_id.to_string()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <p class="font-medium">
                    <a href=format!("/firms/{}", invitation.firm_id) class=LINK>{invitation.firm_name.clone()}</a>
                    <span class="ml-2 text-sm font-normal text-slate-600">{move || city.get(lang.get()).to_owned()}</span>
                </p>
                <p><StatusLine shown=invitation.shown end_reason=invitation.end_reason end_note=invitation.end_note.clone() /></p>
            </div>
            <p class="mt-1 text-sm text-slate-600">
                {invitation.invited_by.clone()} " · " {invitation.invited_at.clone()} " · "
                {t!(i18n, invitation_reply_by, date = date)}
            </p>
            {invitation.decline.clone().map(|(reason, note)| view! {
                <p class="mt-1 text-sm text-slate-800" data-testid="decline">
                    {move || decline_reason_name(i18n, reason)}
                    {(!note.is_empty()).then(|| view! { " — " {note.clone()} })}
                </p>
            })}
            {standing.then(|| view! {
                <details class="mt-2">
                    <summary class="cursor-pointer text-sm text-red-800">{t!(i18n, invitation_withdraw)}</summary>
                    <Form action key=id.to_string() attr:class="mt-2 space-y-2" attr:novalidate="true">
                        <input type="hidden" name="invitation_id" value=id.to_string() />
                        <TextAreaField id=format!("withdraw-{id}") name="note" rows=2 max_chars=500
                            label=move || t_string!(i18n, invitation_withdraw_note).to_string() error=note_error />
                        <FormAlert message=general />
                        <button type="submit" class=SMALL_BUTTON disabled=move || action.pending().get()>{t!(i18n, invitation_withdraw)}</button>
                    </Form>
                </details>
            })}
        </li>
    }
}

/// Invites the firms ticked in the candidate list (their boxes belong to this form).
#[component]
fn InviteForm(
    project_id: i64,
    need_id: i64,
    reply_by: String,
    today: String,
    action: ServerAction<InviteFirms>,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::of(i18n, action, |_| true);
    let field = move |name| errors.field(name);
    // The firms are ticked in the list: their error shows by the button.
    let firms = errors.field("firm_ids");
    let general = errors.general(&["message", "reply_by", "firm_ids"]);
    view! {
        <div class="mt-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">{t!(i18n, invite_heading)}</h3>
            <Form action attr:id=INVITE_FORM attr:class="mt-3 space-y-3" attr:novalidate="true">
                <input type="hidden" name="project_id" value=project_id.to_string() />
                <input type="hidden" name="need_id" value=need_id.to_string() />
                <TextAreaField id="invite-message" name="message" rows=3 max_chars=500
                    label=move || t_string!(i18n, invite_message_label).to_string() error=field("message")
                    hint=Signal::derive(move || t_string!(i18n, invite_message_hint).to_string()) />
                <TextField id="invite-reply-by" name="reply_by" kind="date" autocomplete="off" value=reply_by min=today
                    label=move || t_string!(i18n, invite_reply_by_label).to_string() error=field("reply_by") />
                <FormAlert message=firms />
                <FormAlert message=general />
                <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, invite_submit)}</button>
            </Form>
        </div>
    }
}

/// Revokes the need's selection, with a reason the firm is told.
#[component]
fn RevokeForm(
    project_id: i64,
    need_id: i64,
    /// The participant's name, for the step's sentence.
    firm: String,
    action: ServerAction<RevokeSelection>,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::of(i18n, action, |_| true);
    let reason_error = errors.field("reason");
    let general = errors.general(&["reason"]);
    view! {
        <Form action attr:class="mt-2" attr:novalidate="true">
            <input type="hidden" name="project_id" value=project_id.to_string() />
            <input type="hidden" name="need_id" value=need_id.to_string() />
            <Confirm opens=t_string!(i18n, revoke_heading) opener=Opener::Quiet does=t_string!(i18n, revoke_submit)
                says=t_string!(i18n, says_revoke).replace("{firm}", &firm)>
                <TextAreaField id="revoke-reason" name="reason" rows=2 max_chars=500
                    label=move || t_string!(i18n, revoke_reason_label).to_string() error=reason_error />
                <FormAlert message=general />
            </Confirm>
        </Form>
    }
}

/// A firm's invitations, newest first, with the forms to answer the open ones.
#[component]
pub fn MyInvitationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let accept = ServerAction::<AcceptInvitation>::new();
    let decline = ServerAction::<DeclineInvitation>::new();
    // Reloaded after an answer; a refused one keeps what was typed beside its message.
    let answered = RwSignal::new(0usize);
    count_changes(answered, accept.value());
    count_changes(answered, decline.value());
    let list = Resource::new(move || answered.get(), |_| my_invitations());
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, my_invitations_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, my_invitations_title)}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, my_invitations_lead)}</p>
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    let list = list.await?;
                    Ok::<_, AppError>(if list.is_empty() {
                        view! { <p class="mt-6 text-slate-700" data-testid="no-invitations">{t!(i18n, my_invitations_none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-6 space-y-4" data-testid="my-invitations">
                                {list.into_iter().map(|i| view! { <Own invitation=i accept decline /> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Own(
    invitation: OwnInvitation,
    accept: ServerAction<AcceptInvitation>,
    decline: ServerAction<DeclineInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (city, capability) = (
        invitation.project_city.clone(),
        invitation.capability.clone(),
    );
    let (level, quantity) = (invitation.level, invitation.quantity);
    let date = invitation.reply_by.clone();
    let open = invitation.shown == Shown::Stored(InvitationStatus::Open);
    let id = invitation.id;
    view! {
        <li class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="own-invitation" data-project=invitation.project_id.to_string()>
            <div class="flex flex-wrap items-start justify-between gap-2">
                <div>
                    <p class="font-medium"><a href=format!("/projects/{}", invitation.project_id) class=LINK>{invitation.project_title.clone()}</a></p>
                    <p class="mt-1 text-sm text-slate-700">
                        {move || city.get(lang.get()).to_owned()} " · " {move || capability.get(lang.get()).to_owned()} " · "
                        {t!(i18n, need_level_at_least)} " " {move || level_name(i18n, level)} " · "
                        {t!(i18n, need_quantity_is, n = move || quantity)}
                    </p>
                </div>
                <p><StatusLine shown=invitation.shown end_reason=invitation.end_reason end_note=invitation.end_note.clone() /></p>
            </div>
            <p class="mt-2 text-sm text-slate-600">{invitation.invited_at.clone()} " · " {t!(i18n, invitation_reply_by, date = date)}</p>
            <div class="mt-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
                <p class="text-sm font-medium text-slate-600">{t!(i18n, invitation_message_from)}</p>
                <p class="mt-1 whitespace-pre-line">{invitation.message.clone()}</p>
            </div>
            {invitation.proposal.clone().map(|p| {
                let days = p.lead_days;
                view! {
                    <p class="mt-3 text-sm" data-testid="own-proposal">
                        <span class="font-medium">{t!(i18n, your_proposal)} ": "</span>
                        {price(i18n, &p)} " " {amount_unit(i18n)} " · " {t!(i18n, invitation_lead_days, n = move || days)}
                        {(!p.note.is_empty()).then(|| view! { " · " {p.note.clone()} })}
                    </p>
                }
            })}
            {invitation.decline.clone().map(|(reason, note)| view! {
                <p class="mt-3 text-sm">
                    <span class="font-medium">{t!(i18n, your_decline)}</span> " " {move || decline_reason_name(i18n, reason)}
                    {(!note.is_empty()).then(|| view! { " — " {note.clone()} })}
                </p>
            })}
            {open.then(|| view! {
                <div class="mt-4 grid gap-4 md:grid-cols-2">
                    <AcceptForm id action=accept />
                    <DeclineForm id action=decline />
                </div>
            })}
        </li>
    }
}

#[component]
fn AcceptForm(id: i64, action: ServerAction<AcceptInvitation>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::of(i18n, action, move |i| i.invitation_id == id.to_string());
    let field = move |name| errors.field(name);
    let general = errors.general(&["price_min", "price_max", "lead_days", "note"]);
    view! {
        <div class="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">{t!(i18n, accept_heading)}</h3>
            <Form action key=id.to_string() attr:class="mt-3 space-y-3" attr:novalidate="true">
                <input type="hidden" name="invitation_id" value=id.to_string() />
                <div class="grid grid-cols-2 gap-3">
                    <TextField id=format!("accept-{id}-min") name="price_min" kind="text" autocomplete="off" inputmode="decimal"
                        label=move || t_string!(i18n, price_min_label).to_string() error=field("price_min") />
                    <TextField id=format!("accept-{id}-max") name="price_max" kind="text" autocomplete="off" inputmode="decimal"
                        label=move || t_string!(i18n, price_max_label).to_string() error=field("price_max") />
                </div>
                <TextField id=format!("accept-{id}-lead") name="lead_days" kind="number" autocomplete="off"
                    label=move || t_string!(i18n, lead_days_label).to_string() error=field("lead_days") />
                <TextAreaField id=format!("accept-{id}-note") name="note" rows=2 max_chars=1000
                    label=move || t_string!(i18n, proposal_note_label).to_string() error=field("note") />
                <FormAlert message=general />
                <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, accept_submit)}</button>
            </Form>
        </div>
    }
}

#[component]
fn DeclineForm(id: i64, action: ServerAction<DeclineInvitation>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::of(i18n, action, move |i| i.invitation_id == id.to_string());
    let field = move |name| errors.field(name);
    let general = errors.general(&["reason", "note"]);
    view! {
        <div class="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
            <h3 class="font-semibold">{t!(i18n, decline_heading)}</h3>
            <Form action key=id.to_string() attr:class="mt-3 space-y-3" attr:novalidate="true">
                <input type="hidden" name="invitation_id" value=id.to_string() />
                <SelectField id=format!("decline-{id}-reason") name="reason" label=move || t_string!(i18n, decline_reason_label).to_string() error=field("reason")>
                    <option value="">{t!(i18n, choose)}</option>
                    {DeclineReason::ALL.iter().map(|r| {
                        let r = *r;
                        view! { <option value=r.as_db()>{move || decline_reason_name(i18n, r)}</option> }
                    }).collect_view()}
                </SelectField>
                <TextAreaField id=format!("decline-{id}-note") name="note" rows=2 max_chars=500
                    label=move || t_string!(i18n, decline_note_label).to_string() error=field("note") />
                <FormAlert message=general />
                <button type="submit" class=SMALL_BUTTON disabled=move || action.pending().get()>{t!(i18n, decline_submit)}</button>
            </Form>
        </div>
    }
}
