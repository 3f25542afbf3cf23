//! The invitation handshake: the owning city's officials invite firms to a need, the firms
//! answer, the officials select one proposal (the firm becomes the need's participant) and may
//! revoke it. Every step locks the project's row first, so the steps of one project happen one
//! at a time, and writes its notifications and audit row in the same transaction.

// A server function takes one argument per form field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::api::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::invitation::EndReason;
#[cfg(feature = "ssr")]
use crate::domain::project::NeedStatus;
#[cfg(feature = "ssr")]
use crate::domain::project_event::ProjectEvent;
use crate::errors::AppError;
use crate::views::invitations::{NeedInvitations, OwnInvitation};

#[cfg(feature = "ssr")]
pub(crate) mod ssr {

    use sqlx::PgConnection;

    use crate::api::ssr::{Context, refuse};
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
    ) -> Result<ProjectFacts, crate::api::ssr::Failure> {
        let facts = crate::api::projects::ssr::need_project(&mut *conn, project).await?;
        if !allows(
            Some(&viewer.actor),
            &Action::ManageInvitations(&facts.subject),
        ) {
            let id = Some(project.0.to_string());
            return Err(refuse(viewer, action, "project", id));
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
            .context("invitation: load")?
            .ok_or(AppError::NotFound)?;
        let project =
            crate::api::projects::ssr::need_project(&mut *conn, invitation.project).await?;
        let firm_approved = crate::db::invitations::lock_firm(&mut *conn, invitation.firm)
            .await
            .context("invitation: firm")?;
        let need_status = crate::db::invitations::lock_need_status(
            &mut *conn,
            invitation.project,
            invitation.need,
        )
        .await
        .context("invitation: need")?
        .ok_or(AppError::NotFound)?;
        let need_status = NeedStatus::from_db(&need_status)
            .map_err(|e| AppError::internal("invitation: need status", &e))?;
        invitation.status = crate::db::invitations::lock(&mut *conn, id)
            .await
            .context("invitation: lock")?;
        Ok(Locked {
            invitation,
            project,
            firm_approved,
            need_status,
        })
    }

    /// Tells a firm's active representatives.
    pub async fn tell_firm(
        conn: &mut PgConnection,
        firm: FirmId,
        kind: &str,
        params: &serde_json::Value,
    ) -> Result<(), AppError> {
        crate::db::notifications::notify_group(
            conn,
            crate::db::notifications::Group::RepresentativesOf(firm),
            &[],
            kind,
            params.clone(),
            Some("/invitations"),
        )
        .await
        .context("invitation: notify")?;
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
            .context("invitation: notify")
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
    ) -> Result<(crate::db::invitations::InvitationFacts, String), crate::api::ssr::Failure> {
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
            ));
        }
        // The session's view of the firm may be older than its row.
        if !locked.firm_approved {
            return Err(AppError::conflict("firm_not_approved").into());
        }
        check_answer(invitation.status, invitation.reply_by, chrono::Utc::now())
            .map_err(AppError::conflict)?;
        Ok((invitation, locked.project.title))
    }

    /// A firm's answer to its invitation as the form sent it: read only once the policy has
    /// allowed the caller to answer.
    pub enum AnswerInput<'a> {
        Accept {
            price_min: &'a str,
            price_max: &'a str,
            lead_days: &'a str,
            note: &'a str,
        },
        Decline {
            reason: &'a str,
            note: &'a str,
        },
    }

    /// The invited firm's representative accepts or declines: the invitation answered, the
    /// official who sent it told, the step in the project's history.
    pub async fn answer_invitation(
        raw_id: &str,
        input: AnswerInput<'_>,
    ) -> Result<(), crate::api::ssr::Failure> {
        use crate::api::ssr::{audit_of, begin, require_viewer};
        use crate::components::round_trip::Notice;
        use crate::domain::invitation::{Decline, Proposal};
        use crate::domain::project_event::ProjectEvent;

        let viewer = require_viewer()?;
        let name = match input {
            AnswerInput::Accept { .. } => "accept_invitation",
            AnswerInput::Decline { .. } => "decline_invitation",
        };
        let mut tx = begin("answer_invitation: begin").await?;
        let (invitation, title) = answerable(&viewer, &mut tx, raw_id, name).await?;
        let firm_name = invitation.firm_name.clone();
        let mut detail = serde_json::json!({
            "need": invitation.need.0, "firm": invitation.firm.0,
        });
        let (kind, event, notice) = match input {
            AnswerInput::Accept {
                price_min,
                price_max,
                lead_days,
                note,
            } => {
                let proposal = Proposal::parse(price_min, price_max, lead_days, note)
                    .map_err(AppError::fields)?;
                crate::db::invitations::accept(
                    &mut tx,
                    invitation.id,
                    viewer.actor.user,
                    &proposal,
                )
                .await
                .context("accept_invitation: write")?;
                detail["proposal"] = serde_json::json!(proposal);
                let event = ProjectEvent::InvitationAccepted { firm_name };
                ("invitation_accepted", event, Notice::Answered)
            }
            AnswerInput::Decline { reason, note } => {
                let decline = Decline::parse(reason, note).map_err(AppError::fields)?;
                crate::db::invitations::decline(
                    &mut tx,
                    invitation.id,
                    viewer.actor.user,
                    &decline,
                )
                .await
                .context("decline_invitation: write")?;
                detail["decline_reason"] = decline.reason.as_db().into();
                detail["note"] = serde_json::json!(decline.note);
                let event = ProjectEvent::InvitationDeclined { firm_name };
                ("invitation_declined", event, Notice::Declined)
            }
        };
        let params =
            serde_json::json!({ "project_title": title, "firm_name": invitation.firm_name });
        tell_inviter(&mut tx, &invitation, kind, params).await?;
        audit_of(
            &viewer,
            event.action(),
            "project",
            Some(invitation.project.0.to_string()),
        )
        .before(serde_json::json!({ "invitation": invitation.id }))
        .after(event.record(detail))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("answer_invitation: commit")?;
        crate::api::ssr::notify(notice).await;
        Ok(())
    }
}

