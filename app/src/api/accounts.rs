//! Accounts: signing in and out, the signed-in user, their password and language, and the
//! accounts a user may see and disable.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::Lang;
use crate::errors::AppError;
use crate::views::accounts::{AccountSummary, CurrentUser};

/// The cookie that remembers the reader's language (read on the server, so the first paint is
/// already in it; written by the browser too, when the switch runs without a reload).
pub const LANGUAGE_COOKIE: &str = "lang";

/// One year, in seconds.
pub const LANGUAGE_COOKIE_MAX_AGE: i64 = 365 * 24 * 60 * 60;

/// Chooses the reader's language. The language switch is a plain form: with the WebAssembly
/// loaded, the page switches in place and never calls this; without it, the browser posts here,
/// gets the cookie and is sent back to the page it came from. A signed-in user's choice is also
/// kept with their account, so it follows them to the next browser.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(
    lang: String,
    next: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{Context, audit_of, begin, refuse, viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::return_path::ReturnPath;

    crate::api::ssr::answer(async {
        let viewer = viewer();
        let lang = Lang::from_tag(&lang)
            .ok_or_else(|| AppError::validation("lang", "unknown_language"))?;
        let next = ReturnPath::parse(&next).unwrap_or_default();
        if let Some(viewer) = viewer {
            if !allows(Some(&viewer.actor), &Action::ManageOwnAccount) {
                let id = Some(viewer.actor.user.0.to_string());
                return Err(refuse(&viewer, "set_language", "user", id));
            }
            let mut tx = begin("set_language: begin").await?;
            crate::db::accounts::set_language(&mut tx, viewer.actor.user, lang)
                .await
                .context("set_language: update")?;
            audit_of(
                &viewer,
                "language_changed",
                "user",
                Some(viewer.actor.user.0.to_string()),
            )
            .before(
                viewer
                    .summary
                    .language
                    .map(|l| serde_json::json!({ "language": l.tag() })),
            )
            .after(serde_json::json!({ "language": lang.tag() }))
            .write(&mut tx)
            .await?;
            tx.commit().await.context("set_language: commit")?;
        }
        ssr::set_language_cookie(lang)?;
        leptos_axum::redirect(next.as_str());
        Ok(())
    })
    .await
}

