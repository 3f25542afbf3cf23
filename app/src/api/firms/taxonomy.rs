//! The capability taxonomy: everyone reads it; the admin adds, renames, retires and restores.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::api::NoUnknownFields;
use crate::errors::AppError;
use crate::views::taxonomy::Taxonomy;

/// The taxonomy in chain order. It is public reference data (the open calls name its
/// capabilities); retired entries are listed for the admin, with how many firms hold each.
/// `held`: also the retired entries some firm still holds, marked retired (a filter must still
/// find those firms; a form that adds a capability never offers them).
#[server(prefix = "/api", endpoint = "list_taxonomy", input = GetUrl)]
pub async fn list_taxonomy(#[server(default)] held: bool) -> Result<Taxonomy, AppError> {
    use crate::api::ssr::{Context, pool, viewer};
    use crate::domain::access::{Action, allows};

    crate::api::ssr::answer(async {
        let viewer = viewer();
        let manage = allows(viewer.as_ref().map(|v| &v.actor), &Action::ManageTaxonomy);
        let mut conn = pool()?.acquire().await.context("list_taxonomy: acquire")?;
        let mut taxonomy = crate::db::firms::taxonomy::load(&mut conn, manage || held)
            .await
            .context("list_taxonomy: query")?;
        if !manage {
            for category in &mut taxonomy.categories {
                category
                    .capabilities
                    .retain(|e| !e.retired || (held && e.firms.unwrap_or(0) > 0));
                // How many firms hold an entry is the admin's to see.
                for entry in &mut category.capabilities {
                    entry.firms = None;
                }
            }
            taxonomy
                .categories
                .retain(|c| !c.retired || (held && !c.capabilities.is_empty()));
        }
        taxonomy.may_manage = manage;
        Ok(taxonomy)
    })
    .await
}

/// Adds a category (no `category_id`) or a capability under one.
#[server(prefix = "/api", endpoint = "add_taxonomy_entry")]
pub async fn add_taxonomy_entry(
    category_id: String,
    name_zh: String,
    name_en: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, refuse, require_viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::taxonomy::{CategoryId, EntryNames};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        if !allows(Some(&viewer.actor), &Action::ManageTaxonomy) {
            return Err(refuse(&viewer, "add_taxonomy_entry", "taxonomy", None));
        }
        let category = match category_id.trim() {
            "" => None,
            raw => Some(CategoryId(parse_id(raw, "category_id")?)),
        };
        let names = EntryNames::parse(&name_zh, &name_en).map_err(AppError::fields)?;
        let mut tx = begin("add_taxonomy_entry: begin").await?;
        let inserted = match category {
            None => ssr::named(crate::db::firms::taxonomy::insert_category(&mut tx, &names).await)
                .map(|id| Some(("category", id))),
            Some(category) => ssr::named(
                crate::db::firms::taxonomy::insert_capability(&mut tx, category, &names).await,
            )
            .map(|id| id.map(|id| ("capability", id))),
        }?;
        let Some((level, id)) = inserted else {
            return Err(AppError::validation("category_id", "required").into());
        };
        audit_of(&viewer, "taxonomy_entry_added", level, Some(id.to_string()))
            .after(serde_json::json!({
                "name_zh": names.zh.as_str(),
                "name_en": names.en.as_str(),
                "category_id": category.map(|c| c.0),
            }))
            .write(&mut tx)
            .await?;
        Ok(tx.commit().await.context("add_taxonomy_entry: commit")?)
    })
    .await
}

/// Renames an entry in both languages.
#[server(prefix = "/api", endpoint = "rename_taxonomy_entry")]
pub async fn rename_taxonomy_entry(
    level: String,
    id: String,
    name_zh: String,
    name_en: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    let change = ssr::Change::Rename {
        zh: &name_zh,
        en: &name_en,
    };
    crate::api::ssr::answer(ssr::change(&level, &id, change)).await
}

