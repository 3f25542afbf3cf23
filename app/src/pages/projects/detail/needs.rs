//! A project's needs as its page shows them, and the forms that add and edit them.

use leptos::prelude::*;

use crate::components::round_trip::{Form, echoed_all, typed_or};

use crate::api::projects::{AddNeed, RemoveNeed, UpdateNeed};
use crate::components::form::{
    BUTTON_CLASS, ChangedNote, FormAlert, SelectField, TextAreaField, TextField, changed_now,
    error_message, field_message,
};
use crate::components::i18n::use_lang;
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::project::{NEED_FIELDS, NeedStatus};
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::firms::{certificate_name, level_name};
use crate::views::projects::NeedView;

#[component]
pub(super) fn Need(
    id: i64,
    version: i32,
    need: NeedView,
    editable: bool,
    may_match: bool,
    /// The viewer works the needs' invitations (in any state of the project).
    may_see_filled: bool,
    action: ServerAction<RemoveNeed>,
    update: ServerAction<UpdateNeed>,
    options: NeedOptions,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let name = need.capability.clone();
    let editing = need.clone();
    let level = need.level;
    let quantity = need.quantity;
    let cities = need.preferred_cities.clone();
    let certificates = need.certificates.clone();
    let status = need.status;
    view! {
        <li class="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
            // The need as it reads; the form that changes it stays outside, so the need's
            // text is its own (the form lists every capability).
            <div data-testid="need">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <p class="font-medium">{move || name.get(lang.get()).to_owned()}</p>
                <span class="text-sm text-slate-700">{move || match status {
                    NeedStatus::Open => t_string!(i18n, need_open).to_string(),
                    NeedStatus::Filled => t_string!(i18n, need_filled).to_string(),
                    NeedStatus::Closed => t_string!(i18n, need_closed).to_string(),
                }}</span>
            </div>
            <p class="mt-1 text-sm text-slate-700">
                {t!(i18n, need_level_at_least)} " " {move || level_name(i18n, level)} " · "
                {t!(i18n, need_quantity_is, n = move || quantity)}
            </p>
            {(!certificates.is_empty()).then(|| view! {
                <p class="mt-1 text-sm text-slate-700">{t!(i18n, need_certificates_label)} ": "
                    {certificates.iter().map(|c| certificate_name(i18n, *c, None)).collect::<Vec<_>>().join(t_string!(i18n, list_sep))}</p>
            })}
            {(!cities.is_empty()).then(|| view! {
                <p class="mt-1 text-sm text-slate-700">{t!(i18n, preferred_cities_label)} ": "
                    {move || cities.iter().map(|c| c.get(lang.get()).to_owned()).collect::<Vec<_>>().join(t_string!(i18n, list_sep))}</p>
            })}
            {(!need.note.is_empty()).then(|| view! { <p class="mt-1 whitespace-pre-line text-sm text-slate-700">{need.note.clone()}</p> })}
            {need.filled_by.clone().map(|p| {
                let city = p.city.clone();
                view! {
                    <p class="mt-1 text-sm text-slate-800" data-testid="filled-by">
                        {t!(i18n, need_filled_by)} " "
                        <a href=format!("/firms/{}", p.firm_id) class="font-medium text-red-800 underline underline-offset-2">{p.name.clone()}</a>
                        " · " {move || city.get(lang.get()).to_owned()}
                    </p>
                }
            })}
            // Open: its candidates (and invitations); filled: its invitations and participant,
            // where the selection can be revoked.
            {((may_match && status == NeedStatus::Open) || (may_see_filled && status == NeedStatus::Filled)).then(|| {
                let open = status == NeedStatus::Open;
                view! {
                    <a href=format!("/projects/{id}/needs/{}/candidates", need.id) class="mt-2 inline-block text-sm font-medium text-red-800 underline underline-offset-2">
                        {move || if open { t_string!(i18n, candidates_link).to_string() } else { t_string!(i18n, invitations_heading).to_string() }}
                    </a>
                }
            })}
            {(editable && status == NeedStatus::Open).then(|| view! {
                <Form action key=need.id.to_string() attr:class="mt-2">
                    <input type="hidden" name="project_id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <input type="hidden" name="need_id" value=need.id.to_string() />
                    <button type="submit" class="text-sm text-red-800 underline underline-offset-2" disabled=move || action.pending().get()>{t!(i18n, need_remove)}</button>
                </Form>
            })}
            </div>
            {(editable && status == NeedStatus::Open).then(|| view! {
                <NeedEditForm id version need=editing action=update options />
            })}
        </li>
    }
}

