//! Users and the firms their accounts need.

use sqlx::PgConnection;
use uuid::Uuid;

use super::RowError;
use crate::domain::Bilingual;
use crate::domain::Lang;
use crate::domain::access::{AccountScope, AccountSubject};
use crate::domain::account::{
    AccountStatus, Actor, Email, FirmId, FirmStatus, Role, RoleKind, UserId,
};
use crate::domain::city::CityCode;
use crate::views::accounts::{AccountSummary, CurrentUser};

/// The user behind an open signed-in session, as the middleware checks it on every request.
pub struct SessionUser {
    pub actor: Actor,
    pub summary: CurrentUser,
    pub active: bool,
}

struct SessionUserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    status: String,
    language: Option<String>,
    city_code: Option<String>,
    firm_id: Option<i64>,
    firm_name: Option<String>,
    firm_status: Option<String>,
    place_city_code: Option<String>,
    city_name_zh: Option<String>,
    city_name_en: Option<String>,
    unread: i64,
}

fn city(column: &'static str, raw: Option<&str>) -> Result<CityCode, RowError> {
    let raw = raw.ok_or_else(|| {
        RowError::new(column, crate::domain::account::UnknownValue("NULL".into()))
    })?;
    CityCode::parse(raw).map_err(|e| RowError::new(column, e))
}

fn place(zh: Option<String>, en: Option<String>) -> Option<Bilingual> {
    Some(Bilingual { zh: zh?, en: en? })
}

impl TryFrom<SessionUserRow> for SessionUser {
    type Error = RowError;

    fn try_from(row: SessionUserRow) -> Result<Self, RowError> {
        let kind = RoleKind::from_db(&row.role).map_err(|e| RowError::new("users.role", e))?;
        let role = match kind {
            RoleKind::Admin => Role::Admin,
            RoleKind::Official => Role::Official {
                city: city("users.city_code", row.city_code.as_deref())?,
            },
            RoleKind::FirmRep => Role::FirmRep {
                firm: FirmId(row.firm_id.ok_or_else(|| {
                    RowError::new(
                        "users.firm_id",
                        crate::domain::account::UnknownValue("NULL".into()),
                    )
                })?),
                firm_city: city("firms.city_code", row.place_city_code.as_deref())?,
                firm_status: FirmStatus::from_db(row.firm_status.as_deref().unwrap_or_default())
                    .map_err(|e| RowError::new("firms.status", e))?,
            },
        };
        let status =
            AccountStatus::from_db(&row.status).map_err(|e| RowError::new("users.status", e))?;
        let sees_directory = crate::domain::access::allows(
            Some(&Actor {
                user: UserId(row.id),
                role: role.clone(),
            }),
            &crate::domain::access::Action::SearchDirectory,
        );
        let sees_projects_for_firm = crate::domain::access::allows(
            Some(&Actor {
                user: UserId(row.id),
                role: role.clone(),
            }),
            &crate::domain::access::Action::SeeProjectsForFirm,
        );
        let firm_awaits_approval = matches!(
            role,
            Role::FirmRep {
                firm_status: FirmStatus::Pending,
                ..
            }
        );
        Ok(SessionUser {
            actor: Actor {
                user: UserId(row.id),
                role,
            },
            summary: CurrentUser {
                firm_awaits_approval,
                sees_directory,
                sees_projects_for_firm,
                display_name: row.display_name,
                email: row.email,
                role: kind,
                city: place(row.city_name_zh, row.city_name_en),
                firm_id: row.firm_id,
                firm_name: row.firm_name,
                language: row.language.as_deref().and_then(Lang::from_tag),
                unread_notifications: row.unread,
            },
            active: status == AccountStatus::Active,
        })
    }
}

