//! Server-side authentication: password hashing, what a session remembers, and the middleware
//! that turns a session cookie into the signed-in user of a request (or ends the session).

use std::sync::LazyLock;
use std::time::Duration;

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tower_sessions::Session;

use crate::domain::account::Actor;

/// Where the session keeps who signed in.
pub const AUTH_KEY: &str = "auth";
/// Where the session keeps the email of a failed sign-in, so the form shows it again after a
/// plain (JavaScript-free) post and its redirect.
pub const SIGN_IN_EMAIL_KEY: &str = "sign_in_email";

/// What a session remembers about its user: the id of its row in `user_sessions`, checked on
/// every request (open, younger than the absolute lifetime, its user active).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAuth {
    pub user_session: uuid::Uuid,
}

/// The signed-in user of a request, put into the request's extensions by [`authenticate`].
#[derive(Clone, Debug)]
pub struct Viewer {
    pub actor: Actor,
    pub session: Session,
    pub summary: crate::views::accounts::CurrentUser,
    /// The row of this signed-in session in `user_sessions`.
    pub user_session: uuid::Uuid,
}

/// Where the client's address comes from: the socket, or a header set by a trusted proxy.
#[derive(Clone, Debug, Default)]
pub struct ClientAddrSource {
    pub trusted_header: Option<axum::http::HeaderName>,
}

/// The session rules the middleware applies.
#[derive(Clone, Debug)]
pub struct SessionRules {
    pub pool: PgPool,
    /// How long after sign-in a session ends, however active.
    pub absolute_lifetime: Duration,
}

/// argon2id with the OWASP minimum: 19 MiB, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(Params::DEFAULT_M_COST, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// At most this many argon2 computations run at once (one per core): each takes 19 MiB and a
/// core for tens of milliseconds, and a flood of sign-ins must queue, not exhaust the machine.
static HASHING: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    tokio::sync::Semaphore::new(
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2),
    )
});

/// Checked against when the email is unknown, so that costs what a wrong password costs.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_blocking("a password nobody has, hashed so unknown emails take as long")
        .expect("hashing the dummy password")
});

fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2: {0}")]
    Argon2(argon2::password_hash::Error),
    #[error("the hashing task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("the hashing queue is closed")]
    Closed(#[from] tokio::sync::AcquireError),
}

/// Hashes a password off the async threads (argon2 takes tens of milliseconds on purpose).
pub async fn hash_password(password: String) -> Result<String, HashError> {
    let _turn = HASHING.acquire().await?;
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await?
        .map_err(HashError::Argon2)
}

/// Whether `password` matches `stored`; with no stored hash (an unknown email) it checks the
/// dummy hash, so the answer takes the same time and is always no.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, HashError> {
    let _turn = HASHING.acquire().await?;
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let matches = match PasswordHash::new(&hash) {
            Ok(parsed) => argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(err) => {
                tracing::error!(error = %err, "a stored password hash cannot be read");
                false
            }
        };
        known && matches
    })
    .await
    .map_err(HashError::from)
}

/// Warms the dummy hash at start-up, so the first unknown email is not slower than the rest.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Turns the request's session into its signed-in user, or ends a session that was signed out,
/// is past its absolute lifetime, or whose account is disabled. Responses to a browser with a
/// session (signed in, or holding the email of a failed sign-in) are never cached.
pub async fn authenticate(
    State(rules): State<SessionRules>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    let auth = match session.get::<SessionAuth>(AUTH_KEY).await {
        Ok(auth) => auth,
        // A record this version cannot read (written by an older one, say): start afresh.
        Err(tower_sessions::session::Error::SerdeJson(err)) => {
            tracing::warn!(error = %err, "an unreadable session is ended");
            if let Err(err) = session.flush().await {
                tracing::error!(error = %err, "cannot end an unreadable session");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            None
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot load the session");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if let Some(auth) = auth {
        match check(&rules, &auth).await {
            Ok(Some((actor, summary))) => {
                request.extensions_mut().insert(Viewer {
                    actor,
                    session: session.clone(),
                    summary,
                    user_session: auth.user_session,
                });
            }
            Ok(None) => {
                if let Err(err) = session.flush().await {
                    tracing::error!(error = %err, "cannot end a stale session");
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot check the session's user");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    let mut response = next.run(request).await;
    if !session.is_empty().await {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

async fn check(
    rules: &SessionRules,
    auth: &SessionAuth,
) -> Result<Option<(Actor, crate::views::accounts::CurrentUser)>, sqlx::Error> {
    let mut conn = rules.pool.acquire().await?;
    let found =
        crate::db::accounts::session_user(&mut conn, auth.user_session, rules.absolute_lifetime)
            .await?;
    let Some(user) = found.filter(|user| user.active) else {
        return Ok(None);
    };
    Ok(Some((user.actor, user.summary)))
}
