//! Lists that page: the URL of the same list on another page.

/// The URL of `path` with the list's current parameters (the empty ones left out) on `page`.
pub fn page_href(path: &str, current: &[(&'static str, String)], page: i64) -> String {
    let mut query: Vec<String> = current
        .iter()
        .filter(|(name, value)| *name != "page" && !value.is_empty())
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect();
    query.push(format!("page={page}"));
    format!("{path}?{}", query.join("&"))
}

/// The same search at another address (an export): every parameter but the page.
pub fn search_href(path: &str, current: &[(&'static str, String)]) -> String {
    let query: Vec<String> = current
        .iter()
        .filter(|(name, value)| *name != "page" && !value.is_empty())
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect();
    format!("{path}?{}", query.join("&"))
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
