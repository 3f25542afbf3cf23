use leptos::prelude::*;

use crate::components::confirm::{Confirm, Opener};
use crate::components::round_trip::{Form, typed_or, was_refused};
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

use crate::api::firms::profile::{
    AddCertificate, AddFirmCapability, RemoveCertificate, RemoveFirmCapability,
    UpdateFirmCapability, VerifyFirmCapability, get_firm,
};
use crate::api::firms::taxonomy::list_taxonomy;
use crate::components::form::{
    BUTTON_CLASS, ChangedNote, FormAlert, TextField, changed_now, error_message, field_message,
    input_class, track_failure,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::Lang;
use crate::domain::firm::{CapabilityFigures, CertificateKind, ProductionLevel};
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::firms::{FirmCapability, FirmDetail};
use crate::views::taxonomy::Taxonomy;

use super::{RungBadge, certificate_name, kind_name, level_name};

const SECONDARY_BUTTON: &str = "inline-flex items-center rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800 disabled:opacity-60";

/// The actions of the page's forms, shared by every capability's forms.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddFirmCapability>,
    update: ServerAction<UpdateFirmCapability>,
    remove: ServerAction<RemoveFirmCapability>,
    add_certificate: ServerAction<AddCertificate>,
    remove_certificate: ServerAction<RemoveCertificate>,
    verify: ServerAction<VerifyFirmCapability>,
}

/// The label of a form field, for messages that name it.
fn field_label(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, field: &str) -> String {
    match field {
        "capability_id" => t_string!(i18n, capability_label).to_string(),
        "level" => t_string!(i18n, level_label).to_string(),
        "monthly_capacity" => t_string!(i18n, monthly_capacity_label).to_string(),
        "lead_time_days" => t_string!(i18n, lead_time_label).to_string(),
        "kind" => t_string!(i18n, certificate_label).to_string(),
        "other_name" => t_string!(i18n, certificate_other_name_label).to_string(),
        "number" => t_string!(i18n, certificate_number_label).to_string(),
        "issuer" => t_string!(i18n, certificate_issuer_label).to_string(),
        "expires_on" => t_string!(i18n, certificate_expires_label).to_string(),
        _ => String::new(),
    }
}

/// A failed change in words, naming each field that failed.
fn describe(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>, err: &AppError) -> String {
    let named = |field: &str, code: &str| match field_label(i18n, field) {
        label if label.is_empty() => field_message(i18n, field, code),
        label => format!("{label}: {}", field_message(i18n, field, code)),
    };
    match err {
        AppError::Validation { field, code } => named(field, code),
        AppError::Fields(errors) => errors
            .iter()
            .map(|(f, c)| named(f, c))
            .collect::<Vec<_>>()
            .join(" "),
        other => error_message(i18n, other),
    }
}