/// Signs in with email and password. An unknown email costs what a wrong password costs and
/// gets the same answer. On success the session gets a new id; a plain form post is sent on to
/// `next`, a call from the page gets `next` back and loads it.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<String, AppError> {
    use super::ssr::{Context, audit, client_addr, is_plain_form, pool, session};
    use crate::auth::{AUTH_KEY, SIGN_IN_EMAIL_KEY, SessionAuth, verify_password};
    use crate::db::audit::AuditEntry;
    use crate::domain::account::Email;
    use crate::domain::return_path::ReturnPath;
    use crate::domain::throttle::{Scope, ThrottleRules};

    crate::api::ssr::answer(async {
        let session = session()?;
        let next = ReturnPath::parse(&next).unwrap_or_default();
        // Keep what was typed for the form's next showing (it is lost in a plain post's redirect);
        // no more than an email can be, so nobody fills the session table through this form.
        let remember_email = async |session: &tower_sessions::Session| {
            let typed = email.trim();
            if typed.chars().count() > 254 {
                return Ok(());
            }
            session
                .insert(SIGN_IN_EMAIL_KEY, typed)
                .await
                .map_err(|e| AppError::internal("sign_in: session", &e))
        };
        let parsed = match Email::parse(&email) {
            Ok(parsed) => parsed,
            Err(err) => {
                remember_email(&session).await?;
                return Err(AppError::validation("email", err.code()).into());
            }
        };
        if password.is_empty() || password.chars().count() > 1024 {
            remember_email(&session).await?;
            return Err(AppError::validation("password", if password.is_empty() { "required" } else { "too_long" }).into());
        }

        let pool = pool()?;
        let mut conn = pool.acquire().await.context("sign_in: acquire")?;
        // Throttled before the password is even looked at: a wait owed is a refusal, whatever
        // the password (so a locked pair learns nothing), and an unknown email is counted alike.
        let rules = use_context::<ThrottleRules>().unwrap_or_default();
        let addr = client_addr().map_or_else(|| "unknown".to_owned(), |a| a.to_string());
        let counters = crate::db::throttle::counters(&mut conn, parsed.as_str(), &addr)
            .await
            .context("sign_in: throttle")?;
        let wait = [
            rules.wait(Scope::Pair, counters.pair.as_ref(), counters.now_ms),
            rules.wait(Scope::Email, counters.email.as_ref(), counters.now_ms),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(wait) = wait {
            let retry_after_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let entry = AuditEntry {
                actor: None,
                action: "sign_in_throttled",
                entity_type: "user",
                entity_id: None,
                before: None,
                after: Some(serde_json::json!({ "email": parsed.as_str(), "wait_secs": retry_after_secs })),
                client_addr: None,
            };
            audit(&mut conn, entry).await?;
            remember_email(&session).await?;
            ssr::set_retry_after(retry_after_secs)?;
            return Err(AppError::Throttled { retry_after_secs }.into());
        }
        let account = crate::db::accounts::credentials_by_email(&mut conn, &parsed)
            .await
            .context("sign_in: load")?;
        drop(conn);
        // An invited account without a password yet is checked against the dummy hash, so it
        // answers like a wrong password.
        let matches = verify_password(password, account.as_ref().and_then(|a| a.password_hash.clone()))
            .await
            .map_err(|e| AppError::internal("sign_in: verify", &e))?;

        let mut tx = pool.begin().await.context("sign_in: begin")?;
        let account = match account {
            Some(account) if matches && account.active => account,
            other => {
                // The same answer for an unknown email and a wrong password; a disabled account
                // is named only to someone who knows its password.
                let disabled = matches && other.as_ref().is_some_and(|a| !a.active);
                // The account tried is the entity, not the actor: whoever tried is unknown.
                let entry = AuditEntry {
                    actor: None,
                    action: "sign_in_failed",
                    entity_type: "user",
                    entity_id: other.as_ref().map(|a| a.user.0.to_string()),
                    before: None,
                    after: Some(serde_json::json!({
                        "email": parsed.as_str(),
                        "reason": if disabled { "account_disabled" } else { "wrong_credentials" },
                    })),
                    client_addr: None,
                };
                audit(&mut tx, entry).await?;
                let pair = rules.after_failure(Scope::Pair, counters.pair.as_ref(), counters.now_ms);
                let any = rules.after_failure(Scope::Email, counters.email.as_ref(), counters.now_ms);
                crate::db::throttle::record_failure(&mut tx, parsed.as_str(), &addr, &pair, &any)
                    .await
                    .context("sign_in: count failure")?;
                if pair.locked_until_ms.is_some() {
                    let entry = AuditEntry {
                        actor: None,
                        action: "sign_in_locked",
                        entity_type: "user",
                        entity_id: other.as_ref().map(|a| a.user.0.to_string()),
                        before: None,
                        after: Some(serde_json::json!({ "email": parsed.as_str(), "failures": pair.failures })),
                        client_addr: None,
                    };
                    audit(&mut tx, entry).await?;
                }
                tx.commit().await.context("sign_in: commit")?;
                remember_email(&session).await?;
                let code = if disabled { "account_disabled" } else { "wrong_credentials" };
                return Err(AppError::validation("credentials", code).into());
            }
        };
        crate::db::throttle::clear(&mut tx, parsed.as_str(), &addr)
            .await
            .context("sign_in: clear throttle")?;
        let user_session = crate::db::accounts::start_session(&mut tx, account.user)
            .await
            .context("sign_in: start session")?;
        let entry = AuditEntry {
            actor: Some(account.user),
            action: "sign_in",
            entity_type: "session",
            entity_id: Some(user_session.to_string()),
            before: None,
            after: None,
            client_addr: None,
        };
        audit(&mut tx, entry).await?;
        tx.commit().await.context("sign_in: commit")?;

        // A new id for the signed-in session: an id planted before sign-in is worth nothing.
        session.cycle_id().await.map_err(|e| AppError::internal("sign_in: cycle id", &e))?;
        let _ = session.remove_value(SIGN_IN_EMAIL_KEY).await;
        let auth = SessionAuth { user_session };
        session.insert(AUTH_KEY, auth).await.map_err(|e| AppError::internal("sign_in: session", &e))?;
        if let Some(lang) = account.language {
            ssr::set_language_cookie(lang)?;
        }
        if is_plain_form() {
            leptos_axum::redirect(next.as_str());
        }
        Ok(next.as_str().to_owned())
    })
.await
}

/// The email of this browser's last failed sign-in, so the form shows it again. Only this
/// browser's own session holds it; nothing comes from the address.
#[server(prefix = "/api", endpoint = "sign_in_email", input = GetUrl)]
pub async fn sign_in_email() -> Result<Option<String>, AppError> {
    use crate::api::ssr::Context;
    use crate::auth::SIGN_IN_EMAIL_KEY;

    crate::api::ssr::answer(async {
        let session = super::ssr::session()?;
        Ok(session
            .get::<String>(SIGN_IN_EMAIL_KEY)
            .await
            .context("sign_in_email: session")?)
    })
    .await
}

