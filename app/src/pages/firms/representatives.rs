use leptos::prelude::*;

use leptos_router::hooks::use_params_map;

use crate::api::accounts::SetAccountStatus;
use crate::api::firms::list_representatives;
use crate::api::links::{AddRepresentative, IssuePasswordLink};
use crate::components::form::{
    BUTTON_CLASS, FormAlert, TextField, error_message, field_message, input_class,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::components::issued_link::{LinkForm, LinkTexts};
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::accounts::list::AccountItem;
use crate::pages::error::ErrorPage;
use crate::views::firms::FirmRepresentatives;
use leptos::server_fn::ServerFn;

/// A firm's representatives: its own people add colleagues here; its city's officials also
/// replace someone who left and issue password links.
#[component]
pub fn RepresentativesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let firm_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let add = ServerAction::<AddRepresentative>::new();
    let reset = ServerAction::<IssuePasswordLink>::new();
    let set_status = ServerAction::<SetAccountStatus>::new();
    let firm = Resource::new(
        move || {
            (
                firm_id(),
                add.version().get(),
                reset.version().get(),
                set_status.version().get(),
            )
        },
        |(id, ..)| list_representatives(id),
    );
    let failed = move || {
        [
            set_status.value().get().and_then(Result::err),
            reset.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e| error_message(i18n, &e))
    };
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <PageTitle text=move || t_string!(i18n, representatives_title).to_string() />
        <Transition fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    firm.await.map(|firm| view! {
                        <FirmHeading firm=firm.clone() />
                        <FormAlert message=Signal::derive(failed) />
                        <ul class="mt-6 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="representatives">
                            {firm.representatives.clone().into_iter().map(|account| view! { <AccountItem account set_status /> }).collect_view()}
                        </ul>
                        <AddColleague firm add />
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn FirmHeading(firm: FirmRepresentatives) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let city = firm.city;
    view! {
        <h1 class="text-2xl font-semibold">{t!(i18n, representatives_title)} " · " {firm.firm_name}</h1>
        <p class="mt-1 text-slate-600">{move || city.get(lang.get()).to_owned()}</p>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, representatives_lead)}</p>
    }
}

/// The form for a new colleague; with `may_replace`, whom they replace.
#[component]
fn AddColleague(firm: FirmRepresentatives, add: ServerAction<AddRepresentative>) -> impl IntoView {
    let i18n = use_i18n();
    if !firm.may_add {
        return (!firm.approved)
            .then(|| view! { <p class="mt-6 text-slate-700">{t!(i18n, representatives_pending_firm)}</p> })
            .into_any();
    }
    let error = move || add.value().get().and_then(Result::err);
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
                if ["display_name", "email", "replaces"].contains(&field.as_str()) =>
            {
                None
            }
            other => Some(error_message(i18n, other)),
        })
    });
    let replaces_error = field("replaces");
    let replaceable: Vec<_> = firm
        .representatives
        .iter()
        .filter(|r| r.active)
        .map(|r| (r.id, format!("{} ({})", r.display_name, r.email)))
        .collect();
    view! {
        <section aria-labelledby="add-colleague" class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 id="add-colleague" class="text-lg font-semibold">{t!(i18n, add_colleague_heading)}</h2>
            <LinkForm action=AddRepresentative::url().to_owned() key="colleague".to_owned() texts=LinkTexts::new() class="mt-4 grid gap-4 sm:grid-cols-2".to_owned()>
                <input type="hidden" name="firm_id" value=firm.firm_id.to_string() />
                <TextField id="colleague-name" name="display_name" kind="text" autocomplete="off"
                    label=move || t_string!(i18n, person_name_label).to_string() error=field("display_name") />
                <TextField id="colleague-email" name="email" kind="email" autocomplete="off"
                    label=move || t_string!(i18n, email_label).to_string() error=field("email") />
                {if firm.may_replace {
                    view! {
                        <div class="sm:col-span-2">
                            <label for="colleague-replaces" class="block text-sm font-medium">{t!(i18n, replaces_label)}</label>
                            <select id="colleague-replaces" name="replaces"
                                aria-invalid=move || replaces_error.with(Option::is_some).to_string()
                                aria-describedby="colleague-replaces-error"
                                class=move || input_class(replaces_error.with(Option::is_some))>
                                <option value="">{t!(i18n, replaces_none)}</option>
                                {replaceable.into_iter().map(|(id, name)| view! {
                                    <option value=id.to_string()>{name}</option>
                                }).collect_view()}
                            </select>
                            <p id="colleague-replaces-error" class="mt-1 text-sm text-red-700" class:hidden=move || replaces_error.with(Option::is_none)>
                                {move || replaces_error.get().unwrap_or_default()}
                            </p>
                        </div>
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="replaces" value="" /> }.into_any()
                }}
                <div class="sm:col-span-2">
                    <FormAlert message=general />
                    <button type="submit" class=BUTTON_CLASS>
                        {t!(i18n, add_colleague_submit)}
                    </button>
                </div>
            </LinkForm>
        </section>
    }
    .into_any()
}
