use leptos::prelude::*;
use crate::components::i18n::PageTitle;

use crate::i18n::{t, t_string, use_i18n};

/// What a page shows when loading its data failed. It sets the HTTP status of the error (500
/// for an internal one) and shows only words from the translations: never text that came
/// from the server or from the address bar.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        use crate::errors::AppError;
        let status = errors
            .with_untracked(|errors| {
                errors.iter().find_map(|(_, e)| e.downcast_ref::<AppError>().map(AppError::status))
            })
            .unwrap_or(500);
        crate::errors::set_response_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = errors;
    let i18n = use_i18n();

    view! {
        <PageTitle text=move || t_string!(i18n, error_title).to_string() />
        <section role="alert" class="mx-auto max-w-xl py-12 text-center">
            <h1 class="text-2xl font-semibold">{t!(i18n, error_title)}</h1>
            <p class="mt-3 text-slate-700">{t!(i18n, error_text)}</p>
            <a
                href=""
                class="mt-6 inline-block rounded-md bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800"
            >
                {t!(i18n, error_retry)}
            </a>
        </section>
    }
}
