//! Configuration from environment variables, each with a default that works on a developer's
//! machine. See the README's configuration table.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL database of this instance, as the runtime role
    /// (`alliance_hub_app`: reads and writes the domain tables, only appends to the audit trail).
    pub database_url: String,
    /// `DATABASE_OWNER_URL`: the same database as the role that owns the schema, used only to
    /// apply the migrations at start-up. Unset: the migrations run with `DATABASE_URL`.
    pub database_owner_url: Option<String>,
    /// `LEPTOS_SITE_ADDR`: where to listen (the same variable cargo-leptos sets).
    pub listen_addr: SocketAddr,
    /// `DATABASE_MAX_CONNECTIONS`.
    pub database_max_connections: u32,
    /// `DATABASE_ACQUIRE_TIMEOUT_MS`: how long a request waits for a connection before failing,
    /// and so how long `/readyz` takes to say the database is gone.
    pub database_acquire_timeout: Duration,
    /// `REQUEST_BODY_LIMIT_BYTES`: the largest request body accepted.
    pub request_body_limit: usize,
    /// `DEMO_DATA`: load the demo data at start-up (`make run` sets it; never in production).
    pub demo_data: bool,
    /// `LOG_FORMAT`: `json` for one JSON object per line, anything else for readable text.
    pub log_json: bool,
    /// `PUBLIC_ORIGIN`: the origin users reach the site at (`https://hub.example.cn`), behind
    /// any proxy. When set, a state-changing request must come from exactly this origin.
    pub public_origin: Option<String>,
    /// `HTTPS`: the site is served over HTTPS (behind a proxy, say). Session cookies then are
    /// `Secure` with the `__Host-` prefix, and responses carry HSTS. Off for localhost.
    pub https: bool,
    /// `PRODUCTION`: a production instance; demo data is refused.
    pub production: bool,
    /// `SESSION_IDLE_TIMEOUT_SECS`: a session ends after this long without a request (2 hours).
    pub session_idle_timeout: Duration,
    /// `SESSION_ABSOLUTE_LIFETIME_SECS`: a session ends this long after sign-in (12 hours).
    pub session_absolute_lifetime: Duration,
    /// `SESSION_CLEANUP_INTERVAL_SECS`: how often expired sessions are deleted (10 minutes).
    pub session_cleanup_interval: Duration,
    /// `TRUSTED_PROXY_HEADER`: the header (`X-Real-IP`, `X-Forwarded-For`) in which the proxy in
    /// front of the app puts the client's address. Unset: the socket's peer is the client.
    pub trusted_proxy_header: Option<axum::http::HeaderName>,
    /// `SIGN_IN_LOCK_SECS` (15 minutes) and the rest of the sign-in throttle's rules.
    pub throttle: app::domain::throttle::ThrottleRules,
}

