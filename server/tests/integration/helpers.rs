//! `spawn_app()` and the helpers every test uses. Later issues add one helper per server
//! function here.

use std::path::PathBuf;
use std::time::Duration;

use leptos::config::LeptosOptions;
use server::config::Config;
use server::startup::Application;
use sqlx::{Connection, Executor, PgConnection, PgPool};
use tokio::sync::oneshot;
use uuid::Uuid;

/// A running application with its own database.
pub struct TestApp {
    pub address: String,
    /// Keeps cookies like a browser; never follows redirects, so tests see them.
    pub client: reqwest::Client,
    pub db_name: String,
    pub server_url: String,
    /// A pool on the test's database, for arranging and inspecting rows.
    pub db: PgPool,
    pub site_root: PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
    pub server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// `postgres://user@host:port` from `DATABASE_URL` (the database name and parameters cut off).
fn server_url() -> String {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| server::config::DEFAULT_DATABASE_URL.to_owned());
    let without_params = url.split('?').next().unwrap_or(&url);
    match without_params.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && !server.ends_with('/') => server.to_owned(),
        _ => panic!("DATABASE_URL must name a database: {url}"),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app after `adjust` has had its say on the configuration.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    // `TEST_LOG=1 cargo test ...` shows the application's logs (filtered by RUST_LOG).
    if std::env::var_os("TEST_LOG").is_some() {
        server::telemetry::init(false);
    }
    let server_url = server_url();
    let db_name = format!("ah_test_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&format!("{server_url}/postgres"))
        .await
        .expect("the test PostgreSQL answers at DATABASE_URL (make test starts one)");
    admin
        .execute(
            format!(
                "CREATE DATABASE \"{db_name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' \
                 LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            )
            .as_str(),
        )
        .await
        .expect("create the test database");
    admin.close().await.ok();

    let site_root = std::env::temp_dir().join(format!("ah_site_{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(site_root.join("pkg")).expect("site root");
    std::fs::write(
        site_root.join("pkg/alliance_hub.0123456789abcdef.css"),
        "body{margin:0}\n".repeat(64),
    )
    .expect("asset");
    std::fs::write(site_root.join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .expect("favicon");

    let mut config = Config::from_lookup(|_| None).expect("defaults");
    config.database_url = format!("{server_url}/{db_name}");
    config.listen_addr = "127.0.0.1:0".parse().expect("address");
    config.database_acquire_timeout = Duration::from_millis(1000);
    config.database_max_connections = 4;
    adjust(&mut config);

    let leptos_options = LeptosOptions::builder()
        .output_name("alliance_hub")
        .site_root(site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .build();
    let app = Application::build(config.clone(), leptos_options).await.expect("the app starts");
    let address = format!("http://{}", app.local_addr());
    let (shutdown, stop) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stop.await;
    }));

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let db = PgPool::connect(&config.database_url).await.expect("test pool");

    TestApp { address, client, db_name, server_url, db, site_root, shutdown: Some(shutdown), server }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    /// A call of the `set_language` server function as a form post with `body`, ready for
    /// more headers. One helper per server function lives here.
    pub fn set_language(&self, body: impl Into<String>) -> reqwest::RequestBuilder {
        self.client
            .post(self.url("/api/set_language"))
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body.into())
    }

    pub async fn get_html(&self, path: &str) -> (reqwest::StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// A connection to the `postgres` database as the superuser, for cutting the app off.
    async fn admin(&self) -> PgConnection {
        PgConnection::connect(&format!("{}/postgres", self.server_url)).await.expect("admin")
    }

    /// Makes the database unreachable for the app: new connections are refused and the open
    /// ones are ended, as when the database server goes away.
    pub async fn cut_database(&self) {
        let mut admin = self.admin().await;
        admin
            .execute(format!("ALTER DATABASE \"{}\" ALLOW_CONNECTIONS false", self.db_name).as_str())
            .await
            .expect("disallow connections");
        admin
            .execute(
                format!(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = '{}' AND pid <> pg_backend_pid()",
                    self.db_name
                )
                .as_str(),
            )
            .await
            .expect("end the app's connections");
    }

    /// Lets the app reach its database again.
    pub async fn restore_database(&self) {
        let mut admin = self.admin().await;
        admin
            .execute(format!("ALTER DATABASE \"{}\" ALLOW_CONNECTIONS true", self.db_name).as_str())
            .await
            .expect("allow connections");
    }

    /// Sends the shutdown signal and waits for the server to finish.
    pub async fn shut_down(mut self) -> anyhow::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.server)
            .await
            .expect("the server stops within 10 s")
            .expect("the server task did not panic")
    }
}

impl Drop for TestApp {
    /// Drops the test's database (ending the app's connections) and its site root, so runs do
    /// not pile up databases. Drop cannot await, so a short-lived thread does the work.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.site_root);
        let admin_url = format!("{}/postgres", self.server_url);
        let statement = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.db_name);
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await?;
                admin.execute(statement.as_str()).await?;
                admin.close().await
            })?;
            Ok::<(), anyhow::Error>(())
        })
        .join();
        if let Ok(Err(err)) = dropped {
            eprintln!("could not drop the test database {}: {err:#}", self.db_name);
        }
    }
}

/// The HTML of the list marked `data-testid="{test_id}"`, up to its closing `</ul>`, so a test
/// looks only where the data is shown and not at the fixed text around it.
pub fn list_with_test_id<'a>(html: &'a str, test_id: &str) -> &'a str {
    let marker = format!("data-testid=\"{test_id}\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no element {marker} in the page"));
    let rest = &html[start..];
    let end = rest.find("</ul>").unwrap_or(rest.len());
    &rest[..end]
}
