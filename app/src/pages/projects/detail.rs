use leptos::prelude::*;

use crate::components::confirm::{Confirm, Opener};
use crate::components::round_trip::{Form, echoed_all, typed_or};
use leptos_router::hooks::use_params_map;

use crate::api::cities::list_cities;
use crate::api::firms::taxonomy::list_taxonomy;
use crate::api::invitations::InviteFirms;
use crate::api::projects::{
    AddNeed, AnswerInterest, ChangeProjectStatus, ExpressInterest, RemoveNeed, UpdateNeed,
    get_project,
};
use crate::components::form::{
    BUTTON_CLASS, ChangedNote, FormAlert, FormErrors, SelectField, TextAreaField, TextField,
    changed_now, code_message, count_changes, error_message, field_message, track_failure,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::project::{NEED_FIELDS, NeedStatus, ProjectStatus};
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::pages::firms::{certificate_name, level_name};
use crate::views::projects::{InterestView, NeedView, ProjectDetail, ProjectView};

use super::{StatusBadge, funding_name, scenario_name, stage_name, status_name, wan};
use crate::domain::project_event::ProjectEvent;

const SECONDARY_BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-white px-3 py-1.5 text-sm font-medium text-red-900 ring-1 ring-red-800 hover:bg-red-50 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800";
const SECTION: &str = "mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200";

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
fn Need(
    id: i64,
    version: i32,
    need: NeedView,
    editable: bool,
    may_match: bool,
    /// The viewer works the needs' invitations (in any state of the project).
    may_see_filled: bool,
    action: ServerAction<RemoveNeed>,
    update: ServerAction<UpdateNeed>,
    options: NeedOptions,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let name = need.capability.clone();
    let editing = need.clone();
    let level = need.level;
    let quantity = need.quantity;
    let cities = need.preferred_cities.clone();
    let certificates = need.certificates.clone();
    let status = need.status;
    view! {
        <li class="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
            // The need as it reads; the form that changes it stays outside, so the need's
            // text is its own (the form lists every capability).
            <div data-testid="need">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <p class="font-medium">{move || name.get(lang.get()).to_owned()}</p>
                <span class="text-sm text-slate-700">{move || match status {
                    NeedStatus::Open => t_string!(i18n, need_open).to_string(),
                    NeedStatus::Filled => t_string!(i18n, need_filled).to_string(),
                    NeedStatus::Closed => t_string!(i18n, need_closed).to_string(),
                }}</span>
            </div>
            <p class="mt-1 text-sm text-slate-700">
                {t!(i18n, need_level_at_least)} " " {move || level_name(i18n, level)} " · "
                {t!(i18n, need_quantity_is, n = move || quantity)}
            </p>
            {(!certificates.is_empty()).then(|| view! {
                <p class="mt-1 text-sm text-slate-700">{t!(i18n, need_certificates_label)} ": "
                    {certificates.iter().map(|c| certificate_name(i18n, *c, None)).collect::<Vec<_>>().join(t_string!(i18n, list_sep))}</p>
            })}
            {(!cities.is_empty()).then(|| view! {
                <p class="mt-1 text-sm text-slate-700">{t!(i18n, preferred_cities_label)} ": "
                    {move || cities.iter().map(|c| c.get(lang.get()).to_owned()).collect::<Vec<_>>().join(t_string!(i18n, list_sep))}</p>
            })}
            {(!need.note.is_empty()).then(|| view! { <p class="mt-1 whitespace-pre-line text-sm text-slate-700">{need.note.clone()}</p> })}
            {need.filled_by.clone().map(|p| {
                let city = p.city.clone();
                view! {
                    <p class="mt-1 text-sm text-slate-800" data-testid="filled-by">
                        {t!(i18n, need_filled_by)} " "
                        <a href=format!("/firms/{}", p.firm_id) class="font-medium text-red-800 underline underline-offset-2">{p.name.clone()}</a>
                        " · " {move || city.get(lang.get()).to_owned()}
                    </p>
                }
            })}
            // Open: its candidates (and invitations); filled: its invitations and participant,
            // where the selection can be revoked.
            {((may_match && status == NeedStatus::Open) || (may_see_filled && status == NeedStatus::Filled)).then(|| {
                let open = status == NeedStatus::Open;
                view! {
                    <a href=format!("/projects/{id}/needs/{}/candidates", need.id) class="mt-2 inline-block text-sm font-medium text-red-800 underline underline-offset-2">
                        {move || if open { t_string!(i18n, candidates_link).to_string() } else { t_string!(i18n, invitations_heading).to_string() }}
                    </a>
                }
            })}
            {(editable && status == NeedStatus::Open).then(|| view! {
                <Form action key=need.id.to_string() attr:class="mt-2">
                    <input type="hidden" name="project_id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <input type="hidden" name="need_id" value=need.id.to_string() />
                    <button type="submit" class="text-sm text-red-800 underline underline-offset-2" disabled=move || action.pending().get()>{t!(i18n, need_remove)}</button>
                </Form>
            })}
            </div>
            {(editable && status == NeedStatus::Open).then(|| view! {
                <NeedEditForm id version need=editing action=update options />
            })}
        </li>
    }
}

/// The taxonomy and the cities the need forms choose from.
type NeedOptions = Resource<(
    Result<crate::views::taxonomy::Taxonomy, AppError>,
    Result<Vec<crate::domain::city::City>, AppError>,
)>;

/// Adds a need: a capability of the taxonomy, the level and quantity, the certificates it
/// requires and the cities it prefers.
#[component]
fn NeedForm(
    id: i64,
    version: i32,
    action: ServerAction<AddNeed>,
    options: NeedOptions,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Form action attr:class="mt-3 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
            <input type="hidden" name="project_id" value=id.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <NeedFields prefix="need".to_owned() values=None options error />
            <div class="sm:col-span-2">
                <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, need_add)}</button>
            </div>
        </Form>
    }
}

