//! Form pieces: error codes turned into words in the reader's language, and the text field.
//!
//! Error codes become words here. Only codes are ever turned into text:
//! an error read back from the address bar (Leptos puts a failed plain form post's error there)
//! can choose among these sentences but never put its own words on the page.

use leptos::prelude::*;

use crate::errors::AppError;
use crate::i18n::{Locale, t_string};

type I18n = leptos_i18n::I18nContext<Locale>;

/// The sentence for a validation code; an unknown code gets the general one.
pub fn code_message(i18n: I18n, code: &str) -> String {
    match code {
        "required" => t_string!(i18n, err_required).to_string(),
        "email_malformed" => t_string!(i18n, err_email_malformed).to_string(),
        "too_long" => t_string!(i18n, err_too_long).to_string(),
        "password_too_short" => t_string!(i18n, err_password_too_short).to_string(),
        "password_too_long" => t_string!(i18n, err_password_too_long).to_string(),
        "passwords_differ" => t_string!(i18n, err_passwords_differ).to_string(),
        "password_common" => t_string!(i18n, err_password_common).to_string(),
        "credit_code_length" => t_string!(i18n, err_credit_code_length).to_string(),
        "credit_code_character" => t_string!(i18n, err_credit_code_character).to_string(),
        "credit_code_check" => t_string!(i18n, err_credit_code_check).to_string(),
        "email_taken" => t_string!(i18n, err_email_taken).to_string(),
        "email_in_use" => t_string!(i18n, err_email_in_use).to_string(),
        "password_too_guessable" => t_string!(i18n, err_password_too_guessable).to_string(),
        "wrong_password" => t_string!(i18n, err_wrong_password).to_string(),
        "wrong_credentials" => t_string!(i18n, err_wrong_credentials).to_string(),
        "account_disabled" => t_string!(i18n, err_account_disabled).to_string(),
        "not_a_number" => t_string!(i18n, err_not_a_number).to_string(),
        "out_of_range" => t_string!(i18n, err_out_of_range).to_string(),
        "website_invalid" => t_string!(i18n, err_website_invalid).to_string(),
        "phone_invalid" => t_string!(i18n, err_phone_invalid).to_string(),
        "date_invalid" => t_string!(i18n, err_date_invalid).to_string(),
        "date_past" => t_string!(i18n, err_date_past).to_string(),
        "date_future" => t_string!(i18n, err_date_future).to_string(),
        "overspend_needs_reason" => t_string!(i18n, err_overspend_needs_reason).to_string(),
        "capability_taken" => t_string!(i18n, err_capability_taken).to_string(),
        "capability_retired" => t_string!(i18n, err_capability_retired).to_string(),
        "name_taken" => t_string!(i18n, err_name_taken).to_string(),
        "name_locked" => t_string!(i18n, err_name_locked).to_string(),
        "too_precise" => t_string!(i18n, err_too_precise).to_string(),
        "date_order" => t_string!(i18n, err_date_order).to_string(),
        "lead_both" => t_string!(i18n, err_lead_both).to_string(),
        "deadline_past" => t_string!(i18n, err_deadline_past).to_string(),
        "deadline_too_far" => t_string!(i18n, err_deadline_too_far).to_string(),
        "below_minimum" => t_string!(i18n, err_below_minimum).to_string(),
        "too_many" => t_string!(i18n, err_too_many).to_string(),
        "choose_firms" => t_string!(i18n, err_choose_firms).to_string(),
        "firm_not_invitable" => t_string!(i18n, err_firm_not_invitable).to_string(),
        "credit_code_registered" => t_string!(i18n, err_credit_code_registered).to_string(),
        "credit_code_repeated" => t_string!(i18n, err_credit_code_repeated).to_string(),
        "city_unknown" => t_string!(i18n, err_city_unknown).to_string(),
        "city_not_yours" => t_string!(i18n, err_city_not_yours).to_string(),
        "kind_unknown" => t_string!(i18n, err_kind_unknown).to_string(),
        "capability_unknown" => t_string!(i18n, err_capability_unknown).to_string(),
        "capability_detail" => t_string!(i18n, err_capability_detail).to_string(),
        "capability_figure" => t_string!(i18n, err_capability_figure).to_string(),
        "capability_repeated" => t_string!(i18n, err_capability_repeated).to_string(),
        "file_encoding" => t_string!(i18n, err_file_encoding).to_string(),
        "file_malformed" => t_string!(i18n, err_file_malformed).to_string(),
        "file_empty" => t_string!(i18n, err_file_empty).to_string(),
        "file_columns_missing" => t_string!(i18n, err_file_columns_missing).to_string(),
        "file_column_repeated" => t_string!(i18n, err_file_column_repeated).to_string(),
        "file_too_many_rows" => t_string!(i18n, err_file_too_many_rows).to_string(),
        "file_too_large" => t_string!(i18n, err_file_too_large).to_string(),
        "file_not_multipart" => t_string!(i18n, err_file_not_multipart).to_string(),
        "attachment_too_large" => t_string!(i18n, err_attachment_too_large).to_string(),
        "attachment_type" => t_string!(i18n, err_attachment_type).to_string(),
        "attachment_empty" => t_string!(i18n, err_attachment_empty).to_string(),
        "attachments_too_many" => t_string!(i18n, err_attachments_too_many).to_string(),
        "control_character" => t_string!(i18n, err_control_character).to_string(),
        "need_duplicate" => t_string!(i18n, err_need_duplicate).to_string(),
        _ => t_string!(i18n, err_invalid).to_string(),
    }
}

