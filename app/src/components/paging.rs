//! Lists that page: the URL of the same list on another page, and the pager under a list.

use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};

/// The URL of `path` with the list's current parameters (the empty ones left out) on `page`.
pub fn page_href(path: &str, current: &[(&'static str, String)], page: i64) -> String {
    let mut query = search_query(current);
    query.push(format!("page={page}"));
    format!("{path}?{}", query.join("&"))
}

/// The same search at another address (an export): every parameter but the page.
pub fn search_href(path: &str, current: &[(&'static str, String)]) -> String {
    format!("{path}?{}", search_query(current).join("&"))
}

fn search_query(current: &[(&'static str, String)]) -> Vec<String> {
    current
        .iter()
        .filter(|(name, value)| *name != "page" && !value.is_empty())
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect()
}

/// "Previous · page 2 of 5 · next" under a list at `path` whose parameters are `current`.
#[component]
pub fn Pager(
    path: &'static str,
    current: Vec<(&'static str, String)>,
    page: i64,
    page_count: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let pages = page_count.max(1);
    let previous = (page > 1).then(|| page_href(path, &current, page - 1));
    let next = (page < pages).then(|| page_href(path, &current, page + 1));
    view! {
        <nav aria-label=move || t_string!(i18n, pagination_label).to_string() class="mt-6 flex items-center justify-between gap-4">
            {previous.map(|href| view! { <a href=href rel="prev" class="text-red-800 underline underline-offset-2">{t!(i18n, page_previous)}</a> })}
            <span class="text-sm text-slate-600">{t!(i18n, page_of, page = move || page, pages = move || pages)}</span>
            {next.map(|href| view! { <a href=href rel="next" class="text-red-800 underline underline-offset-2">{t!(i18n, page_next)}</a> })}
        </nav>
    }
}

/// Percent-encodes a query value (everything but unreserved ASCII).
fn urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::page_href;

    #[test]
    fn another_page_keeps_the_filters_and_encodes_them() {
        let current = [
            ("q", "减速 器".to_owned()),
            ("city", String::new()),
            ("page", "2".into()),
        ];
        assert_eq!(
            page_href("/projects", &current, 3),
            "/projects?q=%E5%87%8F%E9%80%9F%20%E5%99%A8&page=3"
        );
    }
}