/// The taxonomy and the cities the need forms choose from.
pub(super) type NeedOptions = Resource<(
    Result<crate::views::taxonomy::Taxonomy, AppError>,
    Result<Vec<crate::domain::city::City>, AppError>,
)>;

/// Adds a need: a capability of the taxonomy, the level and quantity, the certificates it
/// requires and the cities it prefers.
#[component]
pub(super) fn NeedForm(
    id: i64,
    version: i32,
    action: ServerAction<AddNeed>,
    options: NeedOptions,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Form action attr:class="mt-3 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
            <input type="hidden" name="project_id" value=id.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <NeedFields prefix="need".to_owned() values=None options error />
            <div class="sm:col-span-2">
                <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, need_add)}</button>
            </div>
        </Form>
    }
}

/// Changes an open need; a change of capability, level or quantity withdraws its invitations.
#[component]
pub(super) fn NeedEditForm(
    id: i64,
    version: i32,
    need: NeedView,
    action: ServerAction<UpdateNeed>,
    options: NeedOptions,
) -> impl IntoView {
    let i18n = use_i18n();
    let need_id = need.id;
    // Only the refused need's form shows the refusal.
    let mine = crate::components::round_trip::refused_input::<UpdateNeed>()
        .is_some_and(|i| i.need_id == need_id.to_string());
    let error = Signal::derive(move || action.value().get().and_then(Result::err).filter(|_| mine));
    view! {
        <details class="mt-2" open=mine>
            <summary class="cursor-pointer text-sm text-red-800 underline underline-offset-2">{t!(i18n, need_edit)}</summary>
            <p class="mt-2 text-sm text-amber-900">{t!(i18n, need_edit_warning)}</p>
            <Form action key=need_id.to_string() attr:class="mt-3 grid gap-4 sm:grid-cols-2" attr:novalidate="true">
                <input type="hidden" name="project_id" value=id.to_string() />
                // After a refusal for a change made meanwhile, the version the form came back with.
                <input type="hidden" name="version" value=typed_or("version", version.to_string()) />
                <input type="hidden" name="need_id" value=need_id.to_string() />
                <NeedFields prefix=format!("need-{need_id}") values=Some(need) options error />
                <div class="sm:col-span-2">
                    <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(i18n, need_edit_submit)}</button>
                </div>
            </Form>
        </details>
    }
}

