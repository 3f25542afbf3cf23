//! The sign-in throttle's counters. Times come from the database's clock, so every instance
//! judges the same way.

use sqlx::PgConnection;

use crate::domain::throttle::Counter;

/// The address of the row that counts an email from anywhere.
pub const ANY_ADDRESS: &str = "*";

/// The database's time now and the counters of (email, address) and of the email alone.
pub struct Counters {
    pub now_ms: i64,
    pub pair: Option<Counter>,
    pub email: Option<Counter>,
}

pub async fn counters(
    conn: &mut PgConnection,
    email: &str,
    addr: &str,
) -> Result<Counters, sqlx::Error> {
    let now_ms =
        sqlx::query_scalar!(r#"SELECT (extract(epoch FROM now()) * 1000)::bigint AS "now!""#)
            .fetch_one(&mut *conn)
            .await?;
    let rows = sqlx::query!(
        r#"SELECT client_addr, failures,
                  (extract(epoch FROM last_failure_at) * 1000)::bigint AS "last_failure_ms!",
                  (extract(epoch FROM locked_until) * 1000)::bigint AS "locked_until_ms?"
           FROM sign_in_throttle WHERE email = $1 AND client_addr IN ($2, $3)"#,
        email,
        addr,
        ANY_ADDRESS
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut counters = Counters {
        now_ms,
        pair: None,
        email: None,
    };
    for row in rows {
        let counter = Counter {
            failures: u32::try_from(row.failures).unwrap_or(0),
            last_failure_ms: row.last_failure_ms,
            locked_until_ms: row.locked_until_ms,
        };
        if row.client_addr == ANY_ADDRESS {
            counters.email = Some(counter);
        } else {
            counters.pair = Some(counter);
        }
    }
    Ok(counters)
}

async fn store(
    conn: &mut PgConnection,
    email: &str,
    addr: &str,
    counter: &Counter,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO sign_in_throttle (email, client_addr, failures, last_failure_at, locked_until)
         VALUES ($1, $2, $3, to_timestamp($4::bigint / 1000.0), to_timestamp($5::bigint / 1000.0))
         ON CONFLICT (email, client_addr) DO UPDATE
         SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
             locked_until = excluded.locked_until",
        email,
        addr,
        i32::try_from(counter.failures).unwrap_or(i32::MAX),
        counter.last_failure_ms,
        counter.locked_until_ms
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores the counters after a failure.
pub async fn record_failure(
    conn: &mut PgConnection,
    email: &str,
    addr: &str,
    pair: &Counter,
    any: &Counter,
) -> Result<(), sqlx::Error> {
    store(conn, email, addr, pair).await?;
    store(conn, email, ANY_ADDRESS, any).await
}

/// Forgets the failures of the pair and of the email after a successful sign-in.
pub async fn clear(conn: &mut PgConnection, email: &str, addr: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM sign_in_throttle WHERE email = $1 AND client_addr IN ($2, $3)",
        email,
        addr,
        ANY_ADDRESS
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes counters nobody has added to for `window` (the cleanup task calls it).
pub async fn delete_stale(
    conn: &mut PgConnection,
    window: std::time::Duration,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM sign_in_throttle
         WHERE last_failure_at <= now() - make_interval(secs => $1)
           AND (locked_until IS NULL OR locked_until <= now())",
        window.as_secs_f64()
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
