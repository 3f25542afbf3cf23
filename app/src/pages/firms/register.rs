use leptos::prelude::*;

use crate::components::round_trip::Form;

use crate::api::cities::list_cities;
use crate::api::firms::RegisterFirm;
use crate::components::form::{
    BUTTON_CLASS, FormAlert, TextField, error_message, field_message, input_class,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::components::round_trip::typed_or;
use crate::domain::firm::FirmKind;
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};

use super::kind_name;

const FIELDS: [&str; 8] = [
    "firm_name",
    "credit_code",
    "city",
    "kind",
    "rep_name",
    "email",
    "password",
    "confirm_password",
];

/// A firm registers itself with its first representative. Works without JavaScript (the
/// browser keeps what was typed when it goes back; with JavaScript nothing is reloaded).
#[component]
pub fn RegisterFirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let action = ServerAction::<RegisterFirm>::new();
    let cities = Resource::new(|| (), |_| list_cities());
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
            AppError::Validation { field, .. } if FIELDS.contains(&field.as_str()) => None,
            other => Some(error_message(i18n, other)),
        })
    });
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let city_error = field("city");
    let kind_error = field("kind");
    let loading = t_string!(i18n, loading).to_string();

    view! {
           <PageTitle text=move || t_string!(i18n, register_title).to_string() />
           // The cities are loaded before the page is sent, so the list is complete without JavaScript.
           <Suspense fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
           {move || Suspend::new(async move {
               let _ = cities.await;
               view! {
           <section class="mx-auto max-w-2xl rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
               <h1 class="text-2xl font-semibold">{t!(i18n, register_title)}</h1>
               <p class="mt-2 text-slate-700">{t!(i18n, register_lead)}</p>
               <div role="status" class="mt-4 rounded-md bg-green-50 px-3 py-2 text-green-900 ring-1 ring-green-200" class:hidden=move || !done()>
                   <p>{t!(i18n, registered)}</p>
                   <a href="/signin" class="mt-2 inline-block font-medium underline">{t!(i18n, nav_sign_in)}</a>
               </div>
               <FormAlert message=general />
               <Form action attr:class="mt-6 space-y-6" attr:novalidate="true">
                   <fieldset class="space-y-4">
                       <legend class="text-lg font-semibold">{t!(i18n, register_firm_heading)}</legend>
                       <TextField id="firm-name" name="firm_name" kind="text" autocomplete="organization"
                           label=move || t_string!(i18n, firm_name_label).to_string() error=field("firm_name")
    />
                       <TextField id="credit-code" name="credit_code" kind="text" autocomplete="off"
                           label=move || t_string!(i18n, credit_code_label).to_string() error=field("credit_code")

                           hint=Signal::derive(move || t_string!(i18n, credit_code_hint).to_string()) />
                       <div>
                           <label for="firm-city" class="block text-sm font-medium">{t!(i18n, city_label)}</label>
                           <select id="firm-city" name="city" required
                               aria-invalid=move || city_error.with(Option::is_some).to_string()
                               aria-describedby="firm-city-error"
                               class=move || input_class(city_error.with(Option::is_some))>
                               <option value="">{t!(i18n, choose)}</option>
                               {move || cities.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|city| {
                                   let code = city.code.as_str().to_owned();
                                   let selected = code == typed_or("city", "");
                                   view! { <option value=code selected=selected>{move || city.name(lang.get()).to_owned()}</option> }
                               }).collect_view()}
                           </select>
                           <p id="firm-city-error" class="mt-1 text-sm text-red-700" class:hidden=move || city_error.with(Option::is_none)>
                               {move || city_error.get().unwrap_or_default()}
                           </p>
                       </div>
                       <div>
                           <label for="firm-kind" class="block text-sm font-medium">{t!(i18n, kind_label)}</label>
                           <select id="firm-kind" name="kind" required
                               aria-invalid=move || kind_error.with(Option::is_some).to_string()
                               aria-describedby="firm-kind-error"
                               class=move || input_class(kind_error.with(Option::is_some))>
                               <option value="">{t!(i18n, choose)}</option>
                               {FirmKind::ALL.into_iter().map(|kind| view! {
                                   <option value=kind.as_db() selected=kind.as_db() == typed_or("kind", "")>{move || kind_name(i18n, kind)}</option>
                               }).collect_view()}
                           </select>
                           <p id="firm-kind-error" class="mt-1 text-sm text-red-700" class:hidden=move || kind_error.with(Option::is_none)>
                               {move || kind_error.get().unwrap_or_default()}
                           </p>
                       </div>
                   </fieldset>
                   <fieldset class="space-y-4">
                       <legend class="text-lg font-semibold">{t!(i18n, register_rep_heading)}</legend>
                       <TextField id="rep-name" name="rep_name" kind="text" autocomplete="name"
                           label=move || t_string!(i18n, rep_name_label).to_string() error=field("rep_name")
    />
                       <TextField id="rep-email" name="email" kind="email" autocomplete="email"
                           label=move || t_string!(i18n, email_label).to_string() error=field("email")
    />
                       <TextField id="rep-password" name="password" kind="password" autocomplete="new-password"
                           label=move || t_string!(i18n, password_label).to_string() error=field("password")
                           hint=Signal::derive(move || t_string!(i18n, password_hint).to_string()) />
                       <TextField id="rep-confirm" name="confirm_password" kind="password" autocomplete="new-password"
                           label=move || t_string!(i18n, confirm_plain_password_label).to_string() error=field("confirm_password") />
                   </fieldset>
                   <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>
                       {t!(i18n, register_submit)}
                   </button>
               </Form>
           </section>
               }
           })}
           </Suspense>
       }
}
