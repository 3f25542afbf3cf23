//! Builds the application (pool, migrations, router) and serves it until a shutdown signal.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::OnceLock;

use anyhow::Context;
use app::{App, shell};
use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, FromRef},
    http::{HeaderValue, Method, Request, header},
    routing::{MethodRouter, get},
    serve::ListenerExt,
};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use sqlx::{PgPool, postgres::PgPoolOptions};
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer,
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tower_sessions_sqlx_store::PostgresStore;
use tracing::Level;

use crate::config::Config;

/// How long requests in flight may run on after a shutdown signal.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(30);

/// What every handler can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    local_addr: SocketAddr,
    /// The expired-session cleanup; it ends with the server.
    cleanup: tokio::task::JoinHandle<()>,
}

/// The accounts migration (`20261122000000`) was once edited after it had landed: the firm's
/// kind was added to it, and now comes from `20261122000400_firm_kind.sql`. A database that
/// applied the edited text recorded that text's SHA-384; it is told the landed text's instead,
/// so the migrator accepts it (the later migration finds the column already there).
const ACCOUNTS_VERSION: i64 = 20261122000000;
const ACCOUNTS_EDITED_SHA384: &str = "49d47f0a4b6bab7de48e1839876fe83bf7b7640b82ae007a5ad86be2e3b2310585375ebef66ff8689f17d1c74cf3e59b";
const ACCOUNTS_LANDED_SHA384: &str = "edd0bb3475b370ee7cca6873f5ddc35fb1e4a27fedf01d87b1eb36a72713f7e6238e2a97ea4c235a286cf43d536fcd1b";

/// Runs before the migrator: its statements read the migrator's own table, which the schema
/// the `.sqlx` cache is checked against does not hold, so they are checked at run time.
async fn repair_edited_accounts_migration(pool: &PgPool) -> anyhow::Result<()> {
    let recorded: bool =
        sqlx::query_scalar("SELECT to_regclass('public._sqlx_migrations') IS NOT NULL")
            .fetch_one(pool)
            .await
            .context("cannot look for the migrations table")?;
    if recorded {
        sqlx::query(
            "UPDATE _sqlx_migrations SET checksum = decode($1, 'hex')
             WHERE version = $2 AND checksum = decode($3, 'hex')",
        )
        .bind(ACCOUNTS_LANDED_SHA384)
        .bind(ACCOUNTS_VERSION)
        .bind(ACCOUNTS_EDITED_SHA384)
        .execute(pool)
        .await
        .context("cannot repair the accounts migration's checksum")?;
    }
    Ok(())
}

pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    repair_edited_accounts_migration(pool).await?;
    sqlx::migrate!("../migrations")
        .run(pool)
        .await
        .context("cannot apply the database migrations")
}

/// Recomputes the search terms of every firm indexed by an older `domain::search`, a batch per
/// transaction (several instances share the work: the batches skip locked rows).
pub async fn reindex_firms(pool: PgPool) {
    let mut total = 0;
    loop {
        let batch = async {
            let mut tx = pool.begin().await?;
            let done = app::db::firms::profile::reindex_stale(&mut tx, 500).await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(done)
        }
        .await;
        match batch {
            Ok(0) => break,
            Ok(done) => total += done,
            Err(err) => {
                tracing::error!(error = %err, "cannot reindex the firms' search terms");
                return;
            }
        }
    }
    if total > 0 {
        tracing::info!(firms = total, "firms' search terms recomputed");
    }
}

/// How the app connects: short reads over many rows (the portfolio reads every project in
/// execution) would spend more in PostgreSQL's JIT compiler than in running, so it is off for
/// the app's sessions (seen: 260 ms of compiling for a 45 ms portfolio query).
pub fn app_connect_options(url: &str) -> anyhow::Result<sqlx::postgres::PgConnectOptions> {
    let options: sqlx::postgres::PgConnectOptions = url
        .parse()
        .context("DATABASE_URL is not a PostgreSQL URL")?;
    Ok(options.options([("jit", "off")]))
}