/// The sentence for a field's validation code: a number out of its bounds names them.
pub fn field_message(i18n: I18n, field: &str, code: &str) -> String {
    use crate::domain::firm::bounds;
    use crate::domain::project::format_yuan_grouped;
    match (code, field, bounds::of(field)) {
        ("out_of_range", "founded_year", _) => t_string!(i18n, err_founded_year_range).to_string(),
        ("out_of_range", _, Some((min, max))) => t_string!(i18n, err_out_of_range_between)
            .to_string()
            .replace("{min}", &format_yuan_grouped(min))
            .replace("{max}", &format_yuan_grouped(max)),
        _ => code_message(i18n, code),
    }
}

/// The sentence for any error.
pub fn error_message(i18n: I18n, err: &AppError) -> String {
    match err {
        AppError::Validation { code, .. } => code_message(i18n, code),
        AppError::Fields(_) => t_string!(i18n, err_fields).to_string(),
        AppError::Unauthenticated => t_string!(i18n, err_unauthenticated_text).to_string(),
        AppError::Forbidden => t_string!(i18n, err_forbidden_text).to_string(),
        AppError::NotFound => t_string!(i18n, not_found_text).to_string(),
        AppError::Conflict { code } => match code.as_str() {
            "firm_not_pending" => t_string!(i18n, err_firm_not_pending).to_string(),
            "credit_code_taken" => t_string!(i18n, err_credit_code_taken).to_string(),
            "link_used" => t_string!(i18n, err_link_used).to_string(),
            "link_expired" => t_string!(i18n, err_link_expired).to_string(),
            "link_revoked" => t_string!(i18n, err_link_revoked).to_string(),
            "link_needs_script" => t_string!(i18n, err_link_needs_script).to_string(),
            "account_disabled" => t_string!(i18n, err_account_disabled_conflict).to_string(),
            "stale_profile" => t_string!(i18n, err_stale_profile).to_string(),
            "stale_capability" => t_string!(i18n, err_stale_capability).to_string(),
            "stale_project" => t_string!(i18n, err_stale_project).to_string(),
            "project_closed" => t_string!(i18n, err_project_closed).to_string(),
            "transition_forbidden" => t_string!(i18n, err_transition_forbidden).to_string(),
            "publish_needs_summary" => t_string!(i18n, err_publish_needs_summary).to_string(),
            "publish_needs_need" => t_string!(i18n, err_publish_needs_need).to_string(),
            "need_has_interest" => t_string!(i18n, err_need_has_interest).to_string(),
            "project_not_open" => t_string!(i18n, err_project_not_open).to_string(),
            "interest_exists" => t_string!(i18n, err_interest_exists).to_string(),
            "interest_answered" => t_string!(i18n, err_interest_answered).to_string(),
            "call_not_open" => t_string!(i18n, err_call_not_open).to_string(),
            "need_not_open" => t_string!(i18n, err_need_not_open).to_string(),
            "need_filled" => t_string!(i18n, err_need_filled).to_string(),
            "need_not_filled" => t_string!(i18n, err_need_not_filled).to_string(),
            "already_invited" => t_string!(i18n, err_already_invited).to_string(),
            "invitation_expired" => t_string!(i18n, err_invitation_expired).to_string(),
            "invitation_withdrawn" => t_string!(i18n, err_invitation_withdrawn).to_string(),
            "invitation_answered" => t_string!(i18n, err_invitation_answered).to_string(),
            "invitation_ended" => t_string!(i18n, err_invitation_ended).to_string(),
            "invitation_declined" => t_string!(i18n, err_invitation_declined).to_string(),
            "invitation_not_accepted" => t_string!(i18n, err_invitation_not_accepted).to_string(),
            "firm_not_approved" => t_string!(i18n, err_firm_not_approved).to_string(),
            "need_has_invitations" => t_string!(i18n, err_need_has_invitations).to_string(),
            "import_changed" => t_string!(i18n, err_import_changed).to_string(),
            "import_finished" => t_string!(i18n, err_import_finished).to_string(),
            "import_empty" => t_string!(i18n, err_import_empty).to_string(),
            "export_too_large" => t_string!(i18n, err_export_too_large).to_string(),
            "project_not_in_execution" => t_string!(i18n, err_project_not_in_execution).to_string(),
            "milestone_accepted" => t_string!(i18n, err_milestone_accepted).to_string(),
            "milestone_started" => t_string!(i18n, err_milestone_started).to_string(),
            "milestone_submitted" => t_string!(i18n, err_milestone_submitted).to_string(),
            "milestone_not_submitted" => t_string!(i18n, err_milestone_not_submitted).to_string(),
            "stale_risk" => t_string!(i18n, err_stale_risk).to_string(),
            "stale_milestone" => t_string!(i18n, err_stale_milestone).to_string(),
            "milestone_at_end" => t_string!(i18n, err_milestone_at_end).to_string(),
            "stale_settings" => t_string!(i18n, err_stale_settings).to_string(),
            "risk_escalated" => t_string!(i18n, err_risk_escalated).to_string(),
            "risk_not_escalated" => t_string!(i18n, err_risk_not_escalated).to_string(),
            "risk_closed" => t_string!(i18n, err_risk_closed).to_string(),
            "message_edit_closed" => t_string!(i18n, err_message_edit_closed).to_string(),
            "health_not_overridden" => t_string!(i18n, err_health_not_overridden).to_string(),
            _ => t_string!(i18n, err_conflict).to_string(),
        },
        AppError::Changed { .. } => t_string!(i18n, err_changed_meanwhile).to_string(),
        AppError::Throttled { .. } => t_string!(i18n, err_throttled).to_string(),
        AppError::Internal | AppError::Transport => t_string!(i18n, error_text).to_string(),
    }
}

