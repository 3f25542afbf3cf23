//! The frame of every page: skip link, header with the alliance's name, the navigation, the
//! member cities and the language switch, then the page, then the footer.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

use crate::api::accounts::{SignOut, get_current_user};
use crate::api::cities::list_cities;
use crate::components::i18n::{LanguageSwitch, use_lang};
use crate::domain::account::RoleKind;
use crate::i18n::{t, use_i18n};
use crate::views::accounts::CurrentUser;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    provide_context(SignedInUser(Resource::new(|| (), |_| get_current_user())));

    view! {
        <div class="flex min-h-screen flex-col">
            <a
                href="#main"
                class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-red-800"
            >
                {t!(i18n, skip_to_content)}
            </a>
            <Header />
            <main id="main" tabindex="-1" class="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
                <crate::components::round_trip::NoticeBanner />
                {children()}
            </main>
            <Footer />
        </div>
    }
}

/// The signed-in user of the page (loaded once, for the header and for an error page's ways
/// back), shared through the context.
#[derive(Clone, Copy)]
pub struct SignedInUser(pub Resource<Result<Option<CurrentUser>, crate::errors::AppError>>);

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let SignedInUser(user) = expect_context::<SignedInUser>();
    view! {
        <header class="bg-red-800 text-white shadow">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
                <A href="/" attr:class="flex min-w-0 items-center gap-3 rounded focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
                    <Emblem />
                    <span class="min-w-0">
                        <span class="block text-base font-semibold leading-tight sm:text-lg">
                            {t!(i18n, alliance_name)}
                        </span>
                        <span class="block text-xs text-red-100 sm:text-sm">{t!(i18n, platform_name)}</span>
                    </span>
                </A>
                <div class="flex flex-wrap items-center gap-2">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            // A failure leaves the header as for a visitor; the page shows its own.
                            match user.await.ok().flatten() {
                                Some(user) => view! { <UserMenu user /> }.into_any(),
                                None => view! { <SignInLink /> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <LanguageSwitch />
                </div>
            </div>
            <nav aria-label=move || t_string_nav(i18n) class="border-t border-white/20 bg-red-900/40">
                <ul class="mx-auto flex max-w-6xl flex-wrap gap-1 px-4 sm:px-6">
                    <li>
                        <A
                            href="/"
                            exact=true
                            attr:class="inline-block rounded-t px-3 py-2 text-sm font-medium text-red-50 hover:bg-white/10 aria-[current=page]:bg-slate-50 aria-[current=page]:text-red-900"
                        >
                            {t!(i18n, nav_home)}
                        </A>
                    </li>
                    <li><A href="/calls" attr:class=NAV_LINK>{t!(i18n, nav_calls)}</A></li>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            user.await.ok().flatten().map(|user| {
                                let reviews = matches!(user.role, RoleKind::Admin | RoleKind::Official);
                                // A representative's accounts are their firm's: its page adds colleagues.
                                let accounts = match user.firm_id {
                                    Some(firm) => view! {
                                        <A href=format!("/firms/{firm}/representatives") attr:class=NAV_LINK>{t!(i18n, nav_colleagues)}</A>
                                    }.into_any(),
                                    None => view! {
                                        <A href="/accounts" attr:class=NAV_LINK>{t!(i18n, nav_accounts)}</A>
                                    }.into_any(),
                                };
                                let own_firm = user.firm_id.map(|firm| view! {
                                    <li><A href=format!("/firms/{firm}") exact=true attr:class=NAV_LINK>{t!(i18n, nav_own_firm)}</A></li>
                                });
                                let directory = user.sees_directory.then(|| view! {
                                    <li><A href="/firms" exact=true attr:class=NAV_LINK>{t!(i18n, nav_directory)}</A></li>
                                });
                                let taxonomy = (user.role == RoleKind::Admin).then(|| view! {
                                    <li><A href="/taxonomy" attr:class=NAV_LINK>{t!(i18n, nav_taxonomy)}</A></li>
                                    <li><A href="/settings" attr:class=NAV_LINK>{t!(i18n, nav_settings)}</A></li>
                                });
                                let projects = user.sees_directory.then(|| view! {
                                    <li><A href="/projects" attr:class=NAV_LINK>{t!(i18n, nav_projects)}</A></li>
                                });
                                // The bureaus, the admin and the approved firms' people (the server decides again).
                                let execution = (user.sees_directory || user.sees_projects_for_firm).then(|| view! {
                                    <li><A href="/execution" attr:class=NAV_LINK>{t!(i18n, nav_execution)}</A></li>
                                });
                                let for_firm = user.sees_projects_for_firm.then(|| view! {
                                    <li><A href="/for-you" attr:class=NAV_LINK>{t!(i18n, nav_for_you)}</A></li>
                                });
                                let invitations = (user.role == RoleKind::FirmRep).then(|| view! {
                                    <li><A href="/invitations" attr:class=NAV_LINK>{t!(i18n, nav_invitations)}</A></li>
                                });
                                view! {
                                    {for_firm}
                                    {invitations}
                                    {projects}
                                    {execution}
                                    {directory}
                                    {own_firm}
                                    {taxonomy}
                                    <li>{accounts}</li>
                                    {reviews.then(|| view! {
                                        <li>
                                            <A href="/approvals" attr:class=NAV_LINK>{t!(i18n, nav_approvals)}</A>
                                        </li>
                                    })}
                                }
                            })
                        })}
                    </Suspense>
                </ul>
            </nav>
        </header>
    }
}

