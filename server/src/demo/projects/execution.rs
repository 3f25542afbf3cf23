//! The humanoid joint project's execution, as its people would have moved it by now, so that
//! `make run` shows the execution pages alive: the reducer maker's prototype accepted, its bench
//! qualification handed in past its due day (amber), its samples in progress; the magnet
//! maker's prototype returned with a reason; a high risk escalated to the coordination
//! meetings, and one mitigated; three payments (two to the participants, one to the project);
//! progress reports on the milestones begun, one with a PDF.
//! Due days are set relative to today, so the story reads the same
//! whenever the demo is loaded. Every step goes through `app::db` with its audit row.

use anyhow::Context;
use app::db::audit::{AuditEntry, record};
use app::db::notifications::{Group, notify_group};
use app::domain::account::UserId;
use app::domain::execution::health::{RiskSeverity, RiskState};
use app::domain::execution::milestone::MilestoneState;
use app::domain::execution::money::{NewDisbursement, Recipient};
use app::domain::execution::risk::{NewRisk, RiskLikelihood, RiskOwner};
use app::domain::project::FundingSource;
use app::domain::project::ProjectId;
use chrono::{Days, NaiveDate};
use serde_json::json;
use sqlx::PgConnection;

/// Who moves what: the city's official and each participant's representative.
pub struct Cast {
    pub official: UserId,
    pub official_name: &'static str,
    /// The representatives of the participants, in the order they were selected.
    pub representatives: Vec<UserId>,
}

async fn audit(
    conn: &mut PgConnection,
    by: UserId,
    action: &str,
    entity_type: &str,
    id: i64,
    after: serde_json::Value,
) -> anyhow::Result<()> {
    record(
        conn,
        AuditEntry {
            actor: Some(by),
            action,
            entity_type,
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
            client_addr: None,
        },
    )
    .await?;
    Ok(())
}

/// Moves a milestone through `steps` (each a state and who moves it there, with a reason for
/// a return), after setting its due day.
async fn walk(
    conn: &mut PgConnection,
    project: ProjectId,
    milestone: i64,
    due_on: NaiveDate,
    steps: &[(MilestoneState, UserId, Option<&str>)],
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE project_milestones SET due_on = $2 WHERE id = $1",
        milestone,
        due_on as _
    )
    .execute(&mut *conn)
    .await?;
    for &(to, by, reason) in steps {
        app::db::execution::set_state(conn, milestone, to, by, reason).await?;
        let action = match to {
            MilestoneState::Submitted => "milestone_submitted",
            MilestoneState::Accepted => "milestone_accepted",
            MilestoneState::Rejected => "milestone_rejected",
            MilestoneState::InProgress => "milestone_started",
            MilestoneState::Planned => continue,
        };
        let after = json!({ "state": to.as_db(), "project": project.0, "reason": reason });
        audit(conn, by, action, "project_milestone", milestone, after).await?;
    }
    Ok(())
}

