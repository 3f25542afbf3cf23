//! The alliance's settings `/settings`, the admin's: the thresholds of the health rules that
//! colour every project in execution.

use leptos::prelude::*;

use crate::api::execution::{SetHealthSettings, get_alliance_settings};
use crate::components::form::{BUTTON_CLASS, FormAlert, FormErrors, TextField};
use crate::components::i18n::PageTitle;
use crate::components::round_trip::{Form, typed_or};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetHealthSettings>::new();
    let settings = Resource::new(move || action.version().get(), |_| get_alliance_settings());
    let errors = FormErrors::of(i18n, action, |_: &SetHealthSettings| true);
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, settings_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, settings_title)}</h1>
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    settings.await.map(|s| view! {
                        <section class="mt-6 max-w-2xl rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-labelledby="health-settings-heading">
                            <h2 id="health-settings-heading" class="text-lg font-semibold">{t!(i18n, settings_health_heading)}</h2>
                            <p class="mt-1 text-sm text-slate-600">{t!(i18n, settings_health_lead)}</p>
                            <Form action attr:class="mt-4 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
                                <input type="hidden" name="version" value=typed_or("version", s.version.to_string()) />
                                <TextField id="red-overdue-days" name="red_overdue_days" kind="number" autocomplete="off" inputmode="numeric"
                                    value=s.health.red_overdue_days.to_string()
                                    label=move || t_string!(i18n, settings_red_overdue_days).to_string() error=errors.field("red_overdue_days") />
                                <TextField id="stale-report-days" name="stale_report_days" kind="number" autocomplete="off" inputmode="numeric"
                                    value=s.health.stale_report_days.to_string()
                                    label=move || t_string!(i18n, settings_stale_report_days).to_string() error=errors.field("stale_report_days") />
                                <div class="sm:col-span-2">
                                    <FormAlert message=errors.general(&["red_overdue_days", "stale_report_days"]) />
                                    <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, settings_save)}</button>
                                </div>
                            </Form>
                        </section>
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}
