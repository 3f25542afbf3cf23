//! Projects, their needs, versions and expressions of interest.
//!
//! A project's content changes only through [`save_version`]: it bumps `version` where it still
//! is the one the editor read (a compare-and-set, so of two concurrent edits from one version
//! exactly one lands) and keeps the new content in `project_revisions`.

mod choices;
mod interests;
mod list;
mod needs;
mod page;

pub use choices::*;
pub use interests::*;
pub use list::*;
pub use needs::*;
pub use page::*;

use chrono::NaiveDate;
use sqlx::PgConnection;

use crate::db::RowError;
use crate::domain::Bilingual;
use crate::domain::access::ProjectSubject;
use crate::domain::account::UserId;
use crate::domain::city::CityCode;
use crate::domain::firm::{CertificateKind, ProductionLevel};
use crate::domain::project::{
    NeedId, NewNeed, NewProject, ProjectContent, ProjectId, ProjectStatus, ResearchStage, Scenario,
};

/// A project's subject (its city and status) from its stored columns.
pub fn decode_subject(city_code: &str, status: &str) -> Result<ProjectSubject, sqlx::Error> {
    Ok(ProjectSubject {
        city: decode("projects.city_code", CityCode::parse(city_code))?,
        status: decode("projects.status", ProjectStatus::from_db(status))?,
    })
}

pub(crate) fn decode<T, E: std::error::Error + Send + Sync + 'static>(
    column: &'static str,
    parsed: Result<T, E>,
) -> Result<T, sqlx::Error> {
    parsed.map_err(|e| RowError::new(column, e).into_sqlx())
}

fn place(zh: String, en: String) -> Bilingual {
    Bilingual { zh, en }
}

/// The scenarios' codes, as `projects.scenarios` keeps them.
fn scenario_codes(scenarios: &[Scenario]) -> Vec<String> {
    scenarios.iter().map(|s| s.as_db().to_owned()).collect()
}

/// The cities' codes, as a `text[]` column keeps them.
pub(crate) fn city_codes(cities: &[CityCode]) -> Vec<String> {
    cities.iter().map(|c| c.as_str().to_owned()).collect()
}

