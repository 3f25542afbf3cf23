//! The invitation handshake: the owning city's officials invite firms to a need, the firms
//! answer, the officials select one proposal (the firm becomes the need's participant) and may
//! revoke it. Every step locks the project's row first, so the steps of one project happen one
//! at a time, and writes its notifications and audit row in the same transaction.

// A server function takes one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::api::NoUnknownFields;
use crate::api::accounts::PlaceName;
use crate::domain::firm::ProductionLevel;
use crate::domain::invitation::{DeclineReason, EndReason, Proposal, Shown};
use crate::domain::project::NeedStatus;
use crate::errors::AppError;

/// An invitation as the owning city's officials see it: with the firm's proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub id: i64,
    pub firm_id: i64,
    pub firm_name: String,
    pub firm_city: PlaceName,
    pub message: String,
    /// The last day an answer is taken (Beijing), `YYYY-MM-DD`.
    pub reply_by: String,
    pub shown: Shown,
    pub invited_by: String,
    pub invited_at: String,
    pub answered_at: Option<String>,
    pub proposal: Option<Proposal>,
    pub decline: Option<(DeclineReason, String)>,
    pub end_reason: Option<EndReason>,
    pub end_note: Option<String>,
}

/// The need's standing participant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantView {
    pub id: i64,
    pub firm_id: i64,
    pub firm_name: String,
    pub selected_by: String,
    pub selected_at: String,
}

/// A need's invitations, for the owning city's officials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedInvitations {
    pub invitations: Vec<InvitationView>,
    pub participant: Option<ParticipantView>,
    pub need_status: NeedStatus,
    /// The need takes invitations now (its project and the need are open).
    pub may_invite: bool,
    /// A selection can be revoked now (its project is open).
    pub may_revoke: bool,
    /// The deadline a new invitation's form proposes.
    pub default_reply_by: String,
    /// Today in Beijing: the earliest deadline.
    pub today: String,
}

/// An invitation as the invited firm sees it: its own answer only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnInvitation {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub project_city: PlaceName,
    pub need_id: i64,
    pub capability: PlaceName,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub message: String,
    pub reply_by: String,
    pub shown: Shown,
    pub invited_at: String,
    pub proposal: Option<Proposal>,
    pub decline: Option<(DeclineReason, String)>,
    pub end_reason: Option<EndReason>,
    pub end_note: Option<String>,
}