/// Changes an open need; a change of capability, level or quantity withdraws its invitations.
#[component]
fn NeedEditForm(
    id: i64,
    version: i32,
    need: NeedView,
    action: ServerAction<UpdateNeed>,
    options: NeedOptions,
) -> impl IntoView {
    let i18n = use_i18n();
    let need_id = need.id;
    // Only the refused need's form shows the refusal.
    let mine = crate::components::round_trip::refused_input::<UpdateNeed>()
        .is_some_and(|i| i.need_id == need_id.to_string());
    let error = Signal::derive(move || action.value().get().and_then(Result::err).filter(|_| mine));
    view! {
        <details class="mt-2" open=mine>
            <summary class="cursor-pointer text-sm text-red-800 underline underline-offset-2">{t!(i18n, need_edit)}</summary>
            <p class="mt-2 text-sm text-amber-900">{t!(i18n, need_edit_warning)}</p>
            <Form action key=need_id.to_string() attr:class="mt-3 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
                <input type="hidden" name="project_id" value=id.to_string() />
                // After a refusal for a change made meanwhile, the version the form came back with.
                <input type="hidden" name="version" value=typed_or("version", version.to_string()) />
                <input type="hidden" name="need_id" value=need_id.to_string() />
                <NeedFields prefix=format!("need-{need_id}") values=Some(need) options error />
                <div class="sm:col-span-2">
                    <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, need_edit_submit)}</button>
                </div>
            </Form>
        </details>
    }
}

