//! The round trip of every form. A form is a plain `<form method="post">` to its server
//! function, with or without JavaScript:
//! - refused, the browser comes back to the page it posted from (Leptos puts the error's code in
//!   the address, `__err`); the server kept what was typed (passwords and files excepted) in the
//!   session, and each field of the form shows it again with its error beside it, under a
//!   summary that takes the focus;
//! - accepted, the browser comes back to the page (or to where the result shows, when the
//!   function redirects there), and the function's one-line [`Notice`] shows once at the top.
//!
//! The server's middleware (`server/src/round_trip.rs`) does the keeping; [`Form`] tells each
//! field which form it belongs to; the fields ask [`echoed`].

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

use crate::i18n::{t_string, use_i18n};

/// Session keys of what one round trip carries to the next page.
pub const ECHO_KEY: &str = "round_trip.echo";
pub const NOTICE_KEY: &str = "round_trip.notice";
/// Fields a refusing server function sets in the echo (see [`FormEcho::amend`]).
pub const AMEND_KEY: &str = "round_trip.amend";
/// The hidden field that tells apart several forms of one server function on a page (one per
/// row); server functions ignore it.
pub const FORM_KEY_FIELD: &str = "__form";

/// What a refused form post sent, kept for the page it came back to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEcho {
    /// The server function's path (`/api/...`).
    pub action: String,
    /// The form's [`FORM_KEY_FIELD`], when it has one.
    pub form: Option<String>,
    /// Every field as posted, in order, except passwords.
    pub fields: Vec<(String, String)>,
}

impl FormEcho {
    /// The fields worth keeping of a form-encoded body: never a password, and no more than any
    /// form of the platform holds (so nobody fills the session table through a form).
    pub fn new(action: &str, fields: impl IntoIterator<Item = (String, String)>) -> Self {
        const MOST_FIELDS: usize = 500;
        const LONGEST_VALUE: usize = 20_000;
        let fields: Vec<(String, String)> = fields
            .into_iter()
            .filter(|(name, _)| !name.contains("password"))
            .take(MOST_FIELDS)
            .map(|(name, value)| {
                let value = match value.char_indices().nth(LONGEST_VALUE) {
                    Some((cut, _)) => value[..cut].to_owned(),
                    None => value,
                };
                (name.chars().take(100).collect(), value)
            })
            .collect();
        let form = fields
            .iter()
            .find(|(name, _)| name == FORM_KEY_FIELD)
            .map(|(_, value)| value.clone());
        Self {
            action: action.to_owned(),
            form,
            fields,
        }
    }

    /// Sets fields to what a refusing server function says the form should show again, each
    /// name's values replacing all that was posted under it (a list under `name[]`). After a
    /// stale edit's merge: the fields a colleague changed meanwhile and the version now, so that
    /// saving again keeps the colleague's changes.
    pub fn amend(&mut self, amended: &[(String, Vec<String>)]) {
        for (name, values) in amended {
            let base = name.strip_suffix("[]").unwrap_or(name);
            let list = format!("{base}[]");
            self.fields
                .retain(|(field, _)| field != base && *field != list && !is_indexed(field, base));
            self.fields
                .extend(values.iter().map(|value| (name.clone(), value.clone())));
        }
    }

    /// Every value posted under `name` (a list's `name[]` included), in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        let list = format!("{name}[]");
        self.fields
            .iter()
            .filter(|(field, _)| field == name || *field == list || is_indexed(field, name))
            .map(|(_, value)| value.clone())
            .collect()
    }
}

#[cfg(feature = "ssr")]
impl FormEcho {
    /// The posted fields read as the server function's arguments (as server_fn reads a form).
    pub fn decode<S: serde::de::DeserializeOwned>(&self) -> Option<S> {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                self.fields
                    .iter()
                    .filter(|(name, _)| name != FORM_KEY_FIELD),
            )
            .finish();
        serde_qs::Config::new(5, false).deserialize_str(&query).ok()
    }
}

/// `name[3]`, the way serde_qs numbers a list's entries.
fn is_indexed(field: &str, name: &str) -> bool {
    field
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|index| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
}

/// A one-line confirmation of what a form did, shown once on the page the browser comes back to.
/// Only these codes exist: nothing a client sends can put words on a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "count", rename_all = "snake_case")]
pub enum Notice {
    Saved,
    Published,
    Sent,
    InterestSent,
    Removed,
    Invited(u32),
    Imported(u32),
    Answered,
    Withdrawn,
    Approved,
    Declined,
    Disabled,
    Enabled,
    Verified,
    SignedOut,
}

