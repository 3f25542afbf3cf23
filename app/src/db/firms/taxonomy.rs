//! The capability taxonomy. Entries are retired, never deleted (the runtime role may not).

use sqlx::PgConnection;

use crate::domain::Bilingual;
use crate::domain::taxonomy::{CategoryId, EntryNames, TaxonomyLevel};
use crate::views::taxonomy::{Taxonomy, TaxonomyCategory, TaxonomyEntry};

/// The whole taxonomy in chain order, retired entries included (the caller filters). With
/// `counts`, how many firms hold each capability (a scan of every firm's capabilities: the
/// admin's page only).
pub async fn load(conn: &mut PgConnection, counts: bool) -> Result<Taxonomy, sqlx::Error> {
    let categories = sqlx::query!(
        r#"SELECT id, name_zh, name_en, retired_at IS NOT NULL AS "retired!"
           FROM capability_categories ORDER BY position, id"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let entries = sqlx::query!(
        r#"SELECT cap.id, cap.category_id, cap.name_zh, cap.name_en,
                  cap.retired_at IS NOT NULL AS "retired!",
                  CASE WHEN $1 THEN (SELECT count(*) FROM firm_capabilities fc
                                     WHERE fc.capability_id = cap.id) END AS firms
           FROM capabilities cap ORDER BY cap.position, cap.id"#,
        counts
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Taxonomy {
        categories: categories
            .into_iter()
            .map(|c| TaxonomyCategory {
                id: c.id,
                name: Bilingual {
                    zh: c.name_zh,
                    en: c.name_en,
                },
                retired: c.retired,
                capabilities: entries
                    .iter()
                    .filter(|e| e.category_id == c.id)
                    .map(|e| TaxonomyEntry {
                        id: e.id,
                        name: Bilingual {
                            zh: e.name_zh.clone(),
                            en: e.name_en.clone(),
                        },
                        retired: e.retired,
                        firms: e.firms,
                    })
                    .collect(),
            })
            .collect(),
        may_manage: false,
    })
}

/// A new category at the end of the chain. Fails on the name keys when a name is taken.
pub async fn insert_category(
    conn: &mut PgConnection,
    names: &EntryNames,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO capability_categories (name_zh, name_en, position)
         SELECT $1, $2, COALESCE(max(position), 0) + 1 FROM capability_categories
         RETURNING id",
        names.zh.as_str(),
        names.en.as_str()
    )
    .fetch_one(conn)
    .await
}

/// A new capability at the end of its category; `None` when the category does not exist.
pub async fn insert_capability(
    conn: &mut PgConnection,
    category: CategoryId,
    names: &EntryNames,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO capabilities (category_id, name_zh, name_en, position)
         SELECT c.id, $2, $3,
                COALESCE((SELECT max(position) FROM capabilities WHERE category_id = c.id), 0) + 1
         FROM capability_categories c WHERE c.id = $1
         RETURNING id",
        category.0,
        names.zh.as_str(),
        names.en.as_str()
    )
    .fetch_optional(conn)
    .await
}

/// An entry's names before a change, locked; `None` when there is no such entry.
pub async fn names_of(
    conn: &mut PgConnection,
    level: TaxonomyLevel,
    id: i64,
) -> Result<Option<(String, String, bool)>, sqlx::Error> {
    let row = match level {
        TaxonomyLevel::Category => sqlx::query!(
            r#"SELECT name_zh, name_en, retired_at IS NOT NULL AS "retired!"
               FROM capability_categories WHERE id = $1 FOR UPDATE"#,
            id
        )
        .fetch_optional(conn)
        .await?
        .map(|r| (r.name_zh, r.name_en, r.retired)),
        TaxonomyLevel::Capability => sqlx::query!(
            r#"SELECT name_zh, name_en, retired_at IS NOT NULL AS "retired!"
               FROM capabilities WHERE id = $1 FOR UPDATE"#,
            id
        )
        .fetch_optional(conn)
        .await?
        .map(|r| (r.name_zh, r.name_en, r.retired)),
    };
    Ok(row)
}

pub async fn rename(
    conn: &mut PgConnection,
    level: TaxonomyLevel,
    id: i64,
    names: &EntryNames,
) -> Result<(), sqlx::Error> {
    match level {
        TaxonomyLevel::Category => sqlx::query!(
            "UPDATE capability_categories SET name_zh = $2, name_en = $3, updated_at = now() WHERE id = $1",
            id,
            names.zh.as_str(),
            names.en.as_str()
        )
        .execute(conn)
        .await?,
        TaxonomyLevel::Capability => sqlx::query!(
            "UPDATE capabilities SET name_zh = $2, name_en = $3, updated_at = now() WHERE id = $1",
            id,
            names.zh.as_str(),
            names.en.as_str()
        )
        .execute(conn)
        .await?,
    };
    Ok(())
}

/// Retires an entry (or restores it). Firms keep a retired capability; no firm adds it anew.
pub async fn set_retired(
    conn: &mut PgConnection,
    level: TaxonomyLevel,
    id: i64,
    retired: bool,
) -> Result<(), sqlx::Error> {
    match level {
        TaxonomyLevel::Category => {
            sqlx::query!(
                "UPDATE capability_categories
             SET retired_at = CASE WHEN $2 THEN COALESCE(retired_at, now()) END, updated_at = now()
             WHERE id = $1",
                id,
                retired
            )
            .execute(conn)
            .await?
        }
        TaxonomyLevel::Capability => {
            sqlx::query!(
                "UPDATE capabilities
             SET retired_at = CASE WHEN $2 THEN COALESCE(retired_at, now()) END, updated_at = now()
             WHERE id = $1",
                id,
                retired
            )
            .execute(conn)
            .await?
        }
    };
    Ok(())
}
