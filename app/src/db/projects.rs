//! Projects, their needs, versions and expressions of interest.
//!
//! A project's content changes only through [`save_version`]: it bumps `version` where it still
//! is the one the editor read (a compare-and-set, so of two concurrent edits from one version
//! exactly one lands) and keeps the new content in `project_revisions`.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};

use crate::db::RowError;
use crate::domain::Bilingual;
use crate::domain::access::{DraftScope, ProjectScope, ProjectSubject};
use crate::domain::account::{FirmId, UserId};
use crate::domain::city::CityCode;
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::project::{
    NeedId, NeedStatus, NewNeed, NewProject, ProjectContent, ProjectId, ProjectQuery, ProjectSort,
    ProjectStatus, ResearchStage, Scenario,
};
use crate::domain::project_event::{HANDSHAKE_ACTIONS, PUBLIC_ACTIONS, ProjectEvent};
use crate::views::projects::{HistoryEntry, InterestView, NeedView, Participant, ProjectCard};

pub(crate) fn decode<T, E: std::error::Error + Send + Sync + 'static>(
    column: &'static str,
    parsed: Result<T, E>,
) -> Result<T, sqlx::Error> {
    parsed.map_err(|e| RowError::new(column, e).into_sqlx())
}

fn place(zh: String, en: String) -> Bilingual {
    Bilingual { zh, en }
}

/// The facts a server function checks before it acts on a project.
pub struct ProjectFacts {
    pub subject: ProjectSubject,
    pub version: i32,
    pub title: String,
    pub has_summary: bool,
    pub open_needs: i64,
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    city_code: String,
    status: String,
    version: i32,
    title: String,
    has_summary: bool,
    open_needs: i64,
}

/// Loads a project's facts, locking its row for the rest of the transaction (a transition
/// and an edit of the same project never interleave).
pub async fn facts_for_update(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Option<ProjectFacts>, sqlx::Error> {
    let row: Option<FactsRow> = sqlx::query_as(
        "SELECT p.city_code, p.status, p.version, p.title, btrim(p.summary) <> '' AS has_summary,
                (SELECT count(*) FROM project_needs n
                  WHERE n.project_id = p.id AND n.status = 'open') AS open_needs
         FROM projects p WHERE p.id = $1 FOR UPDATE",
    )
    .bind(project.0)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(ProjectFacts {
            subject: ProjectSubject {
                city: decode("projects.city_code", CityCode::parse(&r.city_code))?,
                status: decode("projects.status", ProjectStatus::from_db(&r.status))?,
            },
            version: r.version,
            title: r.title,
            has_summary: r.has_summary,
            open_needs: r.open_needs,
        })
    })
    .transpose()
}

/// Inserts a draft project of `city` and its first revision.
pub async fn insert_project(
    conn: &mut PgConnection,
    city: &CityCode,
    project: &NewProject,
    by: UserId,
) -> Result<ProjectId, sqlx::Error> {
    let scenarios: Vec<&str> = project.scenarios.iter().map(|s| s.as_db()).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO projects (city_code, title, summary, description, category_id, stage,
             lead_firm_id, lead_institution, fund_city, fund_province, fund_investment, fund_own,
             starts_on, ends_on, responsible_user_id, scenarios, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         RETURNING id",
    )
    .bind(city.as_str())
    .bind(&project.title)
    .bind(&project.summary)
    .bind(&project.description)
    .bind(project.category_id)
    .bind(project.stage.as_db())
    .bind(project.lead_firm_id)
    .bind(&project.lead_institution)
    .bind(project.funds[0])
    .bind(project.funds[1])
    .bind(project.funds[2])
    .bind(project.funds[3])
    .bind(project.starts_on)
    .bind(project.ends_on)
    .bind(project.responsible_id)
    .bind(&scenarios)
    .bind(by.0)
    .fetch_one(&mut *conn)
    .await?;
    let project_id = ProjectId(id);
    record_revision(conn, project_id, 1, by).await?;
    reindex(conn, project_id).await?;
    Ok(project_id)
}

