use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::cities::list_cities;
use crate::api::firms::directory::search_firms;
use crate::api::firms::taxonomy::list_taxonomy;
use crate::components::form::BUTTON_CLASS;
use crate::components::i18n::{PageTitle, use_lang};
use crate::components::paging::{Pager, page_href, search_href};
use crate::domain::Lang;
use crate::domain::city::City;
use crate::domain::directory::{DirectoryParams, DirectorySort};
use crate::domain::firm::{CertificateKind, FirmKind, ProductionLevel};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::directory::{DirectoryEntry, DirectoryPage};
use crate::views::taxonomy::Taxonomy;

use super::{RungBadge, certificate_name, kind_name, level_name};

const SELECT_CLASS: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-red-700";

/// The directory of approved firms. The filters are a plain GET form: every search is a URL
/// that can be bookmarked and shared, and it works before (or without) the WebAssembly.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let results = Resource::new(move || DirectoryParams::read(param), search_firms);
    let options = Resource::new(
        || (),
        |_| async { (list_cities().await, list_taxonomy(true).await) },
    );
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <PageTitle text=move || t_string!(i18n, directory_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, directory_title)}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, directory_lead)}</p>
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    let page = results.await?;
                    let (cities, taxonomy) = options.await;
                    let current = DirectoryParams::read(param).pairs();
                    let export = page.may_export.then(|| search_href("/api/export_firms", &current));
                    let too_many = page.total > crate::api::exports::MAX_EXPORT_ROWS;
                    let may_import = page.may_import;
                    Ok::<_, crate::errors::AppError>(view! {
                        <p class="mt-3 flex flex-wrap gap-4 text-sm">
                            {may_import.then(|| view! {
                                <a href="/firms/import" class="font-medium text-red-800 underline underline-offset-2">{t!(i18n, import_link)}</a>
                            })}
                            {export.map(|href| if too_many {
                                view! { <span class="text-slate-600">{t!(i18n, err_export_too_large)}</span> }.into_any()
                            } else {
                                view! {
                                    <a href=href download class="font-medium text-red-800 underline underline-offset-2">{t!(i18n, export_link)}</a>
                                }.into_any()
                            })}
                        </p>
                        <Filters cities=cities? taxonomy=taxonomy? current=current.clone() />
                        <Results page current />
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
    let (q, city, category, capability) = (
        value("q"),
        value("city"),
        value("category"),
        value("capability"),
    );
    let (level, kind, certificate, sort) = (
        value("level"),
        value("kind"),
        value("certificate"),
        value("sort"),
    );
    let verified = value("verified") == "1";
    let name = move |zh: &str, en: &str| {
        let (zh, en) = (zh.to_owned(), en.to_owned());
        move || match lang.get() {
            Lang::Zh => zh.clone(),
            Lang::En => en.clone(),
        }
    };
    let any = t_string!(i18n, filter_any).to_string();
    view! {
        <form method="get" action="/firms" role="search" class="mt-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <div>
                <label for="directory-q" class="block text-sm font-medium">{t!(i18n, directory_search_label)}</label>
                <input id="directory-q" name="q" type="search" value=q
                    aria-describedby="directory-q-hint"
                    class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-red-700" />
                <p id="directory-q-hint" class="mt-1 text-sm text-slate-600">{t!(i18n, directory_search_hint)}</p>
            </div>
            <div class="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
                <div>
                    <label for="directory-city" class="block text-sm font-medium">{t!(i18n, city_label)}</label>
                    <select id="directory-city" name="city" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {cities.iter().map(|c| {
                            let code = c.code.as_str().to_owned();
                            view! { <option value=code.clone() selected=code == city>{name(&c.name.zh, &c.name.en)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="directory-category" class="block text-sm font-medium">{t!(i18n, category_label)}</label>
                    <select id="directory-category" name="category" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {taxonomy.categories.iter().map(|c| {
                            let id = c.id.to_string();
                            view! { <option value=id.clone() selected=id == category>{name(&c.name.zh, &c.name.en)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="directory-capability" class="block text-sm font-medium">{t!(i18n, capability_label)}</label>
                    <select id="directory-capability" name="capability" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {taxonomy.categories.iter().map(|c| view! {
                            <optgroup label=name(&c.name.zh, &c.name.en)>
                                {c.capabilities.iter().map(|e| {
                                    let id = e.id.to_string();
                                    // A retired entry stays while firms hold it, marked.
                                    let retired = if e.retired { t_string!(i18n, capability_retired_mark).to_string() } else { String::new() };
                                    let (zh, en) = (format!("{}{retired}", e.name.zh), format!("{}{retired}", e.name.en));
                                    view! { <option value=id.clone() selected=id == capability>{name(&zh, &en)}</option> }
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="directory-level" class="block text-sm font-medium">{t!(i18n, level_at_least_label)}</label>
                    <select id="directory-level" name="level" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {ProductionLevel::ALL.iter().map(|l| view! {
                            <option value=l.as_db() selected=l.as_db() == level>{level_name(i18n, *l)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="directory-kind" class="block text-sm font-medium">{t!(i18n, kind_label)}</label>
                    <select id="directory-kind" name="kind" class=SELECT_CLASS>
                        <option value="">{any.clone()}</option>
                        {FirmKind::ALL.iter().map(|k| view! {
                            <option value=k.as_db() selected=k.as_db() == kind>{kind_name(i18n, *k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="directory-certificate" class="block text-sm font-medium">{t!(i18n, certificate_label)}</label>
                    <select id="directory-certificate" name="certificate" class=SELECT_CLASS>
                        <option value="">{any}</option>
                        {CertificateKind::ALL.iter().filter(|k| **k != CertificateKind::Other).map(|k| view! {
                            <option value=k.as_db() selected=k.as_db() == certificate>{certificate_name(i18n, *k, None)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="directory-sort" class="block text-sm font-medium">{t!(i18n, sort_label)}</label>
                    <select id="directory-sort" name="sort" class=SELECT_CLASS>
                        {DirectorySort::ALL.iter().map(|s| {
                            let text = match s {
                                DirectorySort::Name => t_string!(i18n, sort_name).to_string(),
                                DirectorySort::Verified => t_string!(i18n, sort_verified).to_string(),
                                DirectorySort::Updated => t_string!(i18n, sort_updated).to_string(),
                                DirectorySort::Staff => t_string!(i18n, sort_staff).to_string(),
                            };
                            view! { <option value=s.as_str() selected=s.as_str() == sort>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="flex items-end">
                    <label class="inline-flex items-center gap-2 py-2 text-sm font-medium">
                        <input type="checkbox" name="verified" value="1" checked=verified class="h-4 w-4 rounded border-slate-400 text-red-800 focus:ring-red-700" />
                        {t!(i18n, verified_only_label)}
                    </label>
                </div>
            </div>
            <div class="mt-4 flex flex-wrap items-center gap-4">
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, directory_search_submit)}</button>
                <a href="/firms" class="text-sm text-red-800 underline underline-offset-2">{t!(i18n, directory_clear)}</a>
            </div>
        </form>
    }
}

#[component]
fn Results(page: DirectoryPage, current: Vec<(&'static str, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let narrowed = page.narrowed;
    if page.entries.is_empty() && page.total > 0 {
        // A page past the last one (an old link): say so, and lead back.
        let total = page.total;
        let first = page_href("/firms", &current, 1);
        return view! {
            <section aria-live="polite" class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-testid="directory-empty">
                <p class="font-medium">{t!(i18n, directory_past_last_page, n = move || total)}</p>
                <a href=first class="mt-2 inline-block text-red-800 underline underline-offset-2">{t!(i18n, directory_first_page)}</a>
            </section>
        }
        .into_any();
    }
    if page.entries.is_empty() {
        let text = if narrowed {
            t_string!(i18n, directory_empty_narrowed).to_string()
        } else {
            t_string!(i18n, directory_empty).to_string()
        };
        return view! {
            <section aria-live="polite" class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-testid="directory-empty">
                <p class="font-medium">{t!(i18n, directory_none_found)}</p>
                <p class="mt-2 text-slate-700">{text}</p>
            </section>
        }
        .into_any();
    }
    let total = page.total;
    let (number, page_count) = (page.page, page.page_count);
    view! {
        <p class="mt-6 text-slate-700" aria-live="polite" data-testid="directory-total">
            {t!(i18n, directory_found, n = move || total)}
        </p>
        <ul class="mt-3 space-y-3" data-testid="directory-results">
            {page.entries.into_iter().map(|entry| view! { <EntryCard entry /> }).collect_view()}
        </ul>
        <Pager path="/firms" current page=number page_count />
    }
    .into_any()
}

#[component]
fn EntryCard(entry: DirectoryEntry) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let city = entry.city.clone();
    let kind = entry.kind;
    let heading = format!("firm-{}-heading", entry.id);
    let labelled_by = heading.clone();
    view! {
        <li class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby=labelled_by>
            <h2 id=heading class="text-lg font-semibold">
                <a href=format!("/firms/{}", entry.id) class="text-red-900 underline-offset-2 hover:underline">{entry.name.clone()}</a>
            </h2>
            {entry.name_en.clone().map(|en| view! { <p class="text-sm text-slate-600" lang="en">{en}</p> })}
            <p class="mt-1 text-sm text-slate-700">
                {move || city.get(lang.get()).to_owned()} " · " {move || kind_name(i18n, kind)}
                {entry.staff_size.map(|n| view! { " · " {t!(i18n, staff_count, n = move || n)} })}
            </p>
            {(!entry.summary.is_empty()).then(|| view! { <p class="mt-2 text-slate-700">{entry.summary.clone()}</p> })}
            <ul class="mt-3 flex flex-wrap gap-2">
                {entry.capabilities.into_iter().map(|tag| {
                    let name = tag.name.clone();
                    view! {
                        <li class="inline-flex items-center gap-1 rounded-md bg-slate-50 px-2 py-1 text-sm ring-1 ring-slate-200">
                            {move || name.get(lang.get()).to_owned()}
                            <RungBadge rung=tag.rung />
                        </li>
                    }
                }).collect_view()}
            </ul>
        </li>
    }
}
