//! Demo data for `make run`: idempotent, loaded only when `DEMO_DATA` is set, and refused on a
//! `PRODUCTION` instance (see the configuration). The accounts are listed in the README and
//! printed by `make run`.

use app::domain::credit_code::CreditCode;
use sqlx::PgPool;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "alliance-demo-2026";

/// (name, first 17 characters of the credit code, city, status)
const FIRMS: &[(&str, &str, &str, &str)] = &[
    (
        "德阳东方精密传动有限公司",
        "91510600MA6DEMQ01",
        "deyang",
        "approved",
    ),
    (
        "眉山新材磁业有限公司",
        "91511400MA6DEMQ02",
        "meishan",
        "approved",
    ),
    (
        "资阳智造装配有限公司",
        "91512000MA6DEMQ03",
        "ziyang",
        "pending",
    ),
];

/// A demo account: email, name, role, the official's city, the representative's firm (an index
/// into `FIRMS`).
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<usize>,
);

const USERS: &[DemoUser] = &[
    ("admin@demo.alliance-hub.cn", "陈静", "admin", None, None),
    (
        "chengdu@demo.alliance-hub.cn",
        "王磊",
        "official",
        Some("chengdu"),
        None,
    ),
    (
        "deyang@demo.alliance-hub.cn",
        "李伟",
        "official",
        Some("deyang"),
        None,
    ),
    (
        "meishan@demo.alliance-hub.cn",
        "张敏",
        "official",
        Some("meishan"),
        None,
    ),
    (
        "ziyang@demo.alliance-hub.cn",
        "刘洋",
        "official",
        Some("ziyang"),
        None,
    ),
    (
        "dongfang@demo.alliance-hub.cn",
        "赵强",
        "firm_rep",
        None,
        Some(0),
    ),
    (
        "xincai@demo.alliance-hub.cn",
        "孙丽",
        "firm_rep",
        None,
        Some(1),
    ),
    (
        "zhizao@demo.alliance-hub.cn",
        "周杰",
        "firm_rep",
        None,
        Some(2),
    ),
];

pub async fn load(pool: &PgPool) -> anyhow::Result<()> {
    let hash = app::auth::hash_password(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = pool.begin().await?;
    let mut firm_ids = Vec::new();
    for (name, first17, city, status) in FIRMS {
        let code = CreditCode::complete(first17)
            .ok_or_else(|| anyhow::anyhow!("bad demo code {first17}"))?;
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM firms WHERE credit_code = $1")
                .bind(code.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let id = match existing {
            Some(id) => id,
            None => {
                sqlx::query_scalar(
                    "INSERT INTO firms (name, credit_code, city_code, status) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(name)
                .bind(code.as_str())
                .bind(city)
                .bind(status)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        firm_ids.push(id);
    }
    for (email, name, role, city, firm) in USERS {
        sqlx::query(
            "INSERT INTO users (email, display_name, password_hash, role, city_code, firm_id)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING",
        )
        .bind(email)
        .bind(name)
        .bind(&hash)
        .bind(role)
        .bind(city)
        .bind(firm.map(|i| firm_ids[i]))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        accounts = USERS.len(),
        password = DEMO_PASSWORD,
        "demo data ready: admin@, chengdu@, deyang@, meishan@, ziyang@ (officials), dongfang@, xincai@ (approved firms), zhizao@ (pending firm) at demo.alliance-hub.cn"
    );
    Ok(())
}