/// A project a firm takes part in, as its page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipationView {
    pub project_id: i64,
    pub project_title: String,
    pub project_city: PlaceName,
    pub capability: PlaceName,
    pub completed: bool,
    pub selected_on: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use chrono::{DateTime, Days, NaiveDate, Utc};
    use sqlx::PgConnection;

    use crate::api::ssr::{db_error, refuse};
    use crate::auth::Viewer;
    use crate::db::invitations::{Ended, InvitationFacts};
    use crate::db::projects::ProjectFacts;
    use crate::domain::access::{Action, allows};
    use crate::domain::account::FirmId;
    use crate::domain::project::{NeedStatus, ProjectId};
    use crate::errors::AppError;

    /// Locks the project's row and asks the policy whether the viewer works its invitations.
    pub async fn managed(
        conn: &mut PgConnection,
        viewer: &Viewer,
        project: ProjectId,
        action: &str,
    ) -> Result<ProjectFacts, AppError> {
        let facts = crate::db::projects::facts_for_update(&mut *conn, project)
            .await
            .map_err(db_error("invitations: project"))?
            .ok_or(AppError::NotFound)?;
        if !allows(
            Some(&viewer.actor),
            &Action::ManageInvitations(&facts.subject),
        ) {
            let id = Some(project.0.to_string());
            return Err(refuse(viewer, action, "project", id).await);
        }
        Ok(facts)
    }

    /// An invitation with everything a step decides on, locked in the order every step takes:
    /// the project, the firm, the need, the invitation.
    pub struct Locked {
        pub invitation: InvitationFacts,
        pub project: ProjectFacts,
        pub firm_approved: bool,
        pub need_status: NeedStatus,
    }

    /// The invitation a form names, locked (see [`Locked`]).
    pub async fn locked_invitation(conn: &mut PgConnection, raw: &str) -> Result<Locked, AppError> {
        let id = crate::api::ssr::parse_id(raw, "invitation_id")?;
        let mut invitation = crate::db::invitations::facts(&mut *conn, id)
            .await
            .map_err(db_error("invitation: load"))?
            .ok_or(AppError::NotFound)?;
        let project = crate::db::projects::facts_for_update(&mut *conn, invitation.project)
            .await
            .map_err(db_error("invitation: project"))?
            .ok_or(AppError::NotFound)?;
        let firm_approved = crate::db::invitations::lock_firm(&mut *conn, invitation.firm)
            .await
            .map_err(db_error("invitation: firm"))?;
        let need_status = crate::db::invitations::lock_need_status(
            &mut *conn,
            invitation.project,
            invitation.need,
        )
        .await
        .map_err(db_error("invitation: need"))?
        .ok_or(AppError::NotFound)?;
        let need_status = NeedStatus::from_db(&need_status)
            .map_err(|e| AppError::internal("invitation: need status", &e))?;
        invitation.status = crate::db::invitations::lock(&mut *conn, id)
            .await
            .map_err(db_error("invitation: lock"))?;
        Ok(Locked {
            invitation,
            project,
            firm_approved,
            need_status,
        })
    }

    /// The end of `day` in Beijing: the moment an invitation's deadline passes.
    pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
        let next = (day + Days::new(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default();
        next.and_local_timezone(chrono_tz::Asia::Shanghai)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| next.and_utc())
    }

    /// The last day an invitation takes an answer, as the pages show it: the inverse of
    /// [`end_of_day`].
    pub fn last_day(reply_by: DateTime<Utc>) -> String {
        (reply_by - chrono::Duration::seconds(1))
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive()
            .to_string()
    }

    /// Tells a firm's active representatives.
    pub async fn tell_firm(
        conn: &mut PgConnection,
        firm: FirmId,
        kind: &str,
        params: &serde_json::Value,
    ) -> Result<(), AppError> {
        for rep in crate::db::firms::representatives_of(&mut *conn, firm)
            .await
            .map_err(db_error("invitation: representatives"))?
        {
            crate::db::notifications::notify(
                &mut *conn,
                rep,
                kind,
                params.clone(),
                Some("/invitations"),
            )
            .await
            .map_err(db_error("invitation: notify"))?;
        }
        Ok(())
    }

    /// Tells the official who sent an invitation.
    pub async fn tell_inviter(
        conn: &mut PgConnection,
        facts: &InvitationFacts,
        kind: &str,
        params: serde_json::Value,
    ) -> Result<(), AppError> {
        let link = format!(
            "/projects/{}/needs/{}/candidates",
            facts.project.0, facts.need.0
        );
        crate::db::notifications::notify(conn, facts.invited_by, kind, params, Some(&link))
            .await
            .map_err(db_error("invitation: notify"))
    }

    /// Tells every firm whose invitation a step ended, each in its own words (`kind`).
    pub async fn tell_ended(
        conn: &mut PgConnection,
        ended: &[Ended],
        kind: &str,
        project_title: &str,
        reason: Option<&str>,
    ) -> Result<(), AppError> {
        for e in ended {
            let params = serde_json::json!({
                "project_title": project_title, "firm_name": e.firm_name, "reason": reason,
            });
            tell_firm(conn, FirmId(e.firm_id), kind, &params).await?;
        }
        Ok(())
    }

    /// What an audit row says of the invitations a step ended.
    pub fn ended_json(ended: &[Ended]) -> serde_json::Value {
        serde_json::Value::Array(
            ended
                .iter()
                .map(|e| serde_json::json!({ "invitation": e.id, "need": e.need_id, "firm": e.firm_id }))
                .collect(),
        )
    }

    /// An invitation the viewer answers for its firm, locked, while it still takes an answer.
    pub async fn answerable(
        viewer: &crate::auth::Viewer,
        tx: &mut sqlx::PgConnection,
        raw: &str,
        action: &str,
    ) -> Result<(crate::db::invitations::InvitationFacts, String), AppError> {
        use crate::domain::invitation::check_answer;

        let locked = locked_invitation(tx, raw).await?;
        let invitation = locked.invitation;
        let answer = Action::AnswerInvitation(invitation.firm);
        if !allows(Some(&viewer.actor), &answer) {
            let id = Some(invitation.id.to_string());
            return Err(crate::api::ssr::refuse_action(
                &answer,
                viewer,
                action,
                "need_invitation",
                id,
            )
            .await);
        }
        // The session's view of the firm may be older than its row.
        if !locked.firm_approved {
            return Err(AppError::conflict("firm_not_approved"));
        }
        check_answer(invitation.status, invitation.reply_by, chrono::Utc::now())
            .map_err(AppError::conflict)?;
        Ok((invitation, locked.project.title))
    }
}