/// A need's invitations with every firm's answer, and its participant: for the owning city's
/// officials and the admin only.
#[server(prefix = "/api", endpoint = "get_need_invitations", input = GetUrl)]
pub async fn get_need_invitations(
    project_id: String,
    need_id: String,
) -> Result<NeedInvitations, AppError> {
    use crate::api::ssr::{Context, beijing_today, parse_id, pool, require_viewer};
    use crate::domain::access::{Action, ProjectSubject, allows};
    use crate::domain::invitation::{check_invite, default_reply_by};
    use crate::domain::project::{NeedId, ProjectId, ProjectStatus};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project =
            ProjectId(parse_id(&project_id, "project_id").map_err(|_| AppError::NotFound)?);
        let need = NeedId(parse_id(&need_id, "need_id").map_err(|_| AppError::NotFound)?);
        let mut conn = pool()?
            .acquire()
            .await
            .context("get_need_invitations: acquire")?;
        let facts = crate::db::matching::need(&mut conn, project, need)
            .await
            .context("get_need_invitations: need")?
            .ok_or(AppError::NotFound)?;
        let project_status = ProjectStatus::from_db(&facts.project_status)
            .context("get_need_invitations: project status")?;
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
            ));
        }
        let need_status =
            NeedStatus::from_db(&facts.need_status).context("get_need_invitations: need status")?;
        let now = chrono::Utc::now();
        let invitations = crate::db::invitations::for_need(&mut conn, need, now)
            .await
            .context("get_need_invitations: invitations")?;
        let participant = crate::db::invitations::participant_view(&mut conn, need)
            .await
            .context("get_need_invitations: participant")?;
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
    })
    .await
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
    use crate::api::ssr::{Context, audit_of, begin, beijing_today, parse_id, require_viewer};

    use crate::domain::account::FirmId;
    use crate::domain::invitation::{NewInvitation, check_invite};
    use crate::domain::project::{NeedId, ProjectId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(&project_id, "project_id")?);
        let need = NeedId(parse_id(&need_id, "need_id")?);
        let mut tx = begin("invite_firms: begin").await?;
        let facts = ssr::managed(&mut tx, &viewer, project, "invite_firms").await?;
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
            Ok(_) => return Err(AppError::fields(errors).into()),
            Err(more) => {
                errors.extend(more);
                return Err(AppError::fields(errors).into());
            }
        };
        let approved = crate::db::invitations::approved_firms(&mut tx, &firms)
            .await
            .context("invite_firms: firms")?;
        if approved.len() != firms.len() {
            return Err(AppError::validation("firm_ids", "firm_not_invitable").into());
        }
        let need_status = crate::db::invitations::lock_need_status(&mut tx, project, need)
            .await
            .context("invite_firms: need")?
            .ok_or(AppError::NotFound)?;
        let need_status = NeedStatus::from_db(&need_status)
            .map_err(|e| AppError::internal("invite_firms: need status", &e))?;
        check_invite(facts.subject.status, need_status).map_err(AppError::conflict)?;
        let reply_by = crate::domain::time::end_of_day(invitation.reply_by);
        let mut sent = Vec::new();
        for (firm, firm_name) in &approved {
            let expired = crate::db::invitations::end_expired(&mut tx, need, *firm)
                .await
                .context("invite_firms: expired")?;
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
                    return Err(AppError::conflict("already_invited").into());
                }
                Err(err) => return Err(AppError::internal("invite_firms: insert", &err).into()),
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
        let event = ProjectEvent::InvitationsSent {
            firm_name: approved
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        };
        audit_of(
            &viewer,
            event.action(),
            "project",
            Some(project.0.to_string()),
        )
        .after(event.record(serde_json::json!({
            "need": need.0, "invitations": sent, "message": invitation.message.as_str(),
            "reply_by": invitation.reply_by.to_string(),
        })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("invite_firms: commit")?;
        let invited = u32::try_from(approved.len()).unwrap_or(u32::MAX);
        crate::api::ssr::notify(crate::components::round_trip::Notice::Invited(invited)).await;
        Ok(approved.len())
    })
    .await
}

