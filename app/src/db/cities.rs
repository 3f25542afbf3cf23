use sqlx::PgConnection;

use super::RowError;
use crate::domain::city::{City, CityCode, CityRole};

struct CityRow {
    code: String,
    name_zh: String,
    name_en: String,
    role: String,
}

impl TryFrom<CityRow> for City {
    type Error = RowError;

    fn try_from(row: CityRow) -> Result<Self, Self::Error> {
        Ok(City {
            code: CityCode::parse(&row.code).map_err(|e| RowError::new("cities.code", e))?,
            name: crate::domain::Bilingual {
                zh: row.name_zh,
                en: row.name_en,
            },
            role: CityRole::from_db(&row.role).map_err(|e| RowError::new("cities.role", e))?,
        })
    }
}

/// The member cities, in the alliance's display order.
pub async fn list_cities(conn: &mut PgConnection) -> Result<Vec<City>, sqlx::Error> {
    let rows = sqlx::query_as!(
        CityRow,
        "SELECT code, name_zh, name_en, role FROM cities ORDER BY sort_order, code"
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| City::try_from(row).map_err(RowError::into_sqlx))
        .collect()
}
