//! One-time links, one mechanism for three uses: the admin invites an official, a firm gets a
//! colleague as another representative, an account gets a password reset. The issuer is shown
//! the link once and passes it on (there is no email on this platform); whoever follows it sets
//! the account's password. Only the token's hash is stored; every link is in the audit trail.

use leptos::prelude::*;

use super::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::link::LinkPurpose;
use crate::errors::AppError;
use crate::views::links::{IssuedLink, LinkTarget};

/// The admin invites an official of a city: the account is created without a password, and
/// the official sets one through the link (valid for seven days).
#[server(prefix = "/api", endpoint = "invite_official")]
pub async fn invite_official(
    display_name: String,
    email: String,
    city: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<IssuedLink, AppError> {
    use super::ssr::{Context, audit_of, begin, refuse, require_viewer};

    use crate::db::links::Invitee;
    use crate::domain::access::{Action, allows};
    use crate::domain::city::CityCode;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        ssr::refuse_plain_form()?;
        if !allows(Some(&viewer.actor), &Action::InviteOfficial) {
            return Err(refuse(&viewer, "invite_official", "user", None));
        }
        let (name, email) = ssr::parse_person(&display_name, &email)?;
        let city = CityCode::parse(&city).map_err(|_| AppError::validation("city", "required"))?;
        let mut tx = begin("invite_official: begin").await?;
        if !crate::db::firms::city_exists(&mut tx, &city)
            .await
            .context("invite_official: city")?
        {
            return Err(AppError::validation("city", "required").into());
        }
        let user = ssr::create_invited(&mut tx, &email, &name, Invitee::Official(&city)).await?;
        let (link, issued) = ssr::issue(
            &mut tx,
            &viewer,
            user,
            LinkPurpose::Invitation,
            name.as_str(),
            email.as_str(),
        )
        .await?;
        audit_of(
            &viewer,
            "official_invited",
            "user",
            Some(user.0.to_string()),
        )
        .after(serde_json::json!({
            "email": email.as_str(),
            "display_name": name.as_str(),
            "city": city.as_str(),
            "link": issued,
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("invite_official: commit")?;
        Ok(link)
    })
    .await
}

/// Adds a colleague to an approved firm as another representative, with an invitation link.
/// The firm's own representatives may, and so may its city's officials, who may also name a
/// representative the newcomer replaces (that account is disabled at once: how a firm whose
/// only representative left gets a new one). The firm's other representatives are told.
#[server(prefix = "/api", endpoint = "add_representative")]
pub async fn add_representative(
    firm_id: String,
    display_name: String,
    email: String,
    /// The id of the representative the newcomer replaces; empty for none.
    replaces: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<IssuedLink, AppError> {
    use super::ssr::{Context, audit_of, begin, refuse, require_viewer};

    use crate::db::links::Invitee;
    use crate::domain::access::{Action, allows};
    use crate::domain::account::{AccountStatus, FirmId, RoleKind, UserId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        ssr::refuse_plain_form()?;
        let firm = ssr::parse_id(&firm_id, "firm_id").map(FirmId)?;
        let replaces = match replaces.trim() {
            "" => None,
            raw => Some(ssr::parse_id(raw, "replaces").map(UserId)?),
        };

        let mut tx = begin("add_representative: begin").await?;
        let (subject, status, firm_name, _) = crate::db::firms::firm_for_review(&mut tx, firm)
            .await
            .context("add_representative: firm")?
            .ok_or(AppError::NotFound)?;
        let allowed = match replaces {
            None => allows(
                Some(&viewer.actor),
                &Action::AddRepresentative(&subject, status),
            ),
            Some(_) => allows(
                Some(&viewer.actor),
                &Action::ReplaceRepresentative(&subject, status),
            ),
        };
        if !allowed {
            let id = Some(firm.0.to_string());
            return Err(refuse(&viewer, "add_representative", "firm", id));
        }
        let (name, email) = ssr::parse_person(&display_name, &email)?;
        // The one replaced must be an active representative of this very firm.
        if let Some(old) = replaces {
            let (old_subject, old_status) = crate::db::accounts::account_subject(&mut tx, old)
                .await
                .context("add_representative: replaced")?
                .ok_or_else(|| AppError::validation("replaces", "malformed"))?;
            if old_subject.kind != RoleKind::FirmRep
                || old_subject.firm != Some(firm)
                || old_status != AccountStatus::Active
            {
                return Err(AppError::validation("replaces", "malformed").into());
            }
        }

        let user =
            ssr::create_invited(&mut tx, &email, &name, Invitee::Representative(firm)).await?;
        let (link, issued) = ssr::issue(
            &mut tx,
            &viewer,
            user,
            LinkPurpose::Invitation,
            name.as_str(),
            email.as_str(),
        )
        .await?;
        if let Some(old) = replaces {
            crate::db::accounts::set_status(&mut tx, old, AccountStatus::Disabled)
                .await
                .context("add_representative: disable")?;
            crate::db::accounts::end_sessions_of(&mut tx, old, None)
                .await
                .context("add_representative: end sessions")?;
            crate::db::links::revoke_open(&mut tx, old)
                .await
                .context("add_representative: revoke")?;
            audit_of(&viewer, "account_disabled", "user", Some(old.0.to_string()))
                .before(serde_json::json!({ "status": "active" }))
                .after(serde_json::json!({ "status": "disabled", "replaced_by": user.0 }))
                .write(&mut tx)
                .await?;
        }
        let replaced_name = match replaces {
            Some(old) => Some(
                crate::db::links::person(&mut tx, old)
                    .await
                    .context("add_representative: replaced name")?
                    .display_name,
            ),
            None => None,
        };
        let params = serde_json::json!({
            "firm_name": firm_name,
            "person": name.as_str(),
            "replaced": replaced_name,
        });
        // The colleagues hear of it; the newcomer, the one replaced and the author do not.
        let except: Vec<UserId> = [Some(user), replaces, Some(viewer.actor.user)]
            .into_iter()
            .flatten()
            .collect();
        crate::db::notifications::notify_group(
            &mut tx,
            crate::db::notifications::Group::RepresentativesOf(firm),
            &except,
            if replaces.is_some() {
                "representative_replaced"
            } else {
                "colleague_added"
            },
            params,
            Some(&format!("/firms/{}/representatives", firm.0)),
        )
        .await
        .context("add_representative: notify")?;
        audit_of(
            &viewer,
            if replaces.is_some() {
                "representative_replaced"
            } else {
                "representative_added"
            },
            "firm",
            Some(firm.0.to_string()),
        )
        .before(replaces.map(|old| serde_json::json!({ "representative": old.0 })))
        .after(serde_json::json!({
            "representative": user.0,
            "email": email.as_str(),
            "display_name": name.as_str(),
            "link": issued,
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("add_representative: commit")?;
        Ok(link)
    })
    .await
}

/// Issues a link that sets an account's password: a reset (valid for an hour) for an account
/// that has one, a fresh invitation (seven days) for one whose owner never set one. Any earlier
/// link of the account stops working. The admin may for anyone else; a city's officials for the
/// representatives of their city's firms.
#[server(prefix = "/api", endpoint = "issue_password_link")]
pub async fn issue_password_link(
    user_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<IssuedLink, AppError> {
    use super::ssr::{Context, audit_of, begin, refuse, require_viewer};

    use crate::domain::access::{Action, account_scope, allows};
    use crate::domain::account::{AccountStatus, UserId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        ssr::refuse_plain_form()?;
        let user = ssr::parse_id(&user_id, "user_id").map(UserId)?;
        let mut tx = begin("issue_password_link: begin").await?;
        let (subject, status) = crate::db::accounts::account_subject(&mut tx, user)
            .await
            .context("issue_password_link: load")?
            .filter(|(subject, _)| account_scope(&viewer.actor).contains(subject))
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::IssuePasswordReset(&subject)) {
            let id = Some(user.0.to_string());
            return Err(refuse(&viewer, "issue_password_link", "user", id));
        }
        if status != AccountStatus::Active {
            return Err(AppError::conflict("account_disabled").into());
        }
        let person = crate::db::links::person(&mut tx, user)
            .await
            .context("issue_password_link: person")?;
        let purpose = LinkPurpose::for_account(person.has_password);
        let (link, issued) = ssr::issue(
            &mut tx,
            &viewer,
            user,
            purpose,
            &person.display_name,
            &person.email,
        )
        .await?;
        audit_of(
            &viewer,
            match purpose {
                LinkPurpose::Invitation => "invitation_reissued",
                LinkPurpose::PasswordReset => "password_reset_issued",
            },
            "user",
            Some(user.0.to_string()),
        )
        .after(serde_json::json!({ "link": issued }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("issue_password_link: commit")?;
        Ok(link)
    })
    .await
}

/// Whose account a link opens, for the page that sets the password. Anyone holding the link may
/// ask: the token is the key. An unknown token is 404; a used, expired or revoked one 409 with
/// the reason.
#[server(prefix = "/api", endpoint = "link_details")]
pub async fn link_details(
    token: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<LinkTarget, AppError> {
    use super::ssr::pool;

    crate::api::ssr::answer(async {
        ssr::no_store()?;
        let token = crate::one_time_link::LinkToken::parse(&token).ok_or(AppError::NotFound)?;
        let link = ssr::usable_link(&pool()?, &token).await?;
        Ok(LinkTarget {
            purpose: link.purpose,
            display_name: link.display_name,
            email: link.email,
            role: link.role,
            city: link.city,
            firm_name: link.firm_name,
            expires_at: ssr::beijing(link.expires_at),
        })
    })
    .await
}

/// Sets the account's password through a link, once: the link is used up, every session of the
/// account ends (a reset throws out whoever had the old password), and the user signs in.
#[server(prefix = "/api", endpoint = "set_password_by_link")]
pub async fn set_password_by_link(
    token: String,
    password: String,
    confirm_password: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use super::ssr::{Context, audit, is_plain_form, pool, session};
    use crate::auth::SIGN_IN_EMAIL_KEY;
    use crate::db::audit::AuditEntry;
    use crate::domain::account::NewPassword;
    use crate::domain::link::usable;

    crate::api::ssr::answer(async {
        let token = crate::one_time_link::LinkToken::parse(&token).ok_or(AppError::NotFound)?;
        let new = NewPassword::parse(&password)
            .map_err(|e| AppError::validation("password", e.code()))?;
        if confirm_password != password {
            return Err(AppError::validation("confirm_password", "passwords_differ").into());
        }
        let pool = pool()?;
        // Looked at first without a lock, for the slow checks below; looked at again,
        // locked, before anything is written.
        let link = ssr::usable_link(&pool, &token).await?;

        let local_part = link.email.split('@').next().unwrap_or_default().to_owned();
        let mut own = vec![link.display_name.clone(), link.email.clone(), local_part];
        own.extend(link.firm_name.clone());
        let candidate = password.clone();
        tokio::task::spawn_blocking(move || {
            let own: Vec<&str> = own.iter().map(String::as_str).collect();
            crate::password_strength::check(&candidate, &own)
        })
        .await
        .map_err(|e| AppError::internal("set_password_by_link: strength", &e))?
        .map_err(|weak| AppError::validation("password", weak.code()))?;
        let hash = crate::auth::hash_password(new.expose().to_owned())
            .await
            .map_err(|e| AppError::internal("set_password_by_link: hash", &e))?;

        let mut tx = pool.begin().await.context("set_password_by_link: begin")?;
        let link = crate::db::links::lock_by_token(&mut tx, &token.hash())
            .await
            .context("set_password_by_link: reload")?
            .ok_or(AppError::NotFound)?;
        usable(link.facts).map_err(|refusal| AppError::conflict(refusal.code()))?;
        crate::db::links::mark_used(&mut tx, link.id)
            .await
            .context("set_password_by_link: use")?;
        crate::db::accounts::set_password_hash(&mut tx, link.user, &hash)
            .await
            .context("set_password_by_link: update")?;
        let ended = crate::db::accounts::end_sessions_of(&mut tx, link.user, None)
            .await
            .context("set_password_by_link: end sessions")?;
        let entry = AuditEntry {
            actor: Some(link.user),
            action: "password_set_by_link",
            entity_type: "user",
            entity_id: Some(link.user.0.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "link_id": link.id,
                "purpose": link.purpose.as_db(),
                "issued_by": link.issued_by.0,
                "sessions_ended": ended,
            })),
            client_addr: None,
        };
        audit(&mut tx, entry).await?;
        tx.commit().await.context("set_password_by_link: commit")?;

        // The sign-in form shows the email, so the new password is all there is to type.
        session()?
            .insert(SIGN_IN_EMAIL_KEY, link.email)
            .await
            .map_err(|e| AppError::internal("set_password_by_link: session", &e))?;
        if is_plain_form() {
            leptos_axum::redirect("/signin?password_set=1");
        }
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use axum::http::{HeaderValue, header};
    use sqlx::PgConnection;

    use super::IssuedLink;
    use crate::api::ssr::Context;
    use crate::auth::Viewer;
    use crate::db::links::Invitee;
    use crate::domain::account::{Email, UserId};
    use crate::domain::firm::Name;
    use crate::domain::link::LinkPurpose;
    use crate::errors::AppError;
    use crate::one_time_link::LinkToken;

    pub use crate::api::ssr::parse_id;
    pub use crate::domain::time::beijing;

    /// The name and email of the person a link is for.
    pub fn parse_person(name: &str, email: &str) -> Result<(Name, Email), AppError> {
        let name =
            Name::parse(name, 50).map_err(|code| AppError::validation("display_name", code))?;
        let email = Email::parse(email).map_err(|e| AppError::validation("email", e.code()))?;
        Ok((name, email))
    }

    /// A link is shown once, in the page that asked for it. A plain form post (JavaScript off)
    /// is answered by a redirect that cannot carry it, and keeping the token in the session
    /// would store it where only its hash may be: so such a post is refused before anything
    /// is written, with a message saying why.
    pub fn refuse_plain_form() -> Result<(), AppError> {
        if crate::api::ssr::is_plain_form() {
            Err(AppError::conflict("link_needs_script"))
        } else {
            Ok(())
        }
    }

    /// The link of `token` as it stands (no lock), if it may still be used: 404 for a token
    /// nobody issued, 409 with the reason for a used, expired or revoked one.
    pub async fn usable_link(
        pool: &sqlx::PgPool,
        token: &LinkToken,
    ) -> Result<crate::db::links::FoundLink, AppError> {
        let mut conn = pool.acquire().await.context("link: acquire")?;
        let link = crate::db::links::by_token(&mut conn, &token.hash())
            .await
            .context("link: load")?
            .ok_or(AppError::NotFound)?;
        crate::domain::link::usable(link.facts)
            .map_err(|refusal| AppError::conflict(refusal.code()))?;
        Ok(link)
    }

    /// A page that shows whose account a link opens is kept by no cache.
    pub fn no_store() -> Result<(), AppError> {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            options.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        Ok(())
    }

    /// Creates an account without a password; a taken email is the form's error.
    pub async fn create_invited(
        tx: &mut PgConnection,
        email: &Email,
        name: &Name,
        invitee: Invitee<'_>,
    ) -> Result<UserId, AppError> {
        match crate::db::links::insert_invited(tx, email, name, invitee, None).await {
            Ok(user) => Ok(user),
            Err(err) if crate::db::firms::violates(&err, "users_email_key") => {
                Err(AppError::validation("email", "email_in_use"))
            }
            Err(err) => Err(AppError::internal("invite: user", &err)),
        }
    }

    /// Issues a link for `user`: the issued link for the issuer's eyes, and what the audit
    /// trail keeps of it (never the token).
    pub async fn issue(
        tx: &mut PgConnection,
        viewer: &Viewer,
        user: UserId,
        purpose: LinkPurpose,
        name: &str,
        email: &str,
    ) -> Result<(IssuedLink, serde_json::Value), AppError> {
        let token = LinkToken::generate();
        let issued = crate::db::links::issue(tx, user, purpose, viewer.actor.user, &token.hash())
            .await
            .context("issue link")?;
        let record = serde_json::json!({
            "id": issued.id,
            "purpose": purpose.as_db(),
            "expires_at": issued.expires_at.to_rfc3339(),
        });
        let link = IssuedLink {
            path: token.path(),
            purpose,
            display_name: name.to_owned(),
            email: email.to_owned(),
            expires_at: beijing(issued.expires_at),
        };
        Ok((link, record))
    }
}