/// Moves the project from `version` to the next one, if `version` is still current. `None`:
/// someone saved meanwhile.
pub async fn save_version(
    conn: &mut PgConnection,
    project: ProjectId,
    version: i32,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE projects SET version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING version",
    )
    .bind(project.0)
    .bind(version)
    .fetch_optional(&mut *conn)
    .await
}

/// Writes the project's fields (its version already moved by [`save_version`]).
pub async fn update_fields(
    conn: &mut PgConnection,
    project: ProjectId,
    p: &NewProject,
) -> Result<(), sqlx::Error> {
    let scenarios: Vec<&str> = p.scenarios.iter().map(|s| s.as_db()).collect();
    sqlx::query(
        "UPDATE projects SET title = $2, summary = $3, description = $4, category_id = $5,
             stage = $6, lead_firm_id = $7, lead_institution = $8, fund_city = $9,
             fund_province = $10, fund_investment = $11, fund_own = $12, starts_on = $13,
             ends_on = $14, responsible_user_id = $15, scenarios = $16
         WHERE id = $1",
    )
    .bind(project.0)
    .bind(&p.title)
    .bind(&p.summary)
    .bind(&p.description)
    .bind(p.category_id)
    .bind(p.stage.as_db())
    .bind(p.lead_firm_id)
    .bind(&p.lead_institution)
    .bind(p.funds[0])
    .bind(p.funds[1])
    .bind(p.funds[2])
    .bind(p.funds[3])
    .bind(p.starts_on)
    .bind(p.ends_on)
    .bind(p.responsible_id)
    .bind(&scenarios)
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps the project's current content as `version`.
pub async fn record_revision(
    conn: &mut PgConnection,
    project: ProjectId,
    version: i32,
    by: UserId,
) -> Result<(), sqlx::Error> {
    let content = content(conn, project).await?;
    let json = serde_json::to_value(&content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO project_revisions (project_id, version, content, changed_by) VALUES ($1, $2, $3, $4)",
    )
    .bind(project.0)
    .bind(version)
    .bind(json)
    .bind(by.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// The content the project had at `version`, and who made that version.
pub async fn revision(
    conn: &mut PgConnection,
    project: ProjectId,
    version: i32,
) -> Result<Option<ProjectContent>, sqlx::Error> {
    let json: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT content FROM project_revisions WHERE project_id = $1 AND version = $2",
    )
    .bind(project.0)
    .bind(version)
    .fetch_optional(conn)
    .await?;
    json.map(|j| decode("project_revisions.content", serde_json::from_value(j)))
        .transpose()
}

#[derive(sqlx::FromRow)]
struct ContentRow {
    title: String,
    summary: String,
    description: String,
    category_id: i64,
    stage: String,
    lead_firm_id: Option<i64>,
    lead_institution: Option<String>,
    fund_city: i64,
    fund_province: i64,
    fund_investment: i64,
    fund_own: i64,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    responsible_user_id: i64,
    scenarios: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct NeedRow {
    id: i64,
    capability_id: i64,
    level: String,
    quantity: i32,
    certificates: Vec<String>,
    preferred_cities: Vec<String>,
    note: String,
}

impl NeedRow {
    fn parse(self) -> Result<(NeedId, NewNeed), sqlx::Error> {
        Ok((
            NeedId(self.id),
            NewNeed {
                capability_id: self.capability_id,
                level: decode("project_needs.level", ProductionLevel::from_db(&self.level))?,
                quantity: self.quantity,
                certificates: self
                    .certificates
                    .iter()
                    .map(|c| decode("project_needs.certificates", CertificateKind::from_db(c)))
                    .collect::<Result<_, _>>()?,
                preferred_cities: self
                    .preferred_cities
                    .iter()
                    .map(|c| decode("project_needs.preferred_cities", CityCode::parse(c)))
                    .collect::<Result<_, _>>()?,
                note: self.note,
            },
        ))
    }
}

/// The project's current content: its fields and needs, as an edit compares them.
pub async fn content(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<ProjectContent, sqlx::Error> {
    let r: ContentRow = sqlx::query_as(
        "SELECT title, summary, description, category_id, stage, lead_firm_id, lead_institution,
                fund_city, fund_province, fund_investment, fund_own, starts_on, ends_on,
                responsible_user_id, scenarios
         FROM projects WHERE id = $1",
    )
    .bind(project.0)
    .fetch_one(&mut *conn)
    .await?;
    let needs: Vec<NeedRow> = sqlx::query_as(
        "SELECT id, capability_id, level, quantity, certificates, preferred_cities, note
         FROM project_needs WHERE project_id = $1 ORDER BY id",
    )
    .bind(project.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ProjectContent {
        project: NewProject {
            title: r.title,
            summary: r.summary,
            description: r.description,
            category_id: r.category_id,
            stage: decode("projects.stage", ResearchStage::from_db(&r.stage))?,
            lead_firm_id: r.lead_firm_id,
            lead_institution: r.lead_institution,
            funds: [r.fund_city, r.fund_province, r.fund_investment, r.fund_own],
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            responsible_id: r.responsible_user_id,
            scenarios: r
                .scenarios
                .iter()
                .map(|s| decode("projects.scenarios", Scenario::from_db(s)))
                .collect::<Result<_, _>>()?,
        },
        needs: needs
            .into_iter()
            .map(NeedRow::parse)
            .collect::<Result<_, _>>()?,
    })
}

/// Recomputes the project's search terms (title, summary, segment, needed capabilities, in
/// both languages) and its sort key.
pub async fn reindex(conn: &mut PgConnection, project: ProjectId) -> Result<(), sqlx::Error> {
    let texts: Vec<String> = sqlx::query_scalar(
        "SELECT t FROM (
             SELECT p.title AS t FROM projects p WHERE p.id = $1
             UNION ALL SELECT p.summary FROM projects p WHERE p.id = $1
             UNION ALL SELECT unnest(ARRAY[c.name_zh, c.name_en])
               FROM projects p JOIN capability_categories c ON c.id = p.category_id WHERE p.id = $1
             UNION ALL SELECT unnest(ARRAY[cap.name_zh, cap.name_en])
               FROM project_needs n JOIN capabilities cap ON cap.id = n.capability_id
              WHERE n.project_id = $1) texts",
    )
    .bind(project.0)
    .fetch_all(&mut *conn)
    .await?;
    let terms = crate::domain::search::index_terms(texts.iter().map(String::as_str));
    let sort_key = crate::domain::search::sort_key(texts.first().map_or("", String::as_str));
    sqlx::query("UPDATE projects SET search_terms = $2, title_sort_key = $3 WHERE id = $1")
        .bind(project.0)
        .bind(&terms)
        .bind(&sort_key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the firm may lead research: an approved research institute or university.
pub async fn is_research_firm(conn: &mut PgConnection, firm: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM firms WHERE id = $1 AND status = 'approved'
                          AND kind IN ('research_institute', 'university'))",
    )
    .bind(firm)
    .fetch_one(conn)
    .await
}

/// Whether the user is an active official of `city` (who may be responsible for its project).
pub async fn is_official_of(
    conn: &mut PgConnection,
    user: i64,
    city: &CityCode,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND role = 'official'
                          AND city_code = $2 AND status = 'active')",
    )
    .bind(user)
    .bind(city.as_str())
    .fetch_one(conn)
    .await
}

/// Whether the segment exists and is not retired.
pub async fn is_active_category(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM capability_categories WHERE id = $1 AND retired_at IS NULL)",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// Whether the capability exists and is not retired.
pub async fn is_active_capability(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM capabilities WHERE id = $1 AND retired_at IS NULL)",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// Which of `cities` are not member cities.
pub async fn unknown_cities(
    conn: &mut PgConnection,
    cities: &[CityCode],
) -> Result<Vec<String>, sqlx::Error> {
    let codes: Vec<&str> = cities.iter().map(CityCode::as_str).collect();
    sqlx::query_scalar(
        "SELECT c FROM unnest($1::text[]) c WHERE NOT EXISTS (SELECT 1 FROM cities WHERE code = c)",
    )
    .bind(&codes)
    .fetch_all(conn)
    .await
}

pub async fn insert_need(
    conn: &mut PgConnection,
    project: ProjectId,
    need: &NewNeed,
) -> Result<NeedId, sqlx::Error> {
    let certificates: Vec<&str> = need.certificates.iter().map(|c| c.as_db()).collect();
    let cities: Vec<&str> = need.preferred_cities.iter().map(CityCode::as_str).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO project_needs (project_id, capability_id, level, quantity, certificates,
                                    preferred_cities, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(project.0)
    .bind(need.capability_id)
    .bind(need.level.as_db())
    .bind(need.quantity)
    .bind(&certificates)
    .bind(&cities)
    .bind(&need.note)
    .fetch_one(conn)
    .await?;
    Ok(NeedId(id))
}

/// Replaces an open need's content; `false` if the project has no such open need.
pub async fn update_need(
    conn: &mut PgConnection,
    project: ProjectId,
    id: NeedId,
    need: &NewNeed,
) -> Result<bool, sqlx::Error> {
    let certificates: Vec<&str> = need.certificates.iter().map(|c| c.as_db()).collect();
    let cities: Vec<&str> = need.preferred_cities.iter().map(CityCode::as_str).collect();
    let done = sqlx::query(
        "UPDATE project_needs SET capability_id = $3, level = $4, quantity = $5,
                certificates = $6, preferred_cities = $7, note = $8
         WHERE id = $1 AND project_id = $2 AND status = 'open'",
    )
    .bind(id.0)
    .bind(project.0)
    .bind(need.capability_id)
    .bind(need.level.as_db())
    .bind(need.quantity)
    .bind(&certificates)
    .bind(&cities)
    .bind(&need.note)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes an open need of the project; `false` if the project has no such open need.
pub async fn delete_need(
    conn: &mut PgConnection,
    project: ProjectId,
    need: NeedId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM project_needs WHERE id = $1 AND project_id = $2 AND status = 'open'",
    )
    .bind(need.0)
    .bind(project.0)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves the project to `to`; a cancellation keeps its reason and closes the open needs.
/// Returns how many needs it closed.
pub async fn set_status(
    conn: &mut PgConnection,
    project: ProjectId,
    to: ProjectStatus,
    reason: Option<&str>,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET status = $2, cancel_reason = $3, updated_at = now() WHERE id = $1",
    )
    .bind(project.0)
    .bind(to.as_db())
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    if to != ProjectStatus::Cancelled {
        return Ok(0);
    }
    let closed = sqlx::query(
        "UPDATE project_needs SET status = 'closed' WHERE project_id = $1 AND status = 'open'",
    )
    .bind(project.0)
    .execute(conn)
    .await?;
    Ok(closed.rows_affected())
}

/// Appends the WHERE clause of a project list: the viewer's scope, then the filters.
fn push_conditions(sql: &mut QueryBuilder<'_, Postgres>, scope: &ProjectScope, q: &ProjectQuery) {
    match scope {
        ProjectScope::OpenCalls => {
            sql.push(" WHERE p.status = 'open'");
        }
        ProjectScope::Members { drafts } => {
            sql.push(" WHERE (p.status <> 'draft'");
            match drafts {
                DraftScope::None => {}
                DraftScope::City(city) => {
                    sql.push(" OR p.city_code = ")
                        .push_bind(city.as_str().to_owned());
                }
                DraftScope::All => {
                    sql.push(" OR TRUE");
                }
            }
            sql.push(")");
        }
    }
    if !q.terms.is_empty() {
        sql.push(" AND p.search_terms @> ")
            .push_bind(q.terms.clone());
    }
    if let Some(city) = &q.city {
        sql.push(" AND p.city_code = ")
            .push_bind(city.as_str().to_owned());
    }
    if let Some(stage) = q.stage {
        sql.push(" AND p.stage = ").push_bind(stage.as_db());
    }
    if let Some(status) = q.status {
        sql.push(" AND p.status = ").push_bind(status.as_db());
    }
    if let Some(category) = q.category {
        sql.push(" AND p.category_id = ").push_bind(category);
    }
    if let Some(capability) = q.capability {
        sql.push(" AND EXISTS (SELECT 1 FROM project_needs n WHERE n.project_id = p.id AND n.capability_id = ")
            .push_bind(capability)
            .push(")");
    }
}

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    title: String,
    summary: String,
    city_zh: String,
    city_en: String,
    segment_zh: String,
    segment_en: String,
    stage: String,
    status: String,
    budget: i64,
    updated_at: DateTime<Utc>,
    capabilities: sqlx::types::Json<Vec<(String, String)>>,
}

/// One page of projects in the viewer's scope and the number found. `whole`: the viewer sees
/// budgets (else the cards hold the public part only).
pub async fn list(
    conn: &mut PgConnection,
    scope: &ProjectScope,
    q: &ProjectQuery,
    whole: bool,
) -> Result<(Vec<ProjectCard>, i64), sqlx::Error> {
    let mut page = QueryBuilder::<Postgres>::new(
        "WITH m AS MATERIALIZED (SELECT p.id, p.title_sort_key, p.updated_at, p.ends_on,
                 p.fund_city + p.fund_province + p.fund_investment + p.fund_own AS budget
          FROM projects p",
    );
    push_conditions(&mut page, scope, q);
    page.push(") SELECT id, (SELECT count(*) FROM m) AS total FROM m");
    page.push(match q.sort {
        ProjectSort::Updated => " ORDER BY updated_at DESC, id DESC",
        ProjectSort::Title => " ORDER BY title_sort_key, id",
        ProjectSort::Ending => " ORDER BY ends_on NULLS LAST, id",
        // Only whole viewers sort by money: the public order must not reveal budgets.
        ProjectSort::Budget if whole => " ORDER BY budget DESC, id",
        ProjectSort::Budget => " ORDER BY updated_at DESC, id DESC",
    });
    page.push(" LIMIT ")
        .push_bind(crate::domain::project::PAGE_SIZE)
        .push(" OFFSET ")
        .push_bind(q.offset());
    let found: Vec<(i64, i64)> = page.build_query_as().fetch_all(&mut *conn).await?;
    let total = match found.first() {
        Some((_, total)) => *total,
        None => {
            let mut count = QueryBuilder::<Postgres>::new("SELECT count(*) FROM projects p");
            push_conditions(&mut count, scope, q);
            count.build_query_scalar().fetch_one(&mut *conn).await?
        }
    };
    let ids: Vec<i64> = found.into_iter().map(|(id, _)| id).collect();
    let cards = cards(conn, &ids, whole).await?;
    Ok((cards, total))
}

/// Every project a list finds (at most `limit`, in the list's order): the export's ids.
pub async fn export_ids(
    conn: &mut PgConnection,
    scope: &ProjectScope,
    q: &ProjectQuery,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut found = QueryBuilder::<Postgres>::new("SELECT p.id FROM projects p");
    push_conditions(&mut found, scope, q);
    found.push(match q.sort {
        ProjectSort::Updated => " ORDER BY p.updated_at DESC, p.id DESC",
        ProjectSort::Title => " ORDER BY p.title_sort_key, p.id",
        ProjectSort::Ending => " ORDER BY p.ends_on NULLS LAST, p.id",
        ProjectSort::Budget => {
            " ORDER BY p.fund_city + p.fund_province + p.fund_investment + p.fund_own DESC, p.id"
        }
    });
    found.push(" LIMIT ").push_bind(limit);
    found.build_query_scalar().fetch_all(conn).await
}

/// The cards of `ids`, in that order.
pub async fn cards(
    conn: &mut PgConnection,
    ids: &[i64],
    whole: bool,
) -> Result<Vec<ProjectCard>, sqlx::Error> {
    let rows: Vec<CardRow> = sqlx::query_as(
        "SELECT p.id, p.title, p.summary, c.name_zh AS city_zh, c.name_en AS city_en,
                cat.name_zh AS segment_zh, cat.name_en AS segment_en, p.stage, p.status,
                p.fund_city + p.fund_province + p.fund_investment + p.fund_own AS budget,
                p.updated_at,
                -- Each capability's two names as one pair, in the chain's order: two arrays
                -- sorted apart would pair one capability's Chinese with another's English.
                (SELECT COALESCE(json_agg(json_build_array(cap.name_zh, cap.name_en)
                                          ORDER BY capcat.position, cap.position, cap.id), '[]')
                   FROM capabilities cap
                   JOIN capability_categories capcat ON capcat.id = cap.category_id
                  WHERE cap.id IN (SELECT n.capability_id FROM project_needs n
                                    WHERE n.project_id = p.id)) AS capabilities
         FROM unnest($1::bigint[]) WITH ORDINALITY AS o(id, n)
         JOIN projects p ON p.id = o.id
         JOIN cities c ON c.code = p.city_code
         JOIN capability_categories cat ON cat.id = p.category_id
         ORDER BY o.n",
    )
    .bind(ids)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ProjectCard {
                id: r.id,
                title: r.title,
                summary: r.summary,
                city: place(r.city_zh, r.city_en),
                segment: place(r.segment_zh, r.segment_en),
                stage: decode("projects.stage", ResearchStage::from_db(&r.stage))?,
                status: decode("projects.status", ProjectStatus::from_db(&r.status))?,
                capabilities: r
                    .capabilities
                    .0
                    .into_iter()
                    .map(|(zh, en)| place(zh, en))
                    .collect(),
                budget: whole.then_some(r.budget),
                updated_on: crate::domain::time::beijing(r.updated_at),
            })
        })
        .collect()
}

