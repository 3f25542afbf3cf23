use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::cities::list_cities;
use crate::api::firms::taxonomy::list_taxonomy;
use crate::api::projects::list_projects;
use crate::components::form::BUTTON_CLASS;
use crate::components::i18n::{PageTitle, use_lang};
use crate::components::paging::{Pager, page_href};
use crate::domain::city::City;
use crate::domain::project::{ProjectParams, ProjectSort, ProjectStatus, ResearchStage};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::projects::{ProjectCard, ProjectList};
use crate::views::taxonomy::Taxonomy;

use super::{StatusBadge, stage_name, status_name, wan};

const SELECT_CLASS: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-red-700";

/// The open calls (`calls`: everyone's page, open projects only) or the alliance's project
/// list (members see every status but other cities' drafts; anyone else gets the open calls).
/// The filters are a plain GET form, so every list is a URL and works without JavaScript.
#[component]
pub fn ProjectsPage(calls: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let results = Resource::new(
        move || ProjectParams::read(param),
        move |params| {
            // The open calls are the open projects, whatever the address says.
            let status = if calls {
                ProjectStatus::Open.as_db().to_owned()
            } else {
                params.status
            };
            list_projects(ProjectParams { status, ..params })
        },
    );
    let options = Resource::new(
        || (),
        |_| async { (list_cities().await, list_taxonomy(false).await) },
    );
    let loading = t_string!(i18n, loading).to_string();
    let title = move || {
        if calls {
            t_string!(i18n, calls_title).to_string()
        } else {
            t_string!(i18n, projects_title).to_string()
        }
    };

    view! {
        <PageTitle text=title />
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    let list = results.await?;
                    let (cities, taxonomy) = options.await;
                    let current = ProjectParams::read(param).pairs();
                    let may_create = list.may_create;
                    let export = (list.may_export && !calls && list.total <= crate::api::exports::MAX_EXPORT_ROWS)
                        .then(|| crate::components::paging::search_href("/api/export_projects", &current));
                    Ok::<_, crate::errors::AppError>(view! {
                        <div class="flex flex-wrap items-start justify-between gap-4">
                            <div>
                                <h1 class="text-2xl font-semibold">{title}</h1>
                                <p class="mt-2 max-w-3xl text-slate-700">
                                    {match (calls, list.whole, list.signed_in) {
                                        (false, _, _) => t_string!(i18n, projects_lead).to_string(),
                                        (true, true, _) => t_string!(i18n, calls_lead_member).to_string(),
                                        (true, false, true) => t_string!(i18n, calls_lead_pending).to_string(),
                                        (true, false, false) => t_string!(i18n, calls_lead).to_string(),
                                    }}
                                </p>
                            </div>
                            <div class="flex flex-wrap items-center gap-4">
                                {export.map(|href| view! {
                                    <a href=href download class="font-medium text-red-800 underline underline-offset-2">{t!(i18n, export_link)}</a>
                                })}
                                {may_create.then(|| view! {
                                    <a href="/projects/new" class=BUTTON_CLASS>{t!(i18n, project_new)}</a>
                                })}
                            </div>
                        </div>
                        <Filters cities=cities? taxonomy=taxonomy? current=current.clone() calls whole=list.whole />
                        <Results list current calls />
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The filter form, showing the URL's current values.
#[component]
fn Filters(
    cities: Vec<City>,
    taxonomy: Taxonomy,
    current: Vec<(&'static str, String)>,
    calls: bool,
    whole: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let value = |name: &str| {
        current
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (q, city, stage, segment) = (value("q"), value("city"), value("stage"), value("segment"));
    let (status, capability, sort) = (value("status"), value("capability"), value("sort"));
    let any = t_string!(i18n, filter_any).to_string();
    let action = if calls { "/calls" } else { "/projects" };
    view! {
        <form method="get" action=action role="search" class="mt-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <div>
                <label for="projects-q" class="block text-sm font-medium">{t!(i18n, projects_search_label)}</label>
                <input id="projects-q" name="q" type="search" value=q aria-describedby="projects-q-hint" class=SELECT_CLASS />
                <p id="projects-q-hint" class="mt-1 text-sm text-slate-600">{t!(i18n, projects_search_hint)}</p>
            </div>
            <div class="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                <div>
                    <label for="projects-city" class="block text-sm font-medium">{t!(i18n, project_city_label)}</label>
                    <select id="projects-city" name="city" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {cities.into_iter().map(|c| {
                            let code = c.code.as_str().to_owned();
                            let selected = code == city;
                            view! { <option value=code selected=selected>{move || c.name(lang.get()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="projects-stage" class="block text-sm font-medium">{t!(i18n, stage_label)}</label>
                    <select id="projects-stage" name="stage" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {ResearchStage::ALL.iter().map(|s| view! {
                            <option value=s.as_db() selected=s.as_db() == stage>{stage_name(i18n, *s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="projects-segment" class="block text-sm font-medium">{t!(i18n, category_label)}</label>
                    <select id="projects-segment" name="segment" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {taxonomy.categories.iter().map(|c| {
                            let id = c.id.to_string();
                            let name = c.name.clone();
                            view! { <option value=id.clone() selected=id == segment>{move || name.get(lang.get()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="projects-capability" class="block text-sm font-medium">{t!(i18n, needed_capability_label)}</label>
                    <select id="projects-capability" name="capability" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {taxonomy.categories.iter().map(|c| {
                            let group = c.name.clone();
                            view! {
                                <optgroup label=move || group.get(lang.get()).to_owned()>
                                    {c.capabilities.iter().map(|e| {
                                        let id = e.id.to_string();
                                        let name = e.name.clone();
                                        view! { <option value=id.clone() selected=id == capability>{move || name.get(lang.get()).to_owned()}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>
                </div>
                {(whole && !calls).then(|| view! {
                    <div>
                        <label for="projects-status" class="block text-sm font-medium">{t!(i18n, project_status_label)}</label>
                        <select id="projects-status" name="status" class=SELECT_CLASS>
                            <option value="">{any.clone()}</option>
                            {ProjectStatus::ALL.iter().map(|s| view! {
                                <option value=s.as_db() selected=s.as_db() == status>{status_name(i18n, *s)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <div>
                    <label for="projects-sort" class="block text-sm font-medium">{t!(i18n, sort_label)}</label>
                    <select id="projects-sort" name="sort" class=SELECT_CLASS>
                        {ProjectSort::ALL.iter().filter(|s| whole || **s != ProjectSort::Budget).map(|s| {
                            let text = match s {
                                ProjectSort::Updated => t_string!(i18n, sort_updated).to_string(),
                                ProjectSort::Title => t_string!(i18n, sort_title).to_string(),
                                ProjectSort::Ending => t_string!(i18n, sort_ending).to_string(),
                                ProjectSort::Budget => t_string!(i18n, sort_budget).to_string(),
                            };
                            view! { <option value=s.as_db() selected=s.as_db() == sort>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="mt-4 flex flex-wrap items-center gap-4">
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, directory_search_submit)}</button>
                <a href=action class="text-sm text-red-800 underline underline-offset-2">{t!(i18n, directory_clear)}</a>
            </div>
        </form>
    }
}

#[component]
fn Results(list: ProjectList, current: Vec<(&'static str, String)>, calls: bool) -> impl IntoView {
    let i18n = use_i18n();
    let path = if calls { "/calls" } else { "/projects" };
    if list.items.is_empty() {
        let total = list.total;
        let text = if total > 0 {
            view! { {t!(i18n, directory_past_last_page, n = move || total)} }.into_any()
        } else if list.narrowed {
            view! { {t!(i18n, projects_empty_narrowed)} }.into_any()
        } else {
            view! { {t!(i18n, projects_empty)} }.into_any()
        };
        return view! {
            <section aria-live="polite" class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-testid="projects-empty">
                <p class="font-medium">{t!(i18n, projects_none_found)}</p>
                <p class="mt-2 text-slate-700">{text}</p>
                {(total > 0).then(|| view! {
                    <a href=page_href(path, &current, 1) class="mt-2 inline-block text-red-800 underline underline-offset-2">{t!(i18n, directory_first_page)}</a>
                })}
            </section>
        }
        .into_any();
    }
    let total = list.total;
    let (page, page_count) = (list.page, list.page_count);
    view! {
        <p class="mt-6 text-slate-700" aria-live="polite" data-testid="projects-total">
            {t!(i18n, projects_found, n = move || total)}
        </p>
        <ul class="mt-3 space-y-3" data-testid="projects-results">
            {list.items.into_iter().map(|card| view! { <Card card /> }).collect_view()}
        </ul>
        <Pager path current page page_count />
    }
    .into_any()
}

/// One project in a list: what an open call shows anyone, and its budget for members.
#[component]
pub fn Card(card: ProjectCard) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let heading = format!("project-{}-heading", card.id);
    let labelled_by = heading.clone();
    let (city, segment, stage) = (card.city.clone(), card.segment.clone(), card.stage);
    view! {
        <li class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby=labelled_by>
            <div class="flex flex-wrap items-center gap-2">
                <h2 id=heading class="text-lg font-semibold">
                    <a href=format!("/projects/{}", card.id) class="text-red-900 underline-offset-2 hover:underline">{card.title.clone()}</a>
                </h2>
                <StatusBadge status=card.status />
            </div>
            <p class="mt-1 text-sm text-slate-700">
                {move || city.get(lang.get()).to_owned()} " · " {move || segment.get(lang.get()).to_owned()}
                " · " {move || stage_name(i18n, stage)}
                {card.budget.map(|yuan| view! { " · " {t!(i18n, budget_label)} " " {move || wan(i18n, yuan)} })}
            </p>
            {(!card.summary.is_empty()).then(|| view! { <p class="mt-2 text-slate-700">{card.summary.clone()}</p> })}
            {(!card.capabilities.is_empty()).then(|| view! {
                <p class="mt-3 text-sm font-medium text-slate-700">{t!(i18n, needs_capabilities)}</p>
                <ul class="mt-1 flex flex-wrap gap-2">
                    {card.capabilities.clone().into_iter().map(|name| view! {
                        <li class="rounded-md bg-slate-50 px-2 py-1 text-sm ring-1 ring-slate-200">{move || name.get(lang.get()).to_owned()}</li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
