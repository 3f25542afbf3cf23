//! Matching pages: a need's ranked candidates for the owning city's officials, and the open
//! projects that fit a representative's firm.

use leptos::prelude::*;

use crate::components::round_trip::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::cities::list_cities;
use crate::api::invitations::get_need_invitations;
use crate::api::matching::{
    ClearCandidateOverride, SetCandidateOverride, get_candidates, projects_for_firm,
};
use crate::api::projects::ExpressInterest;
use crate::components::form::{
    BUTTON_CLASS, FormAlert, FormErrors, TextAreaField, error_message, track_failure,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::Bilingual;
use crate::domain::firm::ProductionLevel;
use crate::domain::invitation::Shown;
use crate::domain::matching::{CapabilityFit, Part, ScoredPart};
use crate::domain::project::NeedStatus;
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::pages::firms::{RungBadge, certificate_name, level_name};
use crate::pages::projects::invitations::{
    INVITE_FORM, InvitationActions, NeedInvitationsSection, status_name,
};
use crate::views::matching::{CandidateView, Candidates, FitView};

const SECTION: &str = "mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200";
const SELECT_CLASS: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-red-700";
const LINK: &str = "font-medium text-red-800 underline underline-offset-2";

/// A score in tenths as the page shows it: one decimal.
fn points(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// One part of a score in words, with its points.
#[component]
fn PartLine(part: ScoredPart, capability: Bilingual) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let kind = part.part.clone();
    let label = move || match &kind {
        Part::Capability(_) => t_string!(i18n, part_capability).to_string(),
        Part::Level { .. } => t_string!(i18n, part_level).to_string(),
        Part::Capacity { .. } => t_string!(i18n, part_capacity).to_string(),
        Part::Certificates { .. } => t_string!(i18n, part_certificates).to_string(),
        Part::Trust(_) => t_string!(i18n, part_trust).to_string(),
        Part::City { .. } => t_string!(i18n, part_city).to_string(),
        Part::TrackRecord { .. } => t_string!(i18n, part_track_record).to_string(),
        Part::Load { .. } => t_string!(i18n, part_load).to_string(),
    };
    let words = match part.part.clone() {
        Part::Capability(CapabilityFit::Exact) => t!(i18n, why_exact).into_any(),
        Part::Capability(CapabilityFit::SameCategory) => {
            let name = move || capability.get(lang.get()).to_owned();
            t!(i18n, why_same_category, name).into_any()
        }
        Part::Level { have, want } => {
            let have_name = move || level_name(i18n, have);
            let want_name = move || level_name(i18n, want);
            let below = level_below(want) - level_below(have);
            match below {
                ..=0 => t!(i18n, why_level_met, have = have_name, want = want_name).into_any(),
                1 => t!(
                    i18n,
                    why_level_one_below,
                    have = have_name,
                    want = want_name
                )
                .into_any(),
                _ => t!(i18n, why_level_below, have = have_name, want = want_name).into_any(),
            }
        }
        Part::Capacity { monthly, quantity } => t!(
            i18n,
            why_capacity,
            monthly = move || monthly,
            quantity = move || quantity
        )
        .into_any(),
        Part::Certificates { held, missing } => {
            if held.is_empty() && missing.is_empty() {
                t!(i18n, why_no_certificates).into_any()
            } else {
                let list = |kinds: Vec<crate::domain::firm::CertificateKind>| {
                    move || {
                        kinds
                            .iter()
                            .map(|k| certificate_name(i18n, *k, None))
                            .collect::<Vec<_>>()
                            .join(t_string!(i18n, list_sep))
                    }
                };
                view! {
                    {(!held.is_empty()).then(|| { let held = list(held.clone()); view! { <span>{t!(i18n, why_certificates_held, list = held)}</span> " " } })}
                    {(!missing.is_empty()).then(|| { let missing = list(missing.clone()); view! { <span>{t!(i18n, why_certificates_missing, list = missing)}</span> } })}
                }
                .into_any()
            }
        }
        Part::Trust(rung) => view! { <RungBadge rung /> }.into_any(),
        Part::City {
            preferred,
            has_preference,
            own_city,
        } => match (has_preference, preferred, own_city) {
            (true, true, _) => t!(i18n, why_city_preferred).into_any(),
            (true, false, _) => t!(i18n, why_city_not_preferred).into_any(),
            (false, _, false) => t!(i18n, why_city_elsewhere).into_any(),
            (false, _, true) => t!(i18n, why_city_own).into_any(),
        },
        Part::TrackRecord { completed } => {
            t!(i18n, why_track_record, n = move || completed).into_any()
        }
        Part::Load { active } => t!(i18n, why_load, n = move || active).into_any(),
    };
    view! {
        <tr class="border-t border-slate-100 align-top">
            <th scope="row" class="py-1.5 pr-3 text-left font-medium text-slate-700">{label}</th>
            <td class="py-1.5 pr-3 text-slate-800">{words}</td>
            <td class="py-1.5 text-right tabular-nums text-slate-700">{points(part.tenths)} " / " {points(part.max_tenths)}</td>
        </tr>
    }
}

fn level_below(level: ProductionLevel) -> i32 {
    crate::domain::matching::level_rank(level)
}

/// The parts of a score as a table.
#[component]
fn Breakdown(parts: Vec<ScoredPart>, capability: Bilingual) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="mt-2 w-full text-sm" data-testid="breakdown">
            <caption class="sr-only">{t!(i18n, score_breakdown)}</caption>
            <tbody>
                {parts.into_iter().map(|part| view! { <PartLine part capability=capability.clone() /> }).collect_view()}
            </tbody>
        </table>
    }
}

