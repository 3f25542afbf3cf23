//! Server functions, one file per area. Each is a public endpoint: it reads top to bottom as
//! who asks, parse, load, policy, write (with its audit row), return only what the page needs.

pub mod accounts;
pub mod cities;
pub mod execution;
pub mod exports;
pub mod firms;
pub mod invitations;
pub mod links;
pub mod matching;
pub mod notifications;
pub mod projects;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The last argument of every server function that changes state, flattened into its form:
/// `#[server(flatten)] _unknown: NoUnknownFields`. It collects every field the function does
/// not declare and refuses the call when there is one, so a field a role may not set (a city,
/// a status, a firm) is refused with 422, never silently dropped. It adds nothing to a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoUnknownFields;

/// The text of the refusal, which `AppError` recognises.
pub const UNKNOWN_FIELD: &str = "unknown field";

impl Serialize for NoUnknownFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for NoUnknownFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let rest =
            std::collections::BTreeMap::<String, serde::de::IgnoredAny>::deserialize(deserializer)?;
        // Only the server refuses: in the browser this reads the form into the call, whose
        // request then carries the declared fields alone (and FormData may hold stray entries).
        if cfg!(feature = "ssr")
            && let Some(field) = rest.keys().next()
        {
            return Err(serde::de::Error::custom(format!(
                "{UNKNOWN_FIELD} {field:?}"
            )));
        }
        Ok(Self)
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use std::net::{IpAddr, SocketAddr};

    use axum::extract::ConnectInfo;
    use axum::http::request::Parts;
    use leptos::prelude::use_context;
    use sqlx::{PgConnection, PgPool};

    use crate::auth::Viewer;
    use crate::db::audit::{AuditEntry, record};
    use crate::errors::AppError;

    /// The pool the server put into the Leptos context.
    pub fn pool() -> Result<PgPool, AppError> {
        use_context::<PgPool>().ok_or_else(|| {
            tracing::error!("no database pool in the server-function context");
            AppError::Internal
        })
    }

    fn parts() -> Option<Parts> {
        use_context::<Parts>()
    }

    /// The signed-in user of this request, if any (checked by the session middleware).
    pub fn viewer() -> Option<Viewer> {
        parts().and_then(|p| p.extensions.get::<Viewer>().cloned())
    }

    /// The signed-in user, or `Unauthenticated`.
    pub fn require_viewer() -> Result<Viewer, AppError> {
        viewer().ok_or(AppError::Unauthenticated)
    }

    /// The request's session (every request has one; it is stored only once it holds data).
    pub fn session() -> Result<tower_sessions::Session, AppError> {
        parts()
            .and_then(|p| p.extensions.get::<tower_sessions::Session>().cloned())
            .ok_or_else(|| {
                tracing::error!("no session in the request");
                AppError::Internal
            })
    }

    /// The client's address: the configured trusted proxy header's (its last entry, the one
    /// our own proxy wrote) when the server is set up with one and the request has it, else the
    /// socket's peer. Nothing else the client sends is believed.
    pub fn client_addr() -> Option<IpAddr> {
        let parts = parts()?;
        let trusted = use_context::<crate::auth::ClientAddrSource>().and_then(|s| s.trusted_header);
        if let Some(header) = trusted {
            let from_proxy = parts
                .headers
                .get(&header)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok());
            if from_proxy.is_some() {
                return from_proxy;
            }
        }
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    }

    /// The reader's language, from the `lang` cookie (Simplified Chinese without one).
    pub fn request_lang() -> crate::domain::Lang {
        parts()
            .and_then(|p| p.headers.get(axum::http::header::COOKIE).cloned())
            .and_then(|v| v.to_str().ok().map(str::to_owned))
            .and_then(|cookies| {
                cookies.split(';').find_map(|c| {
                    c.trim()
                        .strip_prefix(crate::api::accounts::LANGUAGE_COOKIE)
                        .and_then(|rest| rest.strip_prefix('='))
                        .and_then(crate::domain::Lang::from_tag)
                })
            })
            .unwrap_or_default()
    }

    /// Tells the page the browser comes back to what this form did, in one line, once (see
    /// `components::round_trip`). Only for functions a form posts to.
    pub async fn notify(notice: crate::components::round_trip::Notice) {
        keep_for_round_trip(crate::components::round_trip::NOTICE_KEY, notice).await;
    }

    /// Leaves `value` in the session for the round trip's middleware and the next page; a
    /// session that cannot keep it costs the user a line, not the request.
    async fn keep_for_round_trip(key: &'static str, value: impl serde::Serialize) {
        let stored = match session() {
            Ok(session) => session.insert(key, value).await.map_err(|e| e.to_string()),
            Err(_) => Err("no session".to_owned()),
        };
        if let Err(err) = stored {
            tracing::warn!(error = %err, key, "cannot keep a form's round trip in the session");
        }
    }

    /// An edit made from an older version, merged with what was saved since
    /// (`domain::merge`): what to save, or the refusal with the fields both sides changed. Then
    /// the form comes back showing, besides what was typed, the colleague's value of every field
    /// only the colleague changed, under `version_now`: saving it again keeps their changes.
    pub async fn merge_or_refuse<F>(
        base: &F,
        theirs: &F,
        mine: &F,
        version_now: i32,
    ) -> Result<F, AppError>
    where
        F: serde::Serialize + serde::de::DeserializeOwned + Clone,
    {
        let merged = crate::domain::merge::merge_edit(base, theirs, mine);
        if merged.conflicts.is_empty() {
            return Ok(merged.form);
        }
        let mut shown = crate::domain::merge::posted(&merged.form);
        shown.push(("version".to_owned(), vec![version_now.to_string()]));
        amend_echo(shown).await;
        Err(AppError::Changed {
            fields: merged.conflicts,
        })
    }

    /// Sets fields of the echo a refused form comes back with (see `FormEcho::amend`); for a
    /// multipart form, which the round trip cannot read, they are the whole echo.
    pub async fn amend_echo(fields: Vec<(String, Vec<String>)>) {
        keep_for_round_trip(crate::components::round_trip::AMEND_KEY, fields).await;
    }

    /// Whether the browser posted a plain HTML form (JavaScript off) and expects a page back.
    pub fn is_plain_form() -> bool {
        parts()
            .and_then(|p| p.headers.get(axum::http::header::ACCEPT).cloned())
            .and_then(|accept| accept.to_str().ok().map(|a| a.contains("text/html")))
            .unwrap_or(false)
    }

    /// How a server function's body ends when it does not succeed: with the answer the caller
    /// gets, or with a refusal that [`answer`] writes to the audit trail once the body, and with
    /// it any transaction and row lock it held, is gone. A refusal therefore never needs a
    /// second connection while the first is still held: a burst of refused calls cannot drain
    /// the pool.
    #[derive(Debug)]
    pub enum Failure {
        Answer(AppError),
        Refused(Refused),
    }

    impl From<AppError> for Failure {
        fn from(err: AppError) -> Self {
            Self::Answer(err)
        }
    }

    /// A refusal still to be audited: who attempted what, on which thing, and how to answer.
    #[derive(Debug)]
    pub struct Refused {
        answer: crate::domain::access::Refusal,
        actor: crate::domain::account::UserId,
        attempted: String,
        entity_type: String,
        entity_id: Option<String>,
    }

    /// Runs a server function's body and answers: a refusal is audited here, after the body
    /// (see [`Failure`]); an error gets its HTTP status (`errors::with_status`).
    pub async fn answer<T>(
        body: impl std::future::Future<Output = Result<T, Failure>>,
    ) -> Result<T, AppError> {
        let outcome = match body.await {
            Ok(value) => Ok(value),
            Err(Failure::Answer(err)) => Err(err),
            Err(Failure::Refused(refused)) => Err(record_refusal(refused).await),
        };
        crate::errors::with_status(outcome)
    }

    /// A refusal of `action` on an `entity_type` (with its id when it has one), answered 403.
    pub fn refuse(
        viewer: &Viewer,
        action: &str,
        entity_type: &str,
        entity_id: Option<String>,
    ) -> Failure {
        refuse_as(
            crate::domain::access::Refusal::Forbidden,
            viewer,
            action,
            entity_type,
            entity_id,
        )
    }

    /// A refusal of `policy_action` like [`refuse`], answered as the policy's
    /// [`crate::domain::access::refusal`] says: `NotFound` for what the viewer may not see.
    pub fn refuse_action(
        policy_action: &crate::domain::access::Action<'_>,
        viewer: &Viewer,
        action: &str,
        entity_type: &str,
        entity_id: Option<String>,
    ) -> Failure {
        let refusal = crate::domain::access::refusal(policy_action);
        refuse_as(refusal, viewer, action, entity_type, entity_id)
    }

    fn refuse_as(
        answer: crate::domain::access::Refusal,
        viewer: &Viewer,
        action: &str,
        entity_type: &str,
        entity_id: Option<String>,
    ) -> Failure {
        Failure::Refused(Refused {
            answer,
            actor: viewer.actor.user,
            attempted: action.to_owned(),
            entity_type: entity_type.to_owned(),
            entity_id,
        })
    }

    /// Writes a refusal's audit row on a connection of its own (nothing else is written) and
    /// returns the answer for the caller.
    async fn record_refusal(refused: Refused) -> AppError {
        let Refused {
            answer,
            actor,
            attempted,
            entity_type,
            entity_id,
        } = refused;
        tracing::info!(
            user = actor.0,
            action = attempted,
            entity_type,
            ?entity_id,
            "access refused"
        );
        let written = async {
            let mut conn = pool()?.acquire().await.context("refuse: acquire")?;
            let entry = AuditEntry {
                actor: Some(actor),
                action: "access_refused",
                entity_type: &entity_type,
                entity_id,
                before: None,
                after: Some(serde_json::json!({ "attempted": attempted })),
                client_addr: client_addr(),
            };
            record(&mut conn, entry).await.context("refuse: audit")
        }
        .await;
        match (written, answer) {
            (Ok(()), crate::domain::access::Refusal::Forbidden) => AppError::Forbidden,
            (Ok(()), crate::domain::access::Refusal::NotFound) => AppError::NotFound,
            (Err(err), _) => err,
        }
    }

    /// Names what failed on the server: `.context("create_project: write")?` logs the error
    /// with its whole chain under that name and answers the opaque `Internal`.
    pub trait Context<T> {
        fn context(self, what: &'static str) -> Result<T, AppError>;
    }

    impl<T, E: std::error::Error + 'static> Context<T> for Result<T, E> {
        fn context(self, what: &'static str) -> Result<T, AppError> {
            self.map_err(|e| AppError::internal(what, &e))
        }
    }

    /// A transaction on the request's pool (`what` names the caller in the log on failure).
    pub async fn begin(
        what: &'static str,
    ) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, AppError> {
        pool()?.begin().await.context(what)
    }

    /// Today's date in Beijing: certificates expire at its end.
    pub fn beijing_today() -> chrono::NaiveDate {
        crate::domain::time::beijing_date(chrono::Utc::now())
    }

    /// An id from a form or URL field, or a validation error on that field.
    pub fn parse_id(raw: &str, field: &str) -> Result<i64, AppError> {
        raw.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| AppError::validation(field, "malformed"))
    }

    /// The audit row of something `viewer` did, with what the request already knows (the actor,
    /// the client's address): `audit_of(&viewer, "project_created", "project", id)`, then
    /// `.before(..)` and `.after(..)` as the change has them, written by `.write(&mut tx)` in
    /// the transaction of the change itself.
    pub fn audit_of<'a>(
        viewer: &Viewer,
        action: &'a str,
        entity_type: &'a str,
        entity_id: Option<String>,
    ) -> Audit<'a> {
        Audit(AuditEntry {
            actor: Some(viewer.actor.user),
            action,
            entity_type,
            entity_id,
            before: None,
            after: None,
            client_addr: client_addr(),
        })
    }

    /// An audit row being built (see [`audit_of`]).
    #[must_use = "an audit row is kept only once written"]
    pub struct Audit<'a>(AuditEntry<'a>);

    impl Audit<'_> {
        /// The state before the change (if there was one).
        pub fn before(mut self, state: impl Into<Option<serde_json::Value>>) -> Self {
            self.0.before = state.into();
            self
        }

        /// The state after the change.
        pub fn after(mut self, state: impl Into<Option<serde_json::Value>>) -> Self {
            self.0.after = state.into();
            self
        }

        pub async fn write(self, conn: &mut PgConnection) -> Result<(), AppError> {
            record(conn, self.0).await.context("audit")
        }
    }

    /// Writes an audit entry with this request's client address.
    pub async fn audit(conn: &mut PgConnection, mut entry: AuditEntry<'_>) -> Result<(), AppError> {
        entry.client_addr = client_addr();
        record(conn, entry).await.context("audit")
    }
}
