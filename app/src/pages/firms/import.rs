//! Importing firms from a spreadsheet: the upload page (with the templates) and the preview,
//! which explains every row's problems and imports the valid rows on confirmation.

use leptos::prelude::*;

use crate::components::round_trip::Form;
use leptos_router::hooks::use_params_map;

use crate::api::firms::import::{firm_import_progress, get_firm_import};
use crate::components::form::{BUTTON_CLASS, FormAlert, code_message, error_message};
use crate::components::i18n::{PageTitle, use_lang};
use crate::domain::Lang;
use crate::domain::firm_import::{Column, RowProblem};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::imports::{ImportPreview, ImportStatus, PreviewRow};

const LINK_CLASS: &str = "font-medium text-red-800 underline hover:text-red-900";

/// The upload page. The form posts the file as multipart; the server sends the browser on to
/// the preview, or back here with the refusal's words.
#[component]
pub fn ImportFirmsPage() -> impl IntoView {
    let i18n = use_i18n();
    // Read from the refused post's address (see `components::round_trip`).
    let error = crate::components::round_trip::refusal_of(
        <crate::api::firms::import::UploadFirmImport as leptos::server_fn::ServerFn>::PATH,
    )
    .map(|e| error_message(i18n, &e));
    view! {
        <PageTitle text=move || t_string!(i18n, import_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, import_title)}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, import_lead)}</p>
        <p class="mt-1 max-w-3xl text-sm text-slate-600">{t!(i18n, import_lead_admin)}</p>
        <section class="mt-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 class="text-lg font-semibold">{t!(i18n, import_template_heading)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, import_columns_hint)}</p>
            <p class="mt-3 flex flex-wrap gap-4">
                <a class=LINK_CLASS href="/api/firm_import_template?lang=zh-CN" download>{t!(i18n, import_template_zh)}</a>
                <a class=LINK_CLASS href="/api/firm_import_template?lang=en" download>{t!(i18n, import_template_en)}</a>
            </p>
        </section>
        <form method="post" action="/api/upload_firm_import" enctype="multipart/form-data"
            class="mt-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <crate::components::round_trip::Pending working=t_string!(i18n, import_uploading).to_string() />
            <label for="import-file" class="block text-sm font-medium">{t!(i18n, import_file_label)}</label>
            <input id="import-file" name="file" type="file" required
                accept=".csv,.txt,text/csv,text/plain"
                aria-describedby="import-file-hint import-file-error"
                class="mt-1 block w-full text-sm" />
            <p id="import-file-hint" class="mt-1 text-sm text-slate-600">{t!(i18n, import_file_hint)}</p>
            <p id="import-file-error" role="alert" class="mt-2 text-sm font-medium text-red-800">{error}</p>
            <button type="submit" class=format!("mt-4 {BUTTON_CLASS}")>
                {t!(i18n, import_upload)}
            </button>
        </form>
    }
}

