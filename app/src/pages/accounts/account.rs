use leptos::prelude::*;

use crate::components::round_trip::Form;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{ChangePassword, SetLanguage, get_current_user};
use crate::components::form::{BUTTON_CLASS, FormAlert, TextField, error_message, field_message};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::Lang;
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::accounts::CurrentUser;

use super::{place_label, role_name};

/// The signed-in user's own account: who they are, their password, their language.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = Resource::new(|| (), |_| get_current_user());
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <PageTitle text=move || t_string!(i18n, account_title).to_string() />
        <Suspense fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    user.await
                        .and_then(|user| user.ok_or(AppError::Unauthenticated))
                        .map(|user| view! { <AccountContent user /> })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn AccountContent(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let role = role_name(i18n, user.role);
    let place = {
        let (city, firm) = (user.city.clone(), user.firm_name.clone());
        move || place_label(city.as_ref(), firm.as_deref(), lang.get())
    };
    view! {
        <h1 class="text-2xl font-semibold">{t!(i18n, account_title)}</h1>
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <section aria-labelledby="account-details" class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                <h2 id="account-details" class="text-lg font-semibold">{t!(i18n, account_details)}</h2>
                <dl class="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
                    <dt class="text-slate-600">{t!(i18n, account_name)}</dt>
                    <dd data-testid="account-name">{user.display_name.clone()}</dd>
                    <dt class="text-slate-600">{t!(i18n, account_email)}</dt>
                    <dd class="break-all">{user.email}</dd>
                    <dt class="text-slate-600">{t!(i18n, account_role)}</dt>
                    <dd>{role}</dd>
                    <dt class="text-slate-600">{t!(i18n, account_place)}</dt>
                    <dd>{place}</dd>
                </dl>
            </section>
            <LanguageForm />
            <ChangePasswordForm />
        </div>
    }
}

#[component]
fn LanguageForm() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section aria-labelledby="language-heading" class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 id="language-heading" class="text-lg font-semibold">{t!(i18n, language_heading)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, language_hint)}</p>
            // A plain form: the server keeps the choice with the account and reloads this page.
            <form method="post" action=SetLanguage::url() class="mt-4 space-y-3">
                <input type="hidden" name="next" value="/account" />
                <fieldset>
                    <legend class="sr-only">{t!(i18n, language_heading)}</legend>
                    <label class="flex items-center gap-2">
                        <input type="radio" name="lang" value=Lang::Zh.tag() checked=move || lang.get() == Lang::Zh />
                        <span lang="zh-CN">{t!(i18n, lang_zh)}</span>
                    </label>
                    <label class="mt-2 flex items-center gap-2">
                        <input type="radio" name="lang" value=Lang::En.tag() checked=move || lang.get() == Lang::En />
                        <span lang="en">{t!(i18n, lang_en)}</span>
                    </label>
                </fieldset>
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, language_save)}</button>
            </form>
        </section>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePassword>::new();
    let query = use_query_map();
    // A plain form post that succeeded comes back with this flag; the words are ours.
    let changed_by_post = move || query.with(|q| q.get("changed").as_deref() == Some("password"));
    let changed = move || {
        matches!(action.value().get(), Some(Ok(())))
            || (action.value().get().is_none() && changed_by_post())
    };
    let error = move || action.value().get().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error().and_then(|e| {
                e.field_code(name)
                    .map(|code| field_message(i18n, name, code))
            })
        })
    };
    let current_error = field("current_password");
    let new_error = field("new_password");
    let confirm_error = field("confirm_password");
    let general = Signal::derive(move || {
        error().and_then(|err| match &err {
            AppError::Validation { field, .. }
                if ["current_password", "new_password", "confirm_password"]
                    .contains(&field.as_str()) =>
            {
                None
            }
            other => Some(error_message(i18n, other)),
        })
    });

    view! {
        <section aria-labelledby="password-heading" class="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 lg:col-span-2">
            <h2 id="password-heading" class="text-lg font-semibold">{t!(i18n, change_password_heading)}</h2>
            <p role="status" class="mt-3 rounded-md bg-green-50 px-3 py-2 text-sm text-green-900 ring-1 ring-green-200" class:hidden=move || !changed()>
                {t!(i18n, password_changed)}
            </p>
            <FormAlert message=general />
            <Form action attr:class="mt-4 grid max-w-md gap-4" attr:novalidate="true">
                <TextField
                    id="current-password"
                    name="current_password"
                    kind="password"
                    autocomplete="current-password"
                    label=move || t_string!(i18n, current_password_label).to_string()
                    error=current_error
                />
                <TextField
                    id="new-password"
                    name="new_password"
                    kind="password"
                    autocomplete="new-password"
                    label=move || t_string!(i18n, new_password_label).to_string()
                    error=new_error
                    hint=Signal::derive(move || t_string!(i18n, new_password_hint_strength).to_string())
                />
                <TextField
                    id="confirm-password"
                    name="confirm_password"
                    kind="password"
                    autocomplete="new-password"
                    label=move || t_string!(i18n, confirm_password_label).to_string()
                    error=confirm_error
                />
                <div>
                    <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>
                        {t!(i18n, change_password_submit)}
                    </button>
                </div>
            </Form>
        </section>
    }
}
