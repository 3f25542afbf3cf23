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
    /// `postgres://owner@host:port`: the schema owner's server URL.
    pub server_url: String,
    /// `postgres://alliance_hub_app@host:port`: the runtime role's, which the app uses.
    pub runtime_server_url: String,
    /// A pool on the test's database as the schema's owner, for arranging and inspecting rows.
    pub db: PgPool,
    pub site_root: PathBuf,
    /// What the app was started with, for a second instance on the same database.
    pub config: Config,
    pub leptos_options: LeptosOptions,
    shutdown: Option<oneshot::Sender<()>>,
    pub server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// Another instance of the app on a test's database (as behind a load balancer).
pub struct Instance {
    pub address: String,
    _shutdown: oneshot::Sender<()>,
}

/// The runtime role the migrations grant to and the app connects as.
pub const RUNTIME_ROLE: &str = "alliance_hub_app";

/// `postgres://user@host:port` from `var` (the database name and parameters cut off).
fn server_url_of(var: &str, default: &str) -> String {
    let url = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    let without_params = url.split('?').next().unwrap_or(&url);
    match without_params.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && !server.ends_with('/') => {
            server.to_owned()
        }
        _ => panic!("{var} must name a database: {url}"),
    }
}

/// The schema owner's server: `DATABASE_OWNER_URL`, as `make test` sets it.
fn server_url() -> String {
    server_url_of(
        "DATABASE_OWNER_URL",
        "postgres://postgres@127.0.0.1:5432/alliance_hub",
    )
}

/// The runtime role's server: `DATABASE_URL`.
fn runtime_server_url() -> String {
    server_url_of("DATABASE_URL", server::config::DEFAULT_DATABASE_URL)
}

