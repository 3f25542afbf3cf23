//! The step between a button and what it cannot take back. The first press opens the step, which
//! says what will happen and who will be told; only the step's own button posts. It is a plain
//! `<details>` inside the form, so it works the same without JavaScript, and it comes back open
//! when its form was refused (the fields it asks for, a reason, show their errors there).

use leptos::prelude::*;

use super::form::BUTTON_CLASS;
use super::round_trip::form_refused;

/// How the button that opens a step looks: a link-like action beside a row's text, or a button.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Opener {
    #[default]
    Button,
    Quiet,
}

impl Opener {
    fn class(self) -> &'static str {
        match self {
            Self::Button => {
                "inline-flex cursor-pointer list-none items-center justify-center rounded-md bg-white px-3 py-1.5 text-sm font-medium text-red-900 ring-1 ring-red-800 hover:bg-red-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800 [&::-webkit-details-marker]:hidden"
            }
            Self::Quiet => {
                "cursor-pointer text-sm text-red-800 underline underline-offset-2 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-800"
            }
        }
    }
}

/// A submit that asks first. Goes inside a [`super::round_trip::Form`]; `children` are fields the
/// step asks for (shown above its button).
#[component]
pub fn Confirm(
    /// The button that opens the step ("发布征集").
    #[prop(into)]
    opens: String,
    /// What will happen, and who will be told.
    #[prop(into)]
    says: String,
    /// The button that does it ("确认发布").
    #[prop(into)]
    does: String,
    #[prop(optional)] opener: Opener,
    /// The `id` of the text that names what the row is about (a person's name), for the buttons.
    #[prop(optional, into)]
    described_by: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <details class="group" open=form_refused() data-testid="confirm">
            <summary class=opener.class() aria-describedby=described_by.clone()>{opens}</summary>
            <div class="mt-2 max-w-prose space-y-3 rounded-md bg-amber-50 p-3 text-left ring-1 ring-amber-300">
                <p class="text-sm text-slate-900" data-testid="confirm-says">{says}</p>
                {children.map(|children| children())}
                <button type="submit" class=BUTTON_CLASS aria-describedby=described_by>{does}</button>
            </div>
        </details>
    }
}