/// Retires an entry (`retired` = `true`) or restores it. A retired capability stays with the
/// firms that hold it; no firm adds it anew.
#[server(prefix = "/api", endpoint = "set_taxonomy_entry_retired")]
pub async fn set_taxonomy_entry_retired(
    level: String,
    id: String,
    retired: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::change(&level, &id, ssr::Change::Retire(&retired))).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::api::ssr::{Context, audit_of, begin, parse_id, refuse, require_viewer};

    use crate::domain::access::{Action, allows};
    use crate::domain::taxonomy::{EntryNames, TaxonomyLevel};
    use crate::errors::AppError;

    /// A change of an entry as the form sent it: read once the policy allowed it.
    pub enum Change<'a> {
        Rename { zh: &'a str, en: &'a str },
        Retire(&'a str),
    }

    enum Parsed {
        Rename(EntryNames),
        Retire(bool),
    }

    impl Change<'_> {
        fn parse(&self) -> Result<Parsed, AppError> {
            Ok(match self {
                Self::Rename { zh, en } => {
                    Parsed::Rename(EntryNames::parse(zh, en).map_err(AppError::fields)?)
                }
                Self::Retire(raw) => Parsed::Retire(match raw.trim() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(AppError::validation("retired", "malformed")),
                }),
            })
        }
    }

    /// A name key's violation as the form's error; any other error as internal.
    pub fn named<T>(result: Result<T, sqlx::Error>) -> Result<T, AppError> {
        result.map_err(|err| {
            let constraint = err.as_database_error().and_then(|e| e.constraint());
            match constraint {
                Some(c) if c.ends_with("_name_zh_key") => {
                    AppError::validation("name_zh", "name_taken")
                }
                Some(c) if c.ends_with("_name_en_key") => {
                    AppError::validation("name_en", "name_taken")
                }
                _ => AppError::internal("taxonomy: write", &err),
            }
        })
    }

    pub async fn change(
        level: &str,
        id: &str,
        change: Change<'_>,
    ) -> Result<(), crate::api::ssr::Failure> {
        let viewer = require_viewer()?;
        // The taxonomy is the admin's, whichever entry: asked before anything is read.
        if !allows(Some(&viewer.actor), &Action::ManageTaxonomy) {
            let action = match change {
                Change::Rename { .. } => "rename_taxonomy_entry",
                Change::Retire(_) => "set_taxonomy_entry_retired",
            };
            let entity = TaxonomyLevel::parse(level.trim()).map_or("taxonomy", |l| l.as_str());
            return Err(refuse(&viewer, action, entity, Some(id.trim().to_owned())));
        }
        let level = TaxonomyLevel::parse(level.trim())
            .ok_or_else(|| AppError::validation("level", "malformed"))?;
        let id = parse_id(id, "id")?;
        let change = change.parse()?;
        let mut tx = begin("taxonomy: begin").await?;
        let (zh, en, was_retired) = crate::db::firms::taxonomy::names_of(&mut tx, level, id)
            .await
            .context("taxonomy: load")?
            .ok_or(AppError::NotFound)?;
        let (action, before, after) = match &change {
            Parsed::Rename(names) => {
                named(crate::db::firms::taxonomy::rename(&mut tx, level, id, names).await)?;
                (
                    "taxonomy_entry_renamed",
                    serde_json::json!({ "name_zh": zh, "name_en": en }),
                    serde_json::json!({ "name_zh": names.zh.as_str(), "name_en": names.en.as_str() }),
                )
            }
            Parsed::Retire(retired) => {
                crate::db::firms::taxonomy::set_retired(&mut tx, level, id, *retired)
                    .await
                    .context("taxonomy: retire")?;
                (
                    if *retired {
                        "taxonomy_entry_retired"
                    } else {
                        "taxonomy_entry_restored"
                    },
                    serde_json::json!({ "retired": was_retired }),
                    serde_json::json!({ "retired": retired }),
                )
            }
        };
        audit_of(&viewer, action, level.as_str(), Some(id.to_string()))
            .before(before)
            .after(after)
            .write(&mut tx)
            .await?;
        Ok(tx.commit().await.context("taxonomy: commit")?)
    }
}
