use leptos::prelude::*;

use crate::components::round_trip::Form;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{SignIn, sign_in_email};
use crate::components::form::{BUTTON_CLASS, FormAlert, TextField, error_message, field_message};
use crate::components::i18n::PageTitle;
use crate::domain::return_path::ReturnPath;
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};

/// Email and password. Works without JavaScript: a failed post comes back to this page with
/// the error's code, and the email typed is kept in this browser's session, never in the URL.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let remembered = Resource::new(|| (), |_| sign_in_email());
    let query = use_query_map();
    let next = Signal::derive(move || {
        query
            .with(|q| q.get("next"))
            .and_then(|n| ReturnPath::parse(&n))
            .unwrap_or_default()
            .as_str()
            .to_owned()
    });
    // With JavaScript, a successful sign-in loads the next page in full, so every part of the
    // page (the header included) shows the signed-in user.
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get()
            && let Err(err) = window().location().set_href(&path)
        {
            leptos::logging::error!("cannot load {path}: {err:?}");
        }
    });
    let registered = move || query.with(|q| q.get("registered").is_some());
    let password_set = move || query.with(|q| q.get("password_set").is_some());
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <PageTitle text=move || t_string!(i18n, sign_in_title).to_string() />
        <section class="mx-auto max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
            <h1 class="text-2xl font-semibold">{t!(i18n, sign_in_title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, sign_in_lead)}</p>
            // After a registration without JavaScript; the words are ours, the flag only picks them.
            <p role="status" class="mt-4 rounded-md bg-green-50 px-3 py-2 text-green-900 ring-1 ring-green-200" class:hidden=move || !registered()>
                {t!(i18n, registered)}
            </p>
            <p role="status" class="mt-4 rounded-md bg-green-50 px-3 py-2 text-green-900 ring-1 ring-green-200" class:hidden=move || !password_set()>
                {t!(i18n, password_set)}
            </p>
            <Suspense fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
                {move || Suspend::new(async move {
                    let email = remembered.await.ok().flatten().unwrap_or_default();
                    view! { <SignInForm action email next /> }
                })}
            </Suspense>
            <p class="mt-6 text-sm text-slate-600">
                {t!(i18n, sign_in_no_account)} " "
                <a href="/register" class="font-medium text-red-800 underline">{t!(i18n, nav_register)}</a>
            </p>
            <p class="mt-2 text-sm text-slate-600">{t!(i18n, sign_in_forgot)}</p>
        </section>
    }
}

#[component]
fn SignInForm(action: ServerAction<SignIn>, email: String, next: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let error = move || action.value().get().and_then(Result::err);
    let general = Signal::derive(move || {
        error().and_then(|err| match &err {
            AppError::Validation { field, .. } if field == "email" || field == "password" => None,
            other => Some(error_message(i18n, other)),
        })
    });
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error().and_then(|e| {
                e.field_code(name)
                    .map(|code| field_message(i18n, name, code))
            })
        })
    };
    let email_error = field("email");
    let password_error = field("password");

    view! {
        <Form action attr:class="mt-6 space-y-4" attr:novalidate="true">
            <FormAlert message=general />
            <input type="hidden" name="next" value=next />
            <TextField
                id="sign-in-email"
                name="email"
                kind="email"
                autocomplete="username"
                label=move || t_string!(i18n, email_label).to_string()
                error=email_error
                value=email
            />
            <TextField
                id="sign-in-password"
                name="password"
                kind="password"
                autocomplete="current-password"
                label=move || t_string!(i18n, password_label).to_string()
                error=password_error
            />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>
                {move || if action.pending().get() {
                    t_string!(i18n, working).to_string()
                } else {
                    t_string!(i18n, sign_in_submit).to_string()
                }}
            </button>
        </Form>
    }
}
