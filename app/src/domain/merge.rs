//! The three-way merge of an edit saved from an older version: every versioned form (a project,
//! its needs, a firm's profile, a capability's figures) saves through it, so a colleague's change
//! made meanwhile is never reverted by a form that was filled before it.
//!
//! A form is compared field by field as it is typed (its serde fields, the names the form posts):
//! `base` is the version the form was filled from, `theirs` the stored one now, `mine` the edit.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};

/// An edit merged with what was saved since it was filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged<F> {
    /// What to save: each field from the side that changed it; a conflicting field keeps this
    /// user's value (what the form shows again, beside the colleague's, for the user to choose).
    pub form: F,
    /// The fields both sides changed, to different values.
    pub conflicts: Vec<String>,
}

/// Merges `mine` (filled from `base`) with `theirs`. A field only the colleague changed keeps the
/// colleague's value, a field only this user changed takes this user's value, and a field both
/// changed to different values is a conflict.
pub fn merge_edit<F: Serialize + DeserializeOwned + Clone>(
    base: &F,
    theirs: &F,
    mine: &F,
) -> Merged<F> {
    let (Some(base), Some(theirs), Some(mine_fields)) =
        (fields(base), fields(theirs), fields(mine))
    else {
        // Not a form of named fields: nothing can be told apart, every field is in question.
        return Merged {
            form: mine.clone(),
            conflicts: vec!["version".to_owned()],
        };
    };
    let mut conflicts = Vec::new();
    let mut merged = Map::new();
    for (name, mine_value) in mine_fields {
        let base_value = base.get(&name).unwrap_or(&Value::Null);
        let their_value = theirs.get(&name).unwrap_or(&Value::Null);
        let value = if mine_value == *base_value || mine_value == *their_value {
            their_value.clone()
        } else {
            if their_value != base_value {
                conflicts.push(name.clone());
            }
            mine_value
        };
        merged.insert(name, value);
    }
    match serde_json::from_value(Value::Object(merged)) {
        Ok(form) => Merged { form, conflicts },
        Err(_) => Merged {
            form: mine.clone(),
            conflicts: vec!["version".to_owned()],
        },
    }
}

/// The fields of a form by the names the browser posts them under, each with its values: a list
/// field under `name[]`, with none when nothing is chosen.
pub fn posted<F: Serialize>(form: &F) -> Vec<(String, Vec<String>)> {
    fields(form)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| match value {
            Value::Array(values) => (format!("{name}[]"), values.into_iter().map(text).collect()),
            other => (name, vec![text(other)]),
        })
        .collect()
}

fn fields<F: Serialize>(form: &F) -> Option<Map<String, Value>> {
    match serde_json::to_value(form) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

fn text(value: Value) -> String {
    match value {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    struct Form {
        title: String,
        summary: String,
        amount: String,
        tags: Vec<String>,
    }

    fn form(title: &str, summary: &str, amount: &str, tags: &[&str]) -> Form {
        Form {
            title: title.to_owned(),
            summary: summary.to_owned(),
            amount: amount.to_owned(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    #[test]
    fn fields_changed_by_one_side_each_keep_that_sides_value() {
        let base = form("关节", "旧摘要", "100", &["a"]);
        let theirs = form("关节", "同事改的摘要", "100", &["a", "b"]);
        let mine = form("关节", "旧摘要", "150", &["a"]);
        let merged = merge_edit(&base, &theirs, &mine);
        assert!(merged.conflicts.is_empty());
        assert_eq!(
            merged.form,
            form("关节", "同事改的摘要", "150", &["a", "b"])
        );
    }

    #[test]
    fn the_same_field_changed_to_different_values_is_a_conflict_that_keeps_this_users_value() {
        let base = form("关节", "旧摘要", "100", &[]);
        let theirs = form("关节", "同事改的", "120", &[]);
        let mine = form("新关节", "我改的", "100", &[]);
        let merged = merge_edit(&base, &theirs, &mine);
        assert_eq!(merged.conflicts, vec!["summary"]);
        assert_eq!(
            merged.form,
            form("新关节", "我改的", "120", &[]),
            "the colleague's amount stays, this user's title and summary are shown again"
        );
    }

    #[test]
    fn both_sides_making_the_same_change_is_no_conflict() {
        let base = form("关节", "旧摘要", "100", &["a"]);
        let both = form("关节", "一样的新摘要", "100", &["b"]);
        let merged = merge_edit(&base, &both, &both);
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.form, both);
    }

    #[test]
    fn a_form_posts_lists_under_their_list_name_even_when_empty() {
        let owned = |pairs: &[(&str, &[&str])]| -> Vec<(String, Vec<String>)> {
            pairs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
                .collect()
        };
        let mut pairs = posted(&form("关节", "", "100", &["a", "b"]));
        pairs.sort();
        let mut expected = owned(&[
            ("title", &["关节"]),
            ("summary", &[""]),
            ("amount", &["100"]),
            ("tags[]", &["a", "b"]),
        ]);
        expected.sort();
        assert_eq!(pairs, expected);
        assert!(posted(&form("", "", "", &[])).contains(&("tags[]".to_owned(), Vec::new())));
    }
}
