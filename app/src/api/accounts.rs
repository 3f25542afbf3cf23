//! Accounts and their preferences. For now: the language, which visitors choose too.

use leptos::prelude::*;

use crate::errors::AppError;

/// The cookie that remembers the reader's language (read on the server, so the first paint is
/// already in it; written by the browser too, when the switch runs without a reload).
pub const LANGUAGE_COOKIE: &str = "lang";

/// One year, in seconds.
pub const LANGUAGE_COOKIE_MAX_AGE: i64 = 365 * 24 * 60 * 60;

/// Chooses the reader's language. The language switch is a plain form: with the WebAssembly
/// loaded, the page switches in place and never calls this; without it, the browser posts here,
/// gets the cookie and is sent back to the page it came from.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String, next: String) -> Result<(), AppError> {
    use crate::domain::{Lang, return_path::ReturnPath};
    use axum::http::{HeaderValue, header::SET_COOKIE};

    crate::errors::with_status((|| {
        let lang = Lang::from_tag(&lang).ok_or_else(|| AppError::validation("lang", "unknown_language"))?;
        let next = ReturnPath::parse(&next).unwrap_or_default();

        let cookie = format!(
            "{LANGUAGE_COOKIE}={}; Path=/; Max-Age={LANGUAGE_COOKIE_MAX_AGE}; SameSite=Lax",
            lang.tag()
        );
        let options = expect_context::<leptos_axum::ResponseOptions>();
        let value = HeaderValue::from_str(&cookie)
            .map_err(|e| AppError::internal("set_language: cookie header", &e))?;
        options.append_header(SET_COOKIE, value);
        leptos_axum::redirect(next.as_str());
        Ok(())
    })())
}
