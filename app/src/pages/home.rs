use crate::components::i18n::PageTitle;
use leptos::prelude::*;

use crate::api::cities::list_cities;
use crate::components::i18n::use_lang;
use crate::domain::city::{City, CityRole};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;

/// What the alliance is, how its cities divide the work, and what the platform does.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let cities = Resource::new(|| (), |_| list_cities());
    // Read now, not inside the fallback: on the server the fallback may be built after the
    // render's reactive owner (and with it the i18n context) is gone, which panics.
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <PageTitle text=move || t_string!(i18n, platform_name).to_string() />
        // The boundary sits inside the Suspense, so on the server it sees the loaded result
        // (an error included) before the page is sent.
        <Suspense fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    cities.await.map(|cities| view! { <HomeContent cities /> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn HomeContent(cities: Vec<City>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="home-title" class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
            <p class="text-sm font-medium text-red-800">{t!(i18n, alliance_name)}</p>
            <h1 id="home-title" class="mt-2 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">
                {t!(i18n, home_title)}
            </h1>
            <p class="mt-4 max-w-3xl leading-relaxed text-slate-700">{t!(i18n, home_lead)}</p>
        </section>

        <section aria-labelledby="cities-title" class="mt-8">
            <h2 id="cities-title" class="text-xl font-semibold">{t!(i18n, home_cities_heading)}</h2>
            {if cities.is_empty() {
                view! { <p class="mt-3 text-slate-700">{t!(i18n, home_cities_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="city-cards">
                        {cities.into_iter().map(|city| view! { <CityCard city /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>

        <section aria-labelledby="channels-title" class="mt-8">
            <h2 id="channels-title" class="text-xl font-semibold">{t!(i18n, home_channels_heading)}</h2>
            <div class="mt-4 grid gap-4 md:grid-cols-3">
                <Channel title=move || t_string!(i18n, channel_policy).to_string() text=move || t_string!(i18n, channel_policy_text).to_string() />
                <Channel title=move || t_string!(i18n, channel_execution).to_string() text=move || t_string!(i18n, channel_execution_text).to_string() />
                <Channel title=move || t_string!(i18n, channel_services).to_string() text=move || t_string!(i18n, channel_services_text).to_string() />
            </div>
        </section>

        <section aria-labelledby="platform-title" class="mt-8 grid gap-6 lg:grid-cols-2">
            <div class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                <h2 id="platform-title" class="text-xl font-semibold">{t!(i18n, home_platform_heading)}</h2>
                <ul class="mt-4 list-disc space-y-2 pl-5 text-slate-700">
                    <li>{t!(i18n, platform_firms)}</li>
                    <li>{t!(i18n, platform_projects)}</li>
                    <li>{t!(i18n, platform_matching)}</li>
                    <li>{t!(i18n, platform_meetings)}</li>
                </ul>
                <p class="mt-4 text-sm text-slate-600">{t!(i18n, platform_status)}</p>
            </div>
            <div class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                <h2 class="text-xl font-semibold">{t!(i18n, chain_heading)}</h2>
                <ol class="mt-4 flex flex-wrap gap-2 text-sm">
                    <ChainStep label=move || t_string!(i18n, chain_materials).to_string() />
                    <ChainStep label=move || t_string!(i18n, chain_components).to_string() />
                    <ChainStep label=move || t_string!(i18n, chain_modules).to_string() />
                    <ChainStep label=move || t_string!(i18n, chain_manufacturing).to_string() />
                    <ChainStep label=move || t_string!(i18n, chain_robots).to_string() />
                    <ChainStep label=move || t_string!(i18n, chain_scenarios).to_string() />
                    <ChainStep label=move || t_string!(i18n, chain_software).to_string() />
                </ol>
            </div>
        </section>
    }
}

#[component]
fn CityCard(city: City) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let role = city.role;
    let (badge, ring) = match role {
        CityRole::RdHub => ("bg-red-100 text-red-900", "ring-red-200"),
        CityRole::Manufacturing => ("bg-amber-100 text-amber-900", "ring-slate-200"),
    };
    view! {
        <li class=format!("rounded-xl bg-white p-5 shadow-sm ring-1 {ring}")>
            <h3 class="text-lg font-semibold">{move || city.name(lang.get()).to_owned()}</h3>
            <p class=format!("mt-2 inline-block rounded-full px-2.5 py-0.5 text-xs font-medium {badge}")>
                {move || match role {
                    CityRole::RdHub => t_string!(i18n, city_role_rd_hub).to_string(),
                    CityRole::Manufacturing => t_string!(i18n, city_role_manufacturing).to_string(),
                }}
            </p>
        </li>
    }
}

#[component]
fn Channel(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] text: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h3 class="font-semibold text-red-900">{title}</h3>
            <p class="mt-2 text-sm leading-relaxed text-slate-700">{text}</p>
        </div>
    }
}

#[component]
fn ChainStep(#[prop(into)] label: Signal<String>) -> impl IntoView {
    view! { <li class="rounded-full bg-slate-100 px-3 py-1 text-slate-800 ring-1 ring-slate-200">{label}</li> }
}
