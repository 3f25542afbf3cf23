//! A project's execution page `/projects/:id/execution`: its health and why, each
//! participant's milestones (with their own health), and the project's risks. Rendered on the
//! server; every step is a plain form.

mod discussion;
mod health;
mod milestones;
mod money;
mod risks;
mod timeline;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use discussion::{Discussion, DiscussionActions};
use health::{HealthActions, HealthPanel};
pub use health::{HealthBadge, health_name, milestone_label, reason_sentence};
use milestones::{MilestoneActions, Milestones};
use money::Money;
use risks::{RiskActions, Risks};
use timeline::Timeline;

use crate::api::execution::{
    AcceptMilestone, AddRisk, ClearHealthOverride, DeescalateRisk, EditMessage, EscalateRisk,
    MoveMilestone, OverrideHealth, PostMessage, RecordDisbursement, RejectMilestone,
    StartMilestone, SubmitMilestone, UpdateMilestone, UpdateRisk, get_execution,
};
use crate::components::form::{FormAlert, count_changes, error_message, track_failure};
use crate::components::i18n::PageTitle;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::pages::projects::StatusBadge;
use crate::views::execution::ExecutionPage;

use crate::pages::projects::detail::SECTION;

#[derive(Clone, Copy)]
struct Actions {
    milestones: MilestoneActions,
    risks: RiskActions,
    health: HealthActions,
    pay: ServerAction<RecordDisbursement>,
    discussion: DiscussionActions,
}

#[component]
pub fn ProjectExecutionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let project_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let actions = Actions {
        milestones: MilestoneActions {
            submit: ServerAction::<SubmitMilestone>::new(),
            accept: ServerAction::<AcceptMilestone>::new(),
            reject: ServerAction::<RejectMilestone>::new(),
            start: ServerAction::<StartMilestone>::new(),
            plan: ServerAction::<UpdateMilestone>::new(),
            reorder: ServerAction::<MoveMilestone>::new(),
        },
        risks: RiskActions {
            add: ServerAction::<AddRisk>::new(),
            update: ServerAction::<UpdateRisk>::new(),
            escalate: ServerAction::<EscalateRisk>::new(),
            deescalate: ServerAction::<DeescalateRisk>::new(),
        },
        health: HealthActions {
            set: ServerAction::<OverrideHealth>::new(),
            clear: ServerAction::<ClearHealthOverride>::new(),
        },
        pay: ServerAction::<RecordDisbursement>::new(),
        discussion: DiscussionActions {
            post: ServerAction::<PostMessage>::new(),
            edit: ServerAction::<EditMessage>::new(),
        },
    };
    let (m, r, h) = (actions.milestones, actions.risks, actions.health);
    // The page reloads on a change only: a refused form stays as typed, with its message.
    let changed = RwSignal::new(0usize);
    count_changes(changed, m.submit.value());
    count_changes(changed, m.accept.value());
    count_changes(changed, m.reject.value());
    count_changes(changed, m.start.value());
    count_changes(changed, m.plan.value());
    count_changes(changed, m.reorder.value());
    count_changes(changed, r.add.value());
    count_changes(changed, r.update.value());
    count_changes(changed, r.escalate.value());
    count_changes(changed, r.deescalate.value());
    count_changes(changed, h.set.value());
    count_changes(changed, h.clear.value());
    count_changes(changed, actions.pay.value());
    count_changes(changed, actions.discussion.post.value());
    count_changes(changed, actions.discussion.edit.value());
    let page = Resource::new(
        move || (project_id(), changed.get()),
        |(id, _)| get_execution(id),
    );
    // Steps without a form of their own show their refusal at the top of the page; the forms
    // with fields show theirs beside them.
    let failed = RwSignal::new(None::<String>);
    let words = move |e: &crate::errors::AppError| error_message(i18n, e);
    track_failure(m.submit.value(), failed, words);
    track_failure(m.accept.value(), failed, words);
    track_failure(m.start.value(), failed, words);
    track_failure(m.reorder.value(), failed, words);
    track_failure(r.deescalate.value(), failed, words);
    track_failure(h.clear.value(), failed, words);
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <Transition fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    page.await.map(|page| view! {
                        <FormAlert message=failed reveal=true />
                        <Execution page actions />
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Execution(page: ExecutionPage, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let title = page.title.clone();
    let id = page.project_id;
    let e = page.execution;
    let dash = || "—".to_owned();
    let period = format!(
        "{} – {}",
        page.starts_on.clone().unwrap_or_else(dash),
        page.ends_on.clone().unwrap_or_else(dash)
    );
    let manage = e.may_manage && e.in_execution;
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, execution_heading), title) />
        <p class="text-sm">
            <a href=format!("/projects/{id}") class="text-red-800 underline underline-offset-2">{t!(i18n, execution_back)}</a>
        </p>
        <div class="mt-2 flex flex-wrap items-center gap-3">
            <h1 class="text-2xl font-semibold">{page.title.clone()}</h1>
            <StatusBadge status=page.status />
        </div>
        <p class="mt-1 text-slate-700">
            {t!(i18n, execution_heading)} " · " {t!(i18n, project_period_label)} " " {period}
            " · " {t!(i18n, execution_read_on)} {e.today.clone()}
        </p>
        <section class=SECTION aria-labelledby="health-heading" data-testid="project-health">
            <h2 id="health-heading" class="text-lg font-semibold">{t!(i18n, health_heading)}</h2>
            <HealthPanel project_id=id participant_id=None health=e.health.clone() manage actions=actions.health />
            <p class="mt-3 text-sm text-slate-600">
                {move || t_string!(i18n, health_rules)
                    .replace("{red}", &e.settings.red_overdue_days.to_string())
                    .replace("{stale}", &e.settings.stale_report_days.to_string())}
            </p>
        </section>
        <Timeline participants=e.participants.clone() starts_on=page.starts_on ends_on=page.ends_on today=e.today.clone() />
        <Milestones project_id=id participants=e.participants.clone() may_manage=e.may_manage
            in_execution=e.in_execution actions=actions.milestones health_actions=actions.health />
        <Risks project_id=id risks=e.risks.clone() owners=e.owners manage actions=actions.risks />
        <Money project_id=id money=e.money manage today=e.today action=actions.pay />
        {e.discussion.map(|discussion| view! {
            <Discussion project_id=id discussion open=e.in_execution actions=actions.discussion />
        })}
    }
}
