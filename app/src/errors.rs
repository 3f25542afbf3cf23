//! The one error type the browser sees. It carries codes, never free text from the server, so
//! the page decides the words (in the user's language) and nothing a library or a URL says can
//! reach a bureau's page.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request needs a signed-in user and has none (or the session has ended).
    #[error("not signed in")]
    Unauthenticated,
    /// The signed-in user may not do this.
    #[error("forbidden")]
    Forbidden,
    /// What the request names does not exist, or is out of the caller's sight.
    #[error("not found")]
    NotFound,
    /// The request clashes with the current state: the code names how.
    #[error("conflict: {code}")]
    Conflict { code: String },
    /// An edit named a version someone else changed meanwhile: these fields differ now (the
    /// form keeps what was typed and shows the current values beside it).
    #[error("changed meanwhile: {}", .fields.join(", "))]
    Changed { fields: Vec<String> },
    /// Too many failed attempts: the client must wait this long (sign-in throttling).
    #[error("too many attempts; retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    /// The input could not be read, or a field failed validation: the code names which.
    #[error("invalid input: {field}: {code}")]
    Validation { field: String, code: String },
    /// Several fields failed validation at once: each field with its code.
    #[error("invalid input in {} fields", .0.len())]
    Fields(Vec<(String, String)>),
    /// Something failed on the server; the details are in the server's log only.
    #[error("internal error")]
    Internal,
    /// The request never reached the function, or its answer could not be read.
    #[error("request failed")]
    Transport,
}

impl AppError {
    pub fn validation(field: &str, code: &str) -> Self {
        Self::Validation {
            field: field.to_owned(),
            code: code.to_owned(),
        }
    }

    pub fn conflict(code: &str) -> Self {
        Self::Conflict {
            code: code.to_owned(),
        }
    }

    /// Every field that failed, with its code (one field: a plain `Validation`).
    pub fn fields(errors: Vec<(&str, &str)>) -> Self {
        match errors.as_slice() {
            [(field, code)] => Self::validation(field, code),
            _ => Self::Fields(
                errors
                    .into_iter()
                    .map(|(f, c)| (f.to_owned(), c.to_owned()))
                    .collect(),
            ),
        }
    }

    /// The validation code for `field`, if this error is about that field.
    pub fn field_code(&self, field: &str) -> Option<&str> {
        match self {
            Self::Validation { field: f, code } if f == field => Some(code),
            Self::Fields(errors) => errors
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, c)| c.as_str()),
            _ => None,
        }
    }

    /// Whether this error is only about fields among `fields` (each shown next to its field,
    /// so nothing more needs saying above the form).
    pub fn is_about_fields(&self, fields: &[&str]) -> bool {
        match self {
            Self::Validation { field, .. } => fields.contains(&field.as_str()),
            Self::Fields(errors) => errors.iter().all(|(f, _)| fields.contains(&f.as_str())),
            _ => false,
        }
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict { .. } | Self::Changed { .. } => 409,
            Self::Throttled { .. } => 429,
            Self::Validation { .. } | Self::Fields(_) => 422,
            Self::Internal => 500,
            Self::Transport => 400,
        }
    }

    /// Logs a server-side failure with its whole chain and returns the opaque `Internal`.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, err: &(dyn std::error::Error + 'static)) -> Self {
        let mut chain = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::error!(context, error = %chain, "internal error");
        Self::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) if message.contains(crate::api::UNKNOWN_FIELD) => {
                Self::validation("request", "unknown_field")
            }
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::validation("request", "unreadable")
            }
            ServerFnErrorErr::ServerError(_)
            | ServerFnErrorErr::MiddlewareError(_)
            | ServerFnErrorErr::Registration(_)
            | ServerFnErrorErr::Response(_) => Self::Internal,
            ServerFnErrorErr::UnsupportedRequestMethod(_)
            | ServerFnErrorErr::Request(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::Serialization(_) => Self::Transport,
        }
    }
}

/// Sets the HTTP status of the response being produced (a page or a server function).
#[cfg(feature = "ssr")]
pub fn set_response_status(status: u16) {
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = axum::http::StatusCode::from_u16(status)
    {
        options.set_status(status);
    }
}

/// Sets the response's status to the error's, so a failed call is not sent as 200 or a bare 500.
/// A plain form post (the browser accepts HTML) is left alone: leptos_axum sends it back to
/// the page with a redirect, which a 4xx status would turn into a bare error body.
#[cfg(feature = "ssr")]
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && !crate::api::ssr::is_plain_form()
    {
        set_response_status(err.status());
    }
    result
}