/// The user of the signed-in session `session`, if that session is open and younger than
/// `lifetime` (the absolute lifetime, counted from sign-in on the database's clock).
pub async fn session_user(
    conn: &mut PgConnection,
    session: Uuid,
    lifetime: std::time::Duration,
) -> Result<Option<SessionUser>, sqlx::Error> {
    let row = sqlx::query_as!(
        SessionUserRow,
        r#"SELECT u.id, u.email, u.display_name, u.role, u.status, u.language,
                  u.city_code, u.firm_id,
                  f.name AS "firm_name?", f.status AS "firm_status?",
                  c.code AS "place_city_code?", c.name_zh AS "city_name_zh?", c.name_en AS "city_name_en?",
                  (SELECT count(*) FROM notifications n
                   WHERE n.user_id = u.id AND n.read_at IS NULL) AS "unread!"
           FROM user_sessions s
           JOIN users u ON u.id = s.user_id
           LEFT JOIN firms f ON f.id = u.firm_id
           LEFT JOIN cities c ON c.code = COALESCE(u.city_code, f.city_code)
           WHERE s.id = $1 AND s.ended_at IS NULL
             AND s.signed_in_at > now() - make_interval(secs => $2)"#,
        session,
        lifetime.as_secs_f64()
    )
    .fetch_optional(conn)
    .await?;
    row.map(|row| SessionUser::try_from(row).map_err(RowError::into_sqlx))
        .transpose()
}

/// What sign-in needs to know about an email's account.
pub struct Credentials {
    pub user: UserId,
    /// None until an invited user sets their first password.
    pub password_hash: Option<String>,
    pub active: bool,
    pub language: Option<Lang>,
}

pub async fn credentials_by_email(
    conn: &mut PgConnection,
    email: &Email,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT id, password_hash, status, language FROM users WHERE email = $1",
        email.as_str()
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| Credentials {
        user: UserId(row.id),
        password_hash: row.password_hash,
        active: row.status == AccountStatus::Active.as_db(),
        language: row.language.as_deref().and_then(Lang::from_tag),
    }))
}

/// The user's password hash; none for an unknown user or one who never set a password.
pub async fn password_hash(
    conn: &mut PgConnection,
    user: UserId,
) -> Result<Option<String>, sqlx::Error> {
    Ok(
        sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user.0)
            .fetch_optional(conn)
            .await?
            .flatten(),
    )
}

pub async fn set_password_hash(
    conn: &mut PgConnection,
    user: UserId,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1",
        user.0,
        hash
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Opens a signed-in session for `user`; its id goes into the session record.
pub async fn start_session(conn: &mut PgConnection, user: UserId) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO user_sessions (user_id) VALUES ($1) RETURNING id",
        user.0
    )
    .fetch_one(conn)
    .await
}

