//! The forms that issue a one-time link, and the panel that shows the link to its issuer, once.
//!
//! A link is shown once, in the page that asked for it; only its hash is stored, so a plain form
//! post (which is answered by a redirect) cannot carry it back and is refused with a message
//! saying why. These forms are therefore the one island that sends a form itself: it posts the
//! same fields to the same server function; on success it reloads the page (whose lists now
//! hold the new account) with the link in the address's fragment, which no request carries,
//! and the same island shows it from there and wipes it from the address and the history.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::link::LinkPurpose;
use crate::errors::AppError;
use crate::views::links::IssuedLink;

/// The words the island shows, chosen on the server in the reader's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTexts {
    heading: String,
    /// "{name}", "{email}" and "{expires}" are filled in.
    invitation: String,
    reset: String,
    label: String,
    once: String,
    working: String,
    /// The sentence of each refusal these forms can meet, by [`refusal_key`].
    refusals: Vec<(String, String)>,
    fallback: String,
}

/// The codes a link form can be refused with (besides the general ones).
const REFUSAL_CODES: [&str; 9] = [
    "required",
    "too_long",
    "email_malformed",
    "email_in_use",
    "city_unknown",
    "control_character",
    "account_disabled",
    "firm_not_approved",
    "invalid",
];

/// How a refusal is looked up among [`LinkTexts::refusals`].
fn refusal_key(err: &AppError) -> String {
    match err {
        AppError::Validation { code, .. } => code.clone(),
        AppError::Fields(fields) => fields.first().map(|(_, c)| c.clone()).unwrap_or_default(),
        AppError::Conflict { code } => code.clone(),
        AppError::Unauthenticated => "unauthenticated".to_owned(),
        AppError::Forbidden => "forbidden".to_owned(),
        AppError::NotFound => "not_found".to_owned(),
        _ => String::new(),
    }
}

impl LinkTexts {
    /// The words in the reader's language.
    pub fn new() -> Self {
        use crate::components::form::error_message;
        use crate::i18n::{t_string, use_i18n};
        let i18n = use_i18n();
        let general = [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
        ];
        let refusals = REFUSAL_CODES
            .iter()
            .map(|code| {
                let err = if ["account_disabled", "firm_not_approved"].contains(code) {
                    AppError::conflict(code)
                } else {
                    AppError::validation("", code)
                };
                ((*code).to_owned(), error_message(i18n, &err))
            })
            .chain(
                general
                    .iter()
                    .map(|err| (refusal_key(err), error_message(i18n, err))),
            )
            .collect();
        Self {
            heading: t_string!(i18n, issued_link_heading).to_string(),
            invitation: t_string!(i18n, issued_link_invitation).to_string(),
            reset: t_string!(i18n, issued_link_reset).to_string(),
            label: t_string!(i18n, issued_link_label).to_string(),
            once: t_string!(i18n, issued_link_once).to_string(),
            working: t_string!(i18n, submitting).to_string(),
            refusals,
            fallback: error_message(i18n, &AppError::Internal),
        }
    }

    fn refusal(&self, err: &AppError) -> String {
        let key = refusal_key(err);
        self.refusals
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| self.fallback.clone(), |(_, text)| text.clone())
    }

    fn sentence(&self, link: &IssuedLink) -> String {
        let template = match link.purpose {
            LinkPurpose::Invitation => &self.invitation,
            LinkPurpose::PasswordReset => &self.reset,
        };
        template
            .replace("{name}", &link.display_name)
            .replace("{email}", &link.email)
            .replace("{expires}", &link.expires_at)
    }
}

