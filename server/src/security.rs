//! Protections every response or request passes through: refusing cross-site state changes and
//! the security headers.

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Whether a request that may change state came from another site, judged the way browsers
/// let a server judge it: by `Origin`, or without one by `Sec-Fetch-Site`. A request with
/// neither (curl, a server-side client) carries no browser's cookies uninvited, so it passes.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else { return true };
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return true;
        };
        // "null" (a sandboxed frame, a file) or anything that is not scheme://authority.
        let Some((_scheme, authority)) = origin.split_once("://") else { return true };
        return !authority.eq_ignore_ascii_case(host);
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // "none" is the user's own navigation (address bar, bookmark).
        Some("same-origin" | "none") | None => false,
        // "same-site" is a sibling subdomain: not this origin, so not trusted either.
        Some(_) => true,
    }
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

/// Refuses a cross-site request that may change state with 403, before any handler runs.
pub async fn refuse_cross_site_changes(request: Request, next: Next) -> Response {
    if changes_state(request.method()) && is_cross_site(request.headers()) {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            "refused a cross-site request"
        );
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(request).await
}

/// The policy of responses that are not pages (server functions, files, probes): nothing may
/// run, nothing may frame them.
pub const NON_PAGE_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The policy of a page: scripts only from this site or inline with this response's nonce
/// (Leptos' hydration scripts carry it), WebAssembly compiled by the browser, no plugins, no
/// framing, no `<base>` elsewhere, forms posted only here.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Sets the page's Content-Security-Policy with the nonce Leptos put into this render's context.
pub fn set_page_csp() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(options)) =
        (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    match HeaderValue::from_str(&page_csp(&nonce)) {
        Ok(value) => options.insert_header(header::CONTENT_SECURITY_POLICY, value),
        Err(err) => tracing::error!(error = %err, "cannot build the page's CSP header"),
    }
}

/// The headers every response carries (a handler may not have set them otherwise).
pub const SECURITY_HEADERS: [(header::HeaderName, HeaderValue); 3] = [
    (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
    (
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn a_request_from_this_origin_passes() {
        assert!(!is_cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(!is_cross_site(&headers(&[("host", "hub.example.cn"), ("origin", "https://HUB.example.cn")])));
    }

    #[test]
    fn a_request_from_another_origin_is_cross_site() {
        for origin in ["http://evil.example", "http://127.0.0.1:3001", "null", "127.0.0.1:3000"] {
            let mut map = headers(&[("host", "127.0.0.1:3000")]);
            map.insert("origin", HeaderValue::from_str(origin).expect("ascii"));
            assert!(is_cross_site(&map), "{origin}");
        }
    }

    #[test]
    fn without_origin_the_fetch_metadata_decides() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(!is_cross_site(&headers(&[])), "a client that is not a browser");
    }

    #[test]
    fn the_page_policy_allows_only_nonced_inline_scripts() {
        let csp = page_csp("abc123");
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(!csp.contains("unsafe-inline"));
        for directive in ["object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"] {
            assert!(csp.contains(directive), "{directive}");
        }
    }

    #[test]
    fn only_state_changing_methods_are_checked() {
        assert!(!changes_state(&Method::GET));
        assert!(!changes_state(&Method::HEAD));
        assert!(changes_state(&Method::POST));
        assert!(changes_state(&Method::DELETE));
        assert!(changes_state(&Method::PUT));
        assert!(changes_state(&Method::PATCH));
    }
}