pub async fn story(
    conn: &mut PgConnection,
    project: ProjectId,
    title: &str,
    cast: &Cast,
    today: NaiveDate,
) -> anyhow::Result<()> {
    use MilestoneState::{Accepted, InProgress, Rejected, Submitted};

    let rows = sqlx::query!(
        "SELECT m.id, m.participant_id FROM project_milestones m
         JOIN project_participants pp ON pp.id = m.participant_id
         WHERE m.project_id = $1 ORDER BY pp.id, m.position",
        project.0
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut participants: Vec<(i64, Vec<i64>)> = Vec::new();
    for r in rows {
        match participants.last_mut() {
            Some((p, ids)) if *p == r.participant_id => ids.push(r.id),
            _ => participants.push((r.participant_id, vec![r.id])),
        }
    }
    let [(reducers, reducer_steps), (magnets, magnet_steps)] = participants.as_slice() else {
        anyhow::bail!("the story needs two participants with milestones");
    };
    let (official, reducer_rep, magnet_rep) = match cast.representatives.as_slice() {
        [a, b] => (cast.official, *a, *b),
        _ => anyhow::bail!("the story needs two representatives"),
    };
    let day = |offset: i64| -> anyhow::Result<NaiveDate> {
        let days = Days::new(offset.unsigned_abs());
        if offset < 0 {
            today.checked_sub_days(days)
        } else {
            today.checked_add_days(days)
        }
        .context("a day out of range")
    };
    let at = |i: usize, ids: &[i64]| ids.get(i).copied().context("a milestone the ladder lacks");

    // The reducer maker: prototype accepted, bench qualification handed in nine days after it
    // was due, samples in progress.
    walk(
        conn,
        project,
        at(0, reducer_steps)?,
        day(-40)?,
        &[(Submitted, reducer_rep, None), (Accepted, official, None)],
    )
    .await?;
    walk(
        conn,
        project,
        at(1, reducer_steps)?,
        day(-9)?,
        &[(Submitted, reducer_rep, None)],
    )
    .await?;
    walk(
        conn,
        project,
        at(2, reducer_steps)?,
        day(75)?,
        &[(InProgress, reducer_rep, None)],
    )
    .await?;
    // The magnet maker: its prototype returned with a reason.
    walk(
        conn,
        project,
        at(0, magnet_steps)?,
        day(20)?,
        &[
            (Submitted, magnet_rep, None),
            (
                Rejected,
                official,
                Some("退磁曲线未附第三方检测报告，请补充后重新提交。"),
            ),
        ],
    )
    .await?;

    // Progress reports: the reducer maker's on each milestone it began (its test summary as a
    // PDF), the magnet maker's on its returned prototype.
    // (milestone, author, day offset, percent, text, a PDF's file name and heading)
    type Report<'a> = (i64, UserId, i64, i16, &'a str, Option<(&'a str, &'a str)>);
    let reports: [Report; 5] = [
        (
            at(0, reducer_steps)?,
            reducer_rep,
            -55,
            60,
            "两台样机完成装配，空载跑合 48 小时无异常。",
            None,
        ),
        (
            at(0, reducer_steps)?,
            reducer_rep,
            -42,
            100,
            "样机交付研究院，附出厂测试记录。",
            Some(("样机出厂测试记录.pdf", "Prototype factory test record")),
        ),
        (
            at(1, reducer_steps)?,
            reducer_rep,
            -12,
            90,
            "台架验证完成回差与刚度测试，寿命试验进行中。",
            None,
        ),
        (
            at(2, reducer_steps)?,
            reducer_rep,
            -3,
            30,
            "送样件毛坯到厂，开始精加工。",
            None,
        ),
        (
            at(0, magnet_steps)?,
            magnet_rep,
            -6,
            80,
            "已委托第三方补测退磁曲线，预计下周出具报告。",
            None,
        ),
    ];
    for (milestone, by, offset, percent, body, file) in reports {
        let report = app::domain::execution::report::NewReport {
            reported_on: day(offset)?,
            percent,
            body: body.to_owned(),
        };
        let id = app::db::execution::reports::insert(conn, milestone, &report, by).await?;
        let files: Vec<app::db::execution::reports::CheckedFile> = file
            .map(|(name, heading)| {
                let bytes = one_page_pdf(heading);
                let kind = app::domain::execution::report::FileKind::of(&bytes)
                    .context("the demo's PDF reads as a PDF")?;
                Ok::<_, anyhow::Error>(app::db::execution::reports::CheckedFile {
                    name: kind.file_name(name),
                    kind,
                    bytes,
                })
            })
            .transpose()?
            .into_iter()
            .collect();
        app::db::execution::reports::insert_files(conn, id, &files).await?;
        let after = json!({ "report": id, "project": project.0, "percent": percent });
        audit(
            conn,
            by,
            "milestone_report_posted",
            "project_milestone",
            milestone,
            after,
        )
        .await?;
    }

    let risks = [
        (
            NewRisk {
                title: "柔轮寿命试验周期偏长".to_owned(),
                description: "1000小时寿命试验需连续运行约六周，可能推迟小批量试产。".to_owned(),
                severity: RiskSeverity::High,
                likelihood: RiskLikelihood::Medium,
                owner: Some(RiskOwner::Participant(*reducers)),
                due_on: Some(day(30)?),
                mitigation: "增加两台试验台并行试验；与研究院商定阶段性验收数据。".to_owned(),
                state: RiskState::Open,
            },
            Some("试验台由德阳、成都两地共用，需协调会统筹排期。"),
        ),
        (
            NewRisk {
                title: "磁钢原料价格波动".to_owned(),
                description: "镨钕金属价格三个月内上涨12%。".to_owned(),
                severity: RiskSeverity::Medium,
                likelihood: RiskLikelihood::High,
                owner: Some(RiskOwner::Participant(*magnets)),
                due_on: None,
                mitigation: "已与供应商锁定首批原料价格。".to_owned(),
                state: RiskState::Mitigated,
            },
            None,
        ),
    ];
    for (risk, escalation) in risks {
        let id = app::db::execution::risks::insert(conn, project, &risk, official).await?;
        audit(
            conn,
            official,
            "risk_added",
            "project_risk",
            id,
            json!({ "project": project.0, "risk": risk }),
        )
        .await?;
        if let Some(reason) = escalation {
            app::db::execution::risks::set_escalation(conn, id, Some((official, reason))).await?;
            let params = json!({
                "project_title": title, "subject": risk.title, "reason": reason,
                "person": cast.official_name,
            });
            let link = format!("/projects/{}/execution#risks", project.0);
            notify_group(
                conn,
                Group::Coordination,
                &[official],
                "risk_escalated",
                params,
                Some(&link),
            )
            .await?;
            audit(
                conn,
                official,
                "risk_escalated",
                "project_risk",
                id,
                json!({
                    "project": project.0, "escalated": true, "reason": reason,
                }),
            )
            .await?;
        }
    }
    let payments = [
        (
            day(-60)?,
            1_200_000,
            FundingSource::CityFund,
            Recipient::Participant(*reducers),
            "样机阶段拨付。",
        ),
        (
            day(-30)?,
            450_000,
            FundingSource::CityFund,
            Recipient::Participant(*magnets),
            "磁钢样品与检测费用。",
        ),
        (
            day(-20)?,
            800_000,
            FundingSource::ProvincialSubsidy,
            Recipient::Project,
            "省级补助首期，用于联合可靠性试验平台。",
        ),
    ];
    for (paid_on, amount, source, recipient, note) in payments {
        let payment = NewDisbursement {
            paid_on,
            amount,
            source,
            recipient,
            note: note.to_owned(),
            overspend_reason: None,
        };
        let id = app::db::execution::money::insert(conn, project, &payment, official).await?;
        if let Recipient::Participant(participant) = recipient
            && let Some((firm, _)) =
                app::db::execution::money::participant_firm(conn, project, participant).await?
        {
            let params = json!({
                "project_title": title, "subject": app::domain::project::format_wan(amount),
            });
            let link = format!("/projects/{}/execution#money", project.0);
            notify_group(
                conn,
                Group::RepresentativesOf(firm),
                &[],
                "disbursement_recorded",
                params,
                Some(&link),
            )
            .await?;
        }
        let after = json!({ "disbursement": id, "payment": payment });
        audit(
            conn,
            official,
            "disbursement_recorded",
            "project",
            project.0,
            after,
        )
        .await?;
    }
    Ok(())
}

/// A one-page PDF with `heading` on it (Latin letters: the standard fonts have no Chinese), its
/// cross-reference table counted from the bytes written.
fn one_page_pdf(heading: &str) -> Vec<u8> {
    let text = format!("BT /F1 18 Tf 72 720 Td ({heading}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}