/// Who is signed in and their city or firm, with their account and the sign-out button. Sign-out
/// is a plain form: the browser loads the home page afresh, signed out.
#[component]
fn UserMenu(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let place = {
        let user = user.clone();
        move || match user.role {
            RoleKind::Admin => crate::i18n::t_string!(i18n, role_admin).to_string(),
            RoleKind::Official => user
                .city
                .as_ref()
                .map(|c| c.get(lang.get()).to_owned())
                .unwrap_or_default(),
            RoleKind::FirmRep => user.firm_name.clone().unwrap_or_default(),
        }
    };
    let unread = user.unread_notifications;
    let badge = move || {
        (unread > 0).then(|| {
            view! {
                " "
                <span class="rounded-full bg-white px-1.5 text-xs font-semibold text-red-900">
                    {unread}
                    <span class="sr-only">" " {t!(i18n, unread_count)}</span>
                </span>
            }
        })
    };
    let name = user.display_name;
    let account_class = "rounded px-2 py-1 text-sm hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-white";
    // On a phone the account's links fold into one row: a disclosure that needs no script.
    view! {
        <details class="relative sm:hidden" data-testid="account-menu">
            <summary class="flex cursor-pointer list-none items-center gap-1 rounded px-2 py-1 text-sm font-semibold hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-white">
                <span class="sr-only">{t!(i18n, signed_in_as)} " "</span>
                {name.clone()}
                {badge}
                <span aria-hidden="true">"▾"</span>
            </summary>
            <div class="absolute right-0 z-20 mt-2 flex w-60 flex-col items-stretch gap-1 rounded-md bg-red-900 p-2 shadow-lg ring-1 ring-white/20">
                <a href="/account" class=account_class>
                    <span class="font-semibold">{name.clone()}</span>
                    " · "
                    <span class="text-red-100">{place.clone()}</span>
                </a>
                <a href="/inbox" class=account_class>{t!(i18n, nav_inbox)} {badge}</a>
                <form method="post" action=SignOut::url()>
                    <button type="submit" class="w-full rounded-md border border-white/40 px-3 py-1.5 text-left text-sm font-medium text-white hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-white">
                        {t!(i18n, sign_out)}
                    </button>
                </form>
            </div>
        </details>
        <div class="hidden flex-wrap items-center gap-2 sm:flex" data-testid="signed-in-user">
            <A href="/account" attr:class=account_class>
                <span class="sr-only">{t!(i18n, signed_in_as)} " "</span>
                <span class="font-semibold">{name}</span>
                " · "
                <span class="text-red-100">{place}</span>
            </A>
            <A href="/inbox" attr:class=account_class>
                {t!(i18n, nav_inbox)}
                {(unread > 0).then(|| view! {
                    " "
                    <span class="rounded-full bg-white px-1.5 text-xs font-semibold text-red-900" data-testid="unread-count">
                        {unread}
                        <span class="sr-only">" " {t!(i18n, unread_count)}</span>
                    </span>
                })}
            </A>
            <form method="post" action=SignOut::url() class="inline">
                <button
                    type="submit"
                    class="rounded-md border border-white/40 px-3 py-1.5 text-sm font-medium text-white hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
                >
                    {t!(i18n, sign_out)}
                </button>
            </form>
        </div>
    }
}

#[component]
fn SignInLink() -> impl IntoView {
    let i18n = use_i18n();
    // Back to this page once signed in.
    let location = leptos_router::hooks::use_location();
    let href = move || {
        let (path, query) = (location.pathname.get(), location.search.get());
        let here = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        crate::domain::return_path::sign_in_href(&here)
    };
    view! {
        <A href="/register" attr:class="rounded px-2 py-1 text-sm text-white underline-offset-2 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-white">
            {t!(i18n, nav_register)}
        </A>
        <A href=href attr:class="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-red-900 hover:bg-red-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white">
            {t!(i18n, nav_sign_in)}
        </A>
    }
}

const NAV_LINK: &str = "inline-block rounded-t px-3 py-2 text-sm font-medium text-red-50 hover:bg-white/10 aria-[current=page]:bg-slate-50 aria-[current=page]:text-red-900";

fn t_string_nav(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
    crate::i18n::t_string!(i18n, nav_label).to_string()
}

/// A simple mark: four linked nodes, one per founding city.
#[component]
fn Emblem() -> impl IntoView {
    view! {
        <svg aria-hidden="true" viewBox="0 0 40 40" class="h-9 w-9 shrink-0">
            <circle cx="20" cy="20" r="19" fill="#fff" />
            <path d="M20 9 L30 20 L20 31 L10 20 Z" fill="none" stroke="#991b1b" stroke-width="2.5" />
            <circle cx="20" cy="9" r="4" fill="#991b1b" />
            <circle cx="30" cy="20" r="3" fill="#b45309" />
            <circle cx="20" cy="31" r="3" fill="#b45309" />
            <circle cx="10" cy="20" r="3" fill="#b45309" />
        </svg>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let cities = Resource::new(|| (), |_| list_cities());

    view! {
        <footer class="border-t border-slate-200 bg-white">
            <div class="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-6 text-sm text-slate-700 sm:px-6">
                <div class="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                    <h2 class="font-semibold text-slate-900">{t!(i18n, member_cities)}</h2>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            // A failure here is shown by the page's own error view; the footer
                            // simply leaves the list out.
                            let cities = cities.await.unwrap_or_default();
                            view! {
                                <ul class="flex flex-wrap gap-x-3 gap-y-1" data-testid="member-cities">
                                    {cities
                                        .into_iter()
                                        .map(|city| {
                                            view! { <li>{move || city.name(lang.get()).to_owned()}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                    </Suspense>
                </div>
                <p>{t!(i18n, footer_note)}</p>
            </div>
        </footer>
    }
}
