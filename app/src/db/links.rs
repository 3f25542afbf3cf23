//! One-time links and the invited accounts they open.

use sqlx::PgConnection;

use super::RowError;
use crate::domain::Bilingual;
use crate::domain::Lang;
use crate::domain::account::{Email, FirmId, RoleKind, UserId};
use crate::domain::city::CityCode;
use crate::domain::firm::Name;
use crate::domain::link::{LinkFacts, LinkPurpose};

/// A link just issued; its token is only in the caller's hands.
pub struct Issued {
    pub id: i64,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Issues a link for `user`, revoking any earlier one that could still be used: an account has
/// one live link at a time, the last one handed out.
pub async fn issue(
    conn: &mut PgConnection,
    user: UserId,
    purpose: LinkPurpose,
    issued_by: UserId,
    token_hash: &[u8],
) -> Result<Issued, sqlx::Error> {
    revoke_open(conn, user).await?;
    let row = sqlx::query!(
        r#"INSERT INTO one_time_links (token_hash, purpose, user_id, issued_by, expires_at)
           VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
           RETURNING id, expires_at AS "expires_at: chrono::DateTime<chrono::Utc>""#,
        token_hash,
        purpose.as_db(),
        user.0,
        issued_by.0,
        purpose.lifetime_secs() as f64
    )
    .fetch_one(conn)
    .await?;
    Ok(Issued {
        id: row.id,
        expires_at: row.expires_at,
    })
}

/// Revokes the account's links that could still be used (a newer link, a disabled account).
pub async fn revoke_open(conn: &mut PgConnection, user: UserId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE one_time_links SET revoked_at = now()
         WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL",
        user.0
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// A link as found by its token, with the account it opens.
pub struct FoundLink {
    pub id: i64,
    pub purpose: LinkPurpose,
    pub user: UserId,
    pub issued_by: UserId,
    pub facts: LinkFacts,
    pub display_name: String,
    pub email: String,
    pub role: RoleKind,
    pub firm_name: Option<String>,
    pub city: Option<Bilingual>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// The link with this token hash, locked until the transaction ends, so two uses of one link
/// queue up and the second sees the first. The account's row is locked before the link's, in
/// the order every other writer of links takes them (issuing, disabling, replacing), so no
/// two of them can deadlock.
pub async fn lock_by_token(
    conn: &mut PgConnection,
    token_hash: &[u8],
) -> Result<Option<FoundLink>, sqlx::Error> {
    let Some(found) = by_token(&mut *conn, token_hash).await? else {
        return Ok(None);
    };
    sqlx::query!(
        "SELECT id FROM users WHERE id = $1 FOR UPDATE",
        found.user.0
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "SELECT id FROM one_time_links WHERE id = $1 FOR UPDATE",
        found.id
    )
    .fetch_one(&mut *conn)
    .await?;
    // Read again now that both are held: what another use committed meanwhile shows.
    by_token(conn, token_hash).await
}

/// The link with this token hash and its account, as they stand (no lock).
pub async fn by_token(
    conn: &mut PgConnection,
    token_hash: &[u8],
) -> Result<Option<FoundLink>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT l.id, l.purpose, l.user_id, l.issued_by,
                  l.used_at IS NOT NULL AS "used!", l.revoked_at IS NOT NULL AS "revoked!",
                  l.expires_at <= now() AS "expired!",
                  l.expires_at AS "expires_at: chrono::DateTime<chrono::Utc>",
                  u.status = 'active' AS "active!", u.display_name, u.email, u.role,
                  f.name AS "firm_name?", c.name_zh AS "city_zh?", c.name_en AS "city_en?"
           FROM one_time_links l
           JOIN users u ON u.id = l.user_id
           LEFT JOIN firms f ON f.id = u.firm_id
           LEFT JOIN cities c ON c.code = COALESCE(u.city_code, f.city_code)
           WHERE l.token_hash = $1"#,
        token_hash
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(FoundLink {
        id: row.id,
        purpose: LinkPurpose::from_db(&row.purpose)
            .map_err(|e| RowError::new("one_time_links.purpose", e).into_sqlx())?,
        user: UserId(row.user_id),
        issued_by: UserId(row.issued_by),
        facts: LinkFacts {
            used: row.used,
            revoked: row.revoked,
            expired: row.expired,
            account_active: row.active,
        },
        display_name: row.display_name,
        email: row.email,
        role: RoleKind::from_db(&row.role)
            .map_err(|e| RowError::new("users.role", e).into_sqlx())?,
        firm_name: row.firm_name,
        city: match (row.city_zh, row.city_en) {
            (Some(zh), Some(en)) => Some(Bilingual { zh, en }),
            _ => None,
        },
        expires_at: row.expires_at,
    }))
}

pub async fn mark_used(conn: &mut PgConnection, link: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE one_time_links SET used_at = now() WHERE id = $1",
        link
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Who an invited account is for.
pub enum Invitee<'a> {
    Official(&'a CityCode),
    Representative(FirmId),
}

/// An account without a password yet, which its owner completes through an invitation link.
/// An email already in use fails on `users_email_key`.
pub async fn insert_invited(
    conn: &mut PgConnection,
    email: &Email,
    name: &Name,
    invitee: Invitee<'_>,
    language: Option<Lang>,
) -> Result<UserId, sqlx::Error> {
    let (role, city, firm) = match invitee {
        Invitee::Official(city) => (RoleKind::Official, Some(city.as_str()), None),
        Invitee::Representative(firm) => (RoleKind::FirmRep, None, Some(firm.0)),
    };
    let id = sqlx::query_scalar!(
        "INSERT INTO users (email, display_name, password_hash, role, city_code, firm_id, language)
         VALUES ($1, $2, NULL, $3, $4, $5, $6) RETURNING id",
        email.as_str(),
        name.as_str(),
        role.as_db(),
        city,
        firm,
        language.map(Lang::tag)
    )
    .fetch_one(conn)
    .await?;
    Ok(UserId(id))
}

/// Whom a link for an existing account is for, and whether they ever set a password.
pub struct Person {
    pub display_name: String,
    pub email: String,
    pub has_password: bool,
}

pub async fn person(conn: &mut PgConnection, user: UserId) -> Result<Person, sqlx::Error> {
    sqlx::query_as!(
        Person,
        r#"SELECT display_name, email, password_hash IS NOT NULL AS "has_password!"
           FROM users WHERE id = $1"#,
        user.0
    )
    .fetch_one(conn)
    .await
}
