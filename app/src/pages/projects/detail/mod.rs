use leptos::prelude::*;

use crate::components::confirm::{Confirm, Opener};
use crate::components::round_trip::Form;
use leptos_router::hooks::use_params_map;

use crate::api::cities::list_cities;
use crate::api::firms::taxonomy::list_taxonomy;
use crate::api::invitations::InviteFirms;
use crate::api::projects::{
    AddNeed, AnswerInterest, ChangeProjectStatus, ExpressInterest, RemoveNeed, UpdateNeed,
    get_project,
};
use crate::components::form::{
    FormAlert, TextAreaField, code_message, count_changes, error_message, track_failure,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::project::{NeedStatus, ProjectStatus};
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::projects::{NeedView, ProjectDetail, ProjectView};

use crate::domain::project_event::ProjectEvent;
use crate::pages::projects::execution::HealthBadge;
use crate::pages::projects::{
    StatusBadge, funding_name, scenario_name, stage_name, status_name, wan,
};

pub(crate) const SECONDARY_BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-white px-3 py-1.5 text-sm font-medium text-red-900 ring-1 ring-red-800 hover:bg-red-50 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800";
pub(crate) const SECTION: &str = "mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200";

mod interests;
mod needs;

use interests::*;
use needs::*;

/// A project's page: the open call's public part for anyone, the whole project for members,
/// and the owning city's tools (needs, lifecycle, interests) for its officials and the admin.
#[component]
pub fn ProjectDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let project_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let add_need = ServerAction::<AddNeed>::new();
    let remove_need = ServerAction::<RemoveNeed>::new();
    let change_status = ServerAction::<ChangeProjectStatus>::new();
    let express = ServerAction::<ExpressInterest>::new();
    let answer = ServerAction::<AnswerInterest>::new();
    let update_need = ServerAction::<UpdateNeed>::new();
    let invite = ServerAction::<InviteFirms>::new();
    // These two forms sit in closed sections of the page: a refusal keeps the page (and what
    // was typed) with its message, only a change reloads it.
    let changed = RwSignal::new(0usize);
    count_changes(changed, update_need.value());
    count_changes(changed, invite.value());
    let project = Resource::new(
        move || {
            (
                project_id(),
                add_need.version().get()
                    + remove_need.version().get()
                    + change_status.version().get()
                    + express.version().get()
                    + answer.version().get()
                    + changed.get(),
            )
        },
        |(id, _)| get_project(id),
    );
    let failed = RwSignal::new(None::<String>);
    let words = move |e: &AppError| error_message(i18n, e);
    track_failure(remove_need.value(), failed, words);
    track_failure(change_status.value(), failed, words);
    track_failure(answer.value(), failed, words);
    let actions = Actions {
        add_need,
        remove_need,
        change_status,
        express,
        answer,
        update_need,
        invite,
    };
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <Transition fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    project.await.map(|view| view! {
                        <FormAlert message=failed reveal=true />
                        <Project view actions />
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    add_need: ServerAction<AddNeed>,
    remove_need: ServerAction<RemoveNeed>,
    change_status: ServerAction<ChangeProjectStatus>,
    express: ServerAction<ExpressInterest>,
    answer: ServerAction<AnswerInterest>,
    update_need: ServerAction<UpdateNeed>,
    invite: ServerAction<InviteFirms>,
}

#[component]
fn Project(view: ProjectView, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let card = view.card;
    let title = card.title.clone();
    let (city, segment, stage) = (card.city.clone(), card.segment.clone(), card.stage);
    let id = card.id;
    let public_note = match (&view.detail, view.signed_in) {
        (Some(_), _) => None,
        (None, false) => Some(view! {
            <p class="mt-4 rounded-md bg-slate-50 px-3 py-2 text-slate-700 ring-1 ring-slate-200" data-testid="public-note">
                {t!(i18n, project_public_note)} " "
                <a href=crate::domain::return_path::sign_in_href(&format!("/projects/{id}")) class="font-medium text-red-800 underline underline-offset-2">{t!(i18n, nav_sign_in)}</a>
            </p>
        }.into_any()),
        (None, true) => Some(view! {
            <p class="mt-4 rounded-md bg-slate-50 px-3 py-2 text-slate-700 ring-1 ring-slate-200" data-testid="public-note">
                {t!(i18n, project_pending_note)}
            </p>
        }.into_any()),
    };
    view! {
        <PageTitle text=move || title.clone() />
        <div class="flex flex-wrap items-center gap-3">
            <h1 class="text-2xl font-semibold">{card.title.clone()}</h1>
            <StatusBadge status=card.status />
        </div>
        <p class="mt-1 text-slate-700">
            {move || city.get(lang.get()).to_owned()} " · " {move || segment.get(lang.get()).to_owned()}
            " · " {move || stage_name(i18n, stage)}
        </p>
        <section class=SECTION aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="text-lg font-semibold">{t!(i18n, summary_label)}</h2>
            <p class="mt-2 whitespace-pre-line text-slate-800">{card.summary.clone()}</p>
            {(!card.capabilities.is_empty()).then(|| view! {
                <p class="mt-4 text-sm font-medium text-slate-700">{t!(i18n, needs_capabilities)}</p>
                <ul class="mt-1 flex flex-wrap gap-2">
                    {card.capabilities.clone().into_iter().map(|name| view! {
                        <li class="rounded-md bg-slate-50 px-2 py-1 text-sm ring-1 ring-slate-200">{move || name.get(lang.get()).to_owned()}</li>
                    }).collect_view()}
                </ul>
            })}
            {public_note}
        </section>
        {view.detail.map(|detail| view! { <Whole id status=card.status detail actions /> })}
    }
}

#[component]
fn Whole(id: i64, status: ProjectStatus, detail: ProjectDetail, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let editable = status.editable() && detail.may_edit;
    let version = detail.version;
    let may_match = detail.may_match && status == ProjectStatus::Open;
    let total = detail.needs.len();
    let filled = detail
        .needs
        .iter()
        .filter(|n| n.filled_by.is_some())
        .count();
    let open_needs: Vec<NeedView> = detail
        .needs
        .iter()
        .filter(|n| n.status == NeedStatus::Open)
        .cloned()
        .collect();
    // The taxonomy and the cities, for the need forms (loaded once for all of them).
    let options = Resource::new(
        || (),
        |_| async { (list_taxonomy(false).await, list_cities().await) },
    );
    let invite = Invite {
        project_id: id,
        action: actions.invite,
        open: may_match,
        reply_by: detail.default_reply_by.clone(),
        today: detail.today.clone(),
    };
    view! {
        {detail.may_edit.then(|| view! {
            <Lifecycle id status next=detail.next.clone() action=actions.change_status editable />
        })}
        <Facts detail=detail.clone() />
        {detail.execution_health.map(|health| view! {
            <section class=SECTION aria-labelledby="execution-heading" data-testid="execution-link">
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <h2 id="execution-heading" class="text-lg font-semibold">{t!(i18n, execution_heading)}</h2>
                    <HealthBadge health />
                </div>
                <p class="mt-1 text-sm text-slate-600">{t!(i18n, execution_link_lead)}</p>
                <a href=format!("/projects/{id}/execution") class="mt-3 inline-block font-medium text-red-800 underline underline-offset-2">{t!(i18n, execution_open)}</a>
            </section>
        })}
        <section class=SECTION aria-labelledby="needs-heading">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="needs-heading" class="text-lg font-semibold">{t!(i18n, needs_heading)}</h2>
                {(!detail.needs.is_empty()).then(|| view! {
                    <p class="text-sm text-slate-700" data-testid="coverage">
                        {t!(i18n, coverage_summary, filled = move || filled, total = move || total)}
                    </p>
                })}
            </div>
            {if detail.needs.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, needs_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-3 space-y-3" data-testid="needs">
                        {detail.needs.clone().into_iter().map(|need| view! {
                            <Need id version need editable may_match may_see_filled=detail.may_match action=actions.remove_need update=actions.update_need options />
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {editable.then(|| view! {
                <div data-testid="add-need">
                    <h3 class="mt-6 font-semibold">{t!(i18n, need_add_heading)}</h3>
                    <NeedForm id version action=actions.add_need options />
                </div>
            })}
        </section>
        {detail.may_express_interest.then(|| view! {
            <InterestForm id needs=open_needs.clone() action=actions.express />
        })}
        {(!detail.interests.is_empty() || detail.may_answer).then(|| view! {
            <Interests interests=detail.interests.clone() may_answer=detail.may_answer action=actions.answer invite=invite.clone() />
        })}
        <History detail />
    }
}

#[component]
fn Facts(detail: ProjectDetail) -> impl IntoView {
    let i18n = use_i18n();
    let dash = || "—".to_owned();
    let period = match (&detail.starts_on, &detail.ends_on) {
        (None, None) => dash(),
        (start, end) => format!(
            "{} – {}",
            start.clone().unwrap_or_else(dash),
            end.clone().unwrap_or_else(dash)
        ),
    };
    let budget = detail.budget;
    let scenarios = detail.scenarios.clone();
    view! {
        <section class=SECTION aria-labelledby="facts-heading">
            <h2 id="facts-heading" class="text-lg font-semibold">{t!(i18n, project_facts_heading)}</h2>
            {detail.cancel_reason.clone().map(|reason| view! {
                <p class="mt-3 rounded-md bg-red-50 px-3 py-2 text-red-900 ring-1 ring-red-200">
                    {t!(i18n, cancel_reason_label)} ": " {reason}
                </p>
            })}
            <dl class="mt-3 grid gap-x-6 gap-y-3 sm:grid-cols-2" data-testid="project-facts">
                <div>
                    <dt class="text-sm font-medium text-slate-600">{t!(i18n, budget_label)}</dt>
                    <dd data-testid="project-budget">{move || wan(i18n, budget)}</dd>
                    <dd class="text-sm text-slate-700">
                        {detail.funds.iter().map(|(source, yuan)| {
                            let (source, yuan) = (*source, *yuan);
                            view! { <span class="mr-3 inline-block">{move || funding_name(i18n, source)} " " {move || wan(i18n, yuan)}</span> }
                        }).collect_view()}
                    </dd>
                </div>
                <div>
                    <dt class="text-sm font-medium text-slate-600">{t!(i18n, project_period_label)}</dt>
                    <dd>{period}</dd>
                </div>
                <div>
                    <dt class="text-sm font-medium text-slate-600">{t!(i18n, lead_label)}</dt>
                    <dd>
                        {match (detail.lead.clone(), detail.lead_firm_id) {
                            (Some(name), Some(firm)) => view! { <a href=format!("/firms/{firm}") class="text-red-800 underline underline-offset-2">{name}</a> }.into_any(),
                            (Some(name), None) => name.into_any(),
                            (None, _) => dash().into_any(),
                        }}
                    </dd>
                </div>
                <div>
                    <dt class="text-sm font-medium text-slate-600">{t!(i18n, responsible_label)}</dt>
                    <dd>{detail.responsible.clone()} " · " <a href=format!("mailto:{}", detail.responsible_email) class="text-red-800 underline underline-offset-2">{detail.responsible_email.clone()}</a></dd>
                </div>
                <div class="sm:col-span-2">
                    <dt class="text-sm font-medium text-slate-600">{t!(i18n, scenarios_label)}</dt>
                    <dd>{move || if scenarios.is_empty() { "—".to_owned() } else {
                        scenarios.iter().map(|s| scenario_name(i18n, *s)).collect::<Vec<_>>().join(t_string!(i18n, list_sep))
                    }}</dd>
                </div>
                <div class="sm:col-span-2">
                    <dt class="text-sm font-medium text-slate-600">{t!(i18n, project_description_label)}</dt>
                    <dd class="whitespace-pre-line" data-testid="project-description">{detail.description.clone()}</dd>
                </div>
            </dl>
        </section>
    }
}

/// The steps the project can take now, each a button (a cancellation asks for its reason).
#[component]
fn Lifecycle(
    id: i64,
    status: ProjectStatus,
    next: Vec<ProjectStatus>,
    action: ServerAction<ChangeProjectStatus>,
    editable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason_error = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field_code("reason").map(|c| code_message(i18n, c)))
    });
    let steps: Vec<ProjectStatus> = next
        .iter()
        .copied()
        .filter(|s| *s != ProjectStatus::Cancelled)
        .collect();
    let may_cancel = next.contains(&ProjectStatus::Cancelled);
    view! {
        <section class=SECTION aria-labelledby="lifecycle-heading">
            <h2 id="lifecycle-heading" class="text-lg font-semibold">{t!(i18n, lifecycle_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, lifecycle_now)} " " {move || status_name(i18n, status)}</p>
            <div class="mt-3 flex flex-wrap items-start gap-3">
                {editable.then(|| view! {
                    <a href=format!("/projects/{id}/edit") class=SECONDARY_BUTTON>{t!(i18n, project_edit)}</a>
                })}
                {steps.into_iter().map(|to| {
                    let (opens, does, says) = match to {
                        ProjectStatus::Open => (t_string!(i18n, step_publish), t_string!(i18n, confirm_publish), t_string!(i18n, says_publish)),
                        ProjectStatus::InExecution => (t_string!(i18n, step_start), t_string!(i18n, confirm_start), t_string!(i18n, says_start)),
                        _ => (t_string!(i18n, step_complete), t_string!(i18n, confirm_complete), t_string!(i18n, says_complete)),
                    };
                    view! {
                        <Form action key=to.as_db()>
                            <input type="hidden" name="project_id" value=id.to_string() />
                            <input type="hidden" name="status" value=to.as_db() />
                            <Confirm opens=opens.to_string() says=says.to_string() does=does.to_string() />
                        </Form>
                    }
                }).collect_view()}
            </div>
            {may_cancel.then(|| view! {
                <Form action key="cancelled" attr:class="mt-4" attr:novalidate="true">
                    <input type="hidden" name="project_id" value=id.to_string() />
                    <input type="hidden" name="status" value="cancelled" />
                    <Confirm opens=t_string!(i18n, step_cancel).to_string() opener=Opener::Quiet
                        says=t_string!(i18n, says_cancel).to_string() does=t_string!(i18n, step_cancel_confirm).to_string()>
                        <TextAreaField id="cancel-reason" name="reason" rows=2 max_chars=500
                            label=move || t_string!(i18n, cancel_reason_label).to_string() error=reason_error
                            hint=Signal::derive(move || t_string!(i18n, cancel_reason_hint).to_string()) />
                    </Confirm>
                </Form>
            })}
        </section>
    }
}

#[component]
fn History(detail: ProjectDetail) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class=SECTION aria-labelledby="history-heading">
            <h2 id="history-heading" class="text-lg font-semibold">{t!(i18n, history_heading)}</h2>
            <ol class="mt-3 space-y-2" data-testid="history">
                {detail.history.into_iter().map(|entry| {
                    let firm = entry.event.firm_name().map(str::to_owned);
                    let reason = entry.event.reason().map(str::to_owned);
                    let what = match entry.event {
                        ProjectEvent::Created => view! { {t!(i18n, history_created)} }.into_any(),
                        ProjectEvent::Updated { changed } => {
                            let n = changed.len();
                            view! { {t!(i18n, history_updated, n = move || n)} }.into_any()
                        }
                        ProjectEvent::NeedAdded => view! { {t!(i18n, history_need_added)} }.into_any(),
                        ProjectEvent::NeedRemoved => view! { {t!(i18n, history_need_removed)} }.into_any(),
                        ProjectEvent::NeedUpdated => view! { {t!(i18n, history_need_updated)} }.into_any(),
                        ProjectEvent::InvitationsSent { .. } => view! { {t!(i18n, history_invitations_sent)} }.into_any(),
                        ProjectEvent::InvitationWithdrawn { .. } => view! { {t!(i18n, history_invitation_withdrawn)} }.into_any(),
                        ProjectEvent::InvitationAccepted { .. } => view! { {t!(i18n, history_invitation_accepted)} }.into_any(),
                        ProjectEvent::InvitationDeclined { .. } => view! { {t!(i18n, history_invitation_declined)} }.into_any(),
                        ProjectEvent::InvitationClosed { .. } => view! { {t!(i18n, history_invitation_closed)} }.into_any(),
                        ProjectEvent::ProposalSelected { .. } => view! { {t!(i18n, history_proposal_selected)} }.into_any(),
                        ProjectEvent::SelectionRevoked { .. } => view! { {t!(i18n, history_selection_revoked)} }.into_any(),
                        ProjectEvent::StatusChanged { to, .. } => {
                            view! { {t!(i18n, history_status, status = move || status_name(i18n, to))} }.into_any()
                        }
                    };
                    view! {
                        <li class="text-sm">
                            <span class="text-slate-600">{entry.at.clone()}</span> " · "
                            <span class="font-medium">{entry.actor.unwrap_or_default()}</span> " · "
                            <span>{what}</span>
                            {firm.map(|f| view! { <span class="font-medium">" " {f}</span> })}
                            {reason.map(|r| view! { <span class="text-slate-700">" — " {r}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