/// Withdraws a standing invitation (with an optional word to the firm, which is told).
#[server(prefix = "/api", endpoint = "withdraw_invitation")]
pub async fn withdraw_invitation(
    invitation_id: String,
    #[server(default)] note: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, require_viewer};

    use crate::domain::firm::optional;
    use crate::domain::invitation::{END_NOTE_MAX_CHARS, InvitationStatus, check_withdraw};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let mut tx = begin("withdraw_invitation: begin").await?;
        let ssr::Locked {
            invitation,
            project,
            ..
        } = ssr::locked_invitation(&mut tx, &invitation_id).await?;
        if !crate::domain::access::allows(
            Some(&viewer.actor),
            &crate::domain::access::Action::ManageInvitations(&project.subject),
        ) {
            let id = Some(invitation.project.0.to_string());
            return Err(crate::api::ssr::refuse(
                &viewer,
                "withdraw_invitation",
                "project",
                id,
            ));
        }
        let note =
            optional(&note, END_NOTE_MAX_CHARS).map_err(|c| AppError::validation("note", c))?;
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
        .context("withdraw_invitation: write")?;
        let params = serde_json::json!({
            "project_title": project.title, "firm_name": invitation.firm_name, "reason": note,
        });
        ssr::tell_firm(&mut tx, invitation.firm, "invitation_withdrawn", &params).await?;
        let event = ProjectEvent::InvitationWithdrawn {
            firm_name: invitation.firm_name.clone(),
            reason: note.clone(),
        };
        audit_of(
            &viewer,
            event.action(),
            "project",
            Some(invitation.project.0.to_string()),
        )
        .before(serde_json::json!({
            "invitation": invitation.id, "status": invitation.status.as_db(),
        }))
        .after(event.record(serde_json::json!({
            "need": invitation.need.0, "firm": invitation.firm.0,
        })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("withdraw_invitation: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Withdrawn).await;
        Ok(())
    })
    .await
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
    let input = ssr::AnswerInput::Accept {
        price_min: &price_min,
        price_max: &price_max,
        lead_days: &lead_days,
        note: &note,
    };
    crate::api::ssr::answer(ssr::answer_invitation(&invitation_id, input)).await
}

/// The invited firm declines, with a reason from the list and free text.
#[server(prefix = "/api", endpoint = "decline_invitation")]
pub async fn decline_invitation(
    invitation_id: String,
    #[server(default)] reason: String,
    #[server(default)] note: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    let input = ssr::AnswerInput::Decline {
        reason: &reason,
        note: &note,
    };
    crate::api::ssr::answer(ssr::answer_invitation(&invitation_id, input)).await
}

