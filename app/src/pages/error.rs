use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::form::BUTTON_CLASS;
use crate::components::i18n::{PageTitle, use_lang};
#[cfg(not(feature = "ssr"))]
use crate::components::layout::SignedInUser;
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::views::accounts::CurrentUser;

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
    let lang = use_lang();
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
    let path = location.pathname.get_untracked();
    // Who is signed in: the request's own session on the server; in the browser, what the
    // header loaded (the same, sent along with the page).
    #[cfg(feature = "ssr")]
    let user: Option<CurrentUser> = crate::api::ssr::viewer().map(|viewer| viewer.summary);
    #[cfg(not(feature = "ssr"))]
    let user: Option<CurrentUser> = use_context::<SignedInUser>()
        .and_then(|SignedInUser(user)| user.get_untracked())
        .and_then(Result::ok)
        .flatten();
    let sign_in_href = crate::domain::return_path::sign_in_href(&path);
    // The ways on from here: signing in, the list the item belongs to, one's own firm, home.
    let ways = {
        let signed_out = user.is_none();
        let pending = user.as_ref().filter(|u| u.firm_awaits_approval).cloned();
        let note = pending.as_ref().filter(|_| !matches!(error, Some(AppError::Internal) | None)).map(|u| {
                let firm = u.firm_name.clone().unwrap_or_default();
                let city = u.city.as_ref().map(|c| c.get(lang.get_untracked()).to_owned()).unwrap_or_default();
                view! {
                    <p class="mt-3 text-slate-700" data-testid="pending-firm-note">
                        {t!(i18n, pending_firm_text, firm = move || firm.clone(), city = move || city.clone())}
                    </p>
                }
            });
        let mut links: Vec<(String, String)> = Vec::new();
        match &error {
            Some(AppError::Unauthenticated) => {
                links.push((sign_in_href, t_string!(i18n, nav_sign_in).to_string()));
            }
            Some(AppError::Forbidden | AppError::NotFound) => {
                if signed_out {
                    links.push((sign_in_href, t_string!(i18n, nav_sign_in).to_string()));
                }
                if let Some(firm) = pending.as_ref().and_then(|u| u.firm_id) {
                    links.push((
                        format!("/firms/{firm}"),
                        t_string!(i18n, back_to_own_firm).to_string(),
                    ));
                } else if let Some(list) = list_of(&path, signed_out) {
                    let label = match list {
                        "/projects" => t_string!(i18n, back_to_projects).to_string(),
                        "/calls" => t_string!(i18n, back_to_calls).to_string(),
                        "/firms/import" => t_string!(i18n, back_to_imports).to_string(),
                        _ => t_string!(i18n, back_to_directory).to_string(),
                    };
                    links.push((list.to_owned(), label));
                }
            }
            _ => links.push((String::new(), t_string!(i18n, error_retry).to_string())),
        }
        links.push(("/".to_owned(), t_string!(i18n, back_home).to_string()));
        view! {
            {note}
            <ul class="mt-6 flex flex-wrap justify-center gap-3" data-testid="error-ways">
                {links.into_iter().enumerate().map(|(i, (href, label))| {
                    let class = if i == 0 { BUTTON_CLASS } else { SECONDARY_LINK };
                    view! { <li><a href=href class=class>{label}</a></li> }
                }).collect_view()}
            </ul>
        }
    };
    let page_title = title.clone();

    view! {
        <PageTitle text=move || page_title.clone() />
        <section role="alert" class="mx-auto max-w-xl py-12 text-center">
            <h1 class="text-2xl font-semibold">{title}</h1>
            <p class="mt-3 text-slate-700">{text}</p>
            {ways}
        </section>
    }
}

const SECONDARY_LINK: &str = "inline-block rounded-md px-4 py-2 font-medium text-red-800 underline underline-offset-2 hover:bg-red-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-800";

/// The list a refused or missing item's address belongs to, for the way back: a project's
/// (the open calls for a visitor), a firm's, an import's.
fn list_of(path: &str, signed_out: bool) -> Option<&'static str> {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next()) {
        (Some("projects" | "calls"), _) if signed_out => Some("/calls"),
        (Some("projects"), Some(_)) => Some("/projects"),
        (Some("firms"), Some("import")) => Some("/firms/import"),
        (Some("firms"), Some(_)) if !signed_out => Some("/firms"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::list_of;

    #[test]
    fn an_item_leads_back_to_its_list() {
        assert_eq!(list_of("/projects/12", false), Some("/projects"));
        assert_eq!(
            list_of("/projects/12/needs/3/candidates", false),
            Some("/projects")
        );
        assert_eq!(list_of("/projects/12", true), Some("/calls"));
        assert_eq!(list_of("/firms/7/edit", false), Some("/firms"));
        assert_eq!(
            list_of("/firms/7", true),
            None,
            "the directory is for members"
        );
        assert_eq!(list_of("/firms/import/9", false), Some("/firms/import"));
        assert_eq!(list_of("/accounts", false), None);
        assert_eq!(list_of("/projects", false), None, "a list leads home");
    }
}