/// The facts a server function checks before it acts on a project.
pub struct ProjectFacts {
    pub subject: ProjectSubject,
    pub version: i32,
    pub title: String,
    pub has_summary: bool,
    pub open_needs: i64,
}

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
    let row = sqlx::query_as!(
        FactsRow,
        r#"SELECT p.city_code, p.status, p.version, p.title,
                btrim(p.summary) <> '' AS "has_summary!",
                (SELECT count(*) FROM project_needs n
                  WHERE n.project_id = p.id AND n.status = 'open') AS "open_needs!"
         FROM projects p WHERE p.id = $1 FOR UPDATE"#,
        project.0
    )
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(ProjectFacts {
            subject: decode_subject(&r.city_code, &r.status)?,
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
    let id = sqlx::query_scalar!(
        "INSERT INTO projects (city_code, title, summary, description, category_id, stage,
             lead_firm_id, lead_institution, fund_city, fund_province, fund_investment, fund_own,
             starts_on, ends_on, responsible_user_id, scenarios, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         RETURNING id",
        city.as_str(),
        project.title,
        project.summary,
        project.description,
        project.category_id,
        project.stage.as_db(),
        project.lead_firm_id,
        project.lead_institution.as_deref(),
        project.funds[0],
        project.funds[1],
        project.funds[2],
        project.funds[3],
        project.starts_on as _,
        project.ends_on as _,
        project.responsible_id,
        &scenario_codes(&project.scenarios),
        by.0
    )
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
    sqlx::query_scalar!(
        "UPDATE projects SET version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING version",
        project.0,
        version
    )
    .fetch_optional(&mut *conn)
    .await
}

/// Writes the project's fields (its version already moved by [`save_version`]).
pub async fn update_fields(
    conn: &mut PgConnection,
    project: ProjectId,
    p: &NewProject,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE projects SET title = $2, summary = $3, description = $4, category_id = $5,
             stage = $6, lead_firm_id = $7, lead_institution = $8, fund_city = $9,
             fund_province = $10, fund_investment = $11, fund_own = $12, starts_on = $13,
             ends_on = $14, responsible_user_id = $15, scenarios = $16
         WHERE id = $1",
        project.0,
        p.title,
        p.summary,
        p.description,
        p.category_id,
        p.stage.as_db(),
        p.lead_firm_id,
        p.lead_institution.as_deref(),
        p.funds[0],
        p.funds[1],
        p.funds[2],
        p.funds[3],
        p.starts_on as _,
        p.ends_on as _,
        p.responsible_id,
        &scenario_codes(&p.scenarios)
    )
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
    sqlx::query!(
        "INSERT INTO project_revisions (project_id, version, content, changed_by) VALUES ($1, $2, $3, $4)",
        project.0,
        version,
        json,
        by.0
    )
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
    let json = sqlx::query_scalar!(
        "SELECT content FROM project_revisions WHERE project_id = $1 AND version = $2",
        project.0,
        version
    )
    .fetch_optional(conn)
    .await?;
    json.map(|j| decode("project_revisions.content", serde_json::from_value(j)))
        .transpose()
}

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
    let r = sqlx::query_as!(
        ContentRow,
        r#"SELECT title, summary, description, category_id, stage, lead_firm_id, lead_institution,
                fund_city, fund_province, fund_investment, fund_own,
                starts_on AS "starts_on: chrono::NaiveDate", ends_on AS "ends_on: chrono::NaiveDate",
                responsible_user_id, scenarios
         FROM projects WHERE id = $1"#,
        project.0
    )
    .fetch_one(&mut *conn)
    .await?;
    let needs = sqlx::query_as!(
        NeedRow,
        "SELECT id, capability_id, level, quantity, certificates, preferred_cities, note
         FROM project_needs WHERE project_id = $1 ORDER BY id",
        project.0
    )
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
    let texts: Vec<String> = sqlx::query_scalar!(
        r#"SELECT t AS "t!" FROM (
             SELECT p.title AS t FROM projects p WHERE p.id = $1
             UNION ALL SELECT p.summary FROM projects p WHERE p.id = $1
             UNION ALL SELECT unnest(ARRAY[c.name_zh, c.name_en])
               FROM projects p JOIN capability_categories c ON c.id = p.category_id WHERE p.id = $1
             UNION ALL SELECT unnest(ARRAY[cap.name_zh, cap.name_en])
               FROM project_needs n JOIN capabilities cap ON cap.id = n.capability_id
              WHERE n.project_id = $1) texts"#,
        project.0
    )
    .fetch_all(&mut *conn)
    .await?;
    let terms = crate::domain::search::index_terms(texts.iter().map(String::as_str));
    let sort_key = crate::domain::search::sort_key(texts.first().map_or("", String::as_str));
    sqlx::query!(
        "UPDATE projects SET search_terms = $2, title_sort_key = $3 WHERE id = $1",
        project.0,
        &terms,
        sort_key
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the firm may lead research: an approved research institute or university.
pub async fn is_research_firm(conn: &mut PgConnection, firm: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM firms WHERE id = $1 AND status = 'approved'
                          AND kind IN ('research_institute', 'university')) AS "exists!""#,
        firm
    )
    .fetch_one(conn)
    .await
}

/// Whether the user is an active official of `city` (who may be responsible for its project).
pub async fn is_official_of(
    conn: &mut PgConnection,
    user: i64,
    city: &CityCode,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND role = 'official'
                          AND city_code = $2 AND status = 'active') AS "exists!""#,
        user,
        city.as_str()
    )
    .fetch_one(conn)
    .await
}

/// Whether the segment exists and is not retired.
pub async fn is_active_category(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM capability_categories WHERE id = $1 AND retired_at IS NULL)
             AS "exists!""#,
        id
    )
    .fetch_one(conn)
    .await
}

/// Whether the capability exists and is not retired.
pub async fn is_active_capability(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM capabilities WHERE id = $1 AND retired_at IS NULL)
             AS "exists!""#,
        id
    )
    .fetch_one(conn)
    .await
}

/// Which of `cities` are not member cities.
pub async fn unknown_cities(
    conn: &mut PgConnection,
    cities: &[CityCode],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT c AS "c!" FROM unnest($1::text[]) c
           WHERE NOT EXISTS (SELECT 1 FROM cities WHERE code = c)"#,
        &city_codes(cities)
    )
    .fetch_all(conn)
    .await
}

/// Moves the project to `to`; a cancellation keeps its reason and closes the open needs.
/// Returns how many needs it closed.
pub async fn set_status(
    conn: &mut PgConnection,
    project: ProjectId,
    to: ProjectStatus,
    reason: Option<&str>,
) -> Result<u64, sqlx::Error> {
    sqlx::query!(
        "UPDATE projects SET status = $2, cancel_reason = $3, updated_at = now() WHERE id = $1",
        project.0,
        to.as_db(),
        reason
    )
    .execute(&mut *conn)
    .await?;
    if to != ProjectStatus::Cancelled {
        return Ok(0);
    }
    let closed = sqlx::query!(
        "UPDATE project_needs SET status = 'closed' WHERE project_id = $1 AND status = 'open'",
        project.0
    )
    .execute(conn)
    .await?;
    Ok(closed.rows_affected())
}
