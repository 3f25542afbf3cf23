//! The server's half of a form's round trip (see `app::components::round_trip`):
//! - a browser's form post to a server function that comes back refused (a redirect carrying
//!   `__err`) leaves what was typed in the session, for the page the browser is sent back to;
//! - an accepted one forgets any earlier echo, and its redirect drops an earlier refusal's
//!   `__err` from the address, so the page does not show an old error again;
//! - a page the browser asks for gets the echo (when it shows a refusal) and the notice of the
//!   last success (once) on its request, where the page reads them.

use app::components::round_trip::{
    AMEND_KEY, ECHO_KEY, FORM_KEY_FIELD, FormEcho, NOTICE_KEY, Notice,
};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

/// The query parameters Leptos uses to carry a plain form's refusal back to its page.
const REFUSAL_PARAMS: [&str; 2] = ["__err", "__path"];

fn accepts_html(request: &Request) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

fn is_form_encoded(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// Whether a location carries a refusal.
fn is_refusal(location: &str) -> bool {
    location.split_once('?').is_some_and(|(_, query)| {
        form_urlencoded::parse(query.as_bytes()).any(|(n, _)| n == "__err")
    })
}

/// The location without an earlier refusal's parameters.
fn without_refusal(location: &str) -> String {
    let Some((path, query)) = location.split_once('?') else {
        return location.to_owned();
    };
    let kept: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| !REFUSAL_PARAMS.contains(&name.as_ref()))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        return path.to_owned();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    format!("{path}?{query}")
}

pub async fn form_round_trip(request: Request, next: Next) -> Response {
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    let path = request.uri().path().to_owned();
    if !accepts_html(&request) {
        return next.run(request).await;
    }
    if request.method() == Method::POST && path.starts_with("/api/") {
        return form_post(session, path, request, next).await;
    }
    if request.method() == Method::GET && !path.starts_with("/api/") {
        return page(session, request, next).await;
    }
    next.run(request).await
}

async fn form_post(session: Session, path: String, request: Request, next: Next) -> Response {
    let mut echo = None;
    let request = if is_form_encoded(&request) {
        let (parts, body) = request.into_parts();
        // The body is already held to its limit by `limit_request_body`.
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return Response::builder()
                .status(axum::http::StatusCode::PAYLOAD_TOO_LARGE)
                .body(Body::from("length limit exceeded"))
                .unwrap_or_default();
        };
        echo = Some(FormEcho::new(
            &path,
            form_urlencoded::parse(&bytes).map(|(n, v)| (n.into_owned(), v.into_owned())),
        ));
        // The form's key is the page's business: the function never sees it.
        let body = if form_urlencoded::parse(&bytes).any(|(n, _)| n == FORM_KEY_FIELD) {
            Body::from(
                form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(
                        form_urlencoded::parse(&bytes).filter(|(n, _)| n != FORM_KEY_FIELD),
                    )
                    .finish(),
            )
        } else {
            Body::from(bytes)
        };
        Request::from_parts(parts, body)
    } else {
        request
    };
    let mut response = next.run(request).await;
    if !response.status().is_redirection() {
        return response;
    }
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return response;
    };
    // What the function said the refused form should show instead of what was posted.
    let amended = match take_amendment(&session).await {
        Ok(amended) => amended,
        Err(err) => {
            tracing::warn!(error = %err, "cannot read a refused form's amendment");
            Vec::new()
        }
    };
    let stored = if is_refusal(&location) {
        match echo {
            Some(mut echo) => {
                echo.amend(&amended);
                session.insert(ECHO_KEY, echo).await
            }
            // A multipart form is not read here: what the function kept of it is the echo.
            None if !amended.is_empty() => {
                let fields = amended
                    .into_iter()
                    .flat_map(|(name, values)| values.into_iter().map(move |v| (name.clone(), v)));
                session.insert(ECHO_KEY, FormEcho::new(&path, fields)).await
            }
            None => forget_echo(&session).await,
        }
    } else {
        if let Ok(clean) = HeaderValue::from_str(&without_refusal(&location)) {
            response.headers_mut().insert(header::LOCATION, clean);
        }
        forget_echo(&session).await
    };
    if let Err(err) = stored {
        tracing::warn!(error = %err, "cannot keep a form's round trip in the session");
    }
    response
}

async fn take_amendment(
    session: &Session,
) -> Result<Vec<(String, Vec<String>)>, tower_sessions::session::Error> {
    let amended = session.get::<Vec<(String, Vec<String>)>>(AMEND_KEY).await?;
    if amended.is_some() {
        session
            .remove::<Vec<(String, Vec<String>)>>(AMEND_KEY)
            .await?;
    }
    Ok(amended.unwrap_or_default())
}

async fn forget_echo(session: &Session) -> Result<(), tower_sessions::session::Error> {
    if session.get::<FormEcho>(ECHO_KEY).await?.is_some() {
        session.remove::<FormEcho>(ECHO_KEY).await?;
    }
    Ok(())
}

async fn page(session: Session, mut request: Request, next: Next) -> Response {
    let shows_refusal = request
        .uri()
        .query()
        .is_some_and(|q| form_urlencoded::parse(q.as_bytes()).any(|(n, _)| n == "__err"));
    let carried = async {
        if shows_refusal {
            if let Some(echo) = session.get::<FormEcho>(ECHO_KEY).await? {
                request.extensions_mut().insert(echo);
            }
        } else {
            // The echo belongs to the page that showed the refusal; elsewhere it is stale.
            forget_echo(&session).await?;
        }
        if let Some(notice) = session.get::<Notice>(NOTICE_KEY).await? {
            session.remove::<Notice>(NOTICE_KEY).await?;
            request.extensions_mut().insert(notice);
        }
        Ok::<_, tower_sessions::session::Error>(())
    }
    .await;
    if let Err(err) = carried {
        tracing::warn!(error = %err, "cannot read a form's round trip from the session");
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_told_by_its_error_parameter() {
        assert!(is_refusal("/firms/3/edit?__path=%2Fapi%2Fx&__err=%7B%7D"));
        assert!(!is_refusal("/firms/3/edit?tab=a"));
        assert!(!is_refusal("/firms/3/edit"));
    }

    #[test]
    fn a_success_drops_an_earlier_refusal_from_the_address() {
        assert_eq!(
            without_refusal("/firms/3/edit?__path=%2Fapi%2Fx&__err=%7B%7D"),
            "/firms/3/edit"
        );
        assert_eq!(
            without_refusal("/firms?q=%E6%88%90&__err=x&page=2"),
            "/firms?q=%E6%88%90&page=2"
        );
        assert_eq!(without_refusal("/inbox"), "/inbox");
    }
}
