use leptos::prelude::*;

use crate::components::round_trip::Form;

use crate::api::notifications::{
    MarkAllNotificationsRead, MarkNotificationRead, list_notifications,
};
use crate::components::i18n::PageTitle;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::error::ErrorPage;
use crate::views::notifications::Notification;

/// The signed-in user's messages, newest first; unread ones marked.
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkNotificationRead>::new();
    let mark_all = ServerAction::<MarkAllNotificationsRead>::new();
    let notifications = Resource::new(
        move || (mark.version().get(), mark_all.version().get()),
        |_| list_notifications(),
    );
    let loading = t_string!(i18n, loading).to_string();

    view! {
        <PageTitle text=move || t_string!(i18n, inbox_title).to_string() />
        <h1 class="text-2xl font-semibold">{t!(i18n, inbox_title)}</h1>
        <Transition fallback=move || view! { <p class="mt-6 text-slate-600">{loading.clone()}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {move || Suspend::new(async move {
                    notifications.await.map(|items| {
                        if items.is_empty() {
                            view! { <p class="mt-6 text-slate-700">{t!(i18n, inbox_empty)}</p> }.into_any()
                        } else {
                            // Offered only while there is something to mark.
                            let unread = items.iter().any(|item| !item.read);
                            view! {
                                {unread.then(|| view! {
                                    <Form action=mark_all attr:class="mt-4">
                                        <button type="submit" class="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800">
                                            {t!(i18n, mark_all_read)}
                                        </button>
                                    </Form>
                                })}
                                <ul class="mt-6 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="notifications">
                                    {items.into_iter().map(|item| view! { <Item item mark /> }).collect_view()}
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
fn Item(item: Notification, mark: ServerAction<MarkNotificationRead>) -> impl IntoView {
    let i18n = use_i18n();
    let firm = item.firm_name.clone().unwrap_or_default();
    let reason = item.reason.clone().unwrap_or_default();
    let person = item.person.clone().unwrap_or_default();
    let replaced = item.replaced.clone().unwrap_or_default();
    let project = item.project_title.clone().unwrap_or_default();
    let subject = item.subject.clone().unwrap_or_default();
    let text = match item.kind.as_str() {
        "firm_registered" => view! { {t!(i18n, notif_firm_registered, firm = firm)} }.into_any(),
        "firm_approved" => view! { {t!(i18n, notif_firm_approved, firm = firm)} }.into_any(),
        "firm_rejected" => {
            view! { {t!(i18n, notif_firm_rejected, firm = firm, reason = reason)} }.into_any()
        }
        "representative_replaced" => view! {
            {t!(i18n, notif_representative_replaced, person = person, replaced = replaced, firm = firm)}
        }
        .into_any(),
        "colleague_added" => {
            view! { {t!(i18n, notif_colleague_added, person = person, firm = firm)} }.into_any()
        }
        "project_interest" => {
            view! { {t!(i18n, notif_project_interest, firm = firm, project = project)} }.into_any()
        }
        "interest_answered" => {
            view! { {t!(i18n, notif_interest_answered, project = project)} }.into_any()
        }
        "invitation_received" => view! { {t!(i18n, notif_invitation_received, project = project)} }.into_any(),
        "invitation_withdrawn" => view! { {t!(i18n, notif_invitation_withdrawn, project = project)} }.into_any(),
        "invitation_selected" => view! { {t!(i18n, notif_invitation_selected, project = project)} }.into_any(),
        "invitation_not_selected" => view! { {t!(i18n, notif_invitation_not_selected, project = project)} }.into_any(),
        "selection_revoked" => view! { {t!(i18n, notif_selection_revoked, project = project)} }.into_any(),
        "invitation_need_filled" => {
            view! { {t!(i18n, notif_invitation_need_filled, project = project)} }.into_any()
        }
        "participation_cancelled" => view! { {t!(i18n, notif_participation_cancelled, project = project)} }.into_any(),
        "invitation_need_changed" => view! { {t!(i18n, notif_invitation_need_changed, project = project)} }.into_any(),
        "invitation_project_cancelled" => view! { {t!(i18n, notif_invitation_project_cancelled, project = project)} }.into_any(),
        "invitation_project_closed" => view! { {t!(i18n, notif_invitation_project_closed, project = project)} }.into_any(),
        "invitation_accepted" => view! { {t!(i18n, notif_invitation_accepted, firm = firm, project = project)} }.into_any(),
        "invitation_declined" => view! { {t!(i18n, notif_invitation_declined, firm = firm, project = project)} }.into_any(),
        "invitation_firm_dropped" => view! { {t!(i18n, notif_invitation_firm_dropped, firm = firm, project = project)} }.into_any(),
        "milestone_submitted" => view! { {t!(i18n, notif_milestone_submitted, firm = firm, project = project)} }.into_any(),
        "milestone_accepted" => view! { {t!(i18n, notif_milestone_accepted, project = project)} }.into_any(),
        "milestone_rejected" => view! { {t!(i18n, notif_milestone_rejected, project = project)} }.into_any(),
        "milestone_overdue" => view! { {t!(i18n, notif_milestone_overdue, firm = firm, project = project, due = subject)} }.into_any(),
        "disbursement_recorded" => view! { {t!(i18n, notif_disbursement_recorded, project = project, amount = subject)} }.into_any(),
        "mentioned" => view! { {t!(i18n, notif_mentioned, person = person, project = project)} }.into_any(),
        "risk_escalated" => view! { {t!(i18n, notif_risk_escalated, person = person, risk = subject, project = project)} }.into_any(),
        _ => view! { {t!(i18n, notif_unknown)} }.into_any(),
    };
    let read = item.read;
    // The official's words that go with a step of the invitation handshake.
    let with_reason = matches!(
        item.kind.as_str(),
        "invitation_withdrawn"
            | "selection_revoked"
            | "invitation_project_cancelled"
            | "participation_cancelled"
            | "milestone_rejected"
            | "risk_escalated"
    );
    let reason_shown = item.reason.clone().unwrap_or_default();
    view! {
        <li class="flex flex-wrap items-start justify-between gap-3 px-4 py-3" class:bg-amber-50=!read>
            <div class="min-w-0">
                <p class:font-semibold=!read>
                    {(!read).then(|| view! { <span class="mr-2 rounded bg-red-800 px-1.5 py-0.5 text-xs font-medium text-white">{t!(i18n, notification_unread)}</span> })}
                    {text}
                </p>
                {(with_reason && !reason_shown.is_empty()).then(|| view! {
                    <p class="mt-1 text-sm text-slate-700">{t!(i18n, notif_reason)} " " {reason_shown.clone()}</p>
                })}
                <p class="mt-1 text-sm text-slate-600">{item.created_at.clone()}</p>
            </div>
            <div class="flex items-center gap-3">
                {item.link.clone().map(|link| view! { <a href=link class="text-sm font-medium text-red-800 underline">{t!(i18n, open_link)}</a> })}
                {(!read).then(|| view! {
                    <Form action=mark key=item.id.to_string()>
                        <input type="hidden" name="id" value=item.id.to_string() />
                        <button type="submit" class="text-sm font-medium text-slate-700 underline">{t!(i18n, mark_read)}</button>
                    </Form>
                })}
            </div>
        </li>
    }
}
