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

use crate::domain::account::{Actor, UserId};

/// Where the session keeps who signed in.
pub const AUTH_KEY: &str = "auth";
/// Where the session keeps the email of a failed sign-in, so the form shows it again after a
/// plain (JavaScript-free) post and its redirect.
pub const SIGN_IN_EMAIL_KEY: &str = "sign_in_email";

/// What a session remembers about its user. Checked against the database on every request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAuth {
    pub user_id: i64,
    /// The user's session epoch at sign-in: raised to end every session at once.
    pub epoch: i32,
    /// Unix milliseconds of the sign-in, for the absolute lifetime.
    pub signed_in_at_ms: i64,
}

/// The signed-in user of a request, put into the request's extensions by [`authenticate`].
#[derive(Clone, Debug)]
pub struct Viewer {
    pub actor: Actor,
    pub session: Session,
    pub summary: crate::api::accounts::CurrentUser,
    pub epoch: i32,
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
}

/// Hashes a password off the async threads (argon2 takes tens of milliseconds on purpose).
pub async fn hash_password(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await?
        .map_err(HashError::Argon2)
}

/// Whether `password` matches `stored`; with no stored hash (an unknown email) it checks the
/// dummy hash, so the answer takes the same time and is always no.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, HashError> {
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
    .map_err(HashError::Join)
}

/// Warms the dummy hash at start-up, so the first unknown email is not slower than the rest.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

pub fn now_unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Turns the request's session into its signed-in user, or ends a session that is past its
/// absolute lifetime, whose account is gone or disabled, or whose epoch is stale. Responses to
/// signed-in users are never cached.
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
        Err(err) => {
            tracing::error!(error = %err, "cannot load the session");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut signed_in = false;
    if let Some(auth) = auth {
        match check(&rules, &auth).await {
            Ok(Some((actor, summary))) => {
                request.extensions_mut().insert(Viewer {
                    actor,
                    session: session.clone(),
                    summary,
                    epoch: auth.epoch,
                });
                signed_in = true;
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
    if signed_in {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

async fn check(
    rules: &SessionRules,
    auth: &SessionAuth,
) -> Result<Option<(Actor, crate::api::accounts::CurrentUser)>, sqlx::Error> {
    let age_ms = now_unix_ms().saturating_sub(auth.signed_in_at_ms);
    let lifetime_ms = i64::try_from(rules.absolute_lifetime.as_millis()).unwrap_or(i64::MAX);
    if !(0..=lifetime_ms).contains(&age_ms) {
        return Ok(None);
    }
    let mut conn = rules.pool.acquire().await?;
    let Some(user) = crate::db::accounts::session_user(&mut conn, UserId(auth.user_id)).await?
    else {
        return Ok(None);
    };
    if !user.active || user.session_epoch != auth.epoch {
        return Ok(None);
    }
    Ok(Some((user.actor, user.summary)))
}