/// Signs out: the session is deleted on the server, so its cookie is worth nothing after.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out(#[server(flatten)] _unknown: NoUnknownFields) -> Result<(), AppError> {
    use super::ssr::{Context, audit_of, begin, is_plain_form, session, viewer};

    crate::api::ssr::answer(async {
        if let Some(viewer) = viewer() {
            let mut tx = begin("sign_out: begin").await?;
            // Closed here, the session stays signed out even if a request in flight
            // writes its record back after the flush below.
            crate::db::accounts::end_session(&mut tx, viewer.user_session)
                .await
                .context("sign_out: end session")?;
            audit_of(
                &viewer,
                "sign_out",
                "session",
                Some(viewer.user_session.to_string()),
            )
            .write(&mut tx)
            .await?;
            tx.commit().await.context("sign_out: commit")?;
        }
        session()?
            .flush()
            .await
            .map_err(|e| AppError::internal("sign_out: flush", &e))?;
        if is_plain_form() {
            leptos_axum::redirect("/");
        }
        Ok(())
    })
    .await
}

/// Who is signed in, for the header and the account page; nothing for a visitor.
#[server(prefix = "/api", endpoint = "get_current_user", input = GetUrl)]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(super::ssr::viewer().map(|viewer| viewer.summary))
}

/// Changes the signed-in user's password; the current one is required. Every other session of
/// the user ends; this one carries on.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{Context, audit_of, pool, refuse, require_viewer};
    use crate::auth::{hash_password, verify_password};

    use crate::domain::access::{Action, allows};
    use crate::domain::account::NewPassword;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        if current_password.is_empty() {
            return Err(AppError::validation("current_password", "required").into());
        }
        let new = NewPassword::parse(&new_password)
            .map_err(|e| AppError::validation("new_password", e.code()))?;
        if confirm_password != new_password {
            return Err(AppError::validation("confirm_password", "passwords_differ").into());
        }
        // The user's own words make a password weaker: name, email (and its local part), firm.
        let summary = &viewer.summary;
        let local_part = summary
            .email
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned();
        let mut own = vec![
            summary.display_name.clone(),
            summary.email.clone(),
            local_part,
        ];
        own.extend(summary.firm_name.clone());
        let candidate = new_password.clone();
        let strength = tokio::task::spawn_blocking(move || {
            let own: Vec<&str> = own.iter().map(String::as_str).collect();
            crate::password_strength::check(&candidate, &own)
        })
        .await
        .map_err(|e| AppError::internal("change_password: strength", &e))?;
        strength.map_err(|weak| AppError::validation("new_password", weak.code()))?;
        let pool = pool()?;
        let mut conn = pool.acquire().await.context("change_password: acquire")?;
        let stored = crate::db::accounts::password_hash(&mut conn, viewer.actor.user)
            .await
            .context("change_password: load")?
            .ok_or(AppError::Unauthenticated)?;
        drop(conn);
        if !allows(Some(&viewer.actor), &Action::ManageOwnAccount) {
            return Err(refuse(
                &viewer,
                "change_password",
                "user",
                Some(viewer.actor.user.0.to_string()),
            ));
        }
        let matches = verify_password(current_password, Some(stored))
            .await
            .map_err(|e| AppError::internal("change_password: verify", &e))?;
        if !matches {
            return Err(AppError::validation("current_password", "wrong_password").into());
        }
        let hash = hash_password(new.expose().to_owned())
            .await
            .map_err(|e| AppError::internal("change_password: hash", &e))?;

        let mut tx = pool.begin().await.context("change_password: begin")?;
        crate::db::accounts::set_password_hash(&mut tx, viewer.actor.user, &hash)
            .await
            .context("change_password: update")?;
        // Every other session of the user ends; this one carries on.
        let keep = Some(viewer.user_session);
        let ended = crate::db::accounts::end_sessions_of(&mut tx, viewer.actor.user, keep)
            .await
            .context("change_password: end sessions")?;
        // A reset link issued before is no longer wanted: the user knows their password.
        crate::db::links::revoke_open(&mut tx, viewer.actor.user)
            .await
            .context("change_password: revoke links")?;
        audit_of(
            &viewer,
            "password_changed",
            "user",
            Some(viewer.actor.user.0.to_string()),
        )
        .after(serde_json::json!({ "other_sessions_ended": ended }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("change_password: commit")?;

        if super::ssr::is_plain_form() {
            leptos_axum::redirect("/account?changed=password");
        }
        Ok(())
    })
    .await
}