/// A preview: what was read, every row's problems, and confirm or discard.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let confirm = ServerAction::<crate::api::firms::import::ConfirmFirmImport>::new();
    let discard = ServerAction::<crate::api::firms::import::DiscardFirmImport>::new();
    let changes = RwSignal::new(0_usize);
    crate::components::form::count_changes(changes, confirm.value());
    crate::components::form::count_changes(changes, discard.value());
    let preview = Resource::new(move || (id(), changes.get()), |(id, _)| get_firm_import(id));
    let loading = t_string!(i18n, loading).to_string();
    view! {
        <PageTitle text=move || t_string!(i18n, import_preview_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, import_preview_title)}</h1>
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    let preview = preview.await?;
                    Ok::<_, crate::errors::AppError>(view! { <Preview preview confirm discard /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Preview(
    preview: ImportPreview,
    confirm: ServerAction<crate::api::firms::import::ConfirmFirmImport>,
    discard: ServerAction<crate::api::firms::import::DiscardFirmImport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let id = preview.id.to_string();
    let id_again = id.clone();
    let problems = preview.row_count - preview.valid_count;
    let city = preview.city.clone();
    let city = move || match &city {
        Some(c) => c.get(lang.get()).to_owned(),
        None => t_string!(i18n, import_city_any).to_string(),
    };
    let delimiter = if preview.delimiter == "tab" {
        t_string!(i18n, import_delimiter_tab).to_string()
    } else {
        t_string!(i18n, import_delimiter_comma).to_string()
    };
    let unknown_columns = preview.unknown_columns.clone();
    let unknown = move || unknown_columns.join(if lang.get() == Lang::Zh { "、" } else { ", " });
    let has_unknown = !preview.unknown_columns.is_empty();
    let status = preview.status;
    let error = move || match (confirm.value().get(), discard.value().get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(error_message(i18n, &e)),
        _ => None,
    };
    let summary = view! {
        <dl class="mt-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
            <Figure label=move || t_string!(i18n, import_rows).to_string() value=preview.row_count.to_string() />
            <Figure label=move || t_string!(i18n, import_valid).to_string() value=preview.valid_count.to_string() />
            <Figure label=move || t_string!(i18n, import_with_problems).to_string() value=problems.to_string() />
            <Figure label=move || t_string!(i18n, import_city).to_string() value=city />
            <Figure label=move || t_string!(i18n, import_encoding).to_string() value=preview.encoding.to_uppercase() />
            <Figure label=move || t_string!(i18n, import_delimiter).to_string() value=delimiter />
        </dl>
        <p class="mt-2 text-sm text-slate-600">{preview.file_name.clone()}</p>
        {has_unknown.then(|| view! {
            <p class="mt-2 text-sm text-amber-900">{t!(i18n, import_unknown_columns)} " " {unknown}</p>
        })}
    };
    let actions = match status {
        ImportStatus::Preview => view! {
            <section class="mt-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <p class="text-sm text-slate-700">{t!(i18n, import_confirm_hint)}</p>
                <div class="mt-3 flex flex-wrap items-center gap-4">
                    <Form action=confirm attr:class="flex flex-wrap items-center gap-4">
                        <input type="hidden" name="import_id" value=id.clone() />
                        <button type="submit" class=BUTTON_CLASS disabled=preview.valid_count == 0>
                            {t!(i18n, import_confirm)} " (" {preview.valid_count} ")"
                        </button>
                        <ImportProgress import_id=preview.id label=t_string!(i18n, import_progress).to_string() />
                    </Form>
                    <Form action=discard>
                        <input type="hidden" name="import_id" value=id_again />
                        <button type="submit" class="rounded-md px-4 py-2 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
                            {t!(i18n, import_discard)}
                        </button>
                    </Form>
                </div>
                <FormAlert message=Signal::derive(error) />
            </section>
        }.into_any(),
        ImportStatus::Imported => view! {
            <p role="status" class="mt-6 rounded-md bg-emerald-50 p-4 text-emerald-900 ring-1 ring-emerald-200">
                {t!(i18n, import_done)} " " {preview.imported_count.unwrap_or_default()} " · "
                <a class=LINK_CLASS href="/firms?sort=updated">{t!(i18n, import_to_directory)}</a> " · "
                <a class=LINK_CLASS href="/firms/import">{t!(i18n, import_again)}</a>
            </p>
        }.into_any(),
        ImportStatus::Discarded => view! {
            <p role="status" class="mt-6 rounded-md bg-slate-100 p-4 text-slate-800">
                {t!(i18n, import_discarded)} " "
                <a class=LINK_CLASS href="/firms/import">{t!(i18n, import_again)}</a>
            </p>
        }.into_any(),
    };
    let problem_rows = preview.problem_rows.clone();
    let valid_rows = preview.valid_rows.clone();
    let more_valid = i64::from(preview.valid_count) > crate::api::firms::import::SHOWN_VALID_ROWS;
    view! {
        {summary}
        {actions}
        {(status == ImportStatus::Preview).then(|| view! {
            <section class="mt-6" aria-labelledby="import-problems-heading">
                <h2 id="import-problems-heading" class="text-lg font-semibold">{t!(i18n, import_problems_heading)}</h2>
                {if problem_rows.is_empty() {
                    view! { <p class="mt-2 text-slate-700">{t!(i18n, import_no_problems)}</p> }.into_any()
                } else {
                    view! { <RowTable rows=problem_rows.clone() with_problems=true /> }.into_any()
                }}
            </section>
            <section class="mt-6" aria-labelledby="import-valid-heading">
                <h2 id="import-valid-heading" class="text-lg font-semibold">{t!(i18n, import_valid_heading)}</h2>
                <RowTable rows=valid_rows.clone() with_problems=false />
                {more_valid.then(|| view! { <p class="mt-1 text-sm text-slate-600">{t!(i18n, import_valid_more)}</p> })}
            </section>
        })}
    }
}

#[component]
fn Figure(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="rounded-lg bg-white p-3 ring-1 ring-slate-200">
            <dt class="text-xs text-slate-600">{label}</dt>
            <dd class="mt-1 text-lg font-semibold">{value}</dd>
        </div>
    }
}

/// While a confirmation runs: how many firms are written, read every half second. An island
/// inside the confirmation's form: the form posts as any form does, and while the browser waits
/// for the answer this shows the server's own count. Without JavaScript the page simply waits.
#[island]
fn ImportProgress(import_id: i64, label: String) -> impl IntoView {
    let running = RwSignal::new(false);
    let done = RwSignal::new(None::<(i32, i32)>);
    let marker = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(marker) = marker.get() {
            on_submit_of_form(&marker, move || running.set(true));
        }
    });
    Effect::new(move |_| {
        if !running.get() {
            return;
        }
        let handle = set_interval_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(progress) = firm_import_progress(import_id.to_string()).await {
                        done.set(progress);
                    }
                });
            },
            std::time::Duration::from_millis(500),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    let shown = move || done.get().map(|(d, t)| format!("{d} / {t}"));
    view! {
        <div node_ref=marker class="mt-3" role="status" data-testid="import-progress">
            <div class:hidden=move || !running.get()>
                <label for="import-progress" class="text-sm text-slate-700">
                    {label} " " {shown}
                </label>
                <progress id="import-progress" class="mt-1 block w-full"
                    value=move || done.get().map_or(0, |(d, _)| d)
                    max=move || done.get().map_or(1, |(_, t)| t.max(1))></progress>
            </div>
        </div>
    }
}

