//! Firms: self-registration and the bureaus' approval queue.

// A server function takes one argument per form field, and registration has eight.
#![allow(clippy::too_many_arguments)]

pub mod directory;
pub mod import;
pub mod profile;
pub mod taxonomy;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::firm::FirmKind;
use crate::errors::AppError;
use crate::views::firms::{FirmRepresentatives, PendingFirm};

/// A firm registers itself with its first representative. The firm starts pending; the
/// officials of its city are told in their inbox. Anyone may register; a code is unique only
/// among approved firms, so a squatter's pending registration never blocks the real firm.
#[server(prefix = "/api", endpoint = "register_firm")]
pub async fn register_firm(
    firm_name: String,
    credit_code: String,
    city: String,
    kind: String,
    rep_name: String,
    email: String,
    password: String,
    confirm_password: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{Context, audit, is_plain_form, pool, request_lang};
    use crate::db::audit::AuditEntry;
    use crate::domain::account::{Email, NewPassword};
    use crate::domain::city::CityCode;
    use crate::domain::credit_code::CreditCode;
    use crate::domain::firm::Name;

    crate::api::ssr::answer(async {
        let invalid = |field: &str, code: &str| AppError::validation(field, code);
        let name = Name::parse(&firm_name, 100).map_err(|c| invalid("firm_name", c))?;
        let code = CreditCode::parse(&credit_code).map_err(|e| invalid("credit_code", e.code()))?;
        let city = CityCode::parse(&city).map_err(|_| invalid("city", "required"))?;
        let kind = FirmKind::from_db(&kind).map_err(|_| invalid("kind", "required"))?;
        let rep = Name::parse(&rep_name, 50).map_err(|c| invalid("rep_name", c))?;
        let email_parsed = Email::parse(&email).map_err(|e| invalid("email", e.code()))?;
        let new = NewPassword::parse(&password).map_err(|e| invalid("password", e.code()))?;
        if confirm_password != password {
            return Err(invalid("confirm_password", "passwords_differ").into());
        }
        let own = [
            rep.as_str().to_owned(),
            email_parsed.as_str().to_owned(),
            name.as_str().to_owned(),
        ];
        let candidate = password.clone();
        tokio::task::spawn_blocking(move || {
            let own: Vec<&str> = own.iter().map(String::as_str).collect();
            crate::password_strength::check(&candidate, &own)
        })
        .await
        .map_err(|e| AppError::internal("register_firm: strength", &e))?
        .map_err(|weak| invalid("password", weak.code()))?;

        let pool = pool()?;
        let mut tx = pool.begin().await.context("register_firm: begin")?;
        if !crate::db::firms::city_exists(&mut tx, &city)
            .await
            .context("register_firm: city")?
        {
            return Err(invalid("city", "required").into());
        }
        let hash = crate::auth::hash_password(new.expose().to_owned())
            .await
            .map_err(|e| AppError::internal("register_firm: hash", &e))?;
        let firm = crate::db::firms::insert_pending_firm(&mut tx, &name, &code, &city, kind)
            .await
            .context("register_firm: firm")?;
        crate::db::firms::profile::index_new_firm(&mut tx, firm, name.as_str())
            .await
            .context("register_firm: index")?;
        let lang = request_lang();
        match crate::db::accounts::insert_firm_rep(&mut tx, &email_parsed, &rep, &hash, firm, lang)
            .await
        {
            Ok(_) => {}
            Err(err) if crate::db::firms::violates(&err, "users_email_key") => {
                return Err(invalid("email", "email_taken").into());
            }
            Err(err) => return Err(AppError::internal("register_firm: user", &err).into()),
        }
        let params = serde_json::json!({ "firm_name": name.as_str() });
        crate::db::notifications::notify_group(
            &mut tx,
            crate::db::notifications::Group::OfficialsOf(&city),
            &[],
            "firm_registered",
            params,
            Some("/approvals"),
        )
        .await
        .context("register_firm: notify")?;
        let entry = AuditEntry {
            actor: None,
            action: "firm_registered",
            entity_type: "firm",
            entity_id: Some(firm.0.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "name": name.as_str(),
                "credit_code": code.as_str(),
                "city": city.as_str(),
                "kind": kind.as_db(),
                "representative": email_parsed.as_str(),
            })),
            client_addr: None,
        };
        audit(&mut tx, entry).await?;
        tx.commit().await.context("register_firm: commit")?;
        if is_plain_form() {
            leptos_axum::redirect("/signin?registered=1");
        }
        Ok(())
    })
    .await
}

/// The registrations awaiting approval: the official's city's, or every city's for the admin.
#[server(prefix = "/api", endpoint = "list_pending_firms", input = GetUrl)]
pub async fn list_pending_firms() -> Result<Vec<PendingFirm>, AppError> {
    use super::ssr::{Context, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows, firm_review_scope};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let Some(scope) = firm_review_scope(&viewer.actor)
            .filter(|_| allows(Some(&viewer.actor), &Action::ListPendingFirms))
        else {
            return Err(refuse(&viewer, "list_pending_firms", "firm", None));
        };
        let mut conn = pool()?
            .acquire()
            .await
            .context("list_pending_firms: acquire")?;
        Ok(crate::db::firms::list_pending(&mut conn, scope.as_ref())
            .await
            .context("list_pending_firms: query")?)
    })
    .await
}