/// A need's candidates: pinned firms on top, then the ranking, excluded firms apart; each with
/// its score in words. The filters are a GET form, so a list is a URL.
#[component]
pub fn CandidatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let set = ServerAction::<SetCandidateOverride>::new();
    let clear = ServerAction::<ClearCandidateOverride>::new();
    let ids = move || {
        params.with(|p| {
            (
                p.get("id").unwrap_or_default(),
                p.get("need").unwrap_or_default(),
            )
        })
    };
    let filter = move || {
        query.with(|q| {
            (
                q.get("city").unwrap_or_default(),
                q.get("verified").unwrap_or_default(),
                q.get("level").unwrap_or_default(),
            )
        })
    };
    let steps = InvitationActions::default();
    let list = Resource::new(
        move || (ids(), filter(), set.version().get() + clear.version().get()),
        |((project, need), (city, verified, level), _)| {
            get_candidates(project, need, city, verified, level)
        },
    );
    let invitations = Resource::new(
        move || (ids(), steps.version()),
        |((project, need), _)| get_need_invitations(project, need),
    );
    let cities = Resource::new(|| (), |_| list_cities());
    let failed = RwSignal::new(None::<String>);
    track_failure(clear.value(), failed, move |e: &AppError| {
        error_message(i18n, e)
    });
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, candidates_title).to_string() />
        <Transition fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    let list = list.await?;
                    let cities = cities.await?;
                    let invitations = invitations.await?;
                    let current = filter();
                    // The firms already invited (their latest invitation's state); the others
                    // may be ticked while the need takes invitations.
                    let invited: Vec<(i64, Shown)> = invitations
                        .invitations
                        .iter()
                        .map(|i| (i.firm_id, i.shown))
                        .collect();
                    let may_invite = invitations.may_invite;
                    let (project_id, need_id) = (list.need.project_id, list.need.need_id);
                    // A filled or closed need takes no more invitations: its participant and
                    // its invitations' history instead of a ranking to invite from.
                    if invitations.need_status != NeedStatus::Open {
                        let lang = use_lang();
                        let capability = list.need.capability.clone();
                        let notice = if invitations.need_status == NeedStatus::Filled {
                            t_string!(i18n, candidates_need_filled).to_string()
                        } else {
                            t_string!(i18n, candidates_need_closed).to_string()
                        };
                        return Ok::<_, AppError>(view! {
                            <p class="text-sm"><a href=format!("/projects/{project_id}") class=LINK>{list.need.project_title.clone()}</a></p>
                            <h1 class="mt-1 text-2xl font-semibold">
                                {t!(i18n, candidates_heading, name = move || capability.get(lang.get()).to_owned())}
                            </h1>
                            <p class="mt-3 rounded-md bg-slate-100 px-3 py-2 text-slate-800" data-testid="need-not-open">{notice}</p>
                            <NeedInvitationsSection project_id need_id data=invitations actions=steps />
                        }.into_any());
                    }
                    Ok::<_, AppError>(view! {
                        <FormAlert message=failed reveal=true />
                        <CandidateList list cities current set clear invited may_invite
                            invitations=view! { <NeedInvitationsSection project_id need_id data=invitations actions=steps /> }.into_any() />
                    }.into_any())
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn CandidateList(
    list: Candidates,
    cities: Vec<crate::domain::city::City>,
    current: (String, String, String),
    set: ServerAction<SetCandidateOverride>,
    clear: ServerAction<ClearCandidateOverride>,
    invited: Vec<(i64, Shown)>,
    may_invite: bool,
    invitations: AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let need = list.need.clone();
    let invitation_of = move |firm: i64| {
        invited
            .iter()
            .rev()
            .find(|(f, _)| *f == firm)
            .map(|(_, shown)| *shown)
    };
    let capability = need.capability.clone();
    let project_href = format!("/projects/{}", need.project_id);
    let action = format!(
        "/projects/{}/needs/{}/candidates",
        need.project_id, need.need_id
    );
    let (city, verified, level) = current;
    let any = t_string!(i18n, filter_any).to_string();
    let preferred = need.preferred_cities.clone();
    let certificates = need.certificates.clone();
    let want = need.level;
    let quantity = need.quantity;
    let empty = list.ranked.is_empty();
    let narrowed = list.narrowed;
    view! {
        <p class="text-sm"><a href=project_href class=LINK>{need.project_title.clone()}</a></p>
        <h1 class="mt-1 text-2xl font-semibold">
            {t!(i18n, candidates_heading, name = move || capability.get(lang.get()).to_owned())}
        </h1>
        <p class="mt-1 text-slate-700">
            {t!(i18n, need_level_at_least)} " " {move || level_name(i18n, want)} " · "
            {t!(i18n, need_quantity_is, n = move || quantity)}
            {(!certificates.is_empty()).then(|| view! {
                " · " {certificates.iter().map(|c| certificate_name(i18n, *c, None)).collect::<Vec<_>>().join(t_string!(i18n, list_sep))}
            })}
            {(!preferred.is_empty()).then(|| view! {
                " · " {t!(i18n, preferred_cities_label)} ": "
                {move || preferred.iter().map(|c| c.get(lang.get()).to_owned()).collect::<Vec<_>>().join(t_string!(i18n, list_sep))}
            })}
        </p>
        <p class="mt-2 max-w-3xl text-sm text-slate-600">{t!(i18n, candidates_lead)}</p>
        {invitations}
        <form method="get" action=action class="mt-4 flex flex-wrap items-end gap-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <div>
                <label for="candidates-city" class="block text-sm font-medium">{t!(i18n, city_label)}</label>
                <select id="candidates-city" name="city" class=SELECT_CLASS>
                    <option value="">{any.clone()}</option>
                    {cities.into_iter().map(|c| {
                        let selected = c.code.as_str() == city;
                        let code = c.code.as_str().to_owned();
                        view! { <option value=code selected=selected>{move || c.name(lang.get()).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="candidates-level" class="block text-sm font-medium">{t!(i18n, level_at_least_label)}</label>
                <select id="candidates-level" name="level" class=SELECT_CLASS>
                    <option value="">{any}</option>
                    {ProductionLevel::ALL.iter().map(|l| view! {
                        <option value=l.as_db() selected=l.as_db() == level>{level_name(i18n, *l)}</option>
                    }).collect_view()}
                </select>
            </div>
            <label class="flex items-center gap-2 pb-2 text-sm">
                <input type="checkbox" name="verified" value="1" checked=verified == "1" class="h-4 w-4" />
                {t!(i18n, verified_only_label)}
            </label>
            <button type="submit" class=BUTTON_CLASS>{t!(i18n, candidates_filter_submit)}</button>
        </form>
        {if empty {
            view! {
                <p class="mt-6 text-slate-700" data-testid="no-candidates">
                    {move || if narrowed { t_string!(i18n, candidates_none_narrowed).to_string() } else { t_string!(i18n, candidates_none).to_string() }}
                </p>
            }.into_any()
        } else {
            view! {
                <ol class="mt-6 space-y-3" data-testid="candidates">
                    {list.ranked.into_iter().enumerate().map(|(i, c)| {
                        let invitation = invitation_of(c.firm_id);
                        view! {
                            <Candidate rank=i + 1 candidate=c need_id=need.need_id project_id=need.project_id set clear open=i == 0 invitation may_invite />
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(!list.excluded.is_empty()).then(|| view! {
            <section class=SECTION aria-labelledby="excluded-heading">
                <h2 id="excluded-heading" class="text-lg font-semibold">{t!(i18n, candidates_excluded)}</h2>
                <ul class="mt-3 space-y-3" data-testid="excluded">
                    {list.excluded.into_iter().map(|c| view! {
                        <Candidate rank=0 candidate=c need_id=need.need_id project_id=need.project_id set clear open=false invitation=None may_invite=false />
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn Candidate(
    rank: usize,
    candidate: CandidateView,
    project_id: i64,
    need_id: i64,
    set: ServerAction<SetCandidateOverride>,
    clear: ServerAction<ClearCandidateOverride>,
    open: bool,
    /// The state of the firm's latest invitation to the need.
    invitation: Option<Shown>,
    /// The need takes invitations now.
    may_invite: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let city = candidate.city.clone();
    let href = format!("/firms/{}", candidate.firm_id);
    let name_en = candidate.name_en.clone();
    let name = candidate.name.clone();
    let display = move || match (lang.get(), &name_en) {
        (crate::domain::Lang::En, Some(en)) => en.clone(),
        _ => name.clone(),
    };
    let firm = candidate.firm_id;
    let standing = matches!(
        invitation,
        Some(Shown::Stored(
            crate::domain::invitation::InvitationStatus::Open
                | crate::domain::invitation::InvitationStatus::Accepted
                | crate::domain::invitation::InvitationStatus::Selected
        ))
    );
    let override_ = candidate.override_.clone();
    let tenths = candidate.tenths;
    let item = view! {
        <div class="flex flex-wrap items-start justify-between gap-3">
            <div>
                <p class="font-medium">
                    {(rank > 0).then(|| view! { <span class="mr-2 text-slate-500 tabular-nums">{rank} "."</span> })}
                    <a href=href class=LINK>{display}</a>
                    <span class="ml-2 text-sm text-slate-700">{move || city.get(lang.get()).to_owned()}</span>
                    {invitation.map(|shown| view! {
                        <span class="ml-2 rounded-md bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800 ring-1 ring-slate-300" data-testid="candidate-invitation">
                            {move || status_name(i18n, shown)}
                        </span>
                    })}
                </p>
                {(may_invite && !standing).then(|| view! {
                    <label class="mt-1 inline-flex items-center gap-2 text-sm">
                        <input type="checkbox" name="firm_ids[]" value=firm.to_string() form=INVITE_FORM class="h-4 w-4 rounded border-slate-400" data-testid="invite-check" />
                        {t!(i18n, invite_choose)}
                    </label>
                })}
                {override_.clone().map(|o| view! {
                    <p class="mt-1 text-sm" data-testid="override">
                        <span class=if o.pin { "rounded-md bg-amber-100 px-2 py-0.5 font-medium text-amber-900 ring-1 ring-amber-300" } else { "rounded-md bg-slate-200 px-2 py-0.5 font-medium text-slate-800 ring-1 ring-slate-300" }>
                            {let pin = o.pin; move || if pin { t_string!(i18n, override_pinned).to_string() } else { t_string!(i18n, override_excluded).to_string() }}
                        </span>
                        " " {o.reason.clone()}
                        <span class="text-slate-600">" · " {o.set_by.clone()} " · " {o.set_at}</span>
                    </p>
                })}
            </div>
            <p class="text-right">
                <span class="text-2xl font-semibold tabular-nums" data-testid="score">{points(tenths)}</span>
                <span class="text-sm text-slate-600">" / 100"</span>
            </p>
        </div>
        <details class="mt-2" open=open>
            <summary class="cursor-pointer text-sm font-medium text-red-800">{t!(i18n, score_breakdown)}</summary>
            <Breakdown parts=candidate.parts.clone() capability=candidate.capability />
        </details>
        {match override_ {
            Some(_) => view! {
                <Form action=clear attr:class="mt-2">
                    <input type="hidden" name="project_id" value=project_id.to_string() />
                    <input type="hidden" name="need_id" value=need_id.to_string() />
                    <input type="hidden" name="firm_id" value=firm.to_string() />
                    <button type="submit" class="text-sm text-red-800 underline underline-offset-2" disabled=move || clear.pending().get()>{t!(i18n, override_clear)}</button>
                </Form>
            }.into_any(),
            None => view! { <OverrideForm project_id need_id firm action=set /> }.into_any(),
        }}
    };
    view! {
        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="candidate" data-firm=firm.to_string()>
            {item}
        </li>
    }
}

/// Pin or exclude a firm, with a reason.
#[component]
fn OverrideForm(
    project_id: i64,
    need_id: i64,
    firm: i64,
    action: ServerAction<SetCandidateOverride>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("override-{firm}");
    // Only this firm's form shows the action's error.
    let errors = FormErrors::of(i18n, action, move |input| input.firm_id == firm.to_string());
    let reason_error = errors.field("reason");
    let general = errors.general(&["reason"]);
    view! {
        <details class="mt-2">
            <summary class="cursor-pointer text-sm text-slate-700">{t!(i18n, override_open)}</summary>
            <Form action key=format!("{firm}") attr:class="mt-2 space-y-3" attr:novalidate="true">
                <input type="hidden" name="project_id" value=project_id.to_string() />
                <input type="hidden" name="need_id" value=need_id.to_string() />
                <input type="hidden" name="firm_id" value=firm.to_string() />
                <fieldset class="flex flex-wrap gap-4 text-sm">
                    <legend class="sr-only">{t!(i18n, override_open)}</legend>
                    <label class="flex items-center gap-2">
                        <input type="radio" name="kind" value="pin" checked=true class="h-4 w-4" />
                        {t!(i18n, override_pin)}
                    </label>
                    <label class="flex items-center gap-2">
                        <input type="radio" name="kind" value="exclude" class="h-4 w-4" />
                        {t!(i18n, override_exclude)}
                    </label>
                </fieldset>
                <TextAreaField id=format!("{id}-reason") name="reason" rows=2 max_chars=300
                    label=move || t_string!(i18n, override_reason).to_string() error=reason_error />
                <FormAlert message=general />
                <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, override_submit)}</button>
            </Form>
        </details>
    }
}

/// The open projects whose needs fit the viewer's firm, best first, with the firm's own score
/// in words and a way to express interest.
#[component]
pub fn ProjectsForFirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let express = ServerAction::<ExpressInterest>::new();
    let fits = Resource::new(move || express.version().get(), |_| projects_for_firm());
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, for_you_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, for_you_title)}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, for_you_lead)}</p>
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    let fits = fits.await?;
                    Ok::<_, AppError>(if fits.is_empty() {
                        view! { <p class="mt-6 text-slate-700" data-testid="no-fits">{t!(i18n, for_you_none)}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="mt-6 space-y-3" data-testid="fits">
                                {fits.into_iter().map(|fit| view! { <Fit fit express /> }).collect_view()}
                            </ol>
                        }.into_any()
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Fit(fit: FitView, express: ServerAction<ExpressInterest>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let href = format!("/projects/{}", fit.project_id);
    let city = fit.project_city.clone();
    let capability = fit.capability.clone();
    let shown = capability.clone();
    let (level, quantity) = (fit.level, fit.quantity);
    let need = fit.need_id;
    // Only this need's form shows the action's error.
    let errors = FormErrors::of(i18n, express, move |i| i.need_id == need.to_string());
    let field = move |name| errors.field(name);
    let general = errors.general(&["message"]);
    view! {
        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="fit">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <p class="font-medium"><a href=href class=LINK>{fit.project_title.clone()}</a></p>
                    <p class="mt-1 text-sm text-slate-700">
                        {move || city.get(lang.get()).to_owned()} " · "
                        {move || shown.get(lang.get()).to_owned()} " · "
                        {t!(i18n, need_level_at_least)} " " {move || level_name(i18n, level)} " · "
                        {t!(i18n, need_quantity_is, n = move || quantity)}
                    </p>
                </div>
                <p class="text-right">
                    <span class="text-2xl font-semibold tabular-nums" data-testid="score">{points(fit.tenths)}</span>
                    <span class="text-sm text-slate-600">" / 100"</span>
                </p>
            </div>
            <details class="mt-2">
                <summary class="cursor-pointer text-sm font-medium text-red-800">{t!(i18n, for_you_why)}</summary>
                <Breakdown parts=fit.parts.clone() capability />
            </details>
            {if fit.interested {
                view! { <p class="mt-2 text-sm text-green-900" data-testid="interested">{t!(i18n, for_you_interested)}</p> }.into_any()
            } else {
                view! {
                    <details class="mt-2">
                        <summary class="cursor-pointer text-sm text-slate-700">{t!(i18n, interest_heading)}</summary>
                        <Form action=express key=need.to_string() attr:class="mt-2 space-y-3" attr:novalidate="true">
                            <input type="hidden" name="project_id" value=fit.project_id.to_string() />
                            <input type="hidden" name="need_id" value=need.to_string() />
                            <TextAreaField id=format!("fit-{need}-message") name="message" rows=3 max_chars=500
                                label=move || t_string!(i18n, interest_message_label).to_string() error=field("message")
                                hint=Signal::derive(move || t_string!(i18n, interest_message_hint).to_string()) />
                            <FormAlert message=general />
                            <button type="submit" class=BUTTON_CLASS disabled=move || express.pending().get()>{t!(i18n, interest_submit)}</button>
                        </Form>
                    </details>
                }.into_any()
            }}
        </li>
    }
}
