//! A firm's page: its profile, its capabilities with certificates, and the trust ladder.
//! The firm's representatives (and the admin) keep them; its city's officials verify them.

// A server function takes one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::api::NoUnknownFields;
use crate::errors::AppError;
use crate::views::firms::FirmDetail;

/// A firm's page, for whoever may see the firm (see `Action::ViewFirm`).
#[server(prefix = "/api", endpoint = "get_firm", input = GetUrl)]
pub async fn get_firm(firm_id: String) -> Result<FirmDetail, AppError> {
    use crate::api::ssr::{Context, beijing_today, parse_id, pool, refuse_action, require_viewer};
    use crate::domain::access::{Action, allows};
    use crate::domain::account::FirmId;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        // The id is the page's address: a malformed one names no firm.
        let firm = FirmId(parse_id(&firm_id, "firm_id").map_err(|_| AppError::NotFound)?);
        let mut conn = pool()?.acquire().await.context("get_firm: acquire")?;
        let (subject, status, mut detail) =
            crate::db::firms::profile::firm_detail(&mut conn, firm, beijing_today())
                .await
                .context("get_firm: query")?
                .ok_or(AppError::NotFound)?;
        let actor = Some(&viewer.actor);
        let view = Action::ViewFirm(&subject, status);
        if !allows(actor, &view) {
            drop(conn);
            let id = Some(firm.0.to_string());
            return Err(refuse_action(&view, &viewer, "get_firm", "firm", id));
        }
        detail.may_edit = allows(actor, &Action::EditFirm(&subject));
        detail.may_edit_name = allows(actor, &Action::EditFirmLegalName(&subject, status));
        detail.may_verify = allows(actor, &Action::VerifyCapability(&subject));
        detail.participations = crate::db::invitations::participations(&mut conn, firm)
            .await
            .context("get_firm: participations")?;
        Ok(detail)
    })
    .await
}