/// The subject of a project, without locking (for reads).
pub async fn subject(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<Option<ProjectSubject>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT city_code, status FROM projects WHERE id = $1")
            .bind(project.0)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|(city, status)| {
        Ok(ProjectSubject {
            city: decode("projects.city_code", CityCode::parse(&city))?,
            status: decode("projects.status", ProjectStatus::from_db(&status))?,
        })
    })
    .transpose()
}

/// The whole project's fields a member reads that are not in its content.
#[derive(sqlx::FromRow)]
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
    sqlx::query_as(
        "SELECT p.version, p.cancel_reason, COALESCE(f.name, p.lead_institution) AS lead_name,
                u.display_name AS responsible_name, u.email AS responsible_email, p.created_at
         FROM projects p
         JOIN users u ON u.id = p.responsible_user_id
         LEFT JOIN firms f ON f.id = p.lead_firm_id
         WHERE p.id = $1",
    )
    .bind(project.0)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow)]
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
    let rows: Vec<NeedViewRow> = sqlx::query_as(
        "SELECT n.id, n.capability_id, cap.name_zh AS cap_zh, cap.name_en AS cap_en, n.level,
                n.quantity, n.certificates,
                (SELECT COALESCE(json_agg(json_build_array(c.name_zh, c.name_en)
                                          ORDER BY c.sort_order, c.code), '[]')
                   FROM cities c WHERE c.code = ANY(n.preferred_cities)) AS cities,
                n.preferred_cities, n.note, n.status, pf.id AS filled_firm_id, pf.name AS filled_firm,
                pc.name_zh AS filled_city_zh, pc.name_en AS filled_city_en
         FROM project_needs n JOIN capabilities cap ON cap.id = n.capability_id
         LEFT JOIN project_participants pp ON pp.need_id = n.id AND pp.status <> 'revoked'
         LEFT JOIN firms pf ON pf.id = pp.firm_id
         LEFT JOIN cities pc ON pc.code = pf.city_code
         WHERE n.project_id = $1 ORDER BY n.id",
    )
    .bind(project.0)
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