impl Application {
    /// Connects to the database, applies the migrations (under sqlx's advisory lock, so several
    /// instances may start at once), and binds the listener. Port 0 picks a free port.
    pub async fn build(config: Config, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        // The migrations run as the schema's owner; the app itself as the runtime role.
        if let Some(owner_url) = &config.database_owner_url {
            let owner = PgPoolOptions::new()
                .max_connections(1)
                .acquire_timeout(config.database_acquire_timeout)
                .connect(owner_url)
                .await
                .context("cannot connect to the database at DATABASE_OWNER_URL")?;
            migrate(&owner).await?;
            owner.close().await;
        }
        let pool = PgPoolOptions::new()
            .max_connections(config.database_max_connections)
            .acquire_timeout(config.database_acquire_timeout)
            .connect_with(app_connect_options(&config.database_url)?)
            .await
            .context("cannot connect to the database at DATABASE_URL")?;
        if config.database_owner_url.is_none() {
            migrate(&pool).await?;
        }
        if config.demo_data {
            crate::demo::load(&pool)
                .await
                .context("cannot load the demo data")?;
        }
        // Firms indexed by an older version of the directory's search terms are indexed anew,
        // in the background: the site serves meanwhile.
        tokio::spawn(reindex_firms(pool.clone()));
        // The dummy hash for unknown emails, computed before the first sign-in needs it.
        tokio::task::spawn_blocking(app::auth::warm_up).await?;
        let sessions = crate::sessions::store(pool.clone())?;
        let cleanup = tokio::spawn(crate::sessions::delete_expired_forever(
            sessions.clone(),
            pool.clone(),
            config.session_absolute_lifetime,
            config.throttle.window,
            config.session_cleanup_interval,
        ));

        let listener = TcpListener::bind(config.listen_addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen_addr))?;
        let local_addr = listener.local_addr()?;
        let router = router(
            AppState {
                leptos_options,
                pool,
            },
            sessions,
            &config,
        );
        Ok(Self {
            listener,
            router,
            local_addr,
            cleanup,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish, for at most
    /// [`SHUTDOWN_GRACE`]: a stuck request must not keep a stopping instance alive.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
        let shutdown = async move {
            shutdown.await;
            let _ = stopping_tx.send(());
        };
        // Without TCP_NODELAY a response written in several pieces waits for the client's
        // delayed ACK: a static file took 36 ms instead of 1 ms (see the toolchain notes).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::warn!(error = %err, "cannot set TCP_NODELAY");
            }
        });
        let serve = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown);
        let cleanup = self.cleanup.abort_handle();
        let _stop_cleanup = AbortOnDrop(cleanup);
        let deadline = async {
            if stopping_rx.await.is_ok() {
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            result = serve => result.context("the server stopped with an error"),
            () = deadline => {
                tracing::warn!(grace = ?SHUTDOWN_GRACE, "requests still running after the grace period; stopping anyway");
                Ok(())
            }
        }
    }
}

struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Every route that is neither a page nor a server function, with its method. The router is
/// built from this list and the access harness calls each entry, so a route added here without
/// a row in the harness fails the tests.
pub fn non_page_routes() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/healthz", get(crate::health::healthz)),
        (Method::GET, "/readyz", get(crate::health::readyz)),
    ]
}

