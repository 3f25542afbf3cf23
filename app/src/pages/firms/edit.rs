use leptos::prelude::*;

use crate::components::round_trip::{Form, typed_or};
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::firms::profile::{UpdateFirmProfile, get_firm};
use crate::components::form::{
    BUTTON_CLASS, ChangedNote, FormAlert, TextField, changed_now, error_message, field_message,
    input_class, textarea_text,
};
use crate::components::i18n::PageTitle;
use crate::domain::firm::{DESCRIPTION_MAX_CHARS, FirmKind};
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::firms::FirmDetail;

use super::kind_name;

/// The fields of the profile form, each shown next to its own error.
const FIELDS: [&str; 10] = [
    "name",
    "name_en",
    "kind",
    "description",
    "founded_year",
    "staff_size",
    "website",
    "contact_name",
    "contact_phone",
    "contact_email",
];

/// The firm's profile, for its representatives and the admin. The form carries the version it
/// was filled from: if someone saved meanwhile, the save is refused and what was typed stays.
#[component]
pub fn FirmEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let firm_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let firm = Resource::new(firm_id, get_firm);
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, edit_profile_title).to_string() />
        <Transition fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    firm.await.and_then(|firm| {
                        if firm.may_edit {
                            Ok(view! { <ProfileForm firm /> })
                        } else {
                            Err(AppError::Forbidden)
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn ProfileForm(firm: FirmDetail) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<UpdateFirmProfile>::new();
    let firm_id = firm.id;
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            navigate(&format!("/firms/{firm_id}"), Default::default());
        }
    });
    let error = move || save.value().get().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error().and_then(|e| {
                e.field_code(name)
                    .map(|code| field_message(i18n, name, code))
            })
        })
    };
    let general = Signal::derive(move || {
        error()
            .filter(|e| !e.is_about_fields(&FIELDS))
            .map(|e| error_message(i18n, &e))
    });
    // After a refusal for a change made meanwhile: each such field's value now, beside it.
    let refusal = error();
    let changed = move |name: &str, now: String| changed_now(refusal.as_ref(), name, || now);
    let kind_error = field("kind");
    let description_error = field("description");
    let optional = |v: Option<String>| v.unwrap_or_default();
    let number = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <h1 class="text-2xl font-semibold">{t!(i18n, edit_profile_title)} " · " {firm.name.clone()}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, edit_profile_lead)}</p>
        <Form action=save attr:class="mt-6 grid gap-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2" attr:novalidate="true">
            <input type="hidden" name="firm_id" value=firm.id.to_string() />
            // After a refusal for a change made meanwhile, the version the form came back with.
            <input type="hidden" name="version" value=typed_or("version", firm.version.to_string()) />
            {if firm.may_edit_name {
                view! {
                    <TextField id="profile-name" name="name" kind="text" autocomplete="organization"
                        label=move || t_string!(i18n, firm_name_label).to_string() error=field("name") value=firm.name.clone()
                        changed=changed("name", firm.name.clone()) />
                }.into_any()
            } else {
                view! {
                    <div>
                        <p class="block text-sm font-medium">{t!(i18n, firm_name_label)}</p>
                        <p class="mt-1 py-2">{firm.name.clone()}</p>
                        <p class="text-sm text-slate-600">{t!(i18n, name_locked_hint)}</p>
                        <input type="hidden" name="name" value=firm.name.clone() />
                    </div>
                }.into_any()
            }}
            <TextField id="profile-name-en" name="name_en" kind="text" autocomplete="off" optional=true
                label=move || t_string!(i18n, firm_name_en_label).to_string() error=field("name_en") value=optional(firm.name_en.clone())
                changed=changed("name_en", optional(firm.name_en.clone())) />
            <div>
                <label for="profile-kind" class="block text-sm font-medium">{t!(i18n, kind_label)}</label>
                <select id="profile-kind" name="kind"
                    aria-invalid=move || kind_error.with(Option::is_some).to_string()
                    class=move || input_class(kind_error.with(Option::is_some))>
                    {FirmKind::ALL.iter().map(|k| view! {
                        <option value=k.as_db() selected=k.as_db() == typed_or("kind", firm.kind.as_db())>{kind_name(i18n, *k)}</option>
                    }).collect_view()}
                </select>
                <ChangedNote now=changed("kind", kind_name(i18n, firm.kind)) />
            </div>
            <TextField id="profile-founded" name="founded_year" kind="number" autocomplete="off" optional=true
                label=move || t_string!(i18n, founded_year_label).to_string() error=field("founded_year") value=number(firm.founded_year.map(i64::from))
                changed=changed("founded_year", number(firm.founded_year.map(i64::from))) />
            <div class="sm:col-span-2">
                <label for="profile-description" class="block text-sm font-medium">{t!(i18n, description_label)}</label>
                <textarea id="profile-description" name="description" rows="5" maxlength=DESCRIPTION_MAX_CHARS.to_string()
                    aria-invalid=move || description_error.with(Option::is_some).to_string()
                    aria-describedby="profile-description-hint profile-description-error"
                    class=move || input_class(description_error.with(Option::is_some))>{textarea_text(typed_or("description", firm.description.clone()))}</textarea>
                <p id="profile-description-hint" class="mt-1 text-sm text-slate-600">{t!(i18n, description_hint)}</p>
                <p id="profile-description-error" class="mt-1 text-sm text-red-700" class:hidden=move || description_error.with(Option::is_none)>
                    {move || description_error.get().unwrap_or_default()}
                </p>
                <ChangedNote now=changed("description", firm.description.clone()) />
            </div>
            <TextField id="profile-staff" name="staff_size" kind="number" autocomplete="off" optional=true
                label=move || t_string!(i18n, staff_size_label).to_string() error=field("staff_size") value=number(firm.staff_size.map(i64::from))
                changed=changed("staff_size", number(firm.staff_size.map(i64::from))) />
            <TextField id="profile-website" name="website" kind="url" autocomplete="url" optional=true
                label=move || t_string!(i18n, website_label).to_string() error=field("website") value=optional(firm.website.clone())
                changed=changed("website", optional(firm.website.clone())) />
            <TextField id="profile-contact-name" name="contact_name" kind="text" autocomplete="name" optional=true
                label=move || t_string!(i18n, contact_name_label).to_string() error=field("contact_name") value=optional(firm.contact_name.clone())
                changed=changed("contact_name", optional(firm.contact_name.clone())) />
            <TextField id="profile-contact-phone" name="contact_phone" kind="tel" autocomplete="tel" optional=true
                label=move || t_string!(i18n, contact_phone_label).to_string() error=field("contact_phone") value=optional(firm.contact_phone.clone())
                changed=changed("contact_phone", optional(firm.contact_phone.clone())) />
            <TextField id="profile-contact-email" name="contact_email" kind="email" autocomplete="email" optional=true
                label=move || t_string!(i18n, contact_email_label).to_string() error=field("contact_email") value=optional(firm.contact_email.clone())
                changed=changed("contact_email", optional(firm.contact_email.clone())) />
            <div class="sm:col-span-2">
                <FormAlert message=general />
                <div class="mt-2 flex flex-wrap items-center gap-4">
                    <button type="submit" class=BUTTON_CLASS disabled=move || save.pending().get()>{t!(i18n, save_profile)}</button>
                    <a href=format!("/firms/{}", firm.id) class="text-red-800 underline underline-offset-2">{t!(i18n, cancel)}</a>
                </div>
            </div>
        </Form>
    }
}
