use crate::components::i18n::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, t_string, use_i18n};

/// Shown for any address no route knows; answers with HTTP 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::errors::set_response_status(404);
    let i18n = use_i18n();

    view! {
        <PageTitle text=move || t_string!(i18n, not_found_title).to_string() />
        <section class="mx-auto max-w-xl py-12 text-center">
            <p class="text-5xl font-bold text-red-800" aria-hidden="true">"404"</p>
            <h1 class="mt-4 text-2xl font-semibold">{t!(i18n, not_found_title)}</h1>
            <p class="mt-3 text-slate-700">{t!(i18n, not_found_text)}</p>
            <A
                href="/"
                attr:class="mt-6 inline-block rounded-md bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800"
            >
                {t!(i18n, back_home)}
            </A>
        </section>
    }
}