/// A need's fields, filled from `values` when it is a change.
#[component]
fn NeedFields(
    prefix: String,
    values: Option<NeedView>,
    options: NeedOptions,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error.get().and_then(|e| {
                e.field_code(name)
                    .map(|code| field_message(i18n, name, code))
            })
        })
    };
    let general = Signal::derive(move || {
        error
            .get()
            .filter(|e| !e.is_about_fields(&NEED_FIELDS))
            .map(|e| error_message(i18n, &e))
    });
    view! {
        <Suspense>
            {move || {
                let prefix = prefix.clone();
                let values = values.clone();
                Suspend::new(async move {
                let (taxonomy, cities) = options.await;
                let taxonomy = taxonomy.map(|t| t.categories).unwrap_or_default();
                let cities = cities.unwrap_or_default();
                // What was typed before a refusal, else what is stored.
                let capability = typed_or("capability_id", values.as_ref().map(|v| v.capability_id.to_string()).unwrap_or_default());
                let level = typed_or("level", values.as_ref().map(|v| v.level.as_db()).unwrap_or_default());
                let quantity = values.as_ref().map(|v| v.quantity.to_string()).unwrap_or_default();
                let certificates = echoed_all("certificates").unwrap_or_else(|| {
                    values.as_ref().map(|v| v.certificates.iter().map(|c| c.as_db().to_owned()).collect()).unwrap_or_default()
                });
                let preferred: Vec<String> = echoed_all("preferred_cities")
                    .unwrap_or_else(|| values.as_ref().map(|v| v.preferred_city_codes.clone()).unwrap_or_default());
                let note = values.as_ref().map(|v| v.note.clone()).unwrap_or_default();
                // After a refusal for a change made meanwhile: each such field's value now.
                let refusal = error.get_untracked();
                let now = values.clone();
                let changed = move |name: &str| {
                    let now = now.as_ref()?;
                    changed_now(refusal.as_ref(), name, || {
                        let lang = lang.get_untracked();
                        let sep = t_string!(i18n, list_sep);
                        match name {
                            "capability_id" => now.capability.get(lang).to_owned(),
                            "level" => level_name(i18n, now.level),
                            "quantity" => now.quantity.to_string(),
                            "certificates" => now.certificates.iter().map(|c| certificate_name(i18n, *c, None)).collect::<Vec<_>>().join(sep),
                            "preferred_cities" => now.preferred_cities.iter().map(|c| c.get(lang).to_owned()).collect::<Vec<_>>().join(sep),
                            _ => now.note.clone(),
                        }
                    })
                };
                view! {
                    <SelectField id=format!("{prefix}-capability") name="capability_id" label=move || t_string!(i18n, capability_label).to_string() error=field("capability_id")
                        changed=changed("capability_id")>
                        <option value="">{t!(i18n, choose)}</option>
                        {taxonomy.into_iter().map(|c| {
                            let group = c.name.clone();
                            view! {
                                <optgroup label=move || group.get(lang.get()).to_owned()>
                                    {c.capabilities.into_iter().map(|e| {
                                        let name = e.name.clone();
                                        view! { <option value=e.id.to_string() selected=capability == e.id.to_string()>{move || name.get(lang.get()).to_owned()}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </SelectField>
                    <SelectField id=format!("{prefix}-level") name="level" label=move || t_string!(i18n, level_at_least_label).to_string() error=field("level")
                        changed=changed("level")>
                        {ProductionLevel::ALL.iter().map(|l| view! { <option value=l.as_db() selected=level == l.as_db()>{level_name(i18n, *l)}</option> }).collect_view()}
                    </SelectField>
                    <TextField id=format!("{prefix}-quantity") name="quantity" kind="number" autocomplete="off" value=quantity
                        label=move || t_string!(i18n, quantity_label).to_string() error=field("quantity") changed=changed("quantity") />
                    <fieldset>
                        <legend class="block text-sm font-medium">{t!(i18n, need_certificates_label)}</legend>
                        <div class="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                            {CertificateKind::ALL.iter().filter(|k| **k != CertificateKind::Other).map(|k| view! {
                                <label class="inline-flex items-center gap-2 text-sm">
                                    <input type="checkbox" name="certificates[]" value=k.as_db() checked=certificates.iter().any(|c| c == k.as_db()) class="h-4 w-4 rounded border-slate-400" />
                                    {certificate_name(i18n, *k, None)}
                                </label>
                            }).collect_view()}
                        </div>
                        <ChangedNote now=changed("certificates") />
                    </fieldset>
                    <fieldset>
                        <legend class="block text-sm font-medium">{t!(i18n, preferred_cities_label)}</legend>
                        <div class="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                            {cities.into_iter().map(|c| {
                                let code = c.code.as_str().to_owned();
                                let checked = preferred.iter().any(|p| p == c.code.as_str());
                                view! {
                                    <label class="inline-flex items-center gap-2 text-sm">
                                        <input type="checkbox" name="preferred_cities[]" value=code checked=checked class="h-4 w-4 rounded border-slate-400" />
                                        {move || c.name(lang.get()).to_owned()}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                        <ChangedNote now=changed("preferred_cities") />
                    </fieldset>
                    <div class="sm:col-span-2">
                        <TextAreaField id=format!("{prefix}-note") name="note" rows=2 max_chars=500 value=note
                            label=move || t_string!(i18n, need_note_label).to_string() error=field("note") changed=changed("note") />
                    </div>
                    <div class="sm:col-span-2">
                        <FormAlert message=general />
                    </div>
                }
            })}}
        </Suspense>
    }
}

/// A representative of an approved firm tells the city the firm can help.
#[component]
fn InterestForm(
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
struct Invite {
    project_id: i64,
    action: ServerAction<InviteFirms>,
    /// The project takes invitations and the viewer may send them.
    open: bool,
    reply_by: String,
    today: String,
}

#[component]
fn Interests(
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
fn Interest(
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
fn InviteFromInterest(need: i64, firm: i64, invite: Invite) -> impl IntoView {
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