/// Saves the profile. `version` is the one the form was filled from: if someone saved
/// meanwhile, the save is refused (409) and the form keeps what was typed. The legal name
/// changes only where the policy allows (before approval, or by the admin).
#[server(prefix = "/api", endpoint = "update_firm_profile")]
pub async fn update_firm_profile(
    firm_id: String,
    version: String,
    name: String,
    name_en: String,
    kind: String,
    description: String,
    founded_year: String,
    staff_size: String,
    website: String,
    contact_name: String,
    contact_phone: String,
    contact_email: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<i32, AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, refuse, require_viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::account::FirmId;
    use crate::domain::firm::{FirmProfile, ProfileForm};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let firm = FirmId(parse_id(&firm_id, "firm_id")?);
        let version = ssr::parse_version(&version)?;
        let form = ProfileForm {
            name,
            name_en,
            kind,
            description,
            founded_year,
            staff_size,
            website,
            contact_name,
            contact_phone,
            contact_email,
        };
        let mut tx = begin("update_firm_profile: begin").await?;
        let (subject, status, current, stored_name) =
            crate::db::firms::profile::firm_subject(&mut tx, firm)
                .await
                .context("update_firm_profile: load")?
                .ok_or(AppError::NotFound)?;
        let actor = Some(&viewer.actor);
        let id = Some(firm.0.to_string());
        if !allows(actor, &Action::EditFirm(&subject)) {
            return Err(refuse(&viewer, "update_firm_profile", "firm", id));
        }
        // The form is read only once the caller may edit the firm: a stranger learns nothing
        // from its errors.
        let typed = FirmProfile::parse(&form, ssr::this_year()).map_err(AppError::fields)?;
        let stored = crate::db::firms::profile::stored_profile(&mut tx, firm)
            .await
            .context("update_firm_profile: stored")?
            .ok_or(AppError::NotFound)?;
        // Filled from an older version: merged with what was saved since, field by field.
        let profile = if current == version {
            typed
        } else {
            let Some(base) = crate::db::firms::profile::profile_revision(&mut tx, firm, version)
                .await
                .context("update_firm_profile: revision")?
            else {
                return Err(AppError::conflict("stale_profile").into());
            };
            let merged =
                crate::api::ssr::merge_or_refuse(&base, &stored, &typed.to_form(), current).await?;
            FirmProfile::parse(&merged, ssr::this_year()).map_err(AppError::fields)?
        };
        if profile.name.as_str() != stored_name
            && !allows(actor, &Action::EditFirmLegalName(&subject, status))
        {
            return Err(refuse(&viewer, "update_firm_profile", "firm", id));
        }
        crate::db::firms::profile::keep_profile_revision(&mut tx, firm, current, &stored)
            .await
            .context("update_firm_profile: keep revision")?;
        let new_version =
            crate::db::firms::profile::update_profile(&mut tx, firm, current, &profile)
                .await
                .context("update_firm_profile: write")?
                .ok_or_else(|| AppError::conflict("stale_profile"))?;
        audit_of(
            &viewer,
            "firm_profile_updated",
            "firm",
            Some(firm.0.to_string()),
        )
        .before(serde_json::json!({ "version": version, "name": stored_name }))
        .after(serde_json::json!({
            "version": new_version,
            "name": profile.name.as_str(),
            "name_en": profile.name_en,
            "kind": profile.kind.as_db(),
            "description": profile.description,
            "founded_year": profile.founded_year,
            "staff_size": profile.staff_size,
            "website": profile.website,
            "contact_name": profile.contact_name,
            "contact_phone": profile.contact_phone,
            "contact_email": profile.contact_email,
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("update_firm_profile: commit")?;
        ssr::back_to_firm(firm).await;
        Ok(new_version)
    })
    .await
}

/// Adds a capability of the taxonomy to a firm, self-declared.
#[server(prefix = "/api", endpoint = "add_firm_capability")]
pub async fn add_firm_capability(
    firm_id: String,
    capability_id: String,
    level: String,
    monthly_capacity: String,
    lead_time_days: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, refuse, require_viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::account::FirmId;
    use crate::domain::firm::CapabilityFigures;
    use crate::domain::taxonomy::CapabilityId;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let firm = FirmId(parse_id(&firm_id, "firm_id")?);
        let capability = match capability_id.trim() {
            "" => return Err(AppError::validation("capability_id", "required").into()),
            raw => CapabilityId(parse_id(raw, "capability_id")?),
        };
        let mut tx = begin("add_firm_capability: begin").await?;
        let (subject, ..) = crate::db::firms::profile::firm_subject(&mut tx, firm)
            .await
            .context("add_firm_capability: firm")?
            .ok_or(AppError::NotFound)?;
        if !allows(Some(&viewer.actor), &Action::EditFirm(&subject)) {
            let id = Some(firm.0.to_string());
            return Err(refuse(&viewer, "add_firm_capability", "firm", id));
        }
        let figures = CapabilityFigures::parse(&level, &monthly_capacity, &lead_time_days)
            .map_err(AppError::fields)?;
        match crate::db::firms::profile::capability_retired(&mut tx, capability)
            .await
            .context("add_firm_capability: taxonomy")?
        {
            None => return Err(AppError::validation("capability_id", "required").into()),
            Some(true) => {
                return Err(AppError::validation("capability_id", "capability_retired").into());
            }
            Some(false) => {}
        }
        let entry_id =
            match crate::db::firms::profile::insert_capability(&mut tx, firm, capability, &figures)
                .await
            {
                Ok(id) => id,
                Err(err) if crate::db::firms::violates(&err, "firm_capabilities_once") => {
                    return Err(AppError::validation("capability_id", "capability_taken").into());
                }
                Err(err) => {
                    return Err(AppError::internal("add_firm_capability: insert", &err).into());
                }
            };
        crate::db::firms::profile::touch(&mut tx, firm)
            .await
            .context("add_firm_capability: touch")?;
        audit_of(
            &viewer,
            "firm_capability_added",
            "firm_capability",
            Some(entry_id.to_string()),
        )
        .after(serde_json::json!({
            "firm_id": firm.0,
            "capability_id": capability.0,
            "level": figures.level.as_db(),
            "monthly_capacity": figures.monthly_capacity,
            "lead_time_days": figures.lead_time_days,
            "version": 1,
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("add_firm_capability: commit")?;
        ssr::back_to_firm(firm).await;
        Ok(())
    })
    .await
}

/// Changes a capability's level, capacity and lead time. The entry gets a new version and
/// loses its verification (it drops back a rung until an official looks again).
#[server(prefix = "/api", endpoint = "update_firm_capability")]
pub async fn update_firm_capability(
    entry_id: String,
    version: String,
    level: String,
    monthly_capacity: String,
    lead_time_days: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    let input = ssr::EntryInput::Figures {
        level: &level,
        monthly_capacity: &monthly_capacity,
        lead_time_days: &lead_time_days,
    };
    crate::api::ssr::answer(ssr::edit_entry(&entry_id, &version, input)).await
}

/// Removes a capability (and its certificates) from a firm.
#[server(prefix = "/api", endpoint = "remove_firm_capability")]
pub async fn remove_firm_capability(
    entry_id: String,
    version: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::edit_entry(
        &entry_id,
        &version,
        ssr::EntryInput::Remove,
    ))
    .await
}

/// Lists a certificate for a capability: an edit of the entry (new version, unverified).
#[server(prefix = "/api", endpoint = "add_certificate")]
pub async fn add_certificate(
    entry_id: String,
    version: String,
    kind: String,
    other_name: String,
    number: String,
    issuer: String,
    expires_on: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    let input = ssr::EntryInput::AddCertificate {
        kind: &kind,
        other_name: &other_name,
        number: &number,
        issuer: &issuer,
        expires_on: &expires_on,
    };
    crate::api::ssr::answer(ssr::edit_entry(&entry_id, &version, input)).await
}

/// Removes a certificate: an edit of its entry (new version, unverified).
#[server(prefix = "/api", endpoint = "remove_certificate")]
pub async fn remove_certificate(
    certificate_id: String,
    version: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, parse_id, pool, require_viewer};

    crate::api::ssr::answer(async {
        require_viewer()?;
        let certificate = parse_id(&certificate_id, "certificate_id")?;
        let mut conn = pool()?
            .acquire()
            .await
            .context("remove_certificate: acquire")?;
        let entry = crate::db::firms::profile::certificate_entry(&mut conn, certificate)
            .await
            .context("remove_certificate: load")?
            .ok_or(AppError::NotFound)?;
        drop(conn);
        ssr::edit_entry(
            &entry.to_string(),
            &version,
            ssr::EntryInput::RemoveCertificate(certificate),
        )
        .await
    })
    .await
}