/// The form a field sits in (provided by [`Form`]).
#[derive(Clone, Debug)]
struct FormScope {
    action: &'static str,
    key: Option<String>,
    refused: bool,
}

/// What this request carries from the last round trip: the refused post's fields, the
/// success's notice. The server's middleware put them on the request.
#[cfg(feature = "ssr")]
fn from_request<T: Clone + Send + Sync + 'static>() -> Option<T> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<T>().cloned())
}
#[cfg(not(feature = "ssr"))]
fn from_request<T>() -> Option<T> {
    None
}

/// The echo of a refused post to the server function at `action`, on the page it came back to.
pub fn echo_of(action: &str) -> Option<FormEcho> {
    from_request::<FormEcho>().filter(|echo| echo.action == action)
}

/// The refusal a plain post to the server function at `action` came back with (read from the
/// page's address, as Leptos carries it), for a form that has no `ServerAction` (a file's).
pub fn refusal_of(action: &str) -> Option<crate::errors::AppError> {
    #[cfg(feature = "ssr")]
    {
        use_context::<leptos::server::ServerActionError>()
            .filter(|refusal| refusal.path() == action)
            // Encoded in the address as Leptos encodes it (base64 of the error's JSON).
            .map(|refusal| {
                leptos::server_fn::error::ServerFnUrlError::<crate::errors::AppError>::decode_err(
                    refusal.err(),
                )
            })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = action;
        None
    }
}

/// What a refused post to the server function `S` sent, read as its arguments, on the page it
/// came back to: a page with one form of `S` per row tells by it which row was refused.
pub fn refused_input<S: ServerFn + serde::de::DeserializeOwned>() -> Option<S> {
    #[cfg(feature = "ssr")]
    {
        echo_of(S::PATH).and_then(|echo| echo.decode::<S>())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The echo of the form around the caller, when the page came back from its refusal.
fn echo_here() -> Option<FormEcho> {
    let scope = use_context::<FormScope>()?;
    echo_of(scope.action).filter(|echo| echo.form == scope.key)
}

/// Whether the page came back refused from the form of the server function at `action` with
/// `key` (for what surrounds a form: a disclosure that must show it open).
pub fn was_refused(action: &str, key: &str) -> bool {
    echo_of(action).is_some_and(|echo| echo.form.as_deref() == Some(key))
}

/// Whether the form around the caller is the one the page came back refused from.
pub fn form_refused() -> bool {
    use_context::<FormScope>().is_some_and(|scope| scope.refused)
}

/// What was typed into the field `name` of the surrounding form before it was refused.
pub fn echoed(name: &str) -> Option<String> {
    echo_here().and_then(|echo| echo.values(name).into_iter().next())
}

/// The value a field of the surrounding form shows: what was typed before a refusal, else
/// `stored`. For fields written out by hand (a `<textarea>`, a `<select>`'s chosen option).
pub fn typed_or(name: &str, stored: impl Into<String>) -> String {
    echoed(name).unwrap_or_else(|| stored.into())
}

/// Every value posted under `name` (ticked boxes, chosen options) of the surrounding form before
/// it was refused; `None` when the page did not come back from a refusal of this form (then the
/// stored choices stand).
pub fn echoed_all(name: &str) -> Option<Vec<String>> {
    echo_here().map(|echo| echo.values(name))
}

/// A form that posts to `action`'s server function and keeps what was typed through a refusal.
/// `key` tells apart several forms of one function on a page. Attributes (`attr:class`) go to the
/// `<form>`.
#[component]
pub fn Form<S>(
    action: ServerAction<S>,
    #[prop(optional, into)] key: Option<String>,
    children: Children,
) -> impl IntoView
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    // This form was refused when the echo is its own; a refusal that kept no echo (a file's
    // form) belongs to the function's only form.
    let refused = echo_of(S::PATH).is_some_and(|echo| echo.form == key)
        || (key.is_none()
            && echo_of(S::PATH).is_none()
            && action.value().with_untracked(|v| matches!(v, Some(Err(_)))));
    provide_context(FormScope {
        action: S::PATH,
        key: key.clone(),
        refused,
    });
    let i18n = use_i18n();
    let working = t_string!(i18n, submitting).to_string();
    view! {
        <form method="post" action=S::url()>
            <Pending working />
            {key.map(|key| view! { <input type="hidden" name=FORM_KEY_FIELD value=key /> })}
            {refused.then(|| view! { <RefusalSummary /> })}
            {children()}
        </form>
    }
}

/// A form with files: a plain multipart post to the server function at `action` (`S::PATH`),
/// with or without JavaScript, that keeps what was typed (the files excepted: no browser lets
/// a page fill a file in) through a refusal, as far as the function kept it (`amend_echo`).
/// `key` tells apart several forms of one function on a page.
#[component]
pub fn FileForm(
    action: &'static str,
    #[prop(optional, into)] key: Option<String>,
    children: Children,
) -> impl IntoView {
    let refused = match echo_of(action) {
        Some(echo) => echo.form == key,
        None => key.is_none() && refusal_of(action).is_some(),
    };
    provide_context(FormScope {
        action,
        key: key.clone(),
        refused,
    });
    let i18n = use_i18n();
    let working = t_string!(i18n, submitting).to_string();
    view! {
        <form method="post" action=action enctype="multipart/form-data">
            <Pending working />
            {key.map(|key| view! { <input type="hidden" name=FORM_KEY_FIELD value=key /> })}
            {refused.then(|| view! { <RefusalSummary /> })}
            {children()}
        </form>
    }
}

/// The refusal the form around the caller came back with (a [`FileForm`]'s, which has no
/// `ServerAction` to hold it).
pub fn form_refusal() -> Option<crate::errors::AppError> {
    let scope = use_context::<FormScope>()?;
    if !scope.refused {
        return None;
    }
    refusal_of(scope.action)
}

/// While its form's request runs, its submit buttons are disabled and say `working`, so nobody
/// sends a form twice. The only island every form carries; without it the form works the same.
/// It renders nothing itself: it finds its `<form>` when it wakes.
#[island]
pub fn Pending(working: String) -> impl IntoView {
    let marker = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        if let Some(marker) = marker.get() {
            watch_submit(&marker, working.clone());
        }
    });
    view! { <span node_ref=marker hidden=true></span> }
}