/// Runs `then` when the form around `inside` is submitted (in the browser only).
#[cfg(feature = "hydrate")]
fn on_submit_of_form(inside: &leptos::web_sys::HtmlDivElement, then: impl Fn() + 'static) {
    use leptos::wasm_bindgen::{JsCast, closure::Closure};
    if let Ok(Some(form)) = inside.closest("form") {
        let handler = Closure::<dyn Fn()>::new(then);
        let _ = form.add_event_listener_with_callback("submit", handler.as_ref().unchecked_ref());
        handler.forget();
    }
}
#[cfg(not(feature = "hydrate"))]
fn on_submit_of_form(_inside: &leptos::web_sys::HtmlDivElement, _then: impl Fn() + 'static) {}

#[component]
fn RowTable(rows: Vec<PreviewRow>, with_problems: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // Focusable, so a keyboard can scroll a table wider than a phone.
        <div tabindex="0" class="mt-2 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-800">
            <table class="min-w-full text-sm">
                <thead class="bg-slate-50 text-left">
                    <tr>
                        <th scope="col" class="px-3 py-2">{t!(i18n, import_line)}</th>
                        <th scope="col" class="px-3 py-2">{move || Column::Name.header(use_lang().get())}</th>
                        <th scope="col" class="px-3 py-2">{move || Column::CreditCode.header(use_lang().get())}</th>
                        {if with_problems {
                            view! { <th scope="col" class="px-3 py-2">{t!(i18n, import_problems)}</th> }.into_any()
                        } else {
                            view! { <th scope="col" class="px-3 py-2">{move || Column::Capabilities.header(use_lang().get())}</th> }.into_any()
                        }}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr class="border-t border-slate-100 align-top" data-testid="import-row">
                            <td class="px-3 py-2 tabular-nums">{row.line}</td>
                            <td class="px-3 py-2">{row.name.clone()}</td>
                            <td class="px-3 py-2 font-mono">{row.credit_code.clone()}</td>
                            <td class="px-3 py-2">
                                {if with_problems {
                                    view! {
                                        <ul class="space-y-1">
                                            {row.problems.iter().cloned().map(|p| view! { <li><ProblemText problem=p /></li> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                } else {
                                    view! { <span>{row.capabilities}</span> }.into_any()
                                }}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// "Column: what is wrong (the value) · closest entries · first line".
#[component]
fn ProblemText(problem: RowProblem) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let column = problem.column;
    let code = problem.code.clone();
    let value = problem.value.clone();
    let suggestions = problem.suggestions.clone();
    let line = problem.line;
    move || {
        let l = lang.get();
        let zh = l == Lang::Zh;
        let mut text = format!(
            "{}{}{}",
            column.header(l),
            if zh { "：" } else { ": " },
            code_message(i18n, &code)
        );
        if !value.is_empty() {
            text.push_str(&if zh {
                format!("（“{value}”）")
            } else {
                format!(" (\"{value}\")")
            });
        }
        if !suggestions.is_empty() {
            let names: Vec<&str> = suggestions
                .iter()
                .map(|s| {
                    if l == Lang::Zh {
                        s.zh.as_str()
                    } else {
                        s.en.as_str()
                    }
                })
                .collect();
            text.push_str(&format!(
                " · {} {}",
                t_string!(i18n, import_closest),
                names.join(if l == Lang::Zh { "、" } else { ", " })
            ));
        }
        if let Some(line) = line {
            text.push_str(&format!(
                " · {} {line} {}",
                t_string!(i18n, import_first_line),
                t_string!(i18n, import_first_line_end)
            ));
        }
        view! { <span data-code=code.clone()>{text}</span> }
    }
}