/// A need's invitations with every firm's answer, and its participant: for the owning city's
/// officials and the admin only.
#[server(prefix = "/api", endpoint = "get_need_invitations", input = GetUrl)]
pub async fn get_need_invitations(
    project_id: String,
    need_id: String,
) -> Result<NeedInvitations, AppError> {
    use crate::api::ssr::{beijing_today, db_error, parse_id, pool, require_viewer};
    use crate::domain::access::{Action, ProjectSubject, allows};
    use crate::domain::invitation::{check_invite, default_reply_by};
    use crate::domain::project::{NeedId, ProjectId, ProjectStatus};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let project =
                ProjectId(parse_id(&project_id, "project_id").map_err(|_| AppError::NotFound)?);
            let need = NeedId(parse_id(&need_id, "need_id").map_err(|_| AppError::NotFound)?);
            let mut conn = pool()?
                .acquire()
                .await
                .map_err(db_error("get_need_invitations: acquire"))?;
            let facts = crate::db::matching::need(&mut conn, project, need)
                .await
                .map_err(db_error("get_need_invitations: need"))?
                .ok_or(AppError::NotFound)?;
            let project_status =
                ProjectStatus::from_db(&facts.project_status).map_err(|_| AppError::NotFound)?;
            let subject = ProjectSubject {
                city: facts.spec.project_city.clone(),
                status: project_status,
            };
            let see = Action::SeeNeedInvitations(&subject);
            if !allows(Some(&viewer.actor), &see) {
                let id = Some(project.0.to_string());
                return Err(crate::api::ssr::refuse_action(
                    &see,
                    &viewer,
                    "get_need_invitations",
                    "project",
                    id,
                )
                .await);
            }
            let need_status =
                NeedStatus::from_db(&facts.need_status).map_err(|_| AppError::NotFound)?;
            let now = chrono::Utc::now();
            let invitations = crate::db::invitations::for_need(&mut conn, need, now)
                .await
                .map_err(db_error("get_need_invitations: invitations"))?;
            let participant = crate::db::invitations::participant_view(&mut conn, need)
                .await
                .map_err(db_error("get_need_invitations: participant"))?;
            let today = beijing_today();
            Ok(NeedInvitations {
                invitations,
                participant,
                need_status,
                may_invite: check_invite(project_status, need_status).is_ok(),
                may_revoke: project_status == ProjectStatus::Open,
                default_reply_by: default_reply_by(today).to_string(),
                today: today.to_string(),
            })
        }
        .await,
    )
}