#[cfg(feature = "hydrate")]
fn watch_submit(marker: &leptos::web_sys::HtmlSpanElement, working: String) {
    use leptos::wasm_bindgen::{JsCast, closure::Closure};
    let Ok(Some(form)) = marker.closest("form") else {
        return;
    };
    let buttons = move |form: &leptos::web_sys::Element| {
        let found = form
            .query_selector_all("button[type=submit], button:not([type])")
            .ok();
        (0..found.as_ref().map_or(0, |f| f.length())).filter_map(move |i| {
            found
                .as_ref()?
                .item(i)?
                .dyn_into::<leptos::web_sys::HtmlElement>()
                .ok()
        })
    };
    let on_submit = {
        let form = form.clone();
        Closure::<dyn Fn(leptos::web_sys::Event)>::new(move |event: leptos::web_sys::Event| {
            if event.default_prevented() {
                return;
            }
            let form = form.clone();
            let working = working.clone();
            // After the browser has read the form (a disabled button's name would not be sent).
            set_timeout(
                move || {
                    let _ = form.set_attribute("aria-busy", "true");
                    for button in buttons(&form) {
                        let _ = button.set_attribute("disabled", "");
                        let _ = button.set_attribute("data-label", &button.inner_text());
                        button.set_inner_text(&working);
                    }
                },
                std::time::Duration::ZERO,
            );
        })
    };
    let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();
    // Back to this page from the history: the form is usable again.
    let on_show = Closure::<dyn Fn()>::new(move || {
        let _ = form.remove_attribute("aria-busy");
        for button in buttons(&form) {
            let _ = button.remove_attribute("disabled");
            if let Some(label) = button.get_attribute("data-label") {
                button.set_inner_text(&label);
            }
        }
    });
    let _ = leptos::prelude::window()
        .add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
    on_show.forget();
}

#[cfg(not(feature = "hydrate"))]
fn watch_submit(_marker: &leptos::web_sys::HtmlSpanElement, _working: String) {}

