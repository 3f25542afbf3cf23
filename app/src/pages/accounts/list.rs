use leptos::prelude::*;

use crate::components::confirm::{Confirm, Opener};
use crate::components::round_trip::Form;

use crate::api::accounts::{SetAccountStatus, get_current_user, list_accounts};
use crate::api::cities::list_cities;
use crate::api::links::{InviteOfficial, IssuePasswordLink};
use crate::components::form::{
    BUTTON_CLASS, FormAlert, TextField, error_message, field_message, input_class,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::components::issued_link::{LinkForm, LinkTexts};
use crate::domain::account::RoleKind;
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::accounts::AccountSummary;
use leptos::server_fn::ServerFn;

use super::role_name;

/// The accounts the signed-in user may see, with the buttons the policy allows them; for the
/// admin, the form that invites an official.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let set_status = ServerAction::<SetAccountStatus>::new();
    let reset = ServerAction::<IssuePasswordLink>::new();
    let invite = ServerAction::<InviteOfficial>::new();
    let accounts = Resource::new(
        move || {
            (
                set_status.version().get(),
                reset.version().get(),
                invite.version().get(),
            )
        },
        |_| list_accounts(),
    );
    let user = Resource::new(|| (), |_| get_current_user());
    let cities = Resource::new(|| (), |_| list_cities());
    let loading = t_string!(i18n, loading).to_string();
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

    view! {
        <PageTitle text=move || t_string!(i18n, accounts_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, accounts_title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, accounts_lead)}</p>
        <FormAlert message=Signal::derive(failed) />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let admin = matches!(user.await, Ok(Some(ref u)) if u.role == RoleKind::Admin);
                let cities = cities.await.unwrap_or_default();
                admin.then(|| view! { <InviteOfficialForm invite cities /> })
            })}
        </Suspense>
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    accounts.await.map(|accounts| view! { <AccountList accounts set_status /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The admin invites an official of a city.
#[component]
fn InviteOfficialForm(
    invite: ServerAction<InviteOfficial>,
    cities: Vec<crate::domain::city::City>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let error = move || invite.value().get().and_then(Result::err);
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
                if ["display_name", "email", "city"].contains(&field.as_str()) =>
            {
                None
            }
            other => Some(error_message(i18n, other)),
        })
    });
    let city_error = field("city");
    view! {
        <section aria-labelledby="invite-official" class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 id="invite-official" class="text-lg font-semibold">{t!(i18n, invite_official_heading)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, invite_official_lead)}</p>
            <LinkForm action=InviteOfficial::url().to_owned() key="invite".to_owned() texts=LinkTexts::new() class="mt-4 grid gap-4 sm:grid-cols-3".to_owned()>
                <TextField id="invite-name" name="display_name" kind="text" autocomplete="off"
                    label=move || t_string!(i18n, person_name_label).to_string() error=field("display_name") />
                <TextField id="invite-email" name="email" kind="email" autocomplete="off"
                    label=move || t_string!(i18n, email_label).to_string() error=field("email") />
                <div>
                    <label for="invite-city" class="block text-sm font-medium">{t!(i18n, city_label)}</label>
                    <select id="invite-city" name="city" required
                        aria-invalid=move || city_error.with(Option::is_some).to_string()
                        aria-describedby="invite-city-error"
                        class=move || input_class(city_error.with(Option::is_some))>
                        <option value="">{t!(i18n, choose)}</option>
                        {cities.into_iter().map(|city| {
                            let code = city.code.as_str().to_owned();
                            view! { <option value=code>{move || city.name(lang.get()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                    <p id="invite-city-error" class="mt-1 text-sm text-red-700" class:hidden=move || city_error.with(Option::is_none)>
                        {move || city_error.get().unwrap_or_default()}
                    </p>
                </div>
                <div class="sm:col-span-3">
                    <FormAlert message=general />
                    <button type="submit" class=BUTTON_CLASS>
                        {t!(i18n, invite_official_submit)}
                    </button>
                </div>
            </LinkForm>
        </section>
    }
}

#[component]
fn AccountList(
    accounts: Vec<AccountSummary>,
    set_status: ServerAction<SetAccountStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    if accounts.is_empty() {
        return view! { <p class="mt-6 text-slate-700">{t!(i18n, accounts_empty)}</p> }.into_any();
    }
    view! {
        <ul class="mt-6 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="accounts">
            {accounts.into_iter().map(|account| view! { <AccountItem account set_status /> }).collect_view()}
        </ul>
    }
    .into_any()
}

const SMALL_BUTTON: &str = "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800";

/// One account with its status and the buttons the viewer may use.
#[component]
pub fn AccountItem(
    account: AccountSummary,
    set_status: ServerAction<SetAccountStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let kind = account.role;
    let role = move || role_name(i18n, kind);
    // Role · firm · city, with a separator only between parts that are there.
    let city = {
        let city = account.city.clone();
        move || {
            city.as_ref()
                .map(|c| format!(" · {}", c.get(lang.get())))
                .unwrap_or_default()
        }
    };
    let firm = account.firm_id.zip(account.firm_name.clone()).map(|(id, name)| {
        view! {
            " · "
            <a href=format!("/firms/{id}/representatives") class="text-red-800 underline">{name}</a>
        }
    });
    let name_id = format!("account-{}-name", account.id);
    let active = account.active;
    let awaiting = account.awaiting_password;
    view! {
        <li class="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div class="min-w-0">
                <p id=name_id.clone() class="font-medium">{account.display_name.clone()}</p>
                <p class="break-all text-sm text-slate-600">{account.email.clone()}</p>
                <p class="text-sm text-slate-600">{role} {firm} {city}</p>
            </div>
            <div class="flex flex-wrap items-center gap-3">
                <span class=if !active {
                    "rounded-full bg-slate-200 px-2.5 py-0.5 text-xs font-medium text-slate-800"
                } else if awaiting {
                    "rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-900"
                } else {
                    "rounded-full bg-green-100 px-2.5 py-0.5 text-xs font-medium text-green-900"
                }>
                    {move || if !active {
                        t_string!(i18n, account_status_disabled).to_string()
                    } else if awaiting {
                        t_string!(i18n, awaiting_password).to_string()
                    } else {
                        t_string!(i18n, account_status_active).to_string()
                    }}
                </span>
                {account.may_reset_password.then(|| {
                    let name_id = name_id.clone();
                    view! {
                        <LinkForm action=IssuePasswordLink::url().to_owned() key=format!("reset-{}", account.id) texts=LinkTexts::new()>
                            <input type="hidden" name="user_id" value=account.id.to_string() />
                            <button type="submit" aria-describedby=name_id class=SMALL_BUTTON>
                                {t!(i18n, issue_password_link)}
                            </button>
                        </LinkForm>
                    }
                })}
                {account.may_change_status.then(|| {
                    view! {
                        <Form action=set_status key=account.id.to_string()>
                            <input type="hidden" name="user_id" value=account.id.to_string() />
                            <input type="hidden" name="active" value=(!active).to_string() />
                            {if active {
                                view! {
                                    <Confirm opens=t_string!(i18n, disable_account) opener=Opener::Quiet described_by=name_id.clone()
                                        does=t_string!(i18n, confirm_disable)
                                        says=t_string!(i18n, says_disable).replace("{name}", &account.display_name) />
                                }.into_any()
                            } else {
                                view! {
                                    <button type="submit" aria-describedby=name_id.clone() class=SMALL_BUTTON>
                                        {t_string!(i18n, enable_account)}
                                    </button>
                                }.into_any()
                            }}
                        </Form>
                    }
                })}
            </div>
        </li>
    }
}
