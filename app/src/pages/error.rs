use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::components::form::BUTTON_CLASS;
use crate::components::i18n::PageTitle;
use crate::errors::AppError;
use crate::i18n::{t_string, use_i18n};

/// What a page shows when loading its data failed. It sets the HTTP status of the error (401
/// when a sign-in is needed, 403, 404, 500 for an internal one) and shows only words from the
/// translations: never text that came from the server or from the address bar.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let error = errors.with_untracked(|errors| {
        errors
            .iter()
            .find_map(|(_, e)| e.downcast_ref::<AppError>().cloned())
    });
    #[cfg(feature = "ssr")]
    crate::errors::set_response_status(error.as_ref().map(AppError::status).unwrap_or(500));
    let i18n = use_i18n();
    let location = use_location();
    // Fixed now: the texts are read while the page's context is alive.
    let (title, text) = match &error {
        Some(AppError::Unauthenticated) => (
            t_string!(i18n, err_unauthenticated_title).to_string(),
            t_string!(i18n, err_unauthenticated_text).to_string(),
        ),
        Some(AppError::Forbidden) => (
            t_string!(i18n, err_forbidden_title).to_string(),
            t_string!(i18n, err_forbidden_text).to_string(),
        ),
        Some(AppError::NotFound) => (
            t_string!(i18n, not_found_title).to_string(),
            t_string!(i18n, not_found_text).to_string(),
        ),
        _ => (
            t_string!(i18n, error_title).to_string(),
            t_string!(i18n, error_text).to_string(),
        ),
    };
    let action = if matches!(error, Some(AppError::Unauthenticated)) {
        // Back here after signing in; the path is this site's own.
        let next = location.pathname.get_untracked();
        let href = crate::domain::return_path::sign_in_href(&next);
        view! { <A href=href attr:class=BUTTON_CLASS>{t_string!(i18n, nav_sign_in).to_string()}</A> }.into_any()
    } else {
        view! { <a href="" class=BUTTON_CLASS>{t_string!(i18n, error_retry).to_string()}</a> }
            .into_any()
    };
    let page_title = title.clone();

    view! {
        <PageTitle text=move || page_title.clone() />
        <section role="alert" class="mx-auto max-w-xl py-12 text-center">
            <h1 class="text-2xl font-semibold">{title}</h1>
            <p class="mt-3 text-slate-700">{text}</p>
            <div class="mt-6">{action}</div>
        </section>
    }
}