/// Keeps `failed` at the words of `value`'s latest failure, or empty after its success. Several
/// actions feeding one `failed` make it show the latest failure of any, never an old one.
pub fn track_failure<T, S>(
    value: S,
    failed: RwSignal<Option<String>>,
    words: impl Fn(&AppError) -> String + Send + Sync + 'static,
) where
    T: 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| match value.get() {
        Some(Err(e)) => failed.set(Some(words(&e))),
        Some(Ok(_)) => failed.set(None),
        None => {}
    });
}

/// Counts the answers of an action that mean the page is out of date: its successes, and its
/// conflicts (someone changed the thing meanwhile). A resource keyed on the count reloads
/// then; any other refusal leaves the page as it is, with what the user typed and the
/// refusal's message beside it.
pub fn count_changes<T: 'static>(
    changes: RwSignal<usize>,
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
) {
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_) | Err(AppError::Conflict { .. }))) {
            changes.update(|n| *n += 1);
        }
    });
}

/// The errors one form shows of an action that several forms on a page share (one per row):
/// the action's latest refusal when it was this form's, per field and in general.
#[derive(Clone, Copy)]
pub struct FormErrors {
    error: Signal<Option<AppError>>,
    i18n: I18n,
}

impl FormErrors {
    /// `mine` says whether a refused input of the action came from this form (read back from
    /// what the refused post sent, see `components::round_trip`).
    pub fn of<S>(
        i18n: I18n,
        action: ServerAction<S>,
        mine: impl Fn(&S) -> bool + Send + Sync + 'static,
    ) -> Self
    where
        S: leptos::server_fn::ServerFn<Error = AppError>
            + serde::de::DeserializeOwned
            + Send
            + Sync
            + Clone
            + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let ours =
            crate::components::round_trip::refused_input::<S>().is_some_and(|input| mine(&input));
        let error =
            Signal::derive(move || action.value().get().and_then(Result::err).filter(|_| ours));
        Self { error, i18n }
    }

    /// The words of the refusal's code for `name`.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error.get().and_then(|e| {
                e.field_code(name)
                    .map(|code| field_message(self.i18n, name, code))
            })
        })
    }

    /// The words of a refusal that is not about one of the form's `fields`.
    pub fn general(self, fields: &'static [&'static str]) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.error
                .get()
                .filter(|e| !e.is_about_fields(fields))
                .map(|e| error_message(self.i18n, &e))
        })
    }
}

/// The classes of a text input, red when it holds an error.
pub fn input_class(invalid: bool) -> &'static str {
    if invalid {
        "mt-1 block w-full rounded-md border border-red-600 bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-red-700"
    } else {
        "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-red-700"
    }
}

pub const BUTTON_CLASS: &str = "inline-flex items-center justify-center rounded-md bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800";