#[derive(sqlx::FromRow)]
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
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT a.action, u.display_name AS actor, a.at, a.after
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
         WHERE a.entity_type = 'project' AND a.entity_id = $1 AND a.action = ANY($2)
         ORDER BY a.at DESC, a.id DESC",
    )
    .bind(project.0.to_string())
    .bind(&actions)
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

#[derive(sqlx::FromRow)]
struct InterestRow {
    id: i64,
    need_id: Option<i64>,
    need_status: Option<String>,
    firm_id: i64,
    firm_name: String,
    city_zh: String,
    city_en: String,
    need_zh: Option<String>,
    need_en: Option<String>,
    message: String,
    author: String,
    created_at: DateTime<Utc>,
    reply: Option<String>,
    replied_by: Option<String>,
    replied_at: Option<DateTime<Utc>>,
}

/// The project's expressions of interest: every firm's (`firm` none), or one firm's own.
pub async fn interests(
    conn: &mut PgConnection,
    project: ProjectId,
    firm: Option<FirmId>,
) -> Result<Vec<InterestView>, sqlx::Error> {
    let rows: Vec<InterestRow> = sqlx::query_as(
        "SELECT i.id, i.firm_id, f.name AS firm_name, c.name_zh AS city_zh, c.name_en AS city_en,
                cap.name_zh AS need_zh, cap.name_en AS need_en, i.need_id, n.status AS need_status, i.message,
                a.display_name AS author, i.created_at, i.reply, r.display_name AS replied_by,
                i.replied_at
         FROM project_interests i
         JOIN firms f ON f.id = i.firm_id
         JOIN cities c ON c.code = f.city_code
         JOIN users a ON a.id = i.author_id
         LEFT JOIN users r ON r.id = i.replied_by
         LEFT JOIN project_needs n ON n.id = i.need_id
         LEFT JOIN capabilities cap ON cap.id = n.capability_id
         WHERE i.project_id = $1 AND ($2::bigint IS NULL OR i.firm_id = $2)
         ORDER BY i.created_at DESC, i.id DESC",
    )
    .bind(project.0)
    .bind(firm.map(|f| f.0))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| InterestView {
            id: r.id,
            firm_id: r.firm_id,
            firm_name: r.firm_name,
            firm_city: place(r.city_zh, r.city_en),
            need: r.need_zh.zip(r.need_en).map(|(zh, en)| place(zh, en)),
            need_id: r.need_id,
            need_open: r.need_status.as_deref() == Some("open"),
            message: r.message,
            author: r.author,
            created_at: crate::domain::time::beijing(r.created_at),
            reply: r.reply,
            replied_by: r.replied_by,
            replied_at: r.replied_at.map(crate::domain::time::beijing),
        })
        .collect())
}