pub const DEFAULT_DATABASE_URL: &str = "postgres://alliance_hub_app@127.0.0.1:5432/alliance_hub";

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the configuration through `lookup`, so tests can supply their own environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let get = |key: &str, default: &str| lookup(key).unwrap_or_else(|| default.to_owned());
        let parse_bool = |key: &str| -> anyhow::Result<bool> {
            match get(key, "false").to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" | "" => Ok(false),
                other => anyhow::bail!("{key} must be true or false, not {other:?}"),
            }
        };
        let seconds = |key: &str, default: &str| -> anyhow::Result<Duration> {
            let secs: u64 = get(key, default)
                .parse()
                .with_context(|| format!("{key} must be a whole number of seconds"))?;
            anyhow::ensure!(secs > 0, "{key} must be more than 0");
            Ok(Duration::from_secs(secs))
        };
        let production = parse_bool("PRODUCTION")?;
        let demo_data = parse_bool("DEMO_DATA")?;
        anyhow::ensure!(
            !(production && demo_data),
            "DEMO_DATA cannot be set on a PRODUCTION instance"
        );
        let public_origin = lookup("PUBLIC_ORIGIN").filter(|v| !v.is_empty());
        // Without it the origin check falls back to the request's own Host header.
        anyhow::ensure!(
            !production || public_origin.is_some(),
            "a PRODUCTION instance needs PUBLIC_ORIGIN (the scheme://host[:port] users reach it at)"
        );
        Ok(Self {
            database_url: get("DATABASE_URL", DEFAULT_DATABASE_URL),
            database_owner_url: lookup("DATABASE_OWNER_URL").filter(|v| !v.is_empty()),
            listen_addr: get("LEPTOS_SITE_ADDR", "127.0.0.1:3000")
                .parse()
                .context("LEPTOS_SITE_ADDR must be an address such as 127.0.0.1:3000")?,
            database_max_connections: get("DATABASE_MAX_CONNECTIONS", "10")
                .parse()
                .context("DATABASE_MAX_CONNECTIONS must be a whole number")?,
            database_acquire_timeout: Duration::from_millis(
                get("DATABASE_ACQUIRE_TIMEOUT_MS", "3000").parse().context(
                    "DATABASE_ACQUIRE_TIMEOUT_MS must be a whole number of milliseconds",
                )?,
            ),
            request_body_limit: get("REQUEST_BODY_LIMIT_BYTES", "2097152")
                .parse()
                .context("REQUEST_BODY_LIMIT_BYTES must be a whole number")?,
            demo_data,
            production,
            https: parse_bool("HTTPS")?,
            session_idle_timeout: seconds("SESSION_IDLE_TIMEOUT_SECS", "7200")?,
            session_absolute_lifetime: seconds("SESSION_ABSOLUTE_LIFETIME_SECS", "43200")?,
            session_cleanup_interval: seconds("SESSION_CLEANUP_INTERVAL_SECS", "600")?,
            trusted_proxy_header: match lookup("TRUSTED_PROXY_HEADER").filter(|v| !v.is_empty()) {
                None => None,
                Some(name) => Some(
                    axum::http::HeaderName::try_from(name.as_str()).with_context(|| {
                        format!("TRUSTED_PROXY_HEADER is not a header name: {name:?}")
                    })?,
                ),
            },
            throttle: app::domain::throttle::ThrottleRules {
                lock: seconds("SIGN_IN_LOCK_SECS", "900")?,
                ..Default::default()
            },
            log_json: get("LOG_FORMAT", "text").eq_ignore_ascii_case("json"),
            public_origin: match public_origin {
                None => None,
                Some(origin) if origin.contains("://") && !origin.ends_with('/') => Some(origin),
                Some(other) => anyhow::bail!(
                    "PUBLIC_ORIGIN must be scheme://host[:port] without a trailing slash, not {other:?}"
                ),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|k| env.get(k).cloned())
    }

    #[test]
    fn an_empty_environment_gives_working_local_defaults() {
        let config = from(&[]).expect("defaults parse");
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.listen_addr.to_string(), "127.0.0.1:3000");
        assert!(!config.demo_data);
        assert!(!config.log_json);
    }

    #[test]
    fn variables_override_the_defaults() {
        let config = from(&[
            ("DATABASE_URL", "postgres://app@db/hub"),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("DEMO_DATA", "true"),
            ("LOG_FORMAT", "json"),
            ("REQUEST_BODY_LIMIT_BYTES", "1024"),
        ])
        .expect("parses");
        assert_eq!(config.database_url, "postgres://app@db/hub");
        assert_eq!(config.listen_addr.port(), 8080);
        assert!(config.demo_data);
        assert!(config.log_json);
        assert_eq!(config.request_body_limit, 1024);
    }

    #[test]
    fn a_malformed_value_is_an_error_that_names_the_variable() {
        let err = from(&[("LEPTOS_SITE_ADDR", "localhost")]).expect_err("refused");
        assert!(err.to_string().contains("LEPTOS_SITE_ADDR"));
        let err = from(&[("DEMO_DATA", "maybe")]).expect_err("refused");
        assert!(err.to_string().contains("DEMO_DATA"));
        let err = from(&[("SESSION_IDLE_TIMEOUT_SECS", "0")]).expect_err("refused");
        assert!(err.to_string().contains("SESSION_IDLE_TIMEOUT_SECS"));
    }

    #[test]
    fn sessions_default_to_two_hours_idle_and_twelve_absolute() {
        let config = from(&[]).expect("defaults parse");
        assert_eq!(config.session_idle_timeout, Duration::from_secs(2 * 3600));
        assert_eq!(
            config.session_absolute_lifetime,
            Duration::from_secs(12 * 3600)
        );
        assert!(!config.https);
    }

    #[test]
    fn a_production_instance_refuses_demo_data() {
        let err = from(&[("PRODUCTION", "true"), ("DEMO_DATA", "true")]).expect_err("refused");
        assert!(err.to_string().contains("PRODUCTION"));
        assert!(
            from(&[
                ("PRODUCTION", "true"),
                ("PUBLIC_ORIGIN", "https://hub.example.cn")
            ])
            .is_ok()
        );
    }

    #[test]
    fn a_production_instance_needs_its_public_origin() {
        let err = from(&[("PRODUCTION", "true")]).expect_err("refused");
        assert!(err.to_string().contains("PUBLIC_ORIGIN"), "{err}");
    }
}