/// An official of the firm's city (or the admin) confirms a capability as it stands at
/// `version`, the version they looked at: if the firm changed it meanwhile, the verification
/// is refused (409) and the page shows the new version.
#[server(prefix = "/api", endpoint = "verify_firm_capability")]
pub async fn verify_firm_capability(
    entry_id: String,
    version: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::edit_entry(
        &entry_id,
        &version,
        ssr::EntryInput::Verify,
    ))
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use chrono::{Datelike, NaiveDate};

    use crate::api::ssr::{
        Context, audit_of, begin, beijing_today, parse_id, refuse, require_viewer,
    };

    use crate::domain::access::{Action, allows};
    use crate::domain::account::FirmId;
    use crate::domain::firm::{CapabilityFigures, NewCertificate};
    use crate::errors::AppError;

    pub fn this_year() -> i16 {
        i16::try_from(beijing_today().year()).unwrap_or(i16::MAX)
    }

    pub fn parse_version(raw: &str) -> Result<i32, AppError> {
        raw.trim()
            .parse::<i32>()
            .ok()
            .filter(|v| *v > 0)
            .ok_or_else(|| AppError::validation("version", "malformed"))
    }

    /// A certificate's last valid day: `YYYY-MM-DD`, not already past.
    pub fn parse_expiry(raw: &str) -> Result<NaiveDate, &'static str> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("required");
        }
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "date_invalid")?;
        if date < beijing_today() {
            return Err("date_past");
        }
        Ok(date)
    }

    /// A plain form goes back to the firm's page, where "已保存" shows once.
    pub async fn back_to_firm(firm: FirmId) {
        back_to_firm_saying(firm, crate::components::round_trip::Notice::Saved).await;
    }

    /// A plain form goes back to the firm's page, where `notice` shows once.
    pub async fn back_to_firm_saying(firm: FirmId, notice: crate::components::round_trip::Notice) {
        crate::api::ssr::notify(notice).await;
        if crate::api::ssr::is_plain_form() {
            leptos_axum::redirect(&format!("/firms/{}", firm.0));
        }
    }

    /// A change to a capability entry as the form sent it: read only once the policy has
    /// allowed the caller to change the entry at all.
    pub enum EntryInput<'a> {
        Figures {
            level: &'a str,
            monthly_capacity: &'a str,
            lead_time_days: &'a str,
        },
        Remove,
        AddCertificate {
            kind: &'a str,
            other_name: &'a str,
            number: &'a str,
            issuer: &'a str,
            expires_on: &'a str,
        },
        RemoveCertificate(i64),
        Verify,
    }

    impl EntryInput<'_> {
        fn name(&self) -> &'static str {
            match self {
                Self::Figures { .. } => "update_firm_capability",
                Self::Remove => "remove_firm_capability",
                Self::AddCertificate { .. } => "add_certificate",
                Self::RemoveCertificate(_) => "remove_certificate",
                Self::Verify => "verify_firm_capability",
            }
        }

        /// The change, every field's error at once.
        fn parse(self) -> Result<EntryEdit, AppError> {
            Ok(match self {
                Self::Figures {
                    level,
                    monthly_capacity,
                    lead_time_days,
                } => EntryEdit::Figures(
                    CapabilityFigures::parse(level, monthly_capacity, lead_time_days)
                        .map_err(AppError::fields)?,
                ),
                Self::Remove => EntryEdit::Remove,
                Self::AddCertificate {
                    kind,
                    other_name,
                    number,
                    issuer,
                    expires_on,
                } => match (
                    NewCertificate::parse(kind, other_name, number, issuer),
                    parse_expiry(expires_on),
                ) {
                    (Ok(c), Ok(e)) => EntryEdit::AddCertificate(c, e),
                    (c, e) => {
                        let mut errors = c.err().unwrap_or_default();
                        errors.extend(e.err().map(|code| ("expires_on", code)));
                        return Err(AppError::fields(errors));
                    }
                },
                Self::RemoveCertificate(id) => EntryEdit::RemoveCertificate(id),
                Self::Verify => EntryEdit::Verify,
            })
        }
    }

    enum EntryEdit {
        Figures(CapabilityFigures),
        Remove,
        AddCertificate(NewCertificate, NaiveDate),
        RemoveCertificate(i64),
        Verify,
    }

    /// Every change to one capability entry: load it locked, ask the policy, check the
    /// version the caller saw, write with the audit row.
    pub async fn edit_entry(
        entry_id: &str,
        version: &str,
        input: EntryInput<'_>,
    ) -> Result<(), crate::api::ssr::Failure> {
        use crate::db::firms::profile as db;

        let viewer = require_viewer()?;
        let entry = parse_id(entry_id, "entry_id")?;
        let version = parse_version(version)?;
        let mut tx = begin("edit_entry: begin").await?;
        let facts = db::entry_facts(&mut tx, entry)
            .await
            .context("edit_entry: load")?
            .ok_or(AppError::NotFound)?;
        let action = match input {
            EntryInput::Verify => Action::VerifyCapability(&facts.firm),
            _ => Action::EditFirm(&facts.firm),
        };
        if !allows(Some(&viewer.actor), &action) {
            return Err(refuse(
                &viewer,
                input.name(),
                "firm_capability",
                Some(entry.to_string()),
            ));
        }
        let mut edit = input.parse()?;
        if facts.version != version {
            // Figures filled from an older version are merged with what was saved since; any
            // other change of a changed entry (a verification above all) is refused.
            let EntryEdit::Figures(mine) = &edit else {
                return Err(AppError::conflict("stale_capability").into());
            };
            let Some(base) = db::figures_revision(&mut tx, entry, version)
                .await
                .context("edit_entry: revision")?
            else {
                return Err(AppError::conflict("stale_capability").into());
            };
            let merged = crate::api::ssr::merge_or_refuse(
                &base,
                &facts.figures.to_form(),
                &mine.to_form(),
                facts.version,
            )
            .await?;
            edit = EntryEdit::Figures(
                CapabilityFigures::parse_form(&merged).map_err(AppError::fields)?,
            );
        }
        // Saving the figures unchanged changes nothing: the verification stands.
        if matches!(&edit, EntryEdit::Figures(figures) if *figures == facts.figures) {
            back_to_firm(facts.firm.firm).await;
            return Ok(());
        }
        if matches!(
            edit,
            EntryEdit::Figures(_) | EntryEdit::AddCertificate(..) | EntryEdit::RemoveCertificate(_)
        ) {
            db::keep_figures_revision(&mut tx, entry, facts.version, &facts.figures.to_form())
                .await
                .context("edit_entry: keep revision")?;
        }
        let (action, after) = match &edit {
            EntryEdit::Figures(figures) => {
                let new = db::update_capability(&mut tx, entry, figures)
                    .await
                    .context("edit_entry: figures")?;
                (
                    "firm_capability_updated",
                    serde_json::json!({
                        "level": figures.level.as_db(),
                        "monthly_capacity": figures.monthly_capacity,
                        "lead_time_days": figures.lead_time_days,
                        "version": new,
                    }),
                )
            }
            EntryEdit::Remove => {
                db::delete_capability(&mut tx, entry)
                    .await
                    .context("edit_entry: remove")?;
                ("firm_capability_removed", serde_json::json!({}))
            }
            EntryEdit::AddCertificate(certificate, expires_on) => {
                let id = db::insert_certificate(&mut tx, entry, certificate, *expires_on)
                    .await
                    .context("edit_entry: certificate")?;
                let new = db::bump_capability(&mut tx, entry)
                    .await
                    .context("edit_entry: bump")?;
                (
                    "certificate_added",
                    serde_json::json!({
                        "certificate_id": id,
                        "kind": certificate.kind.as_db(),
                        "other_name": certificate.other_name,
                        "number": certificate.number,
                        "issuer": certificate.issuer,
                        "expires_on": expires_on.to_string(),
                        "version": new,
                    }),
                )
            }
            EntryEdit::RemoveCertificate(certificate) => {
                db::delete_certificate(&mut tx, *certificate)
                    .await
                    .context("edit_entry: remove certificate")?;
                let new = db::bump_capability(&mut tx, entry)
                    .await
                    .context("edit_entry: bump")?;
                (
                    "certificate_removed",
                    serde_json::json!({ "certificate_id": certificate, "version": new }),
                )
            }
            EntryEdit::Verify => {
                db::verify_capability(&mut tx, entry, version, viewer.actor.user)
                    .await
                    .context("edit_entry: verify")?;
                (
                    "firm_capability_verified",
                    serde_json::json!({ "version": version }),
                )
            }
        };
        if !matches!(edit, EntryEdit::Verify) {
            db::touch(&mut tx, facts.firm.firm)
                .await
                .context("edit_entry: touch")?;
        }
        audit_of(&viewer, action, "firm_capability", Some(entry.to_string()))
            .before(serde_json::json!({
                "firm_id": facts.firm.firm.0,
                "capability_id": facts.capability.0,
                "version": facts.version,
                "verified": facts.verified,
            }))
            .after(after)
            .write(&mut tx)
            .await?;
        tx.commit().await.context("edit_entry: commit")?;
        use crate::components::round_trip::Notice;
        let notice = match edit {
            EntryEdit::Verify => Notice::Verified,
            EntryEdit::Remove | EntryEdit::RemoveCertificate(_) => Notice::Removed,
            EntryEdit::Figures(_) | EntryEdit::AddCertificate(..) => Notice::Saved,
        };
        back_to_firm_saying(facts.firm.firm, notice).await;
        Ok(())
    }
}
