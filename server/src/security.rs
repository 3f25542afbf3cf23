//! Protections every response or request passes through: refusing cross-site state changes and
//! the security headers.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Whether a request that may change state came from another site, judged the way browsers
/// let a server judge it: by `Origin`, or without one by `Sec-Fetch-Site`. A request with
/// neither (curl, a server-side client) carries no browser's cookies uninvited, so it passes.
///
/// With `public_origin` configured (`https://hub.example.cn`, as users reach the site through
/// any proxy), `Origin` must be exactly that: scheme, host and port. Without it (a development
/// or test instance; a deployment sets it, and `PRODUCTION=true` refuses to start without it),
/// the origin must be the site's own scheme (`https` when HTTPS is on) with the request's own
/// authority (`Host`, or the URI's authority on HTTP/2).
pub fn is_cross_site(headers: &HeaderMap, authority: Option<&str>, site: &SiteOrigin) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return true;
        };
        if let Some(public) = site.public.as_deref() {
            return !origin.eq_ignore_ascii_case(public);
        }
        let Some(host) = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or(authority)
        else {
            return true;
        };
        // "null" (a sandboxed frame, a file) or anything that is not scheme://authority.
        let Some((scheme, origin_authority)) = origin.split_once("://") else {
            return true;
        };
        return !(scheme.eq_ignore_ascii_case(site.scheme)
            && origin_authority.eq_ignore_ascii_case(host));
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // "none" is the user's own navigation (address bar, bookmark).
        Some("same-origin" | "none") | None => false,
        // "same-site" is a sibling subdomain: not this origin, so not trusted either.
        Some(_) => true,
    }
}

/// The origin a state-changing request must come from: the configured public origin, or else
/// the request's own host under the site's scheme.
#[derive(Clone, Debug)]
pub struct SiteOrigin {
    pub public: Option<std::sync::Arc<str>>,
    pub scheme: &'static str,
}

impl SiteOrigin {
    pub fn new(public: Option<&str>, https: bool) -> Self {
        Self {
            public: public.map(std::sync::Arc::<str>::from),
            scheme: if https { "https" } else { "http" },
        }
    }
}

fn changes_state(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Refuses a cross-site request that may change state with 403, before any handler runs.
/// The state is the origin the site expects.
pub async fn refuse_cross_site_changes(
    State(site): State<SiteOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let authority = request.uri().authority().map(|a| a.as_str().to_owned());
    if changes_state(request.method())
        && is_cross_site(request.headers(), authority.as_deref(), &site)
    {
        tracing::warn!(
            method = %request.method(),
            path = %crate::startup::redacted_path(request.uri().path()),
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
pub fn page_csp(nonce: &str, live_reload: bool) -> String {
    // `cargo leptos watch` reloads the page through a WebSocket on its own port.
    let connect = if live_reload {
        "'self' ws: wss:"
    } else {
        "'self'"
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src {connect}; \
         object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Whether `cargo leptos watch` runs this server (its live reload needs a WebSocket), read once.
static LIVE_RELOAD: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("LEPTOS_WATCH").is_some());

/// The nonce of one response, made before the request reaches Leptos so that the header and
/// the page's scripts cannot disagree.
#[derive(Clone, Debug)]
pub struct CspNonce(pub std::sync::Arc<str>);

/// Gives every request a fresh nonce and every response its Content-Security-Policy: the page
/// policy with that nonce for HTML, the deny-all policy for everything else.
pub async fn content_security_policy(mut request: Request, next: Next) -> Response {
    let nonce: std::sync::Arc<str> = leptos::nonce::Nonce::new().to_string().into();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if is_html {
        page_csp(&nonce, *LIVE_RELOAD)
    } else {
        NON_PAGE_CSP.to_owned()
    };
    match HeaderValue::from_str(&policy) {
        Ok(value) => {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, value);
        }
        Err(err) => tracing::error!(error = %err, "cannot build the CSP header"),
    }
    response
}

/// Puts the request's nonce into the render's context, in place of the one leptos_axum made,
/// so Leptos' scripts carry the nonce the header names. Called for every page render.
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(parts) = use_context::<axum::http::request::Parts>()
        && let Some(CspNonce(nonce)) = parts.extensions.get::<CspNonce>()
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.clone()));
    }
}

/// The headers every response carries (a handler may not have set them otherwise).
pub const SECURITY_HEADERS: [(header::HeaderName, HeaderValue); 3] = [
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    ),
    (
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
];

