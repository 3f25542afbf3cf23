//! Each participant's milestones, the overdue ones marked (computed as the page was read), with
//! the health of its work.

use leptos::prelude::*;

use crate::api::execution::{
    AcceptMilestone, MoveMilestone, POST_REPORT_PATH, RejectMilestone, StartMilestone,
    SubmitMilestone, UpdateMilestone,
};
use crate::components::form::{
    BUTTON_CLASS, FormAlert, FormErrors, SelectField, TextAreaField, TextField, code_message,
    error_message, field_message,
};
use crate::components::i18n::use_lang;
use crate::components::round_trip::{FileForm, Form, form_refusal, typed_or, was_refused};
use crate::domain::execution::milestone::{
    ACCEPTANCE_MAX_CHARS, DELIVERABLE_MAX_CHARS, MILESTONE_FIELDS, MilestoneState, Rung,
};
use crate::domain::execution::report::{MAX_FILES, REPORT_FIELDS, REPORT_TEXT_MAX_CHARS};
use crate::i18n::{t, t_string, use_i18n};
use crate::views::execution::{MilestoneView, ParticipantMilestones, ReportView};

use crate::pages::projects::detail::{SECONDARY_BUTTON, SECTION};

/// The milestones' steps, one action each for the whole page.
#[derive(Clone, Copy)]
pub(super) struct MilestoneActions {
    pub submit: ServerAction<SubmitMilestone>,
    pub accept: ServerAction<AcceptMilestone>,
    pub reject: ServerAction<RejectMilestone>,
    pub start: ServerAction<StartMilestone>,
    pub plan: ServerAction<UpdateMilestone>,
    pub reorder: ServerAction<MoveMilestone>,
}

