//! Alliance Hub: the Leptos application, in islands mode. Every page renders on the server
//! (feature `ssr`); only the `#[island]` components are compiled for the browser (feature
//! `hydrate`, the wasm entry point below) and wake where a page holds one.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod domain;
pub mod errors;
#[cfg(feature = "ssr")]
pub mod one_time_link;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod password_strength;
pub mod views;

// leptos_i18n 0.6 prefers generating this module from a build script, but its build crate
// pulls ICU's data generator into every build; the macro yields the same `i18n` module.
#[allow(deprecated)]
mod i18n_module {
    leptos_i18n::load_locales!();
}
pub use i18n_module::i18n;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::layout::Layout;
use crate::pages::accounts::{account::AccountPage, list::AccountsPage, sign_in::SignInPage};
use crate::pages::firms::{
    approvals::ApprovalsPage,
    detail::FirmDetailPage,
    directory::DirectoryPage,
    edit::FirmEditPage,
    import::{ImportFirmsPage, ImportPreviewPage},
    register::RegisterFirmPage,
    representatives::RepresentativesPage,
    taxonomy::TaxonomyPage,
};
use crate::pages::projects::{
    detail::ProjectDetailPage,
    execution::ProjectExecutionPage,
    form::{EditProjectPage, NewProjectPage},
    invitations::MyInvitationsPage,
    list::ProjectsPage,
    matching::{CandidatesPage, ProjectsForFirmPage},
    portfolio::PortfolioPage,
};
use crate::pages::{
    home::HomePage, inbox::InboxPage, link::LinkPage, not_found::NotFoundPage,
    settings::SettingsPage,
};

/// The HTML document around the app. `<html lang>` is filled in by the i18n provider on the
/// server, so the first paint is already in the reader's language.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <crate::components::islands::IslandScripts options=options.clone() />
                <HashedStylesheet options id="leptos" />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The application: i18n, the layout, and the routes. Every route renders completely on the
/// server before the response starts (`SsrMode::Async`), so the page reads correctly without
/// JavaScript and its HTTP status reflects what happened.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <components::i18n::LanguageProvider>
            <Router>
                <Layout>
                    <Routes fallback=|| view! { <NotFoundPage /> }>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/accounts") view=AccountsPage ssr=SsrMode::Async />
                        <Route path=path!("/register") view=RegisterFirmPage ssr=SsrMode::Async />
                        <Route path=path!("/approvals") view=ApprovalsPage ssr=SsrMode::Async />
                        <Route path=path!("/inbox") view=InboxPage ssr=SsrMode::Async />
                        <Route path=path!("/firms") view=DirectoryPage ssr=SsrMode::Async />
                        <Route path=path!("/firms/import") view=ImportFirmsPage ssr=SsrMode::Async />
                        <Route path=path!("/firms/import/:id") view=ImportPreviewPage ssr=SsrMode::Async />
                        <Route path=path!("/firms/:id") view=FirmDetailPage ssr=SsrMode::Async />
                        <Route path=path!("/firms/:id/edit") view=FirmEditPage ssr=SsrMode::Async />
                        <Route path=path!("/firms/:id/representatives") view=RepresentativesPage ssr=SsrMode::Async />
                        <Route path=path!("/taxonomy") view=TaxonomyPage ssr=SsrMode::Async />
                        <Route path=path!("/calls") view=|| view! { <ProjectsPage calls=true /> } ssr=SsrMode::Async />
                        <Route path=path!("/projects") view=|| view! { <ProjectsPage calls=false /> } ssr=SsrMode::Async />
                        <Route path=path!("/projects/new") view=NewProjectPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id") view=ProjectDetailPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id/edit") view=EditProjectPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id/execution") view=ProjectExecutionPage ssr=SsrMode::Async />
                        <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                        <Route path=path!("/execution") view=PortfolioPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id/needs/:need/candidates") view=CandidatesPage ssr=SsrMode::Async />
                        <Route path=path!("/for-you") view=ProjectsForFirmPage ssr=SsrMode::Async />
                        <Route path=path!("/invitations") view=MyInvitationsPage ssr=SsrMode::Async />
                        <Route path=path!("/link/:token") view=LinkPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </components::i18n::LanguageProvider>
    }
}

/// The wasm entry point: prepares the islands' runtime; the page's loader then wakes each island
/// (see `components::islands`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

/// Checks over the English texts that a compiler cannot make: punctuation that belongs to
/// Chinese, and a number put before a counted noun (which reads "1 projects" for one).
#[cfg(test)]
mod english_locale_tests {
    /// The nouns the platform counts, singular and plural: a number written before any of them
    /// cannot agree for both one and many, so a text says "Projects found: 3" instead.
    const COUNTED_NOUNS: [(&str, &str); 20] = [
        ("firm", "firms"),
        ("project", "projects"),
        ("need", "needs"),
        ("invitation", "invitations"),
        ("capability", "capabilities"),
        ("field", "fields"),
        ("row", "rows"),
        ("file", "files"),
        ("unit", "units"),
        ("day", "days"),
        ("week", "weeks"),
        ("month", "months"),
        ("year", "years"),
        ("hour", "hours"),
        ("minute", "minutes"),
        ("second", "seconds"),
        ("person", "people"),
        ("account", "accounts"),
        ("notification", "notifications"),
        ("attempt", "attempts"),
    ];

    fn english() -> Vec<(String, String)> {
        let texts: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(include_str!("../locales/en.json")).expect("en.json");
        texts
            .into_iter()
            .filter_map(|(key, value)| value.as_str().map(|text| (key.clone(), text.to_owned())))
            .collect()
    }

    /// The word after each `{{ value }}` of a text.
    fn words_after_values(text: &str) -> Vec<String> {
        text.split("}}")
            .skip(1)
            .filter_map(|rest| {
                rest.trim_start()
                    .split(|c: char| !c.is_alphabetic())
                    .next()
                    .map(str::to_lowercase)
            })
            .filter(|word| !word.is_empty())
            .collect()
    }

    #[test]
    fn no_english_text_uses_chinese_punctuation() {
        for (key, text) in english() {
            for mark in ['、', '，', '。', '；', '：', '×'] {
                assert!(!text.contains(mark), "{key}: {mark} in {text:?}");
            }
        }
    }

    #[test]
    fn no_english_text_puts_a_number_before_a_counted_noun() {
        for (key, text) in english() {
            for word in words_after_values(&text) {
                assert!(
                    !COUNTED_NOUNS
                        .iter()
                        .any(|(one, many)| word == *one || word == *many),
                    "{key}: {text:?} puts a value before {word:?}, which cannot agree with both 1 and 2"
                );
            }
        }
    }

    #[test]
    fn the_check_catches_what_it_is_for() {
        assert_eq!(words_after_values("{{ n }} projects found"), ["projects"]);
        assert_eq!(
            words_after_values("Projects found: {{ n }}"),
            Vec::<String>::new()
        );
        assert_eq!(words_after_values("{{ firm }} has registered"), ["has"]);
    }
}