/// A labelled input with its hint and its error message, both linked for screen readers.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    name: &'static str,
    /// `text`, `email`, `password`, ...
    kind: &'static str,
    autocomplete: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// The value shown at first (what the user typed before, never a password).
    #[prop(optional)]
    value: String,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// The field may be left empty.
    #[prop(optional)]
    optional: bool,
    /// Someone else changed this field meanwhile: its value now, shown beside what was typed.
    #[prop(optional, into)]
    changed: MaybeProp<String>,
    /// The smallest value a `date` or `number` field takes.
    #[prop(optional, into)]
    min: Option<String>,
    /// The keyboard a phone shows (`decimal` for amounts).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    let invalid = move || error.with(Option::is_some);
    let value = crate::components::round_trip::echoed(name).unwrap_or(value);
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium">{label}</label>
            <input
                id=id
                name=name
                type=kind
                min=min
                inputmode=inputmode
                autocomplete=autocomplete
                required=!optional
                value=value
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
                class=move || input_class(invalid())
            />
            {hint.map(|hint| view! { <p id=hint_id.clone() class="mt-1 text-sm text-slate-600">{hint}</p> })}
            <FieldMessages id=error_id error changed />
        </div>
    }
}

/// After a refusal for a change made meanwhile ([`AppError::Changed`]): what the field `name`
/// holds now, when it is one of those someone else changed, in words (`now`), for a field's
/// `changed`. The form itself shows what this user typed.
pub fn changed_now(
    error: Option<&AppError>,
    name: &str,
    now: impl FnOnce() -> String,
) -> Option<String> {
    match error {
        Some(AppError::Changed { fields }) if fields.iter().any(|f| f == name) => Some(now()),
        _ => None,
    }
}

/// The line under a field that says what someone else changed it to meanwhile.
#[component]
pub fn ChangedNote(#[prop(into)] now: MaybeProp<String>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    move || {
        now.get().map(|now| view! {
        <p class="mt-1 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="changed-meanwhile">
            {t_string!(i18n, changed_meanwhile_now).to_string()} " " <span class="font-medium whitespace-pre-line">{now}</span>
        </p>
    })
    }
}

/// A field's error, and what someone else changed it to meanwhile (see [`AppError::Changed`]).
#[component]
fn FieldMessages(
    id: String,
    error: Signal<Option<String>>,
    changed: MaybeProp<String>,
) -> impl IntoView {
    view! {
        <p id=id class="mt-1 text-sm text-red-700" class:hidden=move || error.with(Option::is_none)>
            {move || error.get().unwrap_or_default()}
        </p>
        <ChangedNote now=changed />
    }
}

/// The text of a `<textarea>`. The view layer writes a textarea's children unescaped on the
/// server, so a stored `</textarea>` would end the field and put what follows into the page:
/// escape it there (in the browser the text goes into the DOM as text).
pub fn textarea_text(value: String) -> String {
    #[cfg(feature = "ssr")]
    let value = html_escape::encode_text(&value).into_owned();
    value
}

/// A labelled multi-line text field with its hint and error.
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] value: String,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    rows: u32,
    max_chars: usize,
    #[prop(optional, into)] changed: MaybeProp<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = format!("{hint_id} {error_id}");
    let invalid = move || error.with(Option::is_some);
    let value = crate::components::round_trip::echoed(name).unwrap_or(value);
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium">{label}</label>
            <textarea id=id name=name rows=rows.to_string() maxlength=max_chars.to_string()
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
                class=move || input_class(invalid())>{textarea_text(value)}</textarea>
            {hint.map(|hint| view! { <p id=hint_id.clone() class="mt-1 text-sm text-slate-600">{hint}</p> })}
            <FieldMessages id=error_id error changed />
        </div>
    }
}

/// A labelled select with its error; the options are its children.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] changed: MaybeProp<String>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = move || error.with(Option::is_some);
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium">{label}</label>
            <select id=id name=name
                aria-invalid=move || invalid().to_string()
                aria-describedby=error_id.clone()
                class=move || input_class(invalid())>
                {children()}
            </select>
            <FieldMessages id=error_id error changed />
        </div>
    }
}

/// The message of a failed form, above the form; hidden while there is none.
#[component]
pub fn FormAlert(
    #[prop(into)] message: Signal<Option<String>>,
    /// On a long page whose forms sit far below the alert: bring a new message into view.
    #[prop(optional)]
    reveal: bool,
) -> impl IntoView {
    let alert = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if reveal
            && message.with(Option::is_some)
            && let Some(alert) = alert.get()
        {
            alert.scroll_into_view_with_bool(false);
        }
    });
    view! {
        <div node_ref=alert role="alert" class="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200" class:hidden=move || message.with(Option::is_none)>
            {move || message.get().unwrap_or_default()}
        </div>
    }
}
