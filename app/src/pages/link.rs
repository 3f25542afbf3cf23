use leptos::prelude::*;

use crate::components::round_trip::Form;
use leptos_router::hooks::use_params_map;

use crate::api::NoUnknownFields;
use crate::api::links::{SetPasswordByLink, link_details};
use crate::components::form::{BUTTON_CLASS, FormAlert, TextField, error_message, field_message};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::link::LinkPurpose;
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::accounts::{place_label, role_name};
use crate::views::links::LinkTarget;

/// A one-time link: whose account it opens, and the form that sets its password. Following the
/// link changes nothing; only the form uses it up. Works without JavaScript.
#[component]
pub fn LinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let details = Resource::new(token, |token| link_details(token, NoUnknownFields));
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <PageTitle text=move || t_string!(i18n, link_title).to_string() />
        <section class="mx-auto max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
            <Suspense fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(details) => view! { <SetPasswordForm details token=token() /> }.into_any(),
                        Err(err) => view! { <LinkProblem err /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Why a link cannot be used, in the reader's words, with the way on.
#[component]
fn LinkProblem(err: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let text = match &err {
        AppError::NotFound => t_string!(i18n, link_unknown).to_string(),
        other => error_message(i18n, other),
    };
    view! {
        <h1 class="text-2xl font-semibold">{t!(i18n, link_title)}</h1>
        <p role="alert" data-testid="link-problem" class="mt-4 rounded-md bg-red-50 px-3 py-2 text-red-800 ring-1 ring-red-200">{text}</p>
        <a href="/signin" class="mt-4 inline-block font-medium text-red-800 underline">{t!(i18n, nav_sign_in)}</a>
    }
}

#[component]
fn SetPasswordForm(details: LinkTarget, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let action = ServerAction::<SetPasswordByLink>::new();
    // With JavaScript the sign-in page is loaded in full, with the email filled in.
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get()
            && let Err(err) = window().location().set_href("/signin?password_set=1")
        {
            leptos::logging::error!("cannot load the sign-in page: {err:?}");
        }
    });
    let error = move || action.value().get().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error().and_then(|e| {
                e.field_code(name)
                    .map(|code| field_message(i18n, name, code))
            })
        })
    };
    let general = Signal::derive(move || {
        error().and_then(|err| match &err {
            AppError::Validation { field, .. }
                if field == "password" || field == "confirm_password" =>
            {
                None
            }
            AppError::NotFound => Some(t_string!(i18n, link_unknown).to_string()),
            other => Some(error_message(i18n, other)),
        })
    });
    let invitation = details.purpose == LinkPurpose::Invitation;
    let kind = details.role;
    let role = move || role_name(i18n, kind);
    let place = {
        let (city, firm) = (details.city.clone(), details.firm_name.clone());
        move || place_label(city.as_ref(), firm.as_deref(), lang.get())
    };
    let expires = details.expires_at.clone();

    view! {
        <h1 class="text-2xl font-semibold">
            {if invitation { view! { {t!(i18n, link_title_invitation)} }.into_any() } else { view! { {t!(i18n, link_title_reset)} }.into_any() }}
        </h1>
        <p class="mt-2 text-slate-700">
            {if invitation { view! { {t!(i18n, link_lead_invitation)} }.into_any() } else { view! { {t!(i18n, link_lead_reset)} }.into_any() }}
        </p>
        <dl class="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt class="text-slate-600">{t!(i18n, account_name)}</dt>
            <dd data-testid="link-name">{details.display_name.clone()}</dd>
            <dt class="text-slate-600">{t!(i18n, account_email)}</dt>
            <dd class="break-all" data-testid="link-email">{details.email.clone()}</dd>
            <dt class="text-slate-600">{t!(i18n, link_account)}</dt>
            <dd>{role} " · " {place}</dd>
        </dl>
        <p class="mt-3 text-sm text-slate-600">{t!(i18n, link_expires, expires = expires)}</p>
        <Form action attr:class="mt-6 space-y-4" attr:novalidate="true">
            <FormAlert message=general />
            <input type="hidden" name="token" value=token />
            // For password managers: the account the new password belongs to.
            <input type="hidden" name="username" autocomplete="username" value=details.email.clone() disabled />
            <TextField id="link-password" name="password" kind="password" autocomplete="new-password"
                label=move || t_string!(i18n, password_label).to_string() error=field("password")
                hint=Signal::derive(move || t_string!(i18n, password_hint).to_string()) />
            <TextField id="link-confirm" name="confirm_password" kind="password" autocomplete="new-password"
                label=move || t_string!(i18n, confirm_plain_password_label).to_string() error=field("confirm_password") />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>
                {move || if action.pending().get() {
                    t_string!(i18n, working).to_string()
                } else {
                    t_string!(i18n, link_submit).to_string()
                }}
            </button>
        </Form>
    }
}
