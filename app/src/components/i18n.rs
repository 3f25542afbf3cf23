//! The bridge between leptos_i18n and the rest of the app: the provider with the platform's
//! language rules, the reader's [`Lang`], and the language switch.

use std::borrow::Cow;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_use::{SameSite, UseCookieOptions, UseLocalesOptions};

use crate::api::accounts::{LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, SetLanguage};
use crate::domain::Lang;
use crate::i18n::{I18nContextProvider, Locale, t, t_string, use_i18n};

impl From<Locale> for Lang {
    fn from(locale: Locale) -> Self {
        match locale {
            Locale::zh_CN => Lang::Zh,
            Locale::en => Lang::En,
        }
    }
}

impl From<Lang> for Locale {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Zh => Locale::zh_CN,
            Lang::En => Locale::en,
        }
    }
}

/// Provides the language: the cookie if the reader chose one, otherwise Simplified Chinese.
/// The browser's `Accept-Language` is deliberately ignored: the platform is Chinese first, and an
/// English-language browser in a bureau must not get English unasked.
#[component]
pub fn LanguageProvider(children: Children) -> impl IntoView {
    let cookie_options = UseCookieOptions::default()
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(LANGUAGE_COOKIE_MAX_AGE * 1000);
    let ignore_accept_language = UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    view! {
        <I18nContextProvider
            cookie_name=Cow::Borrowed(LANGUAGE_COOKIE)
            cookie_options=cookie_options
            ssr_lang_header_getter=ignore_accept_language
        >
            {children()}
        </I18nContextProvider>
    }
}

/// The reader's language, reactive.
pub fn use_lang() -> Signal<Lang> {
    let i18n = use_i18n();
    Signal::derive(move || Lang::from(i18n.get_locale()))
}

/// A form with one button that switches to the other language: it posts to `set_language`,
/// which sets the cookie and sends the browser back to this page, now in the other language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let location = leptos_router::hooks::use_location();
    let next = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };

    view! {
        <form method="post" action=SetLanguage::url() class="inline">
            <input type="hidden" name="lang" value=move || lang.get().other().tag() />
            <input type="hidden" name="next" value=next />
            <button
                type="submit"
                lang=move || lang.get().other().tag()
                title=move || t_string!(i18n, switch_language_title).to_string()
                class="rounded-md border border-white/40 px-3 py-1.5 text-sm font-medium text-white hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
            >
                {t!(i18n, switch_language)}
            </button>
        </form>
    }
}

/// The page's `<title>` in the reader's language, following the language switch in the browser.
/// On the server the text is fixed as the page renders: leptos_meta reads the title after the
/// render's reactive owner, and the i18n context with it, may already be gone (under load this
/// panicked and dropped the response).
#[component]
pub fn PageTitle<F>(text: F) -> impl IntoView
where
    F: Fn() -> String + Send + Sync + 'static,
{
    // leptos_meta writes the server's `<title>` text as it is: escape it here, or a firm name or
    // project title holding `</title>` would put its markup into the page's body.
    #[cfg(feature = "ssr")]
    let text = leptos::text_prop::TextProp::from(html_escape::encode_text(&text()).into_owned());
    #[cfg(not(feature = "ssr"))]
    let text = leptos::text_prop::TextProp::from(text);
    view! { <leptos_meta::Title text /> }
}
