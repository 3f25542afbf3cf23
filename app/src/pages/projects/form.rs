use leptos::prelude::*;

use crate::components::round_trip::{Form, echoed_all, typed_or};
use leptos_router::hooks::use_params_map;

use crate::api::projects::{CreateProject, UpdateProject, get_project_form};
use crate::components::form::{
    BUTTON_CLASS, FormAlert, SelectField, TextAreaField, TextField, error_message, field_message,
};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::project::{
    DESCRIPTION_MAX_CHARS, PROJECT_FIELDS, ProjectForm, ResearchStage, SUMMARY_MAX_CHARS, Scenario,
};
use crate::errors::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::projects::ProjectFormData;

use super::{scenario_name, stage_name};

/// Posts a new project of the official's city (a draft until published on its page). Works
/// without JavaScript: a refused post comes back with every field as typed and each error
/// next to its field.
#[component]
pub fn NewProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_project_form(String::new()));
    let create = ServerAction::<CreateProject>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, project_new_title).to_string() />
        <Transition fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    data.await.map(|data| {
                        let city = data.city.clone();
                        let lang = use_lang();
                        view! {
                            <h1 class="text-2xl font-semibold">{t!(i18n, project_new_title)}</h1>
                            <p class="mt-2 max-w-3xl text-slate-700">
                                {t!(i18n, project_new_lead)} " " {move || city.get(lang.get()).to_owned()}
                            </p>
                            <Form action=create attr:class="mt-6 grid gap-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2" attr:novalidate="true">
                                <ProjectFields data error now=Signal::derive(|| None) />
                                <div class="sm:col-span-2">
                                    <FormAlert message=Signal::derive(move || general(i18n, error.get())) />
                                    <div class="mt-2 flex flex-wrap items-center gap-4">
                                        <button type="submit" class=BUTTON_CLASS disabled=move || create.pending().get()>{t!(i18n, project_create_submit)}</button>
                                        <a href="/projects" class="text-red-800 underline underline-offset-2">{t!(i18n, cancel)}</a>
                                    </div>
                                </div>
                            </Form>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Edits a project. The form names the version it was filled from; if someone saved meanwhile,
/// the save is refused, what was typed stays, and each field that changed shows its value now.
#[component]
pub fn EditProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let project_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(project_id, get_project_form);
    let save = ServerAction::<UpdateProject>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, project_edit_title).to_string() />
        <Transition fallback=move || view! { <p class="text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    data.await.map(|data| {
                        let id = data.project_id.unwrap_or_default();
                        let title = data.title.clone();
                        // After a refusal the form names the version it came back with (the
                        // one it was filled from, or after a merge the one now).
                        let version = data.version.to_string();
                        // The page is read after the refusal: the project as it is now.
                        let now_data = data.clone();
                        let now = Signal::derive(move || Some((now_data.current.clone().unwrap_or_default(), now_data.clone())));
                        view! {
                            <h1 class="text-2xl font-semibold">{t!(i18n, project_edit_title)} " · " {title}</h1>
                            <Form action=save attr:class="mt-6 grid gap-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2" attr:novalidate="true">
                                <input type="hidden" name="project_id" value=id.to_string() />
                                <input type="hidden" name="version" value=typed_or("version", version) />
                                <ProjectFields data error now />
                                <div class="sm:col-span-2">
                                    <FormAlert message=Signal::derive(move || general(i18n, error.get())) />
                                    <div class="mt-2 flex flex-wrap items-center gap-4">
                                        <button type="submit" class=BUTTON_CLASS disabled=move || save.pending().get()>{t!(i18n, save)}</button>
                                        <a href=format!("/projects/{id}") class="text-red-800 underline underline-offset-2">{t!(i18n, cancel)}</a>
                                    </div>
                                </div>
                            </Form>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The words above the form: an error that no field shows on its own.
fn general(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    error: Option<AppError>,
) -> Option<String> {
    error
        .filter(|e| !e.is_about_fields(&PROJECT_FIELDS))
        .map(|e| error_message(i18n, &e))
}

/// The project's fields. `now`: after a refused save, the project as it is now (each field
/// someone changed meanwhile shows its current value).
#[component]
fn ProjectFields(
    data: ProjectFormData,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] now: Signal<Option<(ProjectForm, ProjectFormData)>>,
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
    // The value a field has now, in words, if it is one of the fields changed meanwhile.
    let changed = move |name: &'static str| {
        Signal::derive(move || {
            let Some(AppError::Changed { fields }) = error.get() else {
                return None;
            };
            if !fields.iter().any(|f| f == name) {
                return None;
            }
            now.with(|now| {
                now.as_ref()
                    .map(|(form, data)| shown(i18n, lang.get(), name, form, data))
            })
        })
    };
    let v = data.values.clone();
    // The choices as typed before a refusal, else as stored (text fields ask for themselves).
    let category_id = typed_or("category_id", v.category_id.clone());
    let stage = typed_or("stage", v.stage.clone());
    let lead_firm_id = typed_or("lead_firm_id", v.lead_firm_id.clone());
    let responsible_id = typed_or("responsible_id", v.responsible_id.clone());
    let scenarios = echoed_all("scenarios").unwrap_or_else(|| v.scenarios.clone());
    let empty = t_string!(i18n, none_option).to_string();
    view! {
        <div class="sm:col-span-2">
            <TextField id="project-title" name="title" kind="text" autocomplete="off"
                label=move || t_string!(i18n, project_title_label).to_string() error=field("title")
                value=v.title.clone() changed=changed("title") />
        </div>
        <div class="sm:col-span-2">
            <TextAreaField id="project-summary" name="summary" rows=3 max_chars=SUMMARY_MAX_CHARS
                label=move || t_string!(i18n, summary_label).to_string() error=field("summary")
                value=v.summary.clone() changed=changed("summary")
                hint=Signal::derive(move || t_string!(i18n, summary_hint).to_string()) />
        </div>
        <div class="sm:col-span-2">
            <TextAreaField id="project-description" name="description" rows=6 max_chars=DESCRIPTION_MAX_CHARS
                label=move || t_string!(i18n, project_description_label).to_string() error=field("description")
                value=v.description.clone() changed=changed("description")
                hint=Signal::derive(move || t_string!(i18n, project_description_hint).to_string()) />
        </div>
        <SelectField id="project-category" name="category_id" label=move || t_string!(i18n, category_label).to_string()
            error=field("category_id") changed=changed("category_id")>
            <option value="">{t!(i18n, choose)}</option>
            {data.categories.iter().map(|c| {
                let name = c.name.clone();
                view! { <option value=c.id.to_string() selected=c.id.to_string() == category_id>{move || name.get(lang.get()).to_owned()}</option> }
            }).collect_view()}
        </SelectField>
        <SelectField id="project-stage" name="stage" label=move || t_string!(i18n, stage_label).to_string()
            error=field("stage") changed=changed("stage")>
            <option value="">{t!(i18n, choose)}</option>
            {ResearchStage::ALL.iter().map(|s| view! {
                <option value=s.as_db() selected=s.as_db() == stage>{stage_name(i18n, *s)}</option>
            }).collect_view()}
        </SelectField>
        <SelectField id="project-lead-firm" name="lead_firm_id" label=move || t_string!(i18n, lead_firm_label).to_string()
            error=field("lead_firm_id") changed=changed("lead_firm_id")>
            <option value="">{empty.clone()}</option>
            {data.institutions.iter().map(|c| {
                let name = c.name.clone();
                view! { <option value=c.id.to_string() selected=c.id.to_string() == lead_firm_id>{move || name.get(lang.get()).to_owned()}</option> }
            }).collect_view()}
        </SelectField>
        <TextField id="project-lead-institution" name="lead_institution" kind="text" autocomplete="off" optional=true
            label=move || t_string!(i18n, lead_institution_label).to_string() error=field("lead_institution")
            value=v.lead_institution.clone() changed=changed("lead_institution")
            hint=Signal::derive(move || t_string!(i18n, lead_institution_hint).to_string()) />
        <TextField id="project-fund-city" name="fund_city" kind="text" autocomplete="off" optional=true
            label=move || t_string!(i18n, fund_city_field).to_string() error=field("fund_city")
            value=v.fund_city.clone() changed=changed("fund_city") />
        <TextField id="project-fund-province" name="fund_province" kind="text" autocomplete="off" optional=true
            label=move || t_string!(i18n, fund_province_field).to_string() error=field("fund_province")
            value=v.fund_province.clone() changed=changed("fund_province") />
        <TextField id="project-fund-investment" name="fund_investment" kind="text" autocomplete="off" optional=true
            label=move || t_string!(i18n, fund_investment_field).to_string() error=field("fund_investment")
            value=v.fund_investment.clone() changed=changed("fund_investment") />
        <TextField id="project-fund-own" name="fund_own" kind="text" autocomplete="off" optional=true
            label=move || t_string!(i18n, fund_own_field).to_string() error=field("fund_own")
            value=v.fund_own.clone() changed=changed("fund_own") />
        <TextField id="project-starts" name="starts_on" kind="date" autocomplete="off" optional=true
            label=move || t_string!(i18n, starts_on_label).to_string() error=field("starts_on")
            value=v.starts_on.clone() changed=changed("starts_on") />
        <TextField id="project-ends" name="ends_on" kind="date" autocomplete="off" optional=true
            label=move || t_string!(i18n, ends_on_label).to_string() error=field("ends_on")
            value=v.ends_on changed=changed("ends_on") />
        <SelectField id="project-responsible" name="responsible_id" label=move || t_string!(i18n, responsible_label).to_string()
            error=field("responsible_id") changed=changed("responsible_id")>
            {data.officials.iter().map(|c| {
                let name = c.name.clone();
                view! { <option value=c.id.to_string() selected=c.id.to_string() == responsible_id>{move || name.get(lang.get()).to_owned()}</option> }
            }).collect_view()}
        </SelectField>
        <fieldset class="sm:col-span-2">
            <legend class="block text-sm font-medium">{t!(i18n, scenarios_label)}</legend>
            <div class="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {Scenario::ALL.iter().map(|s| {
                    let checked = scenarios.iter().any(|x| x == s.as_db());
                    view! {
                        <label class="inline-flex items-center gap-2 text-sm">
                            <input type="checkbox" name="scenarios[]" value=s.as_db() checked=checked class="h-4 w-4 rounded border-slate-400" />
                            {scenario_name(i18n, *s)}
                        </label>
                    }
                }).collect_view()}
            </div>
            {move || changed("scenarios").get().map(|now| view! {
                <p class="mt-1 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="changed-meanwhile">
                    {t!(i18n, changed_meanwhile_now)} " " {now}
                </p>
            })}
        </fieldset>
        {move || match error.get() {
            Some(AppError::Changed { fields }) if fields.iter().any(|f| f == "needs") => Some(view! {
                <p class="sm:col-span-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="changed-meanwhile">
                    {t!(i18n, changed_meanwhile_needs)}
                </p>
            }),
            _ => None,
        }}
    }
}