/// The accounts the signed-in user may see: all for the admin, their city's officials and
/// firm representatives for an official, their own firm's representatives for a representative.
#[server(prefix = "/api", endpoint = "list_accounts", input = GetUrl)]
pub async fn list_accounts() -> Result<Vec<AccountSummary>, AppError> {
    use super::ssr::{Context, pool, refuse, require_viewer};
    use crate::domain::access::{Action, account_scope, allows};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        if !allows(Some(&viewer.actor), &Action::ListAccounts) {
            return Err(refuse(&viewer, "list_accounts", "user", None));
        }
        let scope = account_scope(&viewer.actor);
        let mut conn = pool()?.acquire().await.context("list_accounts: acquire")?;
        let accounts = crate::db::accounts::list_accounts(&mut conn, &scope)
            .await
            .context("list_accounts: query")?;
        Ok(accounts
            .into_iter()
            .map(|(subject, mut summary)| {
                summary.may_change_status =
                    allows(Some(&viewer.actor), &Action::SetAccountStatus(&subject));
                summary.may_reset_password = summary.active
                    && allows(Some(&viewer.actor), &Action::IssuePasswordReset(&subject));
                summary
            })
            .collect())
    })
    .await
}

/// Disables or re-enables an account. Disabling ends all of its sessions at once.
#[server(prefix = "/api", endpoint = "set_account_status")]
pub async fn set_account_status(
    user_id: String,
    active: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{Context, audit_of, begin, refuse, require_viewer};

    use crate::domain::access::{Action, account_scope, allows};
    use crate::domain::account::{AccountStatus, UserId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let user = user_id
            .trim()
            .parse::<i64>()
            .map(UserId)
            .map_err(|_| AppError::validation("user_id", "malformed"))?;
        let mut tx = begin("set_account_status: begin").await?;
        let (subject, before) = crate::db::accounts::account_subject(&mut tx, user)
            .await
            .context("set_account_status: load")?
            // An account the caller may not even see is, to them, not there.
            .filter(|(subject, _)| account_scope(&viewer.actor).contains(subject))
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::SetAccountStatus(&subject)) {
            return Err(refuse(
                &viewer,
                "set_account_status",
                "user",
                Some(user.0.to_string()),
            ));
        }
        let status = match active.as_str() {
            "true" => AccountStatus::Active,
            "false" => AccountStatus::Disabled,
            _ => return Err(AppError::validation("active", "malformed").into()),
        };
        if before == status {
            return Ok(());
        }
        crate::db::accounts::set_status(&mut tx, user, status)
            .await
            .context("set_account_status: update")?;
        if status == AccountStatus::Disabled {
            crate::db::accounts::end_sessions_of(&mut tx, user, None)
                .await
                .context("set_account_status: end sessions")?;
            // Its links die with it: enabling it again must not bring an old one back.
            crate::db::links::revoke_open(&mut tx, user)
                .await
                .context("set_account_status: revoke links")?;
        }
        audit_of(
            &viewer,
            if status == AccountStatus::Active {
                "account_enabled"
            } else {
                "account_disabled"
            },
            "user",
            Some(user.0.to_string()),
        )
        .before(serde_json::json!({ "status": before.as_db() }))
        .after(serde_json::json!({ "status": status.as_db() }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("set_account_status: commit")?;
        crate::api::ssr::notify(if status == AccountStatus::Active {
            crate::components::round_trip::Notice::Enabled
        } else {
            crate::components::round_trip::Notice::Disabled
        })
        .await;
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use axum::http::{HeaderValue, header::SET_COOKIE};
    use leptos::prelude::expect_context;

    use super::{LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE};
    use crate::domain::Lang;
    use crate::errors::AppError;

    /// Tells a throttled client how long to wait.
    pub fn set_retry_after(secs: u64) -> Result<(), AppError> {
        let value = HeaderValue::from_str(&secs.to_string())
            .map_err(|e| AppError::internal("retry-after header", &e))?;
        expect_context::<leptos_axum::ResponseOptions>()
            .insert_header(axum::http::header::RETRY_AFTER, value);
        Ok(())
    }

    pub fn set_language_cookie(lang: Lang) -> Result<(), AppError> {
        let cookie = format!(
            "{LANGUAGE_COOKIE}={}; Path=/; Max-Age={LANGUAGE_COOKIE_MAX_AGE}; SameSite=Lax",
            lang.tag()
        );
        let value = HeaderValue::from_str(&cookie)
            .map_err(|e| AppError::internal("language cookie", &e))?;
        expect_context::<leptos_axum::ResponseOptions>().append_header(SET_COOKIE, value);
        Ok(())
    }
}
