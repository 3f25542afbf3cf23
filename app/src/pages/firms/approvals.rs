use leptos::prelude::*;

use crate::components::round_trip::Form;

use crate::api::firms::{ApproveFirm, RejectFirm, list_pending_firms};
use crate::components::form::{BUTTON_CLASS, FormAlert, error_message, input_class};
use crate::components::i18n::{PageTitle, use_lang};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::firms::PendingFirm;

use super::kind_name;

/// The registrations awaiting the official's city (every city's for the admin).
#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let approve = ServerAction::<ApproveFirm>::new();
    let reject = ServerAction::<RejectFirm>::new();
    let pending = Resource::new(
        move || (approve.version().get(), reject.version().get()),
        |_| list_pending_firms(),
    );
    let failed = move || {
        [approve.value().get(), reject.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
            .map(|e| error_message(i18n, &e))
    };
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <PageTitle text=move || t_string!(i18n, approvals_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, approvals_title)}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, approvals_lead)}</p>
        <FormAlert message=Signal::derive(failed) />
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    pending.await.map(|firms| {
                        if firms.is_empty() {
                            view! { <p class="mt-6 text-slate-700">{t!(i18n, approvals_empty)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="mt-6 space-y-4" data-testid="pending-firms">
                                    {firms.into_iter().map(|firm| view! { <PendingItem firm approve reject /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn PendingItem(
    firm: PendingFirm,
    approve: ServerAction<ApproveFirm>,
    reject: ServerAction<RejectFirm>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let approve_id = firm.id.to_string();
    let reject_id = approve_id.clone();
    let heading_id = format!("firm-{}-name", firm.id);
    let (approve_label, reject_label) = (heading_id.clone(), heading_id.clone());
    let reason_id = format!("firm-{}-reason", firm.id);
    let city = firm.city.clone();
    let kind = firm.kind;
    view! {
        <li class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 id=heading_id class="text-lg font-semibold">{firm.name.clone()}</h2>
            <dl class="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt class="text-slate-600">{t!(i18n, credit_code_label)}</dt>
                <dd class="font-mono break-all">{firm.credit_code.clone()}</dd>
                <dt class="text-slate-600">{t!(i18n, region_digits)}</dt>
                <dd><span class="font-mono font-semibold">{firm.region_code.clone()}</span> " · " {move || city.get(lang.get()).to_owned()}</dd>
                <dt class="text-slate-600">{t!(i18n, kind_label)}</dt>
                <dd>{move || kind_name(i18n, kind)}</dd>
                <dt class="text-slate-600">{t!(i18n, registered_at)}</dt>
                <dd>{firm.registered_at}</dd>
            </dl>
            <div class="mt-4 flex flex-wrap items-end gap-4">
                <Form action=approve key=approve_id.clone()>
                    <input type="hidden" name="firm_id" value=approve_id />
                    <button type="submit" class=BUTTON_CLASS aria-describedby=approve_label>{t!(i18n, approve)}</button>
                </Form>
                <Form action=reject key=reject_id.clone() attr:class="flex flex-wrap items-end gap-2">
                    <input type="hidden" name="firm_id" value=reject_id />
                    <div>
                        <label for=reason_id.clone() class="block text-sm font-medium">{t!(i18n, reject_reason_label)}</label>
                        <input id=reason_id name="reason" type="text" required class=input_class(false) />
                    </div>
                    <button type="submit" aria-describedby=reject_label
                        class="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800">
                        {t!(i18n, reject)}
                    </button>
                </Form>
            </div>
        </li>
    }
}