/// Invites one or more approved firms to a need, with a message and a reply deadline; each
/// firm's representatives are told. A firm with a standing invitation to the need is refused.
#[server(prefix = "/api", endpoint = "invite_firms")]
pub async fn invite_firms(
    project_id: String,
    need_id: String,
    #[server(default)] firm_ids: Vec<String>,
    message: String,
    reply_by: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<usize, AppError> {
    use crate::api::ssr::{audit, beijing_today, db_error, parse_id, pool, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::account::FirmId;
    use crate::domain::invitation::{NewInvitation, check_invite};
    use crate::domain::project::{NeedId, ProjectId};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let project = ProjectId(parse_id(&project_id, "project_id")?);
            let need = NeedId(parse_id(&need_id, "need_id")?);
            let mut firms = firm_ids
                .iter()
                .map(|raw| parse_id(raw, "firm_ids"))
                .collect::<Result<Vec<i64>, _>>()?;
            firms.sort_unstable();
            firms.dedup();
            let mut errors = Vec::new();
            if firms.is_empty() {
                errors.push(("firm_ids", "choose_firms"));
            } else if firms.len() > 20 {
                errors.push(("firm_ids", "too_many"));
            }
            let invitation = match NewInvitation::parse(&message, &reply_by, beijing_today()) {
                Ok(i) if errors.is_empty() => i,
                Ok(_) => return Err(AppError::fields(errors)),
                Err(more) => {
                    errors.extend(more);
                    return Err(AppError::fields(errors));
                }
            };
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("invite_firms: begin"))?;
            let facts = ssr::managed(&mut tx, &viewer, project, "invite_firms").await?;
            let approved = crate::db::invitations::approved_firms(&mut tx, &firms)
                .await
                .map_err(db_error("invite_firms: firms"))?;
            if approved.len() != firms.len() {
                return Err(AppError::validation("firm_ids", "firm_not_invitable"));
            }
            let need_status = crate::db::invitations::lock_need_status(&mut tx, project, need)
                .await
                .map_err(db_error("invite_firms: need"))?
                .ok_or(AppError::NotFound)?;
            let need_status = NeedStatus::from_db(&need_status)
                .map_err(|e| AppError::internal("invite_firms: need status", &e))?;
            check_invite(facts.subject.status, need_status).map_err(AppError::conflict)?;
            let reply_by = ssr::end_of_day(invitation.reply_by);
            let mut sent = Vec::new();
            for (firm, firm_name) in &approved {
                let expired = crate::db::invitations::end_expired(&mut tx, need, *firm)
                    .await
                    .map_err(db_error("invite_firms: expired"))?;
                let id = match crate::db::invitations::insert(
                    &mut tx,
                    project,
                    need,
                    *firm,
                    invitation.message.as_str(),
                    reply_by,
                    viewer.actor.user,
                )
                .await
                {
                    Ok(id) => id,
                    Err(err) if crate::db::firms::violates(&err, "need_invitations_standing") => {
                        return Err(AppError::conflict("already_invited"));
                    }
                    Err(err) => return Err(AppError::internal("invite_firms: insert", &err)),
                };
                let params = serde_json::json!({
                    "project_title": facts.title, "firm_name": firm_name,
                });
                ssr::tell_firm(&mut tx, FirmId(*firm), "invitation_received", &params).await?;
                sent.push(serde_json::json!({
                    "invitation": id, "firm": firm, "firm_name": firm_name,
                    "replaces_expired": expired,
                }));
            }
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "invitations_sent",
                entity_type: "project",
                entity_id: Some(project.0.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "need": need.0, "invitations": sent, "message": invitation.message.as_str(),
                    "reply_by": invitation.reply_by.to_string(),
                    "firm_name": approved.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join("、"),
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("invite_firms: commit"))?;
            let invited = u32::try_from(approved.len()).unwrap_or(u32::MAX);
            crate::api::ssr::notify(crate::components::round_trip::Notice::Invited(invited)).await;
            Ok(approved.len())
        }
        .await,
    )
}