/// The line at the top of a refused form that takes the focus, so a screen reader reads it first
/// and a sighted user sees where the form is; the errors themselves stand beside their fields
/// (and a refusal about no one field in the form's own alert).
#[component]
fn RefusalSummary() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p
            tabindex="-1"
            autofocus=true
            data-testid="form-refused"
            class="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800 ring-1 ring-red-200 focus:outline-none focus-visible:ring-2"
        >
            {t_string!(i18n, form_refused).to_string()}
        </p>
    }
}

/// The notice of the last form's success, once, at the top of the page.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let i18n = use_i18n();
    from_request::<Notice>().map(|notice| {
        let text = match notice {
            Notice::Saved => t_string!(i18n, notice_saved).to_string(),
            Notice::Published => t_string!(i18n, notice_published).to_string(),
            Notice::Sent => t_string!(i18n, notice_sent).to_string(),
            Notice::InterestSent => t_string!(i18n, interest_sent).to_string(),
            Notice::Removed => t_string!(i18n, notice_removed).to_string(),
            Notice::Invited(n) => t_string!(i18n, notice_invited).to_string().replace("{count}", &n.to_string()),
            Notice::Imported(n) => t_string!(i18n, notice_imported).to_string().replace("{count}", &n.to_string()),
            Notice::Answered => t_string!(i18n, notice_answered).to_string(),
            Notice::Withdrawn => t_string!(i18n, notice_withdrawn).to_string(),
            Notice::Approved => t_string!(i18n, notice_approved).to_string(),
            Notice::Declined => t_string!(i18n, notice_declined).to_string(),
            Notice::Disabled => t_string!(i18n, notice_disabled).to_string(),
            Notice::Enabled => t_string!(i18n, notice_enabled).to_string(),
            Notice::Verified => t_string!(i18n, notice_verified).to_string(),
            Notice::SignedOut => t_string!(i18n, notice_signed_out).to_string(),
        };
        view! {
            <p role="status" data-testid="notice" class="mb-6 rounded-md bg-green-50 px-3 py-2 text-green-900 ring-1 ring-green-200">
                {text}
            </p>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn an_echo_keeps_everything_but_passwords() {
        let echo = FormEcho::new(
            "/api/sign_in",
            fields(&[
                ("email", "a@b.cn"),
                ("password", "secret"),
                ("new_password_again", "x"),
            ]),
        );
        assert_eq!(echo.fields, fields(&[("email", "a@b.cn")]));
        assert_eq!(echo.form, None);
    }

    #[test]
    fn an_echo_reads_lists_in_every_notation_and_its_form_key() {
        let echo = FormEcho::new(
            "/api/x",
            fields(&[
                ("__form", "need-7"),
                ("firms[]", "3"),
                ("firms[]", "5"),
                ("cities[0]", "CD"),
                ("cities[1]", "DY"),
                ("citiesx", "no"),
                ("note", "hello"),
            ]),
        );
        assert_eq!(echo.form.as_deref(), Some("need-7"));
        assert_eq!(echo.values("firms"), vec!["3", "5"]);
        assert_eq!(echo.values("cities"), vec!["CD", "DY"]);
        assert_eq!(echo.values("note"), vec!["hello"]);
        assert!(echo.values("missing").is_empty());
    }

    #[test]
    fn an_amendment_replaces_every_value_of_its_fields() {
        let mut echo = FormEcho::new(
            "/api/x",
            fields(&[
                ("version", "3"),
                ("title", "mine"),
                ("tags[]", "a"),
                ("tags[1]", "b"),
                ("note", "kept"),
            ]),
        );
        echo.amend(&[
            ("version".to_owned(), vec!["5".to_owned()]),
            ("tags[]".to_owned(), Vec::new()),
            ("summary".to_owned(), vec!["theirs".to_owned()]),
        ]);
        assert_eq!(echo.values("version"), vec!["5"]);
        assert!(echo.values("tags").is_empty());
        assert_eq!(echo.values("summary"), vec!["theirs"]);
        assert_eq!(echo.values("title"), vec!["mine"]);
        assert_eq!(echo.values("note"), vec!["kept"]);
    }

    #[test]
    fn notices_travel_as_codes() {
        let json = serde_json::to_string(&Notice::Invited(3)).expect("serialize");
        assert_eq!(json, r#"{"kind":"invited","count":3}"#);
        assert_eq!(
            serde_json::from_str::<Notice>(r#"{"kind":"saved"}"#).expect("deserialize"),
            Notice::Saved
        );
    }
}