/// Closes one signed-in session (sign-out).
pub async fn end_session(conn: &mut PgConnection, session: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE user_sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL",
        session
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Closes every open session of `user` but `keep` (the caller's own, when they change their
/// password); returns how many were closed.
pub async fn end_sessions_of(
    conn: &mut PgConnection,
    user: UserId,
    keep: Option<Uuid>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE user_sessions SET ended_at = now()
         WHERE user_id = $1 AND ended_at IS NULL AND id IS DISTINCT FROM $2",
        user.0,
        keep
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes the index rows of sessions that ended or are past `lifetime` since sign-in.
pub async fn delete_finished_sessions(
    conn: &mut PgConnection,
    lifetime: std::time::Duration,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM user_sessions
         WHERE ended_at IS NOT NULL OR signed_in_at <= now() - make_interval(secs => $1)",
        lifetime.as_secs_f64()
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn set_language(
    conn: &mut PgConnection,
    user: UserId,
    lang: Lang,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET language = $2, updated_at = now() WHERE id = $1",
        user.0,
        lang.tag()
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// An account as the policy needs it, with its status; the row is locked until the caller's
/// transaction ends, so two changes of one account queue up.
pub async fn account_subject(
    conn: &mut PgConnection,
    user: UserId,
) -> Result<Option<(AccountSubject, AccountStatus)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT u.id, u.role, u.status, u.firm_id, COALESCE(u.city_code, f.city_code) AS "city?"
           FROM users u LEFT JOIN firms f ON f.id = u.firm_id
           WHERE u.id = $1
           FOR UPDATE OF u"#,
        user.0
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let kind =
        RoleKind::from_db(&row.role).map_err(|e| RowError::new("users.role", e).into_sqlx())?;
    let status = AccountStatus::from_db(&row.status)
        .map_err(|e| RowError::new("users.status", e).into_sqlx())?;
    let city = row
        .city
        .as_deref()
        .map(CityCode::parse)
        .transpose()
        .map_err(|e| RowError::new("users.city_code", e).into_sqlx())?;
    Ok(Some((
        AccountSubject {
            user: UserId(row.id),
            kind,
            city,
            firm: row.firm_id.map(FirmId),
        },
        status,
    )))
}

/// Sets an account's status (the caller ends its sessions when disabling it).
pub async fn set_status(
    conn: &mut PgConnection,
    user: UserId,
    status: AccountStatus,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET status = $2, updated_at = now() WHERE id = $1",
        user.0,
        status.as_db()
    )
    .execute(conn)
    .await?;
    Ok(())
}

struct AccountRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    status: String,
    firm_id: Option<i64>,
    firm_name: Option<String>,
    city: Option<String>,
    city_name_zh: Option<String>,
    city_name_en: Option<String>,
    awaiting_password: bool,
}

/// The accounts in `scope`, filtered in SQL: nothing outside the scope is loaded. Each comes
/// with the subject the policy needs to decide what the viewer may do with it.
pub async fn list_accounts(
    conn: &mut PgConnection,
    scope: &AccountScope,
) -> Result<Vec<(AccountSubject, AccountSummary)>, sqlx::Error> {
    let (all, city, firm) = match scope {
        AccountScope::All => (true, None, None),
        AccountScope::City(city) => (false, Some(city.as_str().to_owned()), None),
        AccountScope::Firm(firm) => (false, None, Some(firm.0)),
    };
    let rows = sqlx::query_as!(
        AccountRow,
        r#"SELECT u.id, u.email, u.display_name, u.role, u.status, u.firm_id,
                  f.name AS "firm_name?", c.code AS "city?",
                  c.name_zh AS "city_name_zh?", c.name_en AS "city_name_en?",
                  u.password_hash IS NULL AS "awaiting_password!"
           FROM users u
           LEFT JOIN firms f ON f.id = u.firm_id
           LEFT JOIN cities c ON c.code = COALESCE(u.city_code, f.city_code)
           WHERE $1
              OR (u.role <> 'admin' AND COALESCE(u.city_code, f.city_code) = $2)
              OR u.firm_id = $3
           ORDER BY CASE u.role WHEN 'admin' THEN 0 WHEN 'official' THEN 1 ELSE 2 END,
                    c.sort_order NULLS FIRST, f.name NULLS FIRST, u.display_name, u.id"#,
        all,
        city,
        firm
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            let kind = RoleKind::from_db(&row.role)
                .map_err(|e| RowError::new("users.role", e).into_sqlx())?;
            let status = AccountStatus::from_db(&row.status)
                .map_err(|e| RowError::new("users.status", e).into_sqlx())?;
            let city_code = row
                .city
                .as_deref()
                .map(CityCode::parse)
                .transpose()
                .map_err(|e| RowError::new("cities.code", e).into_sqlx())?;
            let subject = AccountSubject {
                user: UserId(row.id),
                kind,
                city: city_code,
                firm: row.firm_id.map(FirmId),
            };
            let summary = AccountSummary {
                id: row.id,
                display_name: row.display_name,
                email: row.email,
                role: kind,
                city: place(row.city_name_zh, row.city_name_en),
                firm_id: row.firm_id,
                firm_name: row.firm_name,
                active: status == AccountStatus::Active,
                awaiting_password: row.awaiting_password,
                may_change_status: false,
                may_reset_password: false,
            };
            Ok((subject, summary))
        })
        .collect()
}

/// A firm's representative, as registration creates one. An email already in use fails on
/// `users_email_key`.
pub async fn insert_firm_rep(
    conn: &mut PgConnection,
    email: &Email,
    name: &crate::domain::firm::Name,
    password_hash: &str,
    firm: FirmId,
    language: Lang,
) -> Result<UserId, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO users (email, display_name, password_hash, role, firm_id, language)
         VALUES ($1, $2, $3, 'firm_rep', $4, $5) RETURNING id",
        email.as_str(),
        name.as_str(),
        password_hash,
        firm.0,
        language.tag()
    )
    .fetch_one(conn)
    .await?;
    Ok(UserId(id))
}