/// Whether the need is an open need of the project.
pub async fn is_open_need(
    conn: &mut PgConnection,
    project: ProjectId,
    need: NeedId,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM project_needs WHERE id = $1 AND project_id = $2 AND status = 'open')",
    )
    .bind(need.0)
    .bind(project.0)
    .fetch_one(conn)
    .await
}

pub async fn insert_interest(
    conn: &mut PgConnection,
    project: ProjectId,
    need: Option<NeedId>,
    firm: FirmId,
    author: UserId,
    message: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO project_interests (project_id, need_id, firm_id, author_id, message)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(project.0)
    .bind(need.map(|n| n.0))
    .bind(firm.0)
    .bind(author.0)
    .bind(message)
    .fetch_one(conn)
    .await
}

/// An interest as its answer needs it: its project, firm, and whether it has a reply.
pub struct InterestFacts {
    pub project: ProjectId,
    pub firm: FirmId,
    pub firm_name: String,
    pub project_title: String,
    pub replied: bool,
}

pub async fn interest_for_update(
    conn: &mut PgConnection,
    interest: i64,
) -> Result<Option<InterestFacts>, sqlx::Error> {
    let row: Option<(i64, i64, String, String, bool)> = sqlx::query_as(
        "SELECT i.project_id, i.firm_id, f.name, p.title, i.reply IS NOT NULL
         FROM project_interests i JOIN firms f ON f.id = i.firm_id
         JOIN projects p ON p.id = i.project_id
         WHERE i.id = $1 FOR UPDATE OF i",
    )
    .bind(interest)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(project, firm, firm_name, project_title, replied)| InterestFacts {
            project: ProjectId(project),
            firm: FirmId(firm),
            firm_name,
            project_title,
            replied,
        },
    ))
}

