//! The choices of the project form's lists, and names a project's pages show.

use sqlx::PgConnection;

use crate::domain::Bilingual;
use crate::domain::account::FirmId;
use crate::domain::city::CityCode;

use super::place;

/// A choice of a form's list: an id and its name in both languages.
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
    let rows = sqlx::query_as!(
        ChoiceRow,
        "SELECT id, name_zh, name_en FROM capability_categories WHERE retired_at IS NULL ORDER BY position, id"
    )
    .fetch_all(conn)
    .await?;
    Ok(choices(rows))
}

/// The approved research institutes and universities, by name.
pub async fn institution_choices(
    conn: &mut PgConnection,
) -> Result<Vec<crate::views::projects::Choice>, sqlx::Error> {
    let rows = sqlx::query_as!(
        ChoiceRow,
        r#"SELECT id, name AS name_zh, COALESCE(name_en, name) AS "name_en!" FROM firms
         WHERE status = 'approved' AND kind IN ('research_institute', 'university')
         ORDER BY name_sort_key, id"#
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
    let rows = sqlx::query_as!(
        ChoiceRow,
        "SELECT id, display_name AS name_zh, display_name AS name_en FROM users
         WHERE role = 'official' AND city_code = $1 AND status = 'active' ORDER BY display_name, id",
        city.as_str()
    )
    .fetch_all(conn)
    .await?;
    Ok(choices(rows))
}

pub async fn city_name(conn: &mut PgConnection, city: &CityCode) -> Result<Bilingual, sqlx::Error> {
    let r = sqlx::query!(
        "SELECT name_zh, name_en FROM cities WHERE code = $1",
        city.as_str()
    )
    .fetch_one(conn)
    .await?;
    Ok(place(r.name_zh, r.name_en))
}

pub async fn firm_name(conn: &mut PgConnection, firm: FirmId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar!("SELECT name FROM firms WHERE id = $1", firm.0)
        .fetch_one(conn)
        .await
}