/// The app's routes, generated once per process. Generating them renders the app with resource
/// loading suppressed through a process-wide flag, and a resource that starts loading meanwhile
/// (in another instance's request) would wait forever (leptos issue #4773). Production builds
/// one router, but the integration tests build many in parallel.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState, sessions: PostgresStore, config: &Config) -> Router {
    let routes = route_list();
    let [nosniff, referrer, opener] = crate::security::SECURITY_HEADERS;
    let pool = state.pool.clone();
    // Runs for every page render, after leptos_axum has provided its own context.
    let throttle = config.throttle;
    let client_addr = app::auth::ClientAddrSource {
        trusted_header: config.trusted_proxy_header.clone(),
    };
    let context = move || {
        provide_context(pool.clone());
        provide_context(throttle);
        provide_context(client_addr.clone());
        crate::security::provide_request_nonce();
    };

    // Hashed assets (cargo-leptos `hash-files`) never change under the same name.
    let pkg_dir = format!(
        "{}/{}",
        state.leptos_options.site_root, state.leptos_options.site_pkg_dir
    );
    let hashed_assets = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        // Only a file that exists: a 404 cached for a year would outlive the next deployment.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            |response: &axum::response::Response| {
                response
                    .status()
                    .is_success()
                    .then(|| HeaderValue::from_static("public, max-age=31536000, immutable"))
            },
        ));

    let session_rules = app::auth::SessionRules {
        pool: state.pool.clone(),
        absolute_lifetime: config.session_absolute_lifetime,
    };
    // Pages, server functions and the fallback know who is signed in; hashed assets and probes
    // need no session and never touch the session table.
    let with_sessions = Router::new()
        // Also registers every server function at its own path and method, with `context`.
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        // The site's own files (the favicon) straight from the site root; anything else is
        // the app's 404 page. leptos_axum's file handler applies the response options it finds
        // in the reactive context to a file, and a stale context once served the favicon with
        // a 404 status: files do not pass through Leptos at all.
        .fallback_service(
            ServeDir::new(state.leptos_options.site_root.as_ref()).fallback(
                axum::handler::Handler::with_state(
                    leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell),
                    state.clone(),
                ),
            ),
        )
        .layer(axum::middleware::from_fn(
            crate::security::server_fn_error_status,
        ))
        // A form's round trip: what a refused post typed, a success's notice (needs the session).
        .layer(axum::middleware::from_fn(
            crate::round_trip::form_round_trip,
        ))
        .layer(axum::middleware::from_fn_with_state(
            session_rules,
            app::auth::authenticate,
        ))
        .layer(crate::sessions::layer(sessions, config));

    let mut router = with_sessions.nest("/pkg", hashed_assets);
    for (_method, path, handler) in non_page_routes() {
        router = router.route(path, handler);
    }
    // HSTS only where HTTPS is on: on localhost it would pin the browser to a scheme it lacks.
    let hsts = config.https.then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        )
    });
    router
        .layer(axum::middleware::from_fn(
            crate::security::check_server_fn_input,
        ))
        .layer(tower::util::option_layer(hsts))
        .layer(axum::middleware::from_fn_with_state(
            crate::security::SiteOrigin::new(config.public_origin.as_deref(), config.https),
            crate::security::refuse_cross_site_changes,
        ))
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            crate::security::BodyLimits::new(config.request_body_limit),
            crate::security::limit_request_body,
        ))
        .layer(CompressionLayer::new())
        // Security headers on every response: pages, server functions, files and errors.
        .layer(SetResponseHeaderLayer::overriding(nosniff.0, nosniff.1))
        .layer(SetResponseHeaderLayer::overriding(referrer.0, referrer.1))
        .layer(SetResponseHeaderLayer::overriding(opener.0, opener.1))
        .layer(axum::middleware::from_fn(
            crate::security::content_security_policy,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    // A one-time link's token is a key: it stays out of the logs.
                    let path = redacted_path(request.uri().path());
                    tracing::info_span!("request", method = %request.method(), path = %path, version = ?request.version())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// The request's path for the logs, with a one-time link's token left out; the query is never
/// logged.
pub(crate) fn redacted_path(path: &str) -> &str {
    if path.starts_with("/link/") {
        "/link/…"
    } else {
        path
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::redacted_path;

    #[test]
    fn a_one_time_links_token_never_reaches_the_logs() {
        assert_eq!(
            redacted_path("/link/YWNjZXNzLWhhcm5lc3Mtb25lLXRpbWUtbGluay1rZXk"),
            "/link/…"
        );
        assert_eq!(redacted_path("/accounts"), "/accounts");
        assert_eq!(redacted_path("/api/link_details"), "/api/link_details");
    }
}
