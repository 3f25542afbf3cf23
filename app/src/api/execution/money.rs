//! Payments on a project in execution, recorded by the owning city's officials: date, amount
//! in 万元, funding source, the participant paid (or the project), a note; past the amount a
//! source planned only with a reason. The participant paid is told in its inbox.

// One argument per field of the payment's form.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::api::NoUnknownFields;
use crate::errors::AppError;

/// Records a payment made on the project.
#[server(prefix = "/api", endpoint = "record_disbursement")]
pub async fn record_disbursement(
    project_id: String,
    paid_on: String,
    amount: String,
    #[server(default)] source: String,
    #[server(default)] recipient: String,
    note: String,
    #[server(default)] overspend_reason: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    let form = crate::domain::execution::money::DisbursementForm {
        paid_on,
        amount,
        source,
        recipient,
        note,
        overspend_reason,
    };
    crate::api::ssr::answer(ssr::record(&project_id, form)).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::execution::ssr::managed_project;
    use crate::api::ssr::{
        Context, Failure, audit_of, begin, beijing_today, parse_id, require_viewer,
    };
    use crate::db::notifications::{Group, notify_group};
    use crate::domain::execution::money::{
        DisbursementForm, NewDisbursement, Recipient, check_overspend,
    };
    use crate::domain::project::{FundingSource, ProjectId, ProjectStatus, format_wan};
    use crate::errors::AppError;

    pub async fn record(raw_project: &str, form: DisbursementForm) -> Result<(), Failure> {
        let viewer = require_viewer()?;
        let project = ProjectId(parse_id(raw_project, "project_id")?);
        // The project's row stays locked: two payments from one source are checked against
        // the plan one after the other.
        let mut tx = begin("record_disbursement: begin").await?;
        let facts = managed_project(&mut tx, &viewer, project, "record_disbursement").await?;
        let payment = NewDisbursement::parse(&form, beijing_today()).map_err(AppError::fields)?;
        if facts.subject.status != ProjectStatus::InExecution {
            return Err(AppError::conflict("project_not_in_execution").into());
        }
        let firm = match payment.recipient {
            Recipient::Project => None,
            Recipient::Participant(id) => Some(
                crate::db::execution::money::participant_firm(&mut tx, project, id)
                    .await
                    .context("record_disbursement: participant")?
                    .ok_or_else(|| AppError::validation("recipient", "invalid"))?,
            ),
        };
        let planned = crate::db::execution::money::planned(&mut tx, project)
            .await
            .context("record_disbursement: planned")?;
        let index = FundingSource::ALL
            .iter()
            .position(|s| *s == payment.source)
            .unwrap_or_default();
        let paid = crate::db::execution::money::paid_from(&mut tx, project, payment.source)
            .await
            .context("record_disbursement: paid")?;
        check_overspend(planned[index], paid, &payment)
            .map_err(|code| AppError::validation("overspend_reason", code))?;
        let id = crate::db::execution::money::insert(&mut tx, project, &payment, viewer.actor.user)
            .await
            .context("record_disbursement: write")?;
        if let Some((firm, _)) = firm {
            let params = serde_json::json!({
                "project_title": facts.title, "subject": format_wan(payment.amount),
            });
            let link = format!("/projects/{}/execution#money", project.0);
            notify_group(
                &mut tx,
                Group::RepresentativesOf(firm),
                &[],
                "disbursement_recorded",
                params,
                Some(&link),
            )
            .await
            .context("record_disbursement: notify")?;
        }
        audit_of(
            &viewer,
            "disbursement_recorded",
            "project",
            Some(project.0.to_string()),
        )
        .after(serde_json::json!({
            "disbursement": id, "payment": payment, "firm": firm.map(|(f, _)| f.0),
            "paid_before": paid, "planned": planned[index],
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("record_disbursement: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }
}