/// A firm's page: profile, capabilities with certificates and their rung on the trust ladder.
/// The firm's people keep it; its city's officials verify capabilities here.
#[component]
pub fn FirmDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let firm_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let actions = Actions {
        add: ServerAction::new(),
        update: ServerAction::new(),
        remove: ServerAction::new(),
        add_certificate: ServerAction::new(),
        remove_certificate: ServerAction::new(),
        verify: ServerAction::new(),
    };
    let firm = Resource::new(
        move || {
            (
                firm_id(),
                actions.add.version().get(),
                actions.update.version().get(),
                actions.remove.version().get(),
                actions.add_certificate.version().get(),
                actions.remove_certificate.version().get(),
                actions.verify.version().get(),
            )
        },
        |(id, ..)| get_firm(id),
    );
    let taxonomy = Resource::new(|| (), |_| list_taxonomy(false));
    // The last change of a capability that failed, above the list (the add form shows its
    // own): a later success or failure replaces it, so an old message never comes back.
    let failed = RwSignal::new(None::<String>);
    track_failure(actions.update.value(), failed, move |e| describe(i18n, e));
    track_failure(actions.remove.value(), failed, move |e| describe(i18n, e));
    track_failure(actions.add_certificate.value(), failed, move |e| {
        describe(i18n, e)
    });
    track_failure(actions.remove_certificate.value(), failed, move |e| {
        describe(i18n, e)
    });
    track_failure(actions.verify.value(), failed, move |e| describe(i18n, e));
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <Transition fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    let firm = firm.await?;
                    let taxonomy = taxonomy.await?;
                    Ok::<_, AppError>(view! {
                        <Profile firm=firm.clone() />
                        <section aria-labelledby="capabilities-heading" class="mt-8">
                            <h2 id="capabilities-heading" class="text-xl font-semibold">{t!(i18n, capabilities_heading)}</h2>
                            <p class="mt-1 max-w-3xl text-sm text-slate-700">{t!(i18n, trust_ladder_explained)}</p>
                            <FormAlert message=failed reveal=true />
                            {if firm.capabilities.is_empty() {
                                view! { <p class="mt-4 text-slate-700" data-testid="no-capabilities">{t!(i18n, capabilities_empty)}</p> }.into_any()
                            } else {
                                let (may_edit, may_verify) = (firm.may_edit, firm.may_verify);
                                view! {
                                    <ul class="mt-4 space-y-4" data-testid="capabilities">
                                        {firm.capabilities.clone().into_iter().map(|entry| view! {
                                            <CapabilityItem entry may_edit may_verify actions />
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {firm.may_edit.then(|| {
                                let held: Vec<i64> = firm.capabilities.iter().map(|c| c.capability_id).collect();
                                view! { <AddCapability firm_id=firm.id taxonomy=taxonomy.clone() held action=actions.add /> }
                            })}
                        </section>
                        <Participations list=firm.participations.clone() />
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Profile(firm: FirmDetail) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let city = firm.city.clone();
    let kind = firm.kind;
    let title = firm.name.clone();
    let none = move || t_string!(i18n, not_given).to_string();
    let optional = move |value: Option<String>| value.unwrap_or_else(none);
    view! {
        <PageTitle text=move || title.clone() />
        <div class="flex flex-wrap items-start justify-between gap-4">
            <div>
                <h1 class="text-2xl font-semibold">{firm.name.clone()}</h1>
                {firm.name_en.clone().map(|en| view! { <p class="text-slate-600" lang="en">{en}</p> })}
                <p class="mt-1 text-slate-700">{move || city.get(lang.get()).to_owned()} " · " {move || kind_name(i18n, kind)}</p>
                {(!firm.approved).then(|| view! {
                    <p class="mt-2 inline-block rounded-md bg-amber-100 px-2 py-1 text-sm text-amber-900 ring-1 ring-amber-300">{t!(i18n, firm_not_approved)}</p>
                })}
            </div>
            {firm.may_edit.then(|| view! {
                <a href=format!("/firms/{}/edit", firm.id) class=BUTTON_CLASS>{t!(i18n, edit_profile)}</a>
            })}
        </div>
        {(!firm.description.is_empty()).then(|| view! {
            <p class="mt-4 max-w-3xl whitespace-pre-line text-slate-800">{firm.description.clone()}</p>
        })}
        <dl class="mt-6 grid gap-x-6 gap-y-2 rounded-xl bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200 sm:grid-cols-[auto_1fr]">
            <dt class="text-slate-600">{t!(i18n, credit_code_label)}</dt>
            <dd class="font-mono break-all">{firm.credit_code.clone()}</dd>
            <dt class="text-slate-600">{t!(i18n, founded_year_label)}</dt>
            <dd>{optional(firm.founded_year.map(|y| y.to_string()))}</dd>
            <dt class="text-slate-600">{t!(i18n, staff_size_label)}</dt>
            <dd>{optional(firm.staff_size.map(|n| n.to_string()))}</dd>
            <dt class="text-slate-600">{t!(i18n, website_label)}</dt>
            <dd class="break-all">{match firm.website.clone() {
                Some(site) => { let text = site.clone();  view! { <a href=site rel="noopener noreferrer nofollow" target="_blank" class="text-red-800 underline underline-offset-2">{text}</a> }.into_any() }
                None => none().into_any(),
            }}</dd>
            <dt class="text-slate-600">{t!(i18n, contact_name_label)}</dt>
            <dd>{optional(firm.contact_name.clone())}</dd>
            <dt class="text-slate-600">{t!(i18n, contact_phone_label)}</dt>
            <dd>{optional(firm.contact_phone.clone())}</dd>
            <dt class="text-slate-600">{t!(i18n, contact_email_label)}</dt>
            <dd class="break-all">{optional(firm.contact_email.clone())}</dd>
            <dt class="text-slate-600">{t!(i18n, profile_updated_label)}</dt>
            <dd>{firm.updated_at.clone()}</dd>
        </dl>
    }
}

#[component]
fn CapabilityItem(
    entry: FirmCapability,
    may_edit: bool,
    may_verify: bool,
    actions: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (name, category) = (entry.name.clone(), entry.category.clone());
    let level = entry.level;
    let heading = format!("capability-{}", entry.id);
    let labelled_by = heading.clone();
    let (capacity, lead) = (entry.monthly_capacity, entry.lead_time_days);
    let verified = entry.verified_at.clone().zip(entry.verified_by.clone());
    view! {
        <li class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby=labelled_by>
            <div class="flex flex-wrap items-center gap-2">
                <h3 id=heading class="text-lg font-semibold">
                    {move || category.get(lang.get()).to_owned()} " / " {move || name.get(lang.get()).to_owned()}
                </h3>
                <RungBadge rung=entry.rung />
                {entry.retired.then(|| view! { <span class="rounded-full bg-slate-200 px-2 py-0.5 text-xs">{t!(i18n, retired_badge)}</span> })}
            </div>
            <p class="mt-1 text-sm text-slate-700">
                {move || level_name(i18n, level)} " · "
                {t!(i18n, capacity_per_month, n = move || capacity)} " · "
                {t!(i18n, lead_time_days, n = move || lead)}
            </p>
            {verified.map(|(at, by)| view! {
                <p class="mt-1 text-sm text-emerald-900">{t!(i18n, verified_by_at, name = move || by.clone(), at = move || at.clone())}</p>
            })}
            <Certificates entry=entry.clone() may_edit action=actions.remove_certificate />
            <div class="mt-3 flex flex-wrap items-start gap-3">
                {(may_verify && entry.rung != crate::domain::firm::TrustRung::Verified).then(|| view! {
                    <Form action=actions.verify key=entry.id.to_string()>
                        <input type="hidden" name="entry_id" value=entry.id.to_string() />
                        <input type="hidden" name="version" value=entry.version.to_string() />
                        <Confirm opens=t_string!(i18n, verify_capability) does=t_string!(i18n, confirm_verify)
                            says=t_string!(i18n, says_verify) />
                    </Form>
                })}
                {may_edit.then(|| view! { <EditCapability entry=entry.clone() actions /> })}
            </div>
        </li>
    }
}

#[component]
fn Certificates(
    entry: FirmCapability,
    may_edit: bool,
    action: ServerAction<RemoveCertificate>,
) -> impl IntoView {
    let i18n = use_i18n();
    if entry.certificates.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-600">{t!(i18n, certificates_none)}</p> }
            .into_any();
    }
    let version = entry.version.to_string();
    view! {
        <table class="mt-3 w-full text-left text-sm">
            <caption class="sr-only">{t!(i18n, certificates_caption)}</caption>
            <thead class="text-slate-600">
                <tr>
                    <th scope="col" class="py-1 pr-3 font-medium">{t!(i18n, certificate_label)}</th>
                    <th scope="col" class="py-1 pr-3 font-medium">{t!(i18n, certificate_number_label)}</th>
                    <th scope="col" class="hidden py-1 pr-3 font-medium sm:table-cell">{t!(i18n, certificate_issuer_label)}</th>
                    <th scope="col" class="py-1 pr-3 font-medium">{t!(i18n, certificate_expires_label)}</th>
                    {may_edit.then(|| view! { <th scope="col" class="py-1"><span class="sr-only">{t!(i18n, actions_label)}</span></th> })}
                </tr>
            </thead>
            <tbody>
                {entry.certificates.into_iter().map(|c| {
                    let name = certificate_name(i18n, c.kind, c.other_name.as_deref());
                    let version = version.clone();
                    view! {
                        <tr class="border-t border-slate-100">
                            <td class="py-1 pr-3">{name}</td>
                            <td class="py-1 pr-3 break-all">{c.number.clone()}</td>
                            <td class="hidden py-1 pr-3 sm:table-cell">{c.issuer.clone()}</td>
                            <td class="py-1 pr-3">
                                {c.expires_on.clone()}
                                {c.expired.then(|| view! {
                                    " " <span class="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900 ring-1 ring-red-300">{t!(i18n, certificate_expired)}</span>
                                })}
                            </td>
                            {may_edit.then(|| view! {
                                <td class="py-1 text-right">
                                    <Form action key=c.id.to_string()>
                                        <input type="hidden" name="certificate_id" value=c.id.to_string() />
                                        <input type="hidden" name="version" value=version />
                                        <Confirm opens=t_string!(i18n, remove) opener=Opener::Quiet does=t_string!(i18n, confirm_remove)
                                            says=t_string!(i18n, says_remove_certificate) />
                                    </Form>
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Change the figures, list a certificate, or remove the capability: behind a disclosure, so
/// the page stays a page to read.
#[component]
fn EditCapability(entry: FirmCapability, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = entry.id;
    let field_id = move |name: &str| format!("capability-{id}-{name}");
    let (level_id, capacity_id, lead_id) =
        (field_id("level"), field_id("capacity"), field_id("lead"));
    let (kind_id, other_id, number_id, issuer_id, expires_id) = (
        field_id("kind"),
        field_id("other"),
        field_id("number"),
        field_id("issuer"),
        field_id("expires"),
    );
    let version = entry.version.to_string();
    let (version_update, version_certificate) = (version.clone(), version.clone());
    let key = id.to_string();
    // Back from a refusal of one of its forms: open, with that form's errors.
    let open = [
        UpdateFirmCapability::PATH,
        AddCertificate::PATH,
        RemoveFirmCapability::PATH,
    ]
    .iter()
    .any(|path| was_refused(path, &key));
    let refusal = actions.update.value().get_untracked().and_then(Result::err);
    let figures = CapabilityFigures {
        level: entry.level,
        monthly_capacity: entry.monthly_capacity,
        lead_time_days: entry.lead_time_days,
    }
    .to_form();
    let changed = move |name: &str, now: String| {
        changed_now(
            refusal
                .as_ref()
                .filter(|_| was_refused(UpdateFirmCapability::PATH, &id.to_string())),
            name,
            || now,
        )
    };
    view! {
        <details class="w-full rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" open=open>
            <summary class="cursor-pointer text-sm font-medium text-red-900">{t!(i18n, edit_capability)}</summary>
            <Form action=actions.update key=id.to_string() attr:class="mt-3 grid gap-3 sm:grid-cols-3" attr:novalidate="true">
                <input type="hidden" name="entry_id" value=id.to_string() />
                <input type="hidden" name="version" value=typed_or("version", version_update) />
                <div>
                    <label for=level_id.clone() class="block text-sm font-medium">{t!(i18n, level_label)}</label>
                    <select id=level_id name="level" class=input_class(false)>
                        {ProductionLevel::ALL.iter().map(|l| view! {
                            <option value=l.as_db() selected=l.as_db() == typed_or("level", figures.level.clone())>{level_name(i18n, *l)}</option>
                        }).collect_view()}
                    </select>
                    <ChangedNote now=changed("level", level_name(i18n, entry.level)) />
                </div>
                <div>
                    <label for=capacity_id.clone() class="block text-sm font-medium">{t!(i18n, monthly_capacity_label)}</label>
                    <input id=capacity_id name="monthly_capacity" type="number" min="0" inputmode="numeric" value=typed_or("monthly_capacity", figures.monthly_capacity.clone()) class=input_class(false) />
                    <ChangedNote now=changed("monthly_capacity", figures.monthly_capacity.clone()) />
                </div>
                <div>
                    <label for=lead_id.clone() class="block text-sm font-medium">{t!(i18n, lead_time_label)}</label>
                    <input id=lead_id name="lead_time_days" type="number" min="0" inputmode="numeric" value=typed_or("lead_time_days", figures.lead_time_days.clone()) class=input_class(false) />
                    <ChangedNote now=changed("lead_time_days", figures.lead_time_days.clone()) />
                </div>
                <div class="sm:col-span-3">
                    <button type="submit" class=SECONDARY_BUTTON disabled=move || actions.update.pending().get()>{t!(i18n, save_capability)}</button>
                    <span class="ml-2 text-sm text-slate-600">{t!(i18n, edit_resets_verification)}</span>
                </div>
            </Form>
            <h4 class="mt-4 text-sm font-semibold">{t!(i18n, add_certificate_heading)}</h4>
            <Form action=actions.add_certificate key=id.to_string() attr:class="mt-2 grid gap-3 sm:grid-cols-2" attr:novalidate="true">
                <input type="hidden" name="entry_id" value=id.to_string() />
                <input type="hidden" name="version" value=version_certificate />
                <div>
                    <label for=kind_id.clone() class="block text-sm font-medium">{t!(i18n, certificate_label)}</label>
                    <select id=kind_id name="kind" class=input_class(false)>
                        {CertificateKind::ALL.iter().map(|k| view! {
                            <option value=k.as_db()>{certificate_name(i18n, *k, None)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for=other_id.clone() class="block text-sm font-medium">{t!(i18n, certificate_other_name_label)}</label>
                    <input id=other_id name="other_name" type="text" class=input_class(false) />
                </div>
                <div>
                    <label for=number_id.clone() class="block text-sm font-medium">{t!(i18n, certificate_number_label)}</label>
                    <input id=number_id name="number" type="text" required class=input_class(false) />
                </div>
                <div>
                    <label for=issuer_id.clone() class="block text-sm font-medium">{t!(i18n, certificate_issuer_label)}</label>
                    <input id=issuer_id name="issuer" type="text" required class=input_class(false) />
                </div>
                <div>
                    <label for=expires_id.clone() class="block text-sm font-medium">{t!(i18n, certificate_expires_label)}</label>
                    <input id=expires_id name="expires_on" type="date" required class=input_class(false) />
                </div>
                <div class="flex items-end">
                    <button type="submit" class=SECONDARY_BUTTON disabled=move || actions.add_certificate.pending().get()>{t!(i18n, add_certificate_submit)}</button>
                </div>
            </Form>
            <Form action=actions.remove key=id.to_string() attr:class="mt-4">
                <input type="hidden" name="entry_id" value=id.to_string() />
                <input type="hidden" name="version" value=version />
                <Confirm opens=t_string!(i18n, remove_capability) opener=Opener::Quiet does=t_string!(i18n, confirm_remove)
                    says=t_string!(i18n, says_remove_capability) />
            </Form>
        </details>
    }
}

/// A capability from the taxonomy, with its figures.
#[component]
fn AddCapability(
    firm_id: i64,
    taxonomy: Taxonomy,
    /// The capabilities the firm lists already (changed in their own forms, not added again).
    held: Vec<i64>,
    action: ServerAction<AddFirmCapability>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
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
        error()
            .filter(|e| {
                !e.is_about_fields(&[
                    "capability_id",
                    "level",
                    "monthly_capacity",
                    "lead_time_days",
                ])
            })
            .map(|e| error_message(i18n, &e))
    });
    let capability_error = field("capability_id");
    let level_error = field("level");
    let localized = move |zh: String, en: String| {
        move || match lang.get() {
            Lang::Zh => zh.clone(),
            Lang::En => en.clone(),
        }
    };
    view! {
        <section aria-labelledby="add-capability" class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h3 id="add-capability" class="text-lg font-semibold">{t!(i18n, add_capability_heading)}</h3>
            <Form action attr:class="mt-4 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
                <input type="hidden" name="firm_id" value=firm_id.to_string() />
                <div class="sm:col-span-2">
                    <label for="new-capability" class="block text-sm font-medium">{t!(i18n, capability_label)}</label>
                    <select id="new-capability" name="capability_id" required
                        aria-invalid=move || capability_error.with(Option::is_some).to_string()
                        aria-describedby="new-capability-error"
                        class=move || input_class(capability_error.with(Option::is_some))>
                        <option value="">{t!(i18n, choose_capability)}</option>
                        {taxonomy.categories.iter().filter(|c| !c.retired).map(|c| view! {
                            <optgroup label=localized(c.name.zh.clone(), c.name.en.clone())>
                                {c.capabilities.iter().filter(|e| !e.retired && !held.contains(&e.id)).map(|e| view! {
                                    <option value=e.id.to_string()>{localized(e.name.zh.clone(), e.name.en.clone())}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                    <p id="new-capability-error" class="mt-1 text-sm text-red-700" class:hidden=move || capability_error.with(Option::is_none)>
                        {move || capability_error.get().unwrap_or_default()}
                    </p>
                </div>
                <div>
                    <label for="new-level" class="block text-sm font-medium">{t!(i18n, level_label)}</label>
                    <select id="new-level" name="level"
                        aria-invalid=move || level_error.with(Option::is_some).to_string()
                        class=move || input_class(level_error.with(Option::is_some))>
                        {ProductionLevel::ALL.iter().map(|l| view! {
                            <option value=l.as_db()>{level_name(i18n, *l)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id="new-capacity" name="monthly_capacity" kind="number" autocomplete="off"
                    label=move || t_string!(i18n, monthly_capacity_label).to_string() error=field("monthly_capacity") />
                <TextField id="new-lead-time" name="lead_time_days" kind="number" autocomplete="off"
                    label=move || t_string!(i18n, lead_time_label).to_string() error=field("lead_time_days") />
                <div class="sm:col-span-2">
                    <FormAlert message=general />
                    <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, add_capability_submit)}</button>
                </div>
            </Form>
        </section>
    }
}

/// The projects the firm takes (or took) part in.
#[component]
fn Participations(list: Vec<crate::views::invitations::ParticipationView>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section aria-labelledby="participations-heading" class="mt-8">
            <h2 id="participations-heading" class="text-xl font-semibold">{t!(i18n, participations_heading)}</h2>
            {if list.is_empty() {
                view! { <p class="mt-2 text-slate-700">{t!(i18n, participations_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-3 space-y-2" data-testid="participations">
                        {list.into_iter().map(|p| {
                            let (city, capability, completed) = (p.project_city.clone(), p.capability.clone(), p.completed);
                            view! {
                                <li class="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
                                    <a href=format!("/projects/{}", p.project_id) class="font-medium text-red-800 underline underline-offset-2">{p.project_title.clone()}</a>
                                    <span class="ml-2 text-sm text-slate-700">
                                        {move || city.get(lang.get()).to_owned()} " · " {move || capability.get(lang.get()).to_owned()} " · "
                                        {p.selected_on} " · "
                                        {move || if completed { t_string!(i18n, participation_completed).to_string() } else { t_string!(i18n, participation_active).to_string() }}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