/// A firm's representatives: for the firm's own representatives, its city's officials and
/// the admin.
#[server(prefix = "/api", endpoint = "list_representatives", input = GetUrl)]
pub async fn list_representatives(firm_id: String) -> Result<FirmRepresentatives, AppError> {
    use super::ssr::{Context, pool, refuse, require_viewer};
    use crate::domain::access::{AccountScope, Action, allows};
    use crate::domain::account::{FirmId, FirmStatus};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let firm = firm_id
            .trim()
            .parse::<i64>()
            .map(FirmId)
            .map_err(|_| AppError::validation("firm_id", "malformed"))?;
        let mut conn = pool()?
            .acquire()
            .await
            .context("list_representatives: acquire")?;
        let (subject, status, firm_name, city) = crate::db::firms::firm_overview(&mut conn, firm)
            .await
            .context("list_representatives: firm")?
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::ListRepresentatives(&subject)) {
            drop(conn);
            let id = Some(firm.0.to_string());
            return Err(refuse(&viewer, "list_representatives", "firm", id));
        }
        let accounts = crate::db::accounts::list_accounts(&mut conn, &AccountScope::Firm(firm))
            .await
            .context("list_representatives: query")?;
        let actor = Some(&viewer.actor);
        Ok(FirmRepresentatives {
            firm_id: firm.0,
            firm_name,
            city,
            approved: status == FirmStatus::Approved,
            may_add: allows(actor, &Action::AddRepresentative(&subject, status)),
            may_replace: allows(actor, &Action::ReplaceRepresentative(&subject, status)),
            representatives: accounts
                .into_iter()
                .map(|(account, mut summary)| {
                    summary.may_change_status = allows(actor, &Action::SetAccountStatus(&account));
                    summary.may_reset_password =
                        summary.active && allows(actor, &Action::IssuePasswordReset(&account));
                    summary
                })
                .collect(),
        })
    })
    .await
}

/// Approves a pending firm; its representatives are told. Refused when another approved firm
/// already holds the code.
#[server(prefix = "/api", endpoint = "approve_firm")]
pub async fn approve_firm(
    firm_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::review(firm_id, None)).await
}

/// Rejects a pending firm with a reason, which its representatives read in their inbox.
#[server(prefix = "/api", endpoint = "reject_firm")]
pub async fn reject_firm(
    firm_id: String,
    reason: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::review(firm_id, Some(reason))).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::ssr::{Context, audit_of, begin, refuse, require_viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::account::{FirmId, FirmStatus};
    use crate::domain::firm::Name;
    use crate::errors::AppError;

    /// Approves (no reason) or rejects (with one) a pending registration.
    pub async fn review(
        firm_id: String,
        reason: Option<String>,
    ) -> Result<(), crate::api::ssr::Failure> {
        let viewer = require_viewer()?;
        let firm = firm_id
            .trim()
            .parse::<i64>()
            .map(FirmId)
            .map_err(|_| AppError::validation("firm_id", "malformed"))?;
        let action = if reason.is_some() {
            "reject_firm"
        } else {
            "approve_firm"
        };

        let mut tx = begin("review_firm: begin").await?;
        let (subject, status, name, code) = crate::db::firms::firm_for_review(&mut tx, firm)
            .await
            .context("review_firm: load")?
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::ReviewFirm(&subject)) {
            return Err(refuse(&viewer, action, "firm", Some(firm.0.to_string())));
        }
        let reason = reason
            .map(|r| Name::parse(&r, 500).map_err(|code| AppError::validation("reason", code)))
            .transpose()?;
        if status != FirmStatus::Pending {
            return Err(AppError::conflict("firm_not_pending").into());
        }
        let new_status = if reason.is_some() {
            FirmStatus::Rejected
        } else {
            FirmStatus::Approved
        };
        match crate::db::firms::set_status(&mut tx, firm, new_status).await {
            Ok(()) => {}
            Err(err) if crate::db::firms::violates(&err, "firms_approved_credit_code_key") => {
                return Err(AppError::conflict("credit_code_taken").into());
            }
            Err(err) => return Err(AppError::internal("review_firm: update", &err).into()),
        }
        let (kind, params) = match &reason {
            None => ("firm_approved", serde_json::json!({ "firm_name": name })),
            Some(reason) => (
                "firm_rejected",
                serde_json::json!({ "firm_name": name, "reason": reason.as_str() }),
            ),
        };
        crate::db::notifications::notify_group(
            &mut tx,
            crate::db::notifications::Group::RepresentativesOf(firm),
            &[],
            kind,
            params,
            Some("/account"),
        )
        .await
        .context("review_firm: notify")?;
        audit_of(
            &viewer,
            if reason.is_some() {
                "firm_rejected"
            } else {
                "firm_approved"
            },
            "firm",
            Some(firm.0.to_string()),
        )
        .before(serde_json::json!({ "status": status.as_db() }))
        .after(serde_json::json!({
            "status": new_status.as_db(),
            "credit_code": code.as_str(),
            "reason": reason.as_ref().map(Name::as_str),
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("review_firm: commit")?;
        crate::api::ssr::notify(if reason.is_none() {
            crate::components::round_trip::Notice::Approved
        } else {
            crate::components::round_trip::Notice::Declined
        })
        .await;
        Ok(())
    }
}