/// Withdraws a standing invitation (with an optional word to the firm, which is told).
#[server(prefix = "/api", endpoint = "withdraw_invitation")]
pub async fn withdraw_invitation(
    invitation_id: String,
    #[server(default)] note: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{audit, db_error, pool, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::firm::optional;
    use crate::domain::invitation::{END_NOTE_MAX_CHARS, InvitationStatus, check_withdraw};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let note =
                optional(&note, END_NOTE_MAX_CHARS).map_err(|c| AppError::validation("note", c))?;
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("withdraw_invitation: begin"))?;
            let ssr::Locked {
                invitation,
                project,
                ..
            } = ssr::locked_invitation(&mut tx, &invitation_id).await?;
            if !crate::domain::access::allows(
                Some(&viewer.actor),
                &crate::domain::access::Action::ManageInvitations(&project.subject),
            ) {
                drop(tx);
                let id = Some(invitation.project.0.to_string());
                return Err(
                    crate::api::ssr::refuse(&viewer, "withdraw_invitation", "project", id).await,
                );
            }
            check_withdraw(invitation.status).map_err(AppError::conflict)?;
            crate::db::invitations::end(
                &mut tx,
                invitation.id,
                InvitationStatus::Withdrawn,
                EndReason::Withdrawn,
                Some(viewer.actor.user),
                note.as_deref(),
            )
            .await
            .map_err(db_error("withdraw_invitation: write"))?;
            let params = serde_json::json!({
                "project_title": project.title, "firm_name": invitation.firm_name, "reason": note,
            });
            ssr::tell_firm(&mut tx, invitation.firm, "invitation_withdrawn", &params).await?;
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "invitation_withdrawn",
                entity_type: "project",
                entity_id: Some(invitation.project.0.to_string()),
                before: Some(serde_json::json!({
                    "invitation": invitation.id, "status": invitation.status.as_db(),
                })),
                after: Some(serde_json::json!({
                    "need": invitation.need.0, "firm": invitation.firm.0,
                    "firm_name": invitation.firm_name, "reason": note,
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("withdraw_invitation: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::Withdrawn).await;
            Ok(())
        }
        .await,
    )
}

/// The invited firm accepts with a proposal: a price range in 万元, a lead time in days, a note.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    invitation_id: String,
    price_min: String,
    price_max: String,
    lead_days: String,
    #[server(default)] note: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{audit, db_error, pool, require_viewer};
    use crate::db::audit::AuditEntry;

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let proposal = Proposal::parse(&price_min, &price_max, &lead_days, &note)
                .map_err(AppError::fields)?;
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("accept_invitation: begin"))?;
            let (invitation, title) =
                ssr::answerable(&viewer, &mut tx, &invitation_id, "accept_invitation").await?;
            crate::db::invitations::accept(&mut tx, invitation.id, viewer.actor.user, &proposal)
                .await
                .map_err(db_error("accept_invitation: write"))?;
            let params =
                serde_json::json!({ "project_title": title, "firm_name": invitation.firm_name });
            ssr::tell_inviter(&mut tx, &invitation, "invitation_accepted", params).await?;
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "invitation_accepted",
                entity_type: "project",
                entity_id: Some(invitation.project.0.to_string()),
                before: Some(serde_json::json!({ "invitation": invitation.id })),
                after: Some(serde_json::json!({
                    "need": invitation.need.0, "firm": invitation.firm.0,
                    "firm_name": invitation.firm_name, "proposal": proposal,
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("accept_invitation: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::Answered).await;
            Ok(())
        }
        .await,
    )
}

/// The invited firm declines, with a reason from the list and free text.
#[server(prefix = "/api", endpoint = "decline_invitation")]
pub async fn decline_invitation(
    invitation_id: String,
    #[server(default)] reason: String,
    #[server(default)] note: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{audit, db_error, pool, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::invitation::Decline;

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let decline = Decline::parse(&reason, &note).map_err(AppError::fields)?;
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("decline_invitation: begin"))?;
            let (invitation, title) =
                ssr::answerable(&viewer, &mut tx, &invitation_id, "decline_invitation").await?;
            crate::db::invitations::decline(&mut tx, invitation.id, viewer.actor.user, &decline)
                .await
                .map_err(db_error("decline_invitation: write"))?;
            let params =
                serde_json::json!({ "project_title": title, "firm_name": invitation.firm_name });
            ssr::tell_inviter(&mut tx, &invitation, "invitation_declined", params).await?;
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "invitation_declined",
                entity_type: "project",
                entity_id: Some(invitation.project.0.to_string()),
                before: Some(serde_json::json!({ "invitation": invitation.id })),
                after: Some(serde_json::json!({
                    "need": invitation.need.0, "firm": invitation.firm.0,
                    "firm_name": invitation.firm_name, "decline_reason": decline.reason.as_db(),
                    "note": decline.note,
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("decline_invitation: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::Declined).await;
            Ok(())
        }
        .await,
    )
}

/// Selects an accepted proposal: its firm becomes the need's participant, the need is filled,
/// the need's other standing invitations close, and every firm involved is told.
#[server(prefix = "/api", endpoint = "select_proposal")]
pub async fn select_proposal(
    invitation_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{audit, db_error, pool, refuse, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::access::{Action, allows};
    use crate::domain::invitation::{InvitationStatus, check_select};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("select_proposal: begin"))?;
            let ssr::Locked {
                invitation,
                project,
                firm_approved,
                need_status,
            } = ssr::locked_invitation(&mut tx, &invitation_id).await?;
            if !allows(
                Some(&viewer.actor),
                &Action::ManageInvitations(&project.subject),
            ) {
                drop(tx);
                let id = Some(invitation.project.0.to_string());
                return Err(refuse(&viewer, "select_proposal", "project", id).await);
            }
            check_select(invitation.status, project.subject.status, need_status)
                .map_err(AppError::conflict)?;
            if !firm_approved {
                return Err(AppError::conflict("firm_not_approved"));
            }
            let participant = match crate::db::invitations::insert_participant(
                &mut tx,
                &invitation,
                viewer.actor.user,
            )
            .await
            {
                Ok(id) => id,
                Err(err) if crate::db::firms::violates(&err, "project_participants_need_once") => {
                    return Err(AppError::conflict("need_filled"));
                }
                Err(err) => return Err(AppError::internal("select_proposal: participant", &err)),
            };
            crate::db::invitations::end(
                &mut tx,
                invitation.id,
                InvitationStatus::Selected,
                EndReason::Selected,
                Some(viewer.actor.user),
                None,
            )
            .await
            .map_err(db_error("select_proposal: selected"))?;
            // Every other firm invited to the need hears the outcome: one that proposed or had
            // not answered yet was not selected; one that declined reads that the need is filled.
            let mut others = Vec::new();
            for (which, kind) in [
                (
                    crate::db::invitations::Ending::Standing,
                    "invitation_not_selected",
                ),
                (
                    crate::db::invitations::Ending::Declined,
                    "invitation_need_filled",
                ),
            ] {
                let ended = crate::db::invitations::end_standing(
                    &mut tx,
                    invitation.project,
                    Some(invitation.need),
                    Some(invitation.id),
                    which,
                    InvitationStatus::NotSelected,
                    EndReason::OtherSelected,
                    Some(viewer.actor.user),
                )
                .await
                .map_err(db_error("select_proposal: others"))?;
                ssr::tell_ended(&mut tx, &ended, kind, &project.title, None).await?;
                others.extend(ended);
            }
            let params = serde_json::json!({
                "project_title": project.title, "firm_name": invitation.firm_name,
            });
            ssr::tell_firm(&mut tx, invitation.firm, "invitation_selected", &params).await?;
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "proposal_selected",
                entity_type: "project",
                entity_id: Some(invitation.project.0.to_string()),
                before: Some(serde_json::json!({ "invitation": invitation.id })),
                after: Some(serde_json::json!({
                    "participant": participant, "need": invitation.need.0,
                    "firm": invitation.firm.0, "firm_name": invitation.firm_name,
                    "not_selected": ssr::ended_json(&others),
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("select_proposal: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
            Ok(())
        }
        .await,
    )
}

/// Revokes a need's selection with a reason: the firm stops taking part (and is told), the
/// need is open again for new invitations.
#[server(prefix = "/api", endpoint = "revoke_selection")]
pub async fn revoke_selection(
    project_id: String,
    need_id: String,
    reason: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{audit, db_error, parse_id, pool, require_viewer};
    use crate::db::audit::AuditEntry;
    use crate::domain::account::FirmId;
    use crate::domain::firm::Name;
    use crate::domain::invitation::{END_NOTE_MAX_CHARS, InvitationStatus};
    use crate::domain::project::{NeedId, ProjectId, ProjectStatus};

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let project = ProjectId(parse_id(&project_id, "project_id")?);
            let need = NeedId(parse_id(&need_id, "need_id")?);
            let reason = Name::parse(&reason, END_NOTE_MAX_CHARS)
                .map_err(|c| AppError::validation("reason", c))?;
            let mut tx = pool()?
                .begin()
                .await
                .map_err(db_error("revoke_selection: begin"))?;
            let facts = ssr::managed(&mut tx, &viewer, project, "revoke_selection").await?;
            if facts.subject.status != ProjectStatus::Open {
                return Err(AppError::conflict("call_not_open"));
            }
            crate::db::invitations::lock_need_status(&mut tx, project, need)
                .await
                .map_err(db_error("revoke_selection: need"))?
                .ok_or(AppError::NotFound)?;
            let Some(standing) = crate::db::invitations::standing_participant(&mut tx, need)
                .await
                .map_err(db_error("revoke_selection: participant"))?
            else {
                return Err(AppError::conflict("need_not_filled"));
            };
            crate::db::invitations::revoke_participant(&mut tx, &standing, need, reason.as_str())
                .await
                .map_err(db_error("revoke_selection: write"))?;
            if let Some(invitation) = standing.invitation_id {
                crate::db::invitations::end(
                    &mut tx,
                    invitation,
                    InvitationStatus::Revoked,
                    EndReason::Revoked,
                    Some(viewer.actor.user),
                    Some(reason.as_str()),
                )
                .await
                .map_err(db_error("revoke_selection: invitation"))?;
            }
            let params = serde_json::json!({
                "project_title": facts.title, "firm_name": standing.firm_name,
                "reason": reason.as_str(),
            });
            ssr::tell_firm(
                &mut tx,
                FirmId(standing.firm_id),
                "selection_revoked",
                &params,
            )
            .await?;
            let entry = AuditEntry {
                actor: Some(viewer.actor.user),
                action: "selection_revoked",
                entity_type: "project",
                entity_id: Some(project.0.to_string()),
                before: Some(serde_json::json!({ "participant": standing.id })),
                after: Some(serde_json::json!({
                    "need": need.0, "firm": standing.firm_id, "firm_name": standing.firm_name,
                    "reason": reason.as_str(),
                })),
                client_addr: None,
            };
            audit(&mut tx, entry).await?;
            tx.commit()
                .await
                .map_err(db_error("revoke_selection: commit"))?;
            crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
            Ok(())
        }
        .await,
    )
}

/// The viewer's firm's invitations with its own answers, newest first.
#[server(prefix = "/api", endpoint = "my_invitations", input = GetUrl)]
pub async fn my_invitations() -> Result<Vec<OwnInvitation>, AppError> {
    use crate::api::ssr::{db_error, pool, refuse, require_viewer};
    use crate::domain::access::{Action, allows};
    use crate::domain::account::Role;

    crate::errors::with_status(
        async {
            let viewer = require_viewer()?;
            let firm = match &viewer.actor.role {
                Role::FirmRep { firm, .. }
                    if allows(Some(&viewer.actor), &Action::SeeOwnInvitations) =>
                {
                    *firm
                }
                _ => return Err(refuse(&viewer, "my_invitations", "firm", None).await),
            };
            let mut conn = pool()?
                .acquire()
                .await
                .map_err(db_error("my_invitations: acquire"))?;
            crate::db::invitations::for_firm(&mut conn, firm, chrono::Utc::now())
                .await
                .map_err(db_error("my_invitations: load"))
        }
        .await,
    )
}