/// Selects an accepted proposal: its firm becomes the need's participant, the need is filled,
/// the need's other standing invitations close, and every firm involved is told.
#[server(prefix = "/api", endpoint = "select_proposal")]
pub async fn select_proposal(
    invitation_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, refuse, require_viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::invitation::{InvitationStatus, check_select};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let mut tx = begin("select_proposal: begin").await?;
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
            let id = Some(invitation.project.0.to_string());
            return Err(refuse(&viewer, "select_proposal", "project", id));
        }
        check_select(invitation.status, project.subject.status, need_status)
            .map_err(AppError::conflict)?;
        if !firm_approved {
            return Err(AppError::conflict("firm_not_approved").into());
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
                return Err(AppError::conflict("need_filled").into());
            }
            Err(err) => return Err(AppError::internal("select_proposal: participant", &err).into()),
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
        .context("select_proposal: selected")?;
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
            .context("select_proposal: others")?;
            ssr::tell_ended(&mut tx, &ended, kind, &project.title, None).await?;
            others.extend(ended);
        }
        let params = serde_json::json!({
            "project_title": project.title, "firm_name": invitation.firm_name,
        });
        ssr::tell_firm(&mut tx, invitation.firm, "invitation_selected", &params).await?;
        let event = ProjectEvent::ProposalSelected {
            firm_name: invitation.firm_name.clone(),
        };
        audit_of(
            &viewer,
            event.action(),
            "project",
            Some(invitation.project.0.to_string()),
        )
        .before(serde_json::json!({ "invitation": invitation.id }))
        .after(event.record(serde_json::json!({
            "participant": participant, "need": invitation.need.0,
            "firm": invitation.firm.0, "not_selected": ssr::ended_json(&others),
        })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("select_proposal: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    })
    .await
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
    use crate::api::ssr::{Context, audit_of, begin, parse_id, require_viewer};

    use crate::domain::account::FirmId;
    use crate::domain::firm::Name;
    use crate::domain::invitation::{END_NOTE_MAX_CHARS, InvitationStatus};
    use crate::domain::project::{NeedId, ProjectId, ProjectStatus};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(&project_id, "project_id")?);
        let need = NeedId(parse_id(&need_id, "need_id")?);
        let mut tx = begin("revoke_selection: begin").await?;
        let facts = ssr::managed(&mut tx, &viewer, project, "revoke_selection").await?;
        let reason = Name::parse(&reason, END_NOTE_MAX_CHARS)
            .map_err(|c| AppError::validation("reason", c))?;
        if facts.subject.status != ProjectStatus::Open {
            return Err(AppError::conflict("call_not_open").into());
        }
        crate::db::invitations::lock_need_status(&mut tx, project, need)
            .await
            .context("revoke_selection: need")?
            .ok_or(AppError::NotFound)?;
        let Some(standing) = crate::db::invitations::standing_participant(&mut tx, need)
            .await
            .context("revoke_selection: participant")?
        else {
            return Err(AppError::conflict("need_not_filled").into());
        };
        crate::db::invitations::revoke_participant(&mut tx, &standing, need, reason.as_str())
            .await
            .context("revoke_selection: write")?;
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
            .context("revoke_selection: invitation")?;
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
        let event = ProjectEvent::SelectionRevoked {
            firm_name: standing.firm_name.clone(),
            reason: Some(reason.as_str().to_owned()),
        };
        audit_of(
            &viewer,
            event.action(),
            "project",
            Some(project.0.to_string()),
        )
        .before(serde_json::json!({ "participant": standing.id }))
        .after(event.record(serde_json::json!({ "need": need.0, "firm": standing.firm_id })))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("revoke_selection: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    })
    .await
}

/// The viewer's firm's invitations with its own answers, newest first.
#[server(prefix = "/api", endpoint = "my_invitations", input = GetUrl)]
pub async fn my_invitations() -> Result<Vec<OwnInvitation>, AppError> {
    use crate::api::ssr::{Context, pool, refuse, require_viewer};
    use crate::domain::access::{Action, acting_firm};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let Some(firm) = acting_firm(&viewer.actor, &Action::SeeOwnInvitations) else {
            return Err(refuse(&viewer, "my_invitations", "firm", None));
        };
        let mut conn = pool()?.acquire().await.context("my_invitations: acquire")?;
        Ok(
            crate::db::invitations::for_firm(&mut conn, firm, chrono::Utc::now())
                .await
                .context("my_invitations: load")?,
        )
    })
    .await
}
