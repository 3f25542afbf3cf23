use leptos::prelude::*;

use crate::api::accounts::{AccountSummary, SetAccountStatus, list_accounts};
use crate::components::form::FormAlert;
use crate::components::form::error_message;
use crate::components::i18n::{PageTitle, use_lang};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;

use super::{place_label, role_name};

/// The accounts the signed-in user may see, with the buttons the policy allows them.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let set_status = ServerAction::<SetAccountStatus>::new();
    let accounts = Resource::new(move || set_status.version().get(), |_| list_accounts());
    let loading = t_string!(i18n, loading).to_string();
    let failed = move || {
        set_status
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| error_message(i18n, &e))
    };

    view! {
        <PageTitle text=move || t_string!(i18n, accounts_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, accounts_title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, accounts_lead)}</p>
        <FormAlert message=Signal::derive(failed) />
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    accounts.await.map(|accounts| view! { <AccountList accounts set_status /> })
                })}
            </ErrorBoundary>
        </Transition>
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

#[component]
fn AccountItem(
    account: AccountSummary,
    set_status: ServerAction<SetAccountStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let role = role_name(i18n, account.role);
    let place = {
        let (city, firm) = (account.city.clone(), account.firm_name.clone());
        move || place_label(city.as_ref(), firm.as_deref(), lang.get())
    };
    let name_id = format!("account-{}-name", account.id);
    let active = account.active;
    view! {
        <li class="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div class="min-w-0">
                <p id=name_id.clone() class="font-medium">{account.display_name.clone()}</p>
                <p class="break-all text-sm text-slate-600">{account.email.clone()}</p>
                <p class="text-sm text-slate-600">{role} " · " {place}</p>
            </div>
            <div class="flex items-center gap-3">
                <span class=if active {
                    "rounded-full bg-green-100 px-2.5 py-0.5 text-xs font-medium text-green-900"
                } else {
                    "rounded-full bg-slate-200 px-2.5 py-0.5 text-xs font-medium text-slate-800"
                }>
                    {move || if active {
                        t_string!(i18n, account_status_active).to_string()
                    } else {
                        t_string!(i18n, account_status_disabled).to_string()
                    }}
                </span>
                {account.may_change_status.then(|| {
                    view! {
                        <ActionForm action=set_status>
                            <input type="hidden" name="user_id" value=account.id.to_string() />
                            <input type="hidden" name="active" value=(!active).to_string() />
                            <button
                                type="submit"
                                aria-describedby=name_id.clone()
                                class="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800"
                            >
                                {move || if active {
                                    t_string!(i18n, disable_account).to_string()
                                } else {
                                    t_string!(i18n, enable_account).to_string()
                                }}
                            </button>
                        </ActionForm>
                    }
                })}
            </div>
        </li>
    }
}
