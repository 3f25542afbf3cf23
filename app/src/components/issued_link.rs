//! The panel that shows a one-time link to its issuer, once.

use leptos::prelude::*;

use crate::api::links::IssuedLink;
use crate::domain::link::LinkPurpose;
use crate::i18n::{t, use_i18n};

/// The link's full address as the issuer's browser reaches the site.
fn full_url(path: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        let origin = window().location().origin().unwrap_or_default();
        format!("{origin}{path}")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        path.to_owned()
    }
}

/// Shows the last link issued on this page; nothing while there is none. The token is in this
/// browser's memory only: a reload loses it, and the issuer makes a new one.
#[component]
pub fn IssuedLinkPanel(#[prop(into)] link: Signal<Option<IssuedLink>>) -> impl IntoView {
    let i18n = use_i18n();
    let field = NodeRef::<leptos::html::Input>::new();
    // The panel may be far above the button that asked for it: bring the link into view, with
    // the keyboard's focus on it, selected for copying.
    Effect::new(move |_| {
        if link.with(Option::is_some)
            && let Some(input) = field.get()
        {
            let _ = input.focus();
            input.select();
        }
    });
    move || {
        link.get().map(|link| {
            let url = full_url(&link.path);
            let IssuedLink {
                purpose,
                display_name: name,
                email,
                expires_at: expires,
                ..
            } = link;
            let text = match purpose {
                LinkPurpose::Invitation => view! {
                    {t!(i18n, issued_link_invitation, name = name, email = email, expires = expires)}
                }
                .into_any(),
                LinkPurpose::PasswordReset => view! {
                    {t!(i18n, issued_link_reset, name = name, email = email, expires = expires)}
                }
                .into_any(),
            };
            view! {
                <section role="status" data-testid="issued-link" class="mt-4 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-300">
                    <h2 class="font-semibold">{t!(i18n, issued_link_heading)}</h2>
                    <p class="mt-1 text-sm">{text}</p>
                    <label for="issued-link-url" class="mt-3 block text-sm font-medium">{t!(i18n, issued_link_label)}</label>
                    <input
                        node_ref=field
                        id="issued-link-url"
                        type="text"
                        readonly
                        value=url
                        aria-describedby="issued-link-once"
                        class="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
                    />
                    <p id="issued-link-once" class="mt-2 text-sm text-amber-900">{t!(i18n, issued_link_once)}</p>
                </section>
            }
        })
    }
}
