//! The portfolio `/execution`: every project in execution the reader may see, worst first, with
//! its health and why, its next milestone due, its overdue count and its money planned. The
//! filters are a plain GET form, so every view of it is a URL and works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::cities::list_cities;
use crate::api::execution::list_portfolio;
use crate::api::firms::taxonomy::list_taxonomy;
use crate::components::form::BUTTON_CLASS;
use crate::components::i18n::{PageTitle, use_lang};
use crate::components::paging::{Pager, search_href};
use crate::domain::execution::health::Health;
use crate::domain::execution::portfolio::PortfolioParams;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::pages::projects::execution::{
    HealthBadge, health_name, milestone_label, reason_sentence,
};
use crate::views::execution::{Portfolio, PortfolioRow};

use super::wan;

const SELECT_CLASS: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-red-700";

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let results = Resource::new(move || PortfolioParams::read(param), list_portfolio);
    let options = Resource::new(
        || (),
        |_| async { (list_cities().await, list_taxonomy(false).await) },
    );
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, portfolio_title).to_string() />
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    let list = results.await?;
                    let (cities, taxonomy) = options.await;
                    let current = PortfolioParams::read(param).pairs();
                    let export = list.may_export.then(|| search_href("/api/export_portfolio", &current));
                    Ok::<_, crate::errors::AppError>(view! {
                        <div class="flex flex-wrap items-start justify-between gap-4">
                            <div>
                                <h1 class="text-2xl font-semibold">{t!(i18n, portfolio_title)}</h1>
                                <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, portfolio_lead)}</p>
                            </div>
                            {export.map(|href| view! {
                                <a href=href download class="font-medium text-red-800 underline underline-offset-2">{t!(i18n, export_link)}</a>
                            })}
                        </div>
                        <Filters cities=cities? segments=taxonomy?.categories.into_iter().map(|c| (c.id, c.name)).collect() current=current.clone() />
                        <Rows list current />
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Filters(
    cities: Vec<crate::domain::city::City>,
    segments: Vec<(i64, crate::domain::Bilingual)>,
    current: Vec<(&'static str, String)>,
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
    let (city, health, segment) = (value("city"), value("health"), value("segment"));
    let any = t_string!(i18n, filter_any).to_string();
    view! {
        <form method="get" action="/execution" role="search" class="mt-6 grid gap-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-4">
            <div>
                <label for="portfolio-city" class="block text-sm font-medium">{t!(i18n, project_city_label)}</label>
                <select id="portfolio-city" name="city" class=SELECT_CLASS>
                    <option value="">{any.clone()}</option>
                    {cities.into_iter().map(|c| {
                        let code = c.code.as_str().to_owned();
                        let selected = code == city;
                        view! { <option value=code selected=selected>{move || c.name(lang.get()).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="portfolio-health" class="block text-sm font-medium">{t!(i18n, portfolio_column_health)}</label>
                <select id="portfolio-health" name="health" class=SELECT_CLASS>
                    <option value="">{any.clone()}</option>
                    {Health::ALL.iter().rev().map(|h| {
                        let h = *h;
                        view! { <option value=h.as_db() selected=health == h.as_db()>{move || health_name(i18n, h)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="portfolio-segment" class="block text-sm font-medium">{t!(i18n, portfolio_column_segment)}</label>
                <select id="portfolio-segment" name="segment" class=SELECT_CLASS>
                    <option value="">{any}</option>
                    {segments.into_iter().map(|(id, name)| {
                        let selected = id.to_string() == segment;
                        view! { <option value=id.to_string() selected=selected>{move || name.get(lang.get()).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="flex items-end">
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, filter_apply)}</button>
            </div>
        </form>
    }
}

#[component]
fn Rows(list: Portfolio, current: Vec<(&'static str, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let total = list.total;
    view! {
        <p class="mt-6 text-sm text-slate-700" data-testid="portfolio-total">
            {move || t_string!(i18n, portfolio_total).replace("{count}", &total.to_string())}
        </p>
        {if list.rows.is_empty() {
            view! { <p class="mt-4 text-slate-600">{t!(i18n, portfolio_none)}</p> }.into_any()
        } else {
            view! {
                <div class="mt-3 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200" tabindex="0" role="region"
                    aria-label=move || t_string!(i18n, portfolio_title).to_string()>
                    <table class="min-w-full text-left text-sm" data-testid="portfolio">
                        <caption class="sr-only">{t!(i18n, portfolio_title)}</caption>
                        <thead class="border-b border-slate-200 text-slate-600">
                            <tr>
                                <th scope="col" class="px-4 py-2 font-medium">{t!(i18n, portfolio_column_project)}</th>
                                <th scope="col" class="px-4 py-2 font-medium">{t!(i18n, portfolio_column_health)}</th>
                                <th scope="col" class="px-4 py-2 font-medium">{t!(i18n, portfolio_column_next)}</th>
                                <th scope="col" class="px-4 py-2 font-medium">{t!(i18n, portfolio_column_overdue)}</th>
                                <th scope="col" class="px-4 py-2 font-medium">{t!(i18n, portfolio_column_planned)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.rows.into_iter().map(|row| view! { <Row row /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Pager path="/execution" current page=i64::try_from(list.page).unwrap_or(1) page_count=i64::try_from(list.page_count).unwrap_or(1) />
    }
}

#[component]
fn Row(row: PortfolioRow) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (city, segment) = (row.city.clone(), row.segment.clone());
    let first = row.reasons.first().cloned();
    let (planned, paid) = (row.planned, row.paid);
    view! {
        <tr class="border-b border-slate-100 align-top" data-testid="portfolio-row">
            <td class="px-4 py-3">
                <a href=format!("/projects/{}/execution", row.project_id) class="font-medium text-red-800 underline underline-offset-2">{row.title.clone()}</a>
                <p class="text-slate-600">{move || format!("{} · {}", city.get(lang.get()), segment.get(lang.get()))}</p>
            </td>
            <td class="px-4 py-3">
                <HealthBadge health=row.health />
                {row.overridden.then(|| view! { <span class="ml-1 text-xs text-slate-600">{t!(i18n, portfolio_overridden)}</span> })}
                {first.map(|r| view! { <p class="mt-1 text-slate-700">{move || reason_sentence(i18n, lang.get(), &r, true)}</p> })}
            </td>
            <td class="px-4 py-3">
                {match row.next_due.clone() {
                    Some((label, due)) => view! {
                        <span>{move || milestone_label(i18n, lang.get(), &label, true)}</span>
                        <p class="text-slate-600">{due}</p>
                    }.into_any(),
                    None => "—".into_any(),
                }}
            </td>
            <td class="px-4 py-3" data-testid="portfolio-overdue">{row.overdue}</td>
            <td class="whitespace-nowrap px-4 py-3" data-testid="portfolio-money">
                {move || format!("{} / {}", wan(i18n, paid), wan(i18n, planned))}
            </td>
        </tr>
    }
}
