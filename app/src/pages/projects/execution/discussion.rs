//! The project's discussion: its messages, newest last; a form to post (an `@` and a member's
//! name tells them); one's own message edited within fifteen minutes.

use leptos::prelude::*;

use crate::api::execution::{EditMessage, PostMessage};
use crate::components::form::{BUTTON_CLASS, FormAlert, FormErrors, TextAreaField};
use crate::components::round_trip::{Form, was_refused};
use crate::domain::execution::discussion::MESSAGE_MAX_CHARS;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::projects::detail::{SECONDARY_BUTTON, SECTION};
use crate::views::execution::{DiscussionView, MessageView};

#[derive(Clone, Copy)]
pub(super) struct DiscussionActions {
    pub post: ServerAction<PostMessage>,
    pub edit: ServerAction<EditMessage>,
}

#[component]
pub(super) fn Discussion(
    project_id: i64,
    discussion: DiscussionView,
    /// Messages are posted only while the project is in execution.
    open: bool,
    actions: DiscussionActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let post = actions.post;
    let errors = FormErrors::of(i18n, post, |_: &PostMessage| true);
    let members = discussion.members.join(t_string!(i18n, list_sep));
    view! {
        <section id="discussion" class=SECTION aria-labelledby="discussion-heading" data-testid="discussion">
            <h2 id="discussion-heading" class="text-lg font-semibold">{t!(i18n, discussion_heading)}</h2>
            {if discussion.messages.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, discussion_none)}</p> }.into_any()
            } else {
                view! {
                    <ol class="mt-3 space-y-3">
                        {discussion.messages.into_iter().map(|m| view! { <Message m open action=actions.edit /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {open.then(|| view! {
                <Form action=post attr:class="mt-4 space-y-2" attr:novalidate="true">
                    <input type="hidden" name="project_id" value=project_id.to_string() />
                    <TextAreaField id="message-body" name="body" rows=3 max_chars=MESSAGE_MAX_CHARS
                        hint=Signal::derive(move || t_string!(i18n, discussion_hint).replace("{names}", &members))
                        label=move || t_string!(i18n, discussion_body).to_string() error=errors.field("body") />
                    <FormAlert message=errors.general(&["body"]) />
                    <button type="submit" class=BUTTON_CLASS disabled=move || post.pending().get()>{t!(i18n, discussion_post)}</button>
                </Form>
            })}
        </section>
    }
}

#[component]
fn Message(m: MessageView, open: bool, action: ServerAction<EditMessage>) -> impl IntoView {
    let i18n = use_i18n();
    let id = m.id;
    let errors = FormErrors::of(i18n, action, move |input: &EditMessage| {
        input.message_id == id.to_string()
    });
    let refused = was_refused("/api/edit_message", &id.to_string());
    let body = m.body.clone();
    view! {
        <li class="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="message">
            <p class="text-sm text-slate-600">
                <span class="font-medium text-slate-900">{m.author.clone()}</span> " · " {m.at.clone()}
                {m.edited.then(|| view! { " · " {t!(i18n, discussion_edited)} })}
            </p>
            <p class="mt-1 whitespace-pre-line text-slate-900">{m.body}</p>
            {(open && m.may_edit).then(|| view! {
                <details class="mt-2" open=refused>
                    <summary class="cursor-pointer text-sm text-red-800 underline underline-offset-2">{t!(i18n, discussion_edit)}</summary>
                    <Form action key=id.to_string() attr:class="mt-2 space-y-2" attr:novalidate="true">
                        <input type="hidden" name="message_id" value=id.to_string() />
                        <TextAreaField id=format!("message-{id}-body") name="body" rows=3 max_chars=MESSAGE_MAX_CHARS value=body
                            label=move || t_string!(i18n, discussion_body).to_string() error=errors.field("body") />
                        <FormAlert message=errors.general(&["body"]) />
                        <button type="submit" class=SECONDARY_BUTTON disabled=move || action.pending().get()>{t!(i18n, discussion_save)}</button>
                    </Form>
                </details>
            })}
        </li>
    }
}