/// A need's fields, filled from `values` when it is a change.
#[component]
pub(super) fn NeedFields(
    prefix: String,
    values: Option<NeedView>,
    options: NeedOptions,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error.get().and_then(|e| {
                e.field_code(name)
                    .map(|code| field_message(i18n, name, code))
            })
        })
    };
    let general = Signal::derive(move || {
        error
            .get()
            .filter(|e| !e.is_about_fields(&NEED_FIELDS))
            .map(|e| error_message(i18n, &e))
    });
    view! {
        <Suspense>
            {move || {
                let prefix = prefix.clone();
                let values = values.clone();
                Suspend::new(async move {
                let (taxonomy, cities) = options.await;
                let taxonomy = taxonomy.map(|t| t.categories).unwrap_or_default();
                let cities = cities.unwrap_or_default();
                // What was typed before a refusal, else what is stored.
                let capability = typed_or("capability_id", values.as_ref().map(|v| v.capability_id.to_string()).unwrap_or_default());
                let level = typed_or("level", values.as_ref().map(|v| v.level.as_db()).unwrap_or_default());
                let quantity = values.as_ref().map(|v| v.quantity.to_string()).unwrap_or_default();
                let certificates = echoed_all("certificates").unwrap_or_else(|| {
                    values.as_ref().map(|v| v.certificates.iter().map(|c| c.as_db().to_owned()).collect()).unwrap_or_default()
                });
                let preferred: Vec<String> = echoed_all("preferred_cities")
                    .unwrap_or_else(|| values.as_ref().map(|v| v.preferred_city_codes.clone()).unwrap_or_default());
                let note = values.as_ref().map(|v| v.note.clone()).unwrap_or_default();
                // After a refusal for a change made meanwhile: each such field's value now.
                let refusal = error.get_untracked();
                let now = values.clone();
                let changed = move |name: &str| {
                    let now = now.as_ref()?;
                    changed_now(refusal.as_ref(), name, || {
                        let lang = lang.get_untracked();
                        let sep = t_string!(i18n, list_sep);
                        match name {
                            "capability_id" => now.capability.get(lang).to_owned(),
                            "level" => level_name(i18n, now.level),
                            "quantity" => now.quantity.to_string(),
                            "certificates" => now.certificates.iter().map(|c| certificate_name(i18n, *c, None)).collect::<Vec<_>>().join(sep),
                            "preferred_cities" => now.preferred_cities.iter().map(|c| c.get(lang).to_owned()).collect::<Vec<_>>().join(sep),
                            _ => now.note.clone(),
                        }
                    })
                };
                view! {
                    <SelectField id=format!("{prefix}-capability") name="capability_id" label=move || t_string!(i18n, capability_label).to_string() error=field("capability_id")
                        changed=changed("capability_id")>
                        <option value="">{t!(i18n, choose)}</option>
                        {taxonomy.into_iter().map(|c| {
                            let group = c.name.clone();
                            view! {
                                <optgroup label=move || group.get(lang.get()).to_owned()>
                                    {c.capabilities.into_iter().map(|e| {
                                        let name = e.name.clone();
                                        view! { <option value=e.id.to_string() selected=capability == e.id.to_string()>{move || name.get(lang.get()).to_owned()}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </SelectField>
                    <SelectField id=format!("{prefix}-level") name="level" label=move || t_string!(i18n, level_at_least_label).to_string() error=field("level")
                        changed=changed("level")>
                        {ProductionLevel::ALL.iter().map(|l| view! { <option value=l.as_db() selected=level == l.as_db()>{level_name(i18n, *l)}</option> }).collect_view()}
                    </SelectField>
                    <TextField id=format!("{prefix}-quantity") name="quantity" kind="number" autocomplete="off" value=quantity
                        label=move || t_string!(i18n, quantity_label).to_string() error=field("quantity") changed=changed("quantity") />
                    <fieldset>
                        <legend class="block text-sm font-medium">{t!(i18n, need_certificates_label)}</legend>
                        <div class="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                            {CertificateKind::ALL.iter().filter(|k| **k != CertificateKind::Other).map(|k| view! {
                                <label class="inline-flex items-center gap-2 text-sm">
                                    <input type="checkbox" name="certificates[]" value=k.as_db() checked=certificates.iter().any(|c| c == k.as_db()) class="h-4 w-4 rounded border-slate-400" />
                                    {certificate_name(i18n, *k, None)}
                                </label>
                            }).collect_view()}
                        </div>
                        <ChangedNote now=changed("certificates") />
                    </fieldset>
                    <fieldset>
                        <legend class="block text-sm font-medium">{t!(i18n, preferred_cities_label)}</legend>
                        <div class="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                            {cities.into_iter().map(|c| {
                                let code = c.code.as_str().to_owned();
                                let checked = preferred.iter().any(|p| p == c.code.as_str());
                                view! {
                                    <label class="inline-flex items-center gap-2 text-sm">
                                        <input type="checkbox" name="preferred_cities[]" value=code checked=checked class="h-4 w-4 rounded border-slate-400" />
                                        {move || c.name(lang.get()).to_owned()}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                        <ChangedNote now=changed("preferred_cities") />
                    </fieldset>
                    <div class="sm:col-span-2">
                        <TextAreaField id=format!("{prefix}-note") name="note" rows=2 max_chars=500 value=note
                            label=move || t_string!(i18n, need_note_label).to_string() error=field("note") changed=changed("note") />
                    </div>
                    <div class="sm:col-span-2">
                        <FormAlert message=general />
                    </div>
                }
            })}}
        </Suspense>
    }
}
