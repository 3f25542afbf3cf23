//! The notification inbox.

use sqlx::PgConnection;

use crate::domain::account::{FirmId, UserId};
use crate::domain::city::CityCode;
use crate::views::notifications::Notification;

/// A message to one user; the caller writes it in the transaction of the event.
pub async fn notify(
    conn: &mut PgConnection,
    user: UserId,
    kind: &str,
    params: serde_json::Value,
    link: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, params, link) VALUES ($1, $2, $3, $4)",
        user.0,
        kind,
        params,
        link
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Who hear of something together.
#[derive(Clone, Copy, Debug)]
pub enum Group<'a> {
    /// The active officials of a city.
    OfficialsOf(&'a CityCode),
    /// The active representatives of a firm.
    RepresentativesOf(FirmId),
    /// Who meet to coordinate: the active officials of every bureau, and the admin.
    Coordination,
}

/// Tells every member of `group` but those in `except`, in one statement; how many were told.
pub async fn notify_group(
    conn: &mut PgConnection,
    group: Group<'_>,
    except: &[UserId],
    kind: &str,
    params: serde_json::Value,
    link: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let (city, firm, everyone) = match group {
        Group::OfficialsOf(city) => (Some(city.as_str()), None, false),
        Group::RepresentativesOf(firm) => (None, Some(firm.0), false),
        Group::Coordination => (None, None, true),
    };
    let except: Vec<i64> = except.iter().map(|u| u.0).collect();
    let done = sqlx::query!(
        "INSERT INTO notifications (user_id, kind, params, link)
         SELECT id, $4, $5, $6 FROM users
         WHERE status = 'active' AND id <> ALL($3)
           AND ((role = 'official' AND city_code = $1) OR firm_id = $2
                OR ($7 AND role IN ('official', 'admin')))
         ORDER BY id",
        city,
        firm,
        &except,
        kind,
        params,
        link,
        everyone
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// The user's latest notifications, newest first.
pub async fn list(
    conn: &mut PgConnection,
    user: UserId,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT id, kind, params, link, created_at AS "created_at: chrono::DateTime<chrono::Utc>",
                  read_at IS NOT NULL AS "read!"
           FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"#,
        user.0,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Notification {
            id: row.id,
            kind: row.kind,
            firm_name: row
                .params
                .get("firm_name")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            reason: row
                .params
                .get("reason")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            person: row
                .params
                .get("person")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            replaced: row
                .params
                .get("replaced")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            project_title: row
                .params
                .get("project_title")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            subject: row
                .params
                .get("subject")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            link: row.link,
            created_at: row
                .created_at
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            read: row.read,
        })
        .collect())
}

/// Marks one of the user's notifications read; `false` if it is not theirs (or not there).
pub async fn mark_read(
    conn: &mut PgConnection,
    user: UserId,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2",
        id,
        user.0
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_all_read(conn: &mut PgConnection, user: UserId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL",
        user.0
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
