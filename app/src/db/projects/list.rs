//! Project lists: the viewer's scope and filters, a page of cards, an export's ids.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};

use crate::domain::access::{DraftScope, ProjectScope};
use crate::domain::project::{ProjectQuery, ProjectSort, ProjectStatus, ResearchStage};
use crate::views::projects::ProjectCard;

use super::{decode, place};

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

/// A list's matches as the materialized CTE `m` (id and the sort keys), for the page and the
/// export alike. Built at run time: only the filters the reader set become conditions, so
/// the planner sees no `$n IS NULL OR ...` branches (the one kind of statement not checked
/// against the `.sqlx` cache).
fn matches(scope: &ProjectScope, q: &ProjectQuery) -> QueryBuilder<'static, Postgres> {
    let mut sql = QueryBuilder::<Postgres>::new(
        "WITH m AS MATERIALIZED (SELECT p.id, p.title_sort_key, p.updated_at, p.ends_on,
                 p.fund_city + p.fund_province + p.fund_investment + p.fund_own AS budget
          FROM projects p",
    );
    push_conditions(&mut sql, scope, q);
    sql.push(")");
    sql
}

/// The order of a list's matches (`m`): the page's and the export's. Only whole viewers sort by
/// money: the public order must not reveal budgets.
fn order_by(sort: ProjectSort, whole: bool) -> &'static str {
    match sort {
        ProjectSort::Updated => " ORDER BY updated_at DESC, id DESC",
        ProjectSort::Title => " ORDER BY title_sort_key, id",
        ProjectSort::Ending => " ORDER BY ends_on NULLS LAST, id",
        ProjectSort::Budget if whole => " ORDER BY budget DESC, id",
        ProjectSort::Budget => " ORDER BY updated_at DESC, id DESC",
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
    let mut page = matches(scope, q);
    page.push(" SELECT id, (SELECT count(*) FROM m) AS total FROM m");
    page.push(order_by(q.sort, whole));
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
    // Only the alliance's members export, and they read budgets.
    let mut found = matches(scope, q);
    found.push(" SELECT id FROM m");
    found.push(order_by(q.sort, true));
    found.push(" LIMIT ").push_bind(limit);
    found.build_query_scalar().fetch_all(conn).await
}

/// The cards of `ids`, in that order.
pub async fn cards(
    conn: &mut PgConnection,
    ids: &[i64],
    whole: bool,
) -> Result<Vec<ProjectCard>, sqlx::Error> {
    let rows = sqlx::query_as!(
        CardRow,
        r#"SELECT p.id, p.title, p.summary, c.name_zh AS city_zh, c.name_en AS city_en,
                cat.name_zh AS segment_zh, cat.name_en AS segment_en, p.stage, p.status,
                p.fund_city + p.fund_province + p.fund_investment + p.fund_own AS "budget!",
                p.updated_at AS "updated_at: chrono::DateTime<chrono::Utc>",
                -- Each capability's two names as one pair, in the chain's order: two arrays
                -- sorted apart would pair one capability's Chinese with another's English.
                (SELECT COALESCE(json_agg(json_build_array(cap.name_zh, cap.name_en)
                                          ORDER BY capcat.position, cap.position, cap.id), '[]')
                   FROM capabilities cap
                   JOIN capability_categories capcat ON capcat.id = cap.category_id
                  WHERE cap.id IN (SELECT n.capability_id FROM project_needs n
                                    WHERE n.project_id = p.id))
                  AS "capabilities!: sqlx::types::Json<Vec<(String, String)>>"
         FROM unnest($1::bigint[]) WITH ORDINALITY AS o(id, n)
         JOIN projects p ON p.id = o.id
         JOIN cities c ON c.code = p.city_code
         JOIN capability_categories cat ON cat.id = p.category_id
         ORDER BY o.n"#,
        ids
    )
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