/// Gives a server function's error its own status when the function never ran: server_fn
/// answers an unreadable or refused argument (an unknown field, say) with 500, though the body
/// is `AppError::Validation`, a 422. Only 500 answers under `/api/` are read, and only their
/// status changes.
pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::errors::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    static HTTP: std::sync::LazyLock<SiteOrigin> =
        std::sync::LazyLock::new(|| SiteOrigin::new(None, false));
    static HTTPS: std::sync::LazyLock<SiteOrigin> =
        std::sync::LazyLock::new(|| SiteOrigin::new(None, true));

    #[test]
    fn without_a_public_origin_the_scheme_must_be_the_sites_own() {
        let https_origin = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://127.0.0.1:3000"),
        ]);
        assert!(
            is_cross_site(&https_origin, None, &HTTP),
            "https origin, http site"
        );
        assert!(!is_cross_site(&https_origin, None, &HTTPS));
        let http_origin = headers(&[
            ("host", "hub.example.cn"),
            ("origin", "http://hub.example.cn"),
        ]);
        assert!(
            is_cross_site(&http_origin, None, &HTTPS),
            "http origin, https site"
        );
        let other_port = headers(&[
            ("host", "hub.example.cn"),
            ("origin", "https://hub.example.cn:8443"),
        ]);
        assert!(is_cross_site(&other_port, None, &HTTPS));
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn a_request_from_this_origin_passes() {
        assert!(!is_cross_site(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000")
            ]),
            None,
            &HTTP
        ));
        assert!(!is_cross_site(
            &headers(&[
                ("host", "hub.example.cn"),
                ("origin", "https://HUB.example.cn")
            ]),
            None,
            &HTTPS
        ));
        // HTTP/2 carries the authority in the URI, not in Host.
        assert!(!is_cross_site(
            &headers(&[("origin", "https://hub.example.cn")]),
            Some("hub.example.cn"),
            &HTTPS
        ));
    }

    #[test]
    fn a_request_from_another_origin_is_cross_site() {
        for origin in [
            "http://evil.example",
            "http://127.0.0.1:3001",
            "null",
            "127.0.0.1:3000",
        ] {
            let mut map = headers(&[("host", "127.0.0.1:3000")]);
            map.insert("origin", HeaderValue::from_str(origin).expect("ascii"));
            assert!(is_cross_site(&map, None, &HTTP), "{origin}");
        }
    }

    #[test]
    fn without_origin_the_fetch_metadata_decides() {
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            None,
            &HTTP
        ));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            None,
            &HTTP
        ));
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            None,
            &HTTP
        ));
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "none")]),
            None,
            &HTTP
        ));
        assert!(
            !is_cross_site(&headers(&[]), None, &HTTP),
            "a client that is not a browser"
        );
    }

    #[test]
    fn a_configured_public_origin_must_match_exactly_scheme_included() {
        let public = SiteOrigin::new(Some("https://hub.example.cn"), true);
        // Behind a proxy the Host header may be anything; the origin decides.
        let ok = headers(&[
            ("host", "10.0.0.5:3000"),
            ("origin", "https://hub.example.cn"),
        ]);
        assert!(!is_cross_site(&ok, None, &public));
        let plain_http = headers(&[
            ("host", "hub.example.cn"),
            ("origin", "http://hub.example.cn"),
        ]);
        assert!(
            is_cross_site(&plain_http, None, &public),
            "the http:// origin of an https site"
        );
    }

    #[test]
    fn the_page_policy_allows_only_nonced_inline_scripts() {
        let csp = page_csp("abc123", false);
        assert!(csp.contains("connect-src 'self';"));
        assert!(page_csp("abc123", true).contains("connect-src 'self' ws: wss:;"));
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(!csp.contains("unsafe-inline"));
        for directive in [
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
        ] {
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

/// The path of the spreadsheet upload, which has a larger body limit than every other request.
pub const UPLOAD_PATH: &str = "/api/upload_firm_import";
/// The path of a progress report with its files, which has the largest body limit.
pub const REPORT_PATH: &str = app::api::execution::POST_REPORT_PATH;

/// Whether the server function at `path` reads a multipart body (a file's form).
fn takes_files(path: &str) -> bool {
    path == UPLOAD_PATH || path == REPORT_PATH
}

/// The largest request bodies: every request's, the spreadsheet upload's and a report's.
#[derive(Clone, Copy, Debug)]
pub struct BodyLimits {
    pub default: usize,
    pub upload: usize,
    pub report: usize,
}

impl BodyLimits {
    /// An upload's limit is its files' limit and room for the multipart framing and the text
    /// fields: its server function refuses a file over the file limit itself, in the user's
    /// words (so a 21 MB file among a report's ten is answered, not cut off).
    pub fn new(default: usize) -> Self {
        use app::domain::execution::report::{MAX_FILE_BYTES, MAX_FILES, REPORT_TEXT_MAX_CHARS};
        Self {
            default,
            upload: app::domain::firm_import::MAX_UPLOAD_BYTES + 64 * 1024,
            report: (MAX_FILES + 1) * MAX_FILE_BYTES + 4 * REPORT_TEXT_MAX_CHARS + 64 * 1024,
        }
    }

    fn of(&self, path: &str) -> usize {
        match path {
            UPLOAD_PATH => self.upload,
            REPORT_PATH => self.report,
            _ => self.default,
        }
    }
}

/// Refuses a body over its limit with 413: at once when its declared length says so, else
/// when it grows past it while being read.
pub async fn limit_request_body(
    axum::extract::State(limits): axum::extract::State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    let limit = limits.of(request.uri().path());
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return (
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "length limit exceeded",
        )
            .into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// What a server function is told about a field that holds a NUL character.
const CONTROL_CHARACTER: &str = "control_character";

/// The first field of a form-encoded text (a query or a body) whose name or value holds a NUL.
fn field_with_nul(encoded: &[u8]) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        .map(|(name, _)| {
            // `capabilities[]` and `fields[3]` are the same form field to the page.
            let name = name.replace('\0', "");
            name.split('[').next().unwrap_or_default().to_owned()
        })
}

/// A refusal of a server-function request before the function runs: JSON for a script, and for
/// a plain form post (the browser accepts HTML) a redirect back to the page, carrying the error
/// the way Leptos carries a function's own refusal, so the page shows it beside its field.
fn refuse_before_function(
    status: StatusCode,
    path: &str,
    accepts_html: bool,
    referer: Option<&str>,
    error: app::errors::AppError,
) -> Response {
    if accepts_html
        && let Some(referer) = referer
        && let Ok(url) =
            leptos::server_fn::error::ServerFnUrlError::new(path, error.clone()).to_url(referer)
        && let Ok(location) = HeaderValue::from_str(url.as_str())
    {
        return (StatusCode::FOUND, [(header::LOCATION, location)]).into_response();
    }
    let body = serde_json::to_string(&error).unwrap_or_else(|_| "\"Internal\"".to_owned());
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// Checks what every server function receives before it runs, where the check is the same for
/// all of them:
/// - PostgreSQL cannot store a NUL character in text, so a field holding one is refused with
///   422 naming the field (`control_character`), never passed on to fail as a 500;
/// - a file's form (the spreadsheet upload, a report) reads a multipart body only: any other body is refused with 415
///   (the multipart reader would otherwise drop the connection without an answer).
pub async fn check_server_fn_input(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let accepts_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let referer = request
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let refuse = |status, error| {
        refuse_before_function(status, &path, accepts_html, referer.as_deref(), error)
    };
    let refuse_nul = |field: String| {
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            app::errors::AppError::validation(&field, CONTROL_CHARACTER),
        )
    };
    if let Some(field) = request
        .uri()
        .query()
        .and_then(|q| field_with_nul(q.as_bytes()))
    {
        return refuse_nul(field);
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if takes_files(&path) && changes_state(request.method()) {
        let multipart_with_boundary =
            content_type.starts_with("multipart/form-data") && content_type.contains("boundary=");
        if !multipart_with_boundary {
            return refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                app::errors::AppError::validation("file", "file_not_multipart"),
            );
        }
        return next.run(request).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // The body is already held to its limit by `limit_request_body`.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return (StatusCode::PAYLOAD_TOO_LARGE, "length limit exceeded").into_response();
        }
    };
    if let Some(field) = field_with_nul(&bytes) {
        return refuse_nul(field);
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

#[cfg(test)]
mod input_tests {
    use super::field_with_nul;

    #[test]
    fn a_nul_anywhere_in_a_form_names_its_field() {
        assert_eq!(
            field_with_nul(b"email=a%00b&password=x").as_deref(),
            Some("email")
        );
        assert_eq!(
            field_with_nul(b"a=1&certificates%5B%5D=%00").as_deref(),
            Some("certificates")
        );
        assert_eq!(
            field_with_nul(b"q=%E6%88%90%E9%83%BD&city=").as_deref(),
            None
        );
        assert_eq!(
            field_with_nul(b"text=%2500").as_deref(),
            None,
            "an escaped percent sign is text"
        );
    }
}