/// Creates the runtime login role if the cluster lacks it (it is cluster-wide, so tests
/// running at once may race: a duplicate is fine).
async fn ensure_runtime_role(admin: &mut PgConnection) {
    // Tests starting at once race here (and a migration may create the role without LOGIN at
    // the same moment), so look again until the role exists and may log in.
    for _ in 0..20 {
        let can_login: Option<bool> =
            sqlx::query_scalar("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1")
                .bind(RUNTIME_ROLE)
                .fetch_optional(&mut *admin)
                .await
                .expect("read roles");
        let attempt = match can_login {
            Some(true) => return,
            Some(false) => {
                admin
                    .execute(format!("ALTER ROLE {RUNTIME_ROLE} LOGIN").as_str())
                    .await
            }
            None => {
                admin
                    .execute(format!("CREATE ROLE {RUNTIME_ROLE} LOGIN").as_str())
                    .await
            }
        };
        if let Err(err) = attempt {
            eprintln!("creating the runtime role raced another test ({err}); looking again");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("cannot create the runtime role {RUNTIME_ROLE}");
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app after `adjust` has had its say on the configuration.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_in(adjust, "C.UTF-8").await
}

/// Starts the app on a database whose collation and character classes are `locale`'s (`C`
/// sees no letters beyond ASCII).
pub async fn spawn_app_in_locale(locale: &str) -> TestApp {
    spawn_app_in(|_| {}, locale).await
}

async fn spawn_app_in(adjust: impl FnOnce(&mut Config), locale: &str) -> TestApp {
    // `TEST_LOG=1 cargo test ...` shows the application's logs (filtered by RUST_LOG).
    if std::env::var_os("TEST_LOG").is_some() {
        server::telemetry::init(false);
    }
    let server_url = server_url();
    let db_name = format!("ah_test_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&format!("{server_url}/postgres"))
        .await
        .expect("the test PostgreSQL answers at DATABASE_OWNER_URL (make test starts one)");
    ensure_runtime_role(&mut admin).await;
    admin
        .execute(
            format!(
                "CREATE DATABASE \"{db_name}\" ENCODING 'UTF8' LC_COLLATE '{locale}' \
                 LC_CTYPE '{locale}' TEMPLATE template0"
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
    std::fs::write(
        site_root.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("favicon");

    let runtime_server_url = runtime_server_url();
    let mut config = Config::from_lookup(|_| None).expect("defaults");
    config.database_url = format!("{runtime_server_url}/{db_name}");
    config.database_owner_url = Some(format!("{server_url}/{db_name}"));
    config.listen_addr = "127.0.0.1:0".parse().expect("address");
    config.database_acquire_timeout = Duration::from_millis(1000);
    config.database_max_connections = 4;
    adjust(&mut config);

    let leptos_options = LeptosOptions::builder()
        .output_name("alliance_hub")
        .site_root(site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .build();
    let app = Application::build(config.clone(), leptos_options.clone())
        .await
        .expect("the app starts");
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
    let db = PgPool::connect(&format!("{server_url}/{db_name}"))
        .await
        .expect("test pool");

    TestApp {
        address,
        client,
        db_name,
        server_url,
        runtime_server_url,
        db,
        site_root,
        config,
        leptos_options,
        shutdown: Some(shutdown),
        server,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// A call of the `set_language` server function as a form post with `body`, ready for
    /// more headers. One helper per server function lives here.
    pub fn set_language(&self, body: impl Into<String>) -> reqwest::RequestBuilder {
        self.client
            .post(self.url("/api/set_language"))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body.into())
    }

    pub async fn get_html(&self, path: &str) -> (reqwest::StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// A connection to the `postgres` database as the superuser, for cutting the app off.
    async fn admin(&self) -> PgConnection {
        PgConnection::connect(&format!("{}/postgres", self.server_url))
            .await
            .expect("admin")
    }

    /// Makes the database unreachable for the app: new connections are refused and the open
    /// ones are ended, as when the database server goes away.
    pub async fn cut_database(&self) {
        let mut admin = self.admin().await;
        admin
            .execute(
                format!(
                    "ALTER DATABASE \"{}\" ALLOW_CONNECTIONS false",
                    self.db_name
                )
                .as_str(),
            )
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
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
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
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element {marker} in the page"));
    let rest = &html[start..];
    let end = rest.find("</ul>").unwrap_or(rest.len());
    &rest[..end]
}

/// The password of every account the tests seed.
pub const TEST_PASSWORD: &str = "correct horse battery staple";

/// One argon2 hash of [`TEST_PASSWORD`] for every seeded account (hashing takes a while).
async fn test_password_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(hash) = HASH.get() {
        return hash.clone();
    }
    let hash = app::auth::hash_password(TEST_PASSWORD.to_owned())
        .await
        .expect("hash");
    HASH.get_or_init(|| hash).clone()
}

/// Where a redirect sends the browser; fails unless the answer is one.
pub fn redirect_target(response: &reqwest::Response) -> String {
    assert!(response.status().is_redirection(), "{}", response.status());
    response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("a location")
        .to_owned()
}

/// A browser of its own: its own cookie jar, never following redirects.
pub struct Browser {
    pub base: String,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
    pub client: reqwest::Client,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            base: base.to_owned(),
            jar,
            client,
        }
    }

    /// A browser that carries only `cookie` (as copied from another browser).
    pub fn with_cookie(base: &str, cookie: &str) -> Self {
        let browser = Self::new(base);
        let url: reqwest::Url = base.parse().expect("url");
        browser
            .jar
            .add_cookie_str(&format!("{cookie}; Path=/"), &url);
        browser
    }

    /// The `Cookie` header this browser sends: `name=value; ...`.
    pub fn cookies(&self) -> String {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = self.base.parse().expect("url");
        self.jar
            .cookies(&url)
            .and_then(|v| v.to_str().ok().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The session cookie, `alliance_hub_session=...`, if the browser holds one.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookies()
            .split("; ")
            .find(|c| c.starts_with("alliance_hub_session="))
            .map(str::to_owned)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get_html(&self, path: &str) -> (reqwest::StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// A page as a browser navigates to it, accepting HTML (what the form round trip's
    /// middleware answers with a refused form's echo).
    pub async fn navigate(&self, path: &str) -> (reqwest::StatusCode, String) {
        let response = self
            .client
            .get(self.url(path))
            .header("accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("request sent");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// A server function called as the page calls it (form-encoded, JSON answer).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// A server function posted as a plain HTML form from `referer`, as a browser does with
    /// JavaScript off (it accepts HTML and follows the redirect itself).
    pub async fn post_plain_form(
        &self,
        endpoint: &str,
        referer: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", self.url(referer))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// A sign-in from the client address `ip`, as a trusted proxy reports it in `X-Real-IP`
    /// (the app must be configured with that header).
    pub async fn sign_in_from(&self, ip: &str, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/sign_in"))
            .header("x-real-ip", ip)
            .form(&[("email", email), ("password", password), ("next", "/")])
            .send()
            .await
            .expect("request sent")
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.call(
            "sign_in",
            &[("email", email), ("password", password), ("next", "/")],
        )
        .await
    }

    /// Signs in with [`TEST_PASSWORD`] and insists it worked.
    pub async fn sign_in_ok(&self, email: &str) {
        let response = self.sign_in(email, TEST_PASSWORD).await;
        assert_eq!(
            response.status(),
            200,
            "{email} signs in: {}",
            response.text().await.unwrap_or_default()
        );
    }

    pub async fn sign_out(&self) -> reqwest::Response {
        self.call("sign_out", &[]).await
    }

    /// `get_current_user`: the signed-in user as JSON (`null` for nobody).
    pub async fn current_user(&self) -> serde_json::Value {
        let response = self.get("/api/get_current_user").await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("json")
    }

    pub async fn change_password(&self, current: &str, new: &str) -> reqwest::Response {
        self.call(
            "change_password",
            &[
                ("current_password", current),
                ("new_password", new),
                ("confirm_password", new),
            ],
        )
        .await
    }

    pub async fn list_accounts(&self) -> reqwest::Response {
        self.get("/api/list_accounts").await
    }

    pub async fn set_account_status(&self, user_id: i64, active: bool) -> reqwest::Response {
        let id = user_id.to_string();
        self.call(
            "set_account_status",
            &[
                ("user_id", &id),
                ("active", if active { "true" } else { "false" }),
            ],
        )
        .await
    }
}

impl TestApp {
    /// A second instance of the app on this test's database; it stops when dropped.
    pub async fn another_instance(&self) -> Instance {
        let app = Application::build(self.config.clone(), self.leptos_options.clone())
            .await
            .expect("the second instance starts");
        let address = format!("http://{}", app.local_addr());
        let (shutdown, stop) = oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = stop.await;
        }));
        Instance {
            address,
            _shutdown: shutdown,
        }
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.address)
    }

    /// A firm, as the owner role; `first17` gets its check character appended.
    pub async fn seed_firm(&self, name: &str, first17: &str, city: &str, status: &str) -> i64 {
        let code = app::domain::credit_code::CreditCode::complete(first17).expect("17 characters");
        sqlx::query_scalar("INSERT INTO firms (name, credit_code, city_code, status) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(name)
            .bind(code.as_str())
            .bind(city)
            .bind(status)
            .fetch_one(&self.db)
            .await
            .expect("seed firm")
    }

    /// A user with [`TEST_PASSWORD`]: `role` is admin, official (with `city`) or firm_rep (with `firm`).
    pub async fn seed_user(
        &self,
        email: &str,
        name: &str,
        role: &str,
        city: Option<&str>,
        firm: Option<i64>,
    ) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, role, city_code, firm_id)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(email)
        .bind(name)
        .bind(test_password_hash().await)
        .bind(role)
        .bind(city)
        .bind(firm)
        .fetch_one(&self.db)
        .await
        .expect("seed user")
    }

    /// 李伟, an official of Deyang, `li.wei@deyang.example.cn`: the user most tests need.
    pub async fn seed_deyang_official(&self) -> i64 {
        self.seed_user(
            "li.wei@deyang.example.cn",
            "李伟",
            "official",
            Some("deyang"),
            None,
        )
        .await
    }

    /// A pool on the test's database as the runtime role, as the app connects.
    pub async fn runtime_db(&self) -> PgPool {
        PgPool::connect(&format!("{}/{}", self.runtime_server_url, self.db_name))
            .await
            .expect("runtime pool")
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db)
            .await
            .expect("count")
    }
}