/// What the viewer may do with one participant's milestones.
#[derive(Clone, Copy)]
struct Allowed {
    submit: bool,
    decide: bool,
    /// Begin the work: the participant's representatives, the owning city's officials.
    start: bool,
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
                    start: in_execution && p.may_report,
                };
                let need = p.need.clone();
                let title = move || format!("{} · {}", p.firm, need.get(lang.get()));
                let region = title.clone();
                // The milestones a report may be posted on: those not accepted yet.
                let open: Vec<(i64, String)> = p.milestones.iter()
                    .filter(|m| m.state != MilestoneState::Accepted)
                    .map(|m| (m.id, milestone_name(i18n, m.name.as_deref(), m.rung)))
                    .collect();
                let reporting = (in_execution && p.may_report && !open.is_empty())
                    .then(|| view! { <ReportForm participant_id=p.participant_id milestones=open /> });
                view! {
                    <div class="mt-5" data-testid="participant-milestones">
                        <h3 class="font-semibold">{title.clone()}</h3>
                        <super::health::HealthPanel project_id participant_id=Some(p.participant_id)
                            health=p.health.clone() manage=in_execution && may_manage actions=health_actions />
                        <div class="relative mt-2 overflow-x-auto" tabindex="0" role="region" aria-label=region>
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
                                    {let last = p.milestones.len().saturating_sub(1);
                                    p.milestones.into_iter().enumerate().map(|(i, m)| {
                                        let ends = (i == 0, i == last);
                                        view! { <Milestone m allowed actions ends /> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {reporting}
                    </div>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn Milestone(
    m: MilestoneView,
    allowed: Allowed,
    actions: MilestoneActions,
    /// First and last of its participant's order.
    ends: (bool, bool),
) -> impl IntoView {
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
                {m.latest_report.clone().map(|report| view! { <LatestReport report count=m.report_count /> })}
                {(allowed.decide && state != MilestoneState::Accepted).then(|| view! { <PlanForm m=m.clone() action=actions.plan /> })}
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
            {(allowed.submit || allowed.decide).then(|| {
                let label = milestone_name(i18n, m.name.as_deref(), m.rung);
                view! { <td class="py-2"><Steps id=m.id state allowed actions ends label /></td> }
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
    ends: (bool, bool),
    /// The milestone's name, which the moves and the start say to a screen reader (they
    /// repeat on every row).
    label: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let which = format!(" · {label}");
    let may_start =
        allowed.start && matches!(state, MilestoneState::Planned | MilestoneState::Rejected);
    let (start, reorder) = (actions.start, actions.reorder);
    let moves_which = which.clone();
    let moves = allowed.decide.then(move || {
        let which = moves_which;
        [("earlier", !ends.0), ("later", !ends.1)].into_iter().filter(|(_, possible)| *possible).map(|(direction, _)| {
            let which = which.clone();
            let label = move || if direction == "earlier" {
                t_string!(i18n, milestone_move_earlier).to_string()
            } else {
                t_string!(i18n, milestone_move_later).to_string()
            };
            view! {
                <Form action=reorder key=format!("move-{direction}-{id}")>
                    <input type="hidden" name="milestone_id" value=id.to_string() />
                    <input type="hidden" name="direction" value=direction />
                    <button type="submit" class="text-sm font-medium text-red-800 underline hover:text-red-900"
                        aria-label=move || format!("{}{which}", label())>
                        {label}
                    </button>
                </Form>
            }
        }).collect_view()
    });
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
            {may_start.then(|| view! {
                <Form action=start key=format!("start-{id}")>
                    <input type="hidden" name="milestone_id" value=id.to_string() />
                    <button type="submit" class=SECONDARY_BUTTON disabled=move || start.pending().get()
                        aria-label=format!("{}{which}", t_string!(i18n, milestone_start))>
                        {t!(i18n, milestone_start)}
                    </button>
                </Form>
            })}
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
            {moves.map(|moves| view! { <div class="flex gap-3">{moves}</div> })}
        </div>
    }
}

/// A size in words a person reads: `340 KB`, `1.2 MB`.
fn file_size(bytes: i64) -> String {
    const MB: i64 = 1024 * 1024;
    if bytes >= MB {
        format!("{}.{} MB", bytes / MB, bytes % MB * 10 / MB)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// A milestone's latest progress report: when, how far, by whom, what, and its files.
#[component]
fn LatestReport(report: ReportView, count: i64) -> impl IntoView {
    let i18n = use_i18n();
    let percent = report.percent;
    let earlier = count - 1;
    view! {
        <div class="mt-2 rounded-md bg-slate-50 p-2 ring-1 ring-slate-200" data-testid="latest-report">
            <p class="text-slate-700">
                <span class="font-medium">{t!(i18n, report_latest)}</span>" "
                {report.reported_on}" · "
                <span data-testid="report-percent">{format!("{percent}%")}</span>" · "
                {report.author}
                {(earlier > 0).then(|| view! {
                    " · "{move || t_string!(i18n, report_earlier).replace("{count}", &earlier.to_string())}
                })}
            </p>
            <progress max="100" value=percent.to_string() class="mt-1 h-2 w-32"
                aria-label=move || t_string!(i18n, report_percent).to_string()></progress>
            <p class="mt-1 whitespace-pre-line text-slate-800">{report.body}</p>
            {(!report.files.is_empty()).then(|| view! {
                <ul class="mt-1 flex flex-wrap gap-x-4 gap-y-1" aria-label=move || t_string!(i18n, report_files).to_string()>
                    {report.files.into_iter().map(|f| view! {
                        <li>
                            <a class="font-medium text-red-800 underline hover:text-red-900" data-testid="report-file"
                                href=format!("/api/report_file?file_id={}", f.id) download=f.name.clone()>{f.name.clone()}</a>
                            <span class="ml-1 text-slate-600">"(" {file_size(f.size_bytes)} ")"</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// The form to post a progress report on one of a participant's milestones, with files. A plain
/// multipart form: the same with JavaScript off. It opens by itself when it came back refused.
#[component]
fn ReportForm(participant_id: i64, milestones: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let key = format!("report-{participant_id}");
    let open = was_refused(POST_REPORT_PATH, &key);
    let id = move |field: &str| format!("report-{participant_id}-{field}");
    view! {
        <details class="mt-3 rounded-md ring-1 ring-slate-200" open=open data-testid="report-form">
            <summary class="cursor-pointer px-3 py-2 font-medium">{t!(i18n, report_post_heading)}</summary>
            <div class="px-3 pb-3">
                <FileForm action=POST_REPORT_PATH key=key>
                    <ReportFields ids=[id("milestone"), id("date"), id("percent"), id("body"), id("files")] milestones />
                </FileForm>
            </div>
        </details>
    }
}

/// The report form's fields, each showing its own refusal.
const FORM_FIELDS: [&str; 5] = [
    REPORT_FIELDS[0],
    REPORT_FIELDS[1],
    REPORT_FIELDS[2],
    "files",
    "milestone_id",
];

/// The report form's fields, inside its form (they read what was typed before a refusal).
#[component]
fn ReportFields(ids: [String; 5], milestones: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let refusal = form_refusal();
    let general = refusal
        .clone()
        .filter(|e| !e.is_about_fields(&FORM_FIELDS))
        .map(|e| error_message(i18n, &e));
    let error = |name: &'static str| {
        let code = refusal
            .as_ref()
            .and_then(|e| e.field_code(name))
            .map(str::to_owned);
        Signal::derive(move || code.as_deref().map(|c| field_message(i18n, name, c)))
    };
    let chosen = typed_or("milestone_id", "");
    let [milestone_id, date_id, percent_id, body_id, files_id] = ids;
    let files_error = error("files");
    let files_error_id = format!("{files_id}-error");
    let files_hint_id = format!("{files_id}-hint");
    view! {
        <div class="mt-2 grid gap-4 sm:grid-cols-2">
            <div class="sm:col-span-2">
                <SelectField id=milestone_id name="milestone_id" label=move || t_string!(i18n, report_milestone).to_string() error=error("milestone_id")>
                    {milestones.into_iter().map(|(id, name)| {
                        let value = id.to_string();
                        let selected = chosen == value;
                        view! { <option value=value selected=selected>{name}</option> }
                    }).collect_view()}
                </SelectField>
            </div>
            <TextField id=date_id name="reported_on" kind="date" autocomplete="off" optional=true
                label=move || t_string!(i18n, report_date).to_string() error=error("reported_on")
                hint=Signal::derive(move || t_string!(i18n, report_date_hint).to_string()) />
            <TextField id=percent_id name="percent" kind="number" autocomplete="off" inputmode="numeric" min="0"
                label=move || t_string!(i18n, report_percent).to_string() error=error("percent") />
            <div class="sm:col-span-2">
                <TextAreaField id=body_id name="body" rows=4 max_chars=REPORT_TEXT_MAX_CHARS
                    label=move || t_string!(i18n, report_body).to_string() error=error("body") />
            </div>
            <div class="sm:col-span-2">
                <label for=files_id.clone() class="block text-sm font-medium">{t!(i18n, report_files)}</label>
                <input id=files_id name="files" type="file" multiple=true
                    accept=".pdf,.png,.jpg,.jpeg,.webp,.gif,.xlsx,.xls,.ods"
                    aria-describedby=format!("{files_hint_id} {files_error_id}")
                    aria-invalid=move || files_error.with(Option::is_some).to_string()
                    class="mt-1 block w-full text-sm" />
                <p id=files_hint_id class="mt-1 text-sm text-slate-600">
                    {move || t_string!(i18n, report_files_hint).replace("{count}", &MAX_FILES.to_string())}
                </p>
                <p id=files_error_id role="alert" class="mt-1 text-sm font-medium text-red-800" data-testid="files-error">
                    {files_error}
                </p>
            </div>
            <div class="sm:col-span-2">
                <FormAlert message=Signal::derive(move || general.clone()) />
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, report_post)}</button>
            </div>
        </div>
    }
}

/// An official's form to rewrite a milestone's plan (name, deliverable, due day, acceptance
/// criteria, the bench figures' targets), folded away until opened; it opens by itself when it
/// came back refused.
#[component]
fn PlanForm(m: MilestoneView, action: ServerAction<UpdateMilestone>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let id = m.id;
    let key = format!("plan-{id}");
    let open = crate::components::round_trip::was_refused(
        <UpdateMilestone as leptos::server_fn::ServerFn>::PATH,
        &key,
    );
    let errors = FormErrors::of(i18n, action, move |input: &UpdateMilestone| {
        input.milestone_id == id.to_string()
    });
    let field_id = move |name: &str| format!("plan-{id}-{name}");
    let figures = m.figures.clone();
    let targets_error = errors.field("targets");
    view! {
        <details class="mt-2" open=open data-testid="milestone-plan">
            <summary class="cursor-pointer text-sm font-medium text-red-800"
                aria-label=format!("{} · {}", t_string!(i18n, milestone_plan_edit), milestone_name(i18n, m.name.as_deref(), m.rung))>
                {t!(i18n, milestone_plan_edit)}
            </summary>
            <Form action key=key attr:class="mt-2 grid gap-3" attr:novalidate="true">
                <input type="hidden" name="milestone_id" value=id.to_string() />
                <input type="hidden" name="version" value=m.version.to_string() />
                <TextField id=field_id("name") name="name" kind="text" autocomplete="off" optional=m.rung.is_some()
                    value=m.name.clone().unwrap_or_default()
                    hint=Signal::derive(move || if m.rung.is_some() { t_string!(i18n, milestone_name_hint).to_string() } else { String::new() })
                    label=move || t_string!(i18n, milestone_column_name).to_string() error=errors.field("name") />
                <TextField id=field_id("due") name="due_on" kind="date" autocomplete="off" value=m.due_on.clone()
                    label=move || t_string!(i18n, milestone_column_due).to_string() error=errors.field("due_on") />
                <TextAreaField id=field_id("deliverable") name="deliverable" rows=2 max_chars=DELIVERABLE_MAX_CHARS value=m.deliverable.clone()
                    label=move || t_string!(i18n, milestone_deliverable).to_string() error=errors.field("deliverable") />
                <TextAreaField id=field_id("acceptance") name="acceptance" rows=2 max_chars=ACCEPTANCE_MAX_CHARS value=m.acceptance.clone()
                    label=move || t_string!(i18n, milestone_acceptance).to_string() error=errors.field("acceptance") />
                {figures.into_iter().enumerate().map(|(i, f)| {
                    let label = move || {
                        let name = if lang.get() == crate::domain::Lang::Zh { f.zh.clone() } else { f.en.clone() };
                        let target = t_string!(i18n, milestone_target).to_string();
                        if f.unit.is_empty() { format!("{name} · {target}") } else { format!("{name} · {target} ({})", f.unit) }
                    };
                    let typed = crate::components::round_trip::echoed_all("targets")
                        .and_then(|all| all.get(i).cloned())
                        .or_else(|| f.target.clone())
                        .unwrap_or_default();
                    let input_id = format!("plan-{id}-target-{i}");
                    view! {
                        <div>
                            <label for=input_id.clone() class="block text-sm font-medium">{label}</label>
                            <input id=input_id name="targets[]" type="text" autocomplete="off" value=typed
                                aria-describedby=format!("plan-{id}-targets-error")
                                aria-invalid=move || targets_error.with(Option::is_some).to_string()
                                class=crate::components::form::input_class(false) />
                        </div>
                    }
                }).collect_view()}
                <FieldNote id=format!("plan-{id}-targets-error") error=targets_error />
                <FormAlert message=errors.general(&MILESTONE_FIELDS) />
                <div>
                    <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, milestone_plan_save)}</button>
                </div>
            </Form>
        </details>
    }
}

/// A field's error where the field is a list (the figures' targets), which its inputs name.
#[component]
fn FieldNote(id: String, error: Signal<Option<String>>) -> impl IntoView {
    view! { <p id=id role="alert" class="text-sm font-medium text-red-800">{move || error.get()}</p> }
}