pub async fn reply_interest(
    conn: &mut PgConnection,
    interest: i64,
    reply: &str,
    by: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE project_interests SET reply = $2, replied_by = $3, replied_at = now() WHERE id = $1",
    )
    .bind(interest)
    .bind(reply)
    .bind(by.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// A choice of a form's list: an id and its name in both languages.
#[derive(sqlx::FromRow)]
struct ChoiceRow {
    id: i64,
    name_zh: String,
    name_en: String,
}

fn choices(rows: Vec<ChoiceRow>) -> Vec<crate::views::projects::Choice> {
    rows.into_iter()
        .map(|r| crate::views::projects::Choice {
            id: r.id,
            name: place(r.name_zh, r.name_en),
        })
        .collect()
}

/// The active segments of the taxonomy.
pub async fn category_choices(
    conn: &mut PgConnection,
) -> Result<Vec<crate::views::projects::Choice>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT id, name_zh, name_en FROM capability_categories WHERE retired_at IS NULL ORDER BY position, id",
    )
    .fetch_all(conn)
    .await?;
    Ok(choices(rows))
}

/// The approved research institutes and universities, by name.
pub async fn institution_choices(
    conn: &mut PgConnection,
) -> Result<Vec<crate::views::projects::Choice>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT id, name AS name_zh, COALESCE(name_en, name) AS name_en FROM firms
         WHERE status = 'approved' AND kind IN ('research_institute', 'university')
         ORDER BY name_sort_key, id",
    )
    .fetch_all(conn)
    .await?;
    Ok(choices(rows))
}

/// The active officials of a city, who may be responsible for its projects.
pub async fn official_choices(
    conn: &mut PgConnection,
    city: &CityCode,
) -> Result<Vec<crate::views::projects::Choice>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT id, display_name AS name_zh, display_name AS name_en FROM users
         WHERE role = 'official' AND city_code = $1 AND status = 'active' ORDER BY display_name, id",
    )
    .bind(city.as_str())
    .fetch_all(conn)
    .await?;
    Ok(choices(rows))
}

pub async fn city_name(conn: &mut PgConnection, city: &CityCode) -> Result<Bilingual, sqlx::Error> {
    let (zh, en): (String, String) =
        sqlx::query_as("SELECT name_zh, name_en FROM cities WHERE code = $1")
            .bind(city.as_str())
            .fetch_one(conn)
            .await?;
    Ok(place(zh, en))
}

pub async fn firm_name(conn: &mut PgConnection, firm: FirmId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM firms WHERE id = $1")
        .bind(firm.0)
        .fetch_one(conn)
        .await
}