/// A form that issues a link: posts its fields to `action` (a server function's path) and shows
/// the issued link below it, or the refusal. Its fields are its children, rendered on the server.
#[island]
pub fn LinkForm(
    action: String,
    /// Tells this form's link apart from another form's on the same page.
    key: String,
    texts: LinkTexts,
    #[prop(optional)] class: Option<String>,
    children: Children,
) -> impl IntoView {
    let issued = RwSignal::new(None::<IssuedLink>);
    // Just reloaded after issuing a link: show it, once.
    Effect::new({
        let key = key.clone();
        move |_| issued.set(take_issued(&key))
    });
    let refusal = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let texts = StoredValue::new(texts);
    let on_submit = {
        let action = action.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            let action = action.clone();
            let key = key.clone();
            let form = event_target::<leptos::web_sys::HtmlFormElement>(&event);
            leptos::task::spawn_local(async move {
                let answer = send(&action, &form).await;
                pending.set(false);
                match answer {
                    Ok(link) => show_after_reload(&key, &link),
                    Err(err) => {
                        issued.set(None);
                        refusal.set(Some(texts.with_value(|t| t.refusal(&err))));
                    }
                }
            });
        }
    };
    let field = NodeRef::<leptos::html::Input>::new();
    // Bring the link into view, with the keyboard's focus on it, selected for copying.
    Effect::new(move |_| {
        if issued.with(Option::is_some)
            && let Some(input) = field.get()
        {
            let _ = input.focus();
            input.select();
        }
    });
    view! {
        <form method="post" action=action class=class novalidate=true on:submit=on_submit aria-busy=move || pending.get().to_string()>
            {children()}
            <p role="alert" data-testid="link-refusal" class="text-sm font-medium text-red-800 sm:col-span-full" class:hidden=move || refusal.with(Option::is_none)>
                {move || refusal.get().unwrap_or_default()}
            </p>
        </form>
        {move || issued.get().map(|link| {
            let url = full_url(&link.path);
            let sentence = texts.with_value(|t| t.sentence(&link));
            texts.with_value(|t| view! {
                <section role="status" data-testid="issued-link" class="mt-4 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-300">
                    <h2 class="font-semibold">{t.heading.clone()}</h2>
                    <p class="mt-1 text-sm">{sentence}</p>
                    <label class="mt-3 block text-sm font-medium">
                        {t.label.clone()}
                        <input
                            node_ref=field
                            type="text"
                            readonly
                            value=url
                            class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm font-normal"
                        />
                    </label>
                    <p class="mt-2 text-sm text-amber-900">{t.once.clone()}</p>
                </section>
            })
        })}
    }
}

/// The link's full address as the issuer's browser reaches the site.
fn full_url(path: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        let origin = window().location().origin().unwrap_or_default();
        format!("{origin}{path}")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        path.to_owned()
    }
}

/// The fragment parameter that carries a just-issued link across the reload.
#[cfg(feature = "hydrate")]
const FRAGMENT_KEY: &str = "issued";

/// Reloads the page with the link (and which form issued it) in the address's fragment.
#[cfg(feature = "hydrate")]
fn show_after_reload(key: &str, link: &IssuedLink) {
    let Ok(params) = leptos::web_sys::UrlSearchParams::new() else {
        return;
    };
    params.append("form", key);
    params.append(
        FRAGMENT_KEY,
        &leptos::serde_json::to_string(link).unwrap_or_default(),
    );
    let location = window().location();
    let _ = location.set_hash(&String::from(params.to_string()));
    let _ = location.reload();
}
#[cfg(not(feature = "hydrate"))]
fn show_after_reload(_key: &str, _link: &IssuedLink) {}

/// The link this form issued before the reload, taken out of the address (and so out of the
/// history) as it is read.
#[cfg(feature = "hydrate")]
fn take_issued(key: &str) -> Option<IssuedLink> {
    let location = window().location();
    let hash = location.hash().ok()?;
    let params = leptos::web_sys::UrlSearchParams::new_with_str(hash.strip_prefix('#')?).ok()?;
    if params.get("form").as_deref() != Some(key) {
        return None;
    }
    let link = leptos::serde_json::from_str(&params.get(FRAGMENT_KEY)?).ok()?;
    let path = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window().history() {
        let _ =
            history.replace_state_with_url(&leptos::wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    Some(link)
}
#[cfg(not(feature = "hydrate"))]
fn take_issued(_key: &str) -> Option<IssuedLink> {
    None
}

/// Posts the form's fields to the server function as a script does (asking for JSON, so the
/// function answers with the link instead of a redirect).
#[cfg(feature = "hydrate")]
async fn send(
    action: &str,
    form: &leptos::web_sys::HtmlFormElement,
) -> Result<IssuedLink, AppError> {
    use leptos::wasm_bindgen::JsCast;
    let fields = leptos::web_sys::FormData::new_with_form(form).map_err(|_| AppError::Transport)?;
    let body =
        leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(fields.unchecked_ref())
            .map_err(|_| AppError::Transport)?;
    let response = gloo_net::http::Request::post(action)
        .header("Accept", "application/json")
        .body(body)
        .map_err(|_| AppError::Transport)?
        .send()
        .await
        .map_err(|_| AppError::Transport)?;
    if response.ok() {
        response
            .json::<IssuedLink>()
            .await
            .map_err(|_| AppError::Transport)
    } else {
        Err(response
            .json::<AppError>()
            .await
            .unwrap_or(AppError::Transport))
    }
}

#[cfg(not(feature = "hydrate"))]
async fn send(
    _action: &str,
    _form: &leptos::web_sys::HtmlFormElement,
) -> Result<IssuedLink, AppError> {
    Err(AppError::Transport)
}
