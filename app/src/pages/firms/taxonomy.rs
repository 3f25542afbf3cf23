use leptos::prelude::*;

use crate::components::confirm::{Confirm, Opener};
use crate::components::round_trip::Form;

use crate::api::firms::taxonomy::{
    AddTaxonomyEntry, RenameTaxonomyEntry, SetTaxonomyEntryRetired, list_taxonomy,
};
use crate::components::form::{BUTTON_CLASS, FormAlert, error_message, input_class, track_failure};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::Bilingual;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;

#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddTaxonomyEntry>,
    rename: ServerAction<RenameTaxonomyEntry>,
    retire: ServerAction<SetTaxonomyEntryRetired>,
}

/// The capability taxonomy, the robot industry chain in two levels. Everyone reads it; the
/// admin adds, renames, retires and restores entries (an entry in use is retired, never
/// deleted).
#[component]
pub fn TaxonomyPage() -> impl IntoView {
    let i18n = use_i18n();
    let actions = Actions {
        add: ServerAction::new(),
        rename: ServerAction::new(),
        retire: ServerAction::new(),
    };
    let taxonomy = Resource::new(
        move || {
            (
                actions.add.version().get(),
                actions.rename.version().get(),
                actions.retire.version().get(),
            )
        },
        |_| list_taxonomy(false),
    );
    // The latest failure only (a later success clears it), brought into view: the forms sit
    // far below it.
    let failed = RwSignal::new(None::<String>);
    for value in [
        actions.add.value(),
        actions.rename.value(),
        actions.retire.value(),
    ] {
        track_failure(value, failed, move |e| error_message(i18n, e));
    }
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, taxonomy_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, taxonomy_title)}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, taxonomy_lead)}</p>
        <FormAlert message=failed reveal=true />
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    taxonomy.await.map(|taxonomy| {
                        let manage = taxonomy.may_manage;
                        view! {
                            <ol class="mt-6 space-y-4" data-testid="taxonomy">
                                {taxonomy.categories.into_iter().map(|category| {
                                    let heading = format!("category-{}", category.id);
                                    let labelled_by = heading.clone();
                                    view! {
                                        <li class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby=labelled_by>
                                            <EntryLine id=category.id level="category" name=category.name.clone() retired=category.retired
                                                firms=None manage actions heading=Some(heading) />
                                            <ul class="mt-3 divide-y divide-slate-100">
                                                {category.capabilities.into_iter().map(|entry| view! {
                                                    <li class="py-2">
                                                        <EntryLine id=entry.id level="capability" name=entry.name retired=entry.retired
                                                            firms=entry.firms manage actions heading=None />
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                            {manage.then(|| view! { <AddForm category=Some(category.id) action=actions.add /> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            {manage.then(|| view! {
                                <section class="mt-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                                    <h2 class="text-lg font-semibold">{t!(i18n, taxonomy_add_category)}</h2>
                                    <AddForm category=None action=actions.add />
                                </section>
                            })}
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// One entry: its names, whether it is retired, how many firms hold it, and (for the admin)
/// rename and retire or restore.
#[component]
fn EntryLine(
    id: i64,
    level: &'static str,
    name: Bilingual,
    retired: bool,
    firms: Option<i64>,
    manage: bool,
    actions: Actions,
    heading: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let shown = name.clone();
    let title = move || shown.get(lang.get()).to_owned();
    let other = name.clone();
    let other_name = move || other.get(lang.get().other()).to_owned();
    let zh_id = format!("{level}-{id}-zh");
    let en_id = format!("{level}-{id}-en");
    view! {
        <div class="flex flex-wrap items-center gap-2">
            {match heading {
                Some(heading) => view! { <h2 id=heading class="text-lg font-semibold">{title}</h2> }.into_any(),
                None => view! { <span class="font-medium">{title}</span> }.into_any(),
            }}
            <span class="text-sm text-slate-600">{other_name}</span>
            {retired.then(|| view! { <span class="rounded-full bg-slate-200 px-2 py-0.5 text-xs">{t!(i18n, retired_badge)}</span> })}
            {firms.map(|n| view! { <span class="text-sm text-slate-600">{t!(i18n, taxonomy_firms_holding, n = move || n)}</span> })}
        </div>
        {manage.then(|| view! {
            <div class="mt-2 flex flex-wrap items-start gap-3">
                <details class="rounded-md bg-slate-50 p-2 ring-1 ring-slate-200">
                    <summary class="cursor-pointer text-sm text-red-900">{t!(i18n, rename)}</summary>
                    <Form action=actions.rename key=format!("{level}-{id}") attr:class="mt-2 grid gap-2 sm:grid-cols-3" attr:novalidate="true">
                        <input type="hidden" name="level" value=level />
                        <input type="hidden" name="id" value=id.to_string() />
                        <div>
                            <label for=zh_id.clone() class="block text-sm font-medium">{t!(i18n, name_zh_label)}</label>
                            <input id=zh_id name="name_zh" type="text" value=name.zh.clone() required class=input_class(false) />
                        </div>
                        <div>
                            <label for=en_id.clone() class="block text-sm font-medium">{t!(i18n, name_en_label)}</label>
                            <input id=en_id name="name_en" type="text" value=name.en.clone() required class=input_class(false) />
                        </div>
                        <div class="flex items-end">
                            <button type="submit" class=BUTTON_CLASS>{t!(i18n, save)}</button>
                        </div>
                    </Form>
                </details>
                <Form action=actions.retire key=format!("{level}-{id}")>
                    <input type="hidden" name="level" value=level />
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="retired" value=(!retired).to_string() />
                    {match firms.filter(|n| *n > 0 && !retired) {
                        // Retiring what firms list asks first; retiring an unused entry, or
                        // restoring, is one press (and undone by the other).
                        Some(n) => view! {
                            <Confirm opens=t_string!(i18n, retire) opener=Opener::Quiet does=t_string!(i18n, confirm_retire)
                                says=t_string!(i18n, says_retire_in_use).replace("{count}", &n.to_string()) />
                        }.into_any(),
                        None => view! {
                            <button type="submit" class="rounded-md px-2 py-1 text-sm text-red-800 underline underline-offset-2">
                                {if retired { t!(i18n, restore).into_any() } else { t!(i18n, retire).into_any() }}
                            </button>
                        }.into_any(),
                    }}
                </Form>
            </div>
        })}
    }
}

/// A new capability under `category`, or a new category.
#[component]
fn AddForm(category: Option<i64>, action: ServerAction<AddTaxonomyEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let key = category
        .map(|c| c.to_string())
        .unwrap_or_else(|| "new".into());
    let zh_id = format!("add-{key}-zh");
    let en_id = format!("add-{key}-en");
    view! {
        <Form action attr:class="mt-3 grid gap-2 sm:grid-cols-3" attr:novalidate="true">
            <input type="hidden" name="category_id" value=category.map(|c| c.to_string()).unwrap_or_default() />
            <div>
                <label for=zh_id.clone() class="block text-sm font-medium">{t!(i18n, name_zh_label)}</label>
                <input id=zh_id name="name_zh" type="text" required class=input_class(false) />
            </div>
            <div>
                <label for=en_id.clone() class="block text-sm font-medium">{t!(i18n, name_en_label)}</label>
                <input id=en_id name="name_en" type="text" required class=input_class(false) />
            </div>
            <div class="flex items-end">
                <button type="submit" class=BUTTON_CLASS>
                    {if category.is_some() { t!(i18n, taxonomy_add_capability).into_any() } else { t!(i18n, taxonomy_add_category).into_any() }}
                </button>
            </div>
        </Form>
    }
}
