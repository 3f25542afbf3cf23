//! A project as its page reads it: its subject, fields, needs and history.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::domain::access::ProjectSubject;
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::project::{NeedStatus, ProjectId};
use crate::domain::project_event::{HANDSHAKE_ACTIONS, PUBLIC_ACTIONS, ProjectEvent};
use crate::views::projects::{HistoryEntry, NeedView, Participant};

use super::{decode, place};

/// The subject of a project, without locking (for reads).
pub async fn subject(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Option<ProjectSubject>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT city_code, status FROM projects WHERE id = $1",
        project.0
    )
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| super::decode_subject(&r.city_code, &r.status))
        .transpose()
}

/// The whole project's fields a member reads that are not in its content.
pub struct DetailRow {
    pub version: i32,
    pub cancel_reason: Option<String>,
    pub lead_name: Option<String>,
    pub responsible_name: String,
    pub responsible_email: String,
    pub created_at: DateTime<Utc>,
}

pub async fn detail_row(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<DetailRow, sqlx::Error> {
    sqlx::query_as!(
        DetailRow,
        r#"SELECT p.version, p.cancel_reason, COALESCE(f.name, p.lead_institution) AS lead_name,
                u.display_name AS responsible_name, u.email AS responsible_email,
                p.created_at AS "created_at: chrono::DateTime<chrono::Utc>"
         FROM projects p
         JOIN users u ON u.id = p.responsible_user_id
         LEFT JOIN firms f ON f.id = p.lead_firm_id
         WHERE p.id = $1"#,
        project.0
    )
    .fetch_one(conn)
    .await
}

struct NeedViewRow {
    id: i64,
    capability_id: i64,
    cap_zh: String,
    cap_en: String,
    level: String,
    quantity: i32,
    certificates: Vec<String>,
    cities: sqlx::types::Json<Vec<(String, String)>>,
    preferred_cities: Vec<String>,
    note: String,
    status: String,
    filled_firm_id: Option<i64>,
    filled_firm: Option<String>,
    filled_city_zh: Option<String>,
    filled_city_en: Option<String>,
}

pub async fn needs(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Vec<NeedView>, sqlx::Error> {
    let rows = sqlx::query_as!(
        NeedViewRow,
        r#"SELECT n.id, n.capability_id, cap.name_zh AS cap_zh, cap.name_en AS cap_en, n.level,
                n.quantity, n.certificates,
                (SELECT COALESCE(json_agg(json_build_array(c.name_zh, c.name_en)
                                          ORDER BY c.sort_order, c.code), '[]')
                   FROM cities c WHERE c.code = ANY(n.preferred_cities))
                  AS "cities!: sqlx::types::Json<Vec<(String, String)>>",
                n.preferred_cities, n.note, n.status, pf.id AS "filled_firm_id?",
                pf.name AS "filled_firm?", pc.name_zh AS "filled_city_zh?",
                pc.name_en AS "filled_city_en?"
         FROM project_needs n JOIN capabilities cap ON cap.id = n.capability_id
         LEFT JOIN project_participants pp ON pp.need_id = n.id AND pp.status <> 'revoked'
         LEFT JOIN firms pf ON pf.id = pp.firm_id
         LEFT JOIN cities pc ON pc.code = pf.city_code
         WHERE n.project_id = $1 ORDER BY n.id"#,
        project.0
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(NeedView {
                id: r.id,
                capability_id: r.capability_id,
                capability: place(r.cap_zh, r.cap_en),
                level: decode("project_needs.level", ProductionLevel::from_db(&r.level))?,
                quantity: r.quantity,
                certificates: r
                    .certificates
                    .iter()
                    .map(|c| decode("project_needs.certificates", CertificateKind::from_db(c)))
                    .collect::<Result<_, _>>()?,
                preferred_cities: r
                    .cities
                    .0
                    .into_iter()
                    .map(|(zh, en)| place(zh, en))
                    .collect(),
                preferred_city_codes: r.preferred_cities,
                note: r.note,
                status: decode("project_needs.status", NeedStatus::from_db(&r.status))?,
                filled_by: match (r.filled_firm_id, r.filled_firm) {
                    (Some(firm_id), Some(name)) => Some(Participant {
                        firm_id,
                        name,
                        city: place(
                            r.filled_city_zh.unwrap_or_default(),
                            r.filled_city_en.unwrap_or_default(),
                        ),
                    }),
                    _ => None,
                },
            })
        })
        .collect()
}

struct HistoryRow {
    action: String,
    actor: Option<String>,
    at: DateTime<Utc>,
    after: Option<serde_json::Value>,
}

pub async fn history(
    conn: &mut PgConnection,
    project: ProjectId,
    with_invitations: bool,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let mut actions = PUBLIC_ACTIONS.to_vec();
    if with_invitations {
        actions.extend(HANDSHAKE_ACTIONS);
    }
    let actions: Vec<String> = actions.into_iter().map(str::to_owned).collect();
    let rows = sqlx::query_as!(
        HistoryRow,
        r#"SELECT a.action, u.display_name AS "actor?",
                a.at AS "at: chrono::DateTime<chrono::Utc>", a.after
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
         WHERE a.entity_type = 'project' AND a.entity_id = $1 AND a.action = ANY($2)
         ORDER BY a.at DESC, a.id DESC"#,
        project.0.to_string(),
        &actions
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let event = ProjectEvent::read(&r.action, r.after.as_ref());
            if event.is_none() {
                tracing::warn!(
                    action = r.action,
                    "an audit row of a project that is no step of its history"
                );
            }
            Some(HistoryEntry {
                event: event?,
                actor: r.actor,
                at: crate::domain::time::beijing(r.at),
            })
        })
        .collect())
}