/// A field's value in words: the names behind the ids, "—" for nothing.
fn shown(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    lang: crate::domain::Lang,
    name: &str,
    form: &ProjectForm,
    data: &ProjectFormData,
) -> String {
    let named = |choices: &[crate::views::projects::Choice], id: &str| {
        choices
            .iter()
            .find(|c| c.id.to_string() == id)
            .map(|c| c.name.get(lang).to_owned())
    };
    let text = match name {
        "title" => Some(form.title.clone()),
        "summary" => Some(form.summary.clone()),
        "description" => Some(form.description.clone()),
        "category_id" => named(&data.categories, &form.category_id),
        "stage" => ResearchStage::from_db(&form.stage)
            .ok()
            .map(|s| stage_name(i18n, s)),
        "lead_firm_id" => named(&data.institutions, &form.lead_firm_id),
        "lead_institution" => Some(form.lead_institution.clone()),
        "fund_city" => Some(form.fund_city.clone()),
        "fund_province" => Some(form.fund_province.clone()),
        "fund_investment" => Some(form.fund_investment.clone()),
        "fund_own" => Some(form.fund_own.clone()),
        "starts_on" => Some(form.starts_on.clone()),
        "ends_on" => Some(form.ends_on.clone()),
        "responsible_id" => named(&data.officials, &form.responsible_id),
        "scenarios" => Some(
            form.scenarios
                .iter()
                .filter_map(|s| Scenario::from_db(s).ok())
                .map(|s| scenario_name(i18n, s))
                .collect::<Vec<_>>()
                .join(t_string!(i18n, list_sep)),
        ),
        _ => None,
    };
    text.filter(|t| !t.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}
