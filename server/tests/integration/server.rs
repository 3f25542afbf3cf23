//! What the server does around the pages: static files, compression, limits, shutdown.

use crate::helpers::{spawn_app, spawn_app_with};
use reqwest::{StatusCode, header};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_assets_are_cached_for_a_year_and_immutable() {
    let app = spawn_app().await;
    let response = app.get("/pkg/alliance_hub.0123456789abcdef.css").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // A page is never cached that way.
    let page = app.get("/").await;
    assert_ne!(
        page.headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap_or_default()),
        Some("public, max-age=31536000, immutable")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_static_files_are_served_from_the_site_root() {
    let app = spawn_app().await;
    let response = app.get("/favicon.svg").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.expect("body").starts_with("<svg"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_assets_are_compressed_for_clients_that_accept_it() {
    let app = spawn_app().await;
    for (path, encoding) in [
        ("/", "br"),
        ("/", "gzip"),
        ("/pkg/alliance_hub.0123456789abcdef.css", "gzip"),
    ] {
        let response = app
            .client
            .get(app.url(path))
            .header(header::ACCEPT_ENCODING, encoding)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_ENCODING],
            encoding,
            "{path}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_body_over_the_limit_is_refused_with_413() {
    let app = spawn_app_with(|config| config.request_body_limit = 64 * 1024).await;
    let body = format!("lang=en&next=%2F{}", "a".repeat(128 * 1024));
    let response = app
        .set_language(body)
        // The server closes a connection whose body it refused; do not offer it for reuse.
        .header(header::CONNECTION, "close")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Under the limit the same function answers (a script's call gets 200; only a plain form
    // post, which accepts HTML, is answered with a redirect).
    let response = app
        .set_language("lang=en&next=%2F")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap_or_default()
            .starts_with("lang=en;")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_stops_cleanly_when_told_to_shut_down() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let address = app.address.clone();
    app.shut_down().await.expect("a clean stop");
    assert!(
        reqwest::get(format!("{address}/healthz")).await.is_err(),
        "nothing listens any more"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_migrations_seed_the_four_founding_cities_and_guard_their_codes() {
    let app = spawn_app().await;
    let codes: Vec<(String, String)> =
        sqlx::query_as("SELECT code, role FROM cities ORDER BY sort_order")
            .fetch_all(&app.db)
            .await
            .expect("cities");
    let expected = [
        ("chengdu", "rd_hub"),
        ("deyang", "manufacturing"),
        ("meishan", "manufacturing"),
        ("ziyang", "manufacturing"),
    ];
    assert_eq!(
        codes
            .iter()
            .map(|(c, r)| (c.as_str(), r.as_str()))
            .collect::<Vec<_>>(),
        expected
    );
    let bad = sqlx::query("INSERT INTO cities (code, name_zh, name_en, role) VALUES ('Bad Code', '坏', 'Bad', 'manufacturing')")
        .execute(&app.db)
        .await;
    assert!(bad.is_err(), "the database refuses a malformed code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let page = app.get("/").await;
    let not_found = app.get("/no/such/page").await;
    let asset = app.get("/pkg/alliance_hub.0123456789abcdef.css").await;
    let file = app.get("/favicon.svg").await;
    let probe = app.get("/healthz").await;
    let server_fn = app
        .set_language("lang=xx&next=%2F")
        .send()
        .await
        .expect("sent");
    app.cut_database().await;
    let error_page = app.get("/").await;
    assert_eq!(error_page.status(), StatusCode::INTERNAL_SERVER_ERROR);

    for (what, response) in [
        ("page", &page),
        ("404", &not_found),
        ("hashed asset", &asset),
        ("static file", &file),
        ("probe", &probe),
        ("server function error", &server_fn),
        ("error page", &error_page),
    ] {
        let h = response.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{what}"
        );
        assert_eq!(h["cross-origin-opener-policy"], "same-origin", "{what}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_allows_only_the_scripts_that_carry_its_own_nonce() {
    let app = spawn_app().await;
    let nonce_of = |html: &str| -> String {
        let start = html
            .find("nonce=\"")
            .expect("the hydration script has a nonce")
            + 7;
        html[start..]
            .split('"')
            .next()
            .expect("closing quote")
            .to_owned()
    };

    let mut nonces = Vec::new();
    for path in ["/", "/no/such/page"] {
        let response = app.get(path).await;
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii")
            .to_owned();
        let html = response.text().await.expect("body");
        let nonce = nonce_of(&html);
        assert!(
            csp.contains(&format!(
                "script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"
            )),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        for directive in [
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive}");
        }
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "every response has its own nonce");

    for path in [
        "/healthz",
        "/pkg/alliance_hub.0123456789abcdef.css",
        "/api/list_cities",
    ] {
        let response = app.get(path).await;
        assert_eq!(
            response.headers()[header::CONTENT_SECURITY_POLICY],
            server::security::NON_PAGE_CSP,
            "{path}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_hashed_asset_is_not_cached() {
    let app = spawn_app().await;
    let response = app.get("/pkg/alliance_hub.doesnotexist.wasm").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.headers().get(header::CACHE_CONTROL).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_pages_each_carry_the_nonce_of_their_own_scripts() {
    let app = spawn_app().await;
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..48 {
        let path = if i % 3 == 0 { "/no/such/page" } else { "/" };
        let lang = if i % 2 == 0 { "lang=en" } else { "lang=zh-CN" };
        let request = app.client.get(app.url(path)).header("cookie", lang);
        requests.spawn(async move {
            let response = request.send().await.expect("sent");
            let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("ascii")
                .to_owned();
            let html = response.text().await.expect("body");
            let start = html.find("nonce=\"").expect("a nonce in the page") + 7;
            let nonce = html[start..].split('"').next().expect("quote").to_owned();
            (csp, nonce)
        });
    }
    while let Some(result) = requests.join_next().await {
        let (csp, nonce) = result.expect("request task");
        assert!(
            csp.contains(&format!("'nonce-{nonce}'")),
            "{csp} does not name {nonce}"
        );
    }
}

/// A database that applied the accounts migration in the form it had while edited after landing
/// (with the firm's kind in it) still starts: its recorded checksum is repaired, and the firm-kind
/// migration finds the column there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_migrated_with_the_edited_accounts_migration_still_migrates() {
    let app = spawn_app().await;
    let edited = "49d47f0a4b6bab7de48e1839876fe83bf7b7640b82ae007a5ad86be2e3b2310585375ebef66ff8689f17d1c74cf3e59b";
    sqlx::raw_sql(&format!(
        "UPDATE _sqlx_migrations SET checksum = decode('{edited}', 'hex') WHERE version = 20261122000000;
         DELETE FROM _sqlx_migrations WHERE version = 20261122000400"
    ))
    .execute(&app.db)
    .await
    .expect("as migrated before the repair");
    server::startup::migrate(&app.db)
        .await
        .expect("the migrations run");
    let landed: String = sqlx::query_scalar(
        "SELECT encode(checksum, 'hex') FROM _sqlx_migrations WHERE version = 20261122000000",
    )
    .fetch_one(&app.db)
    .await
    .expect("checksum");
    assert_eq!(
        landed,
        "edd0bb3475b370ee7cca6873f5ddc35fb1e4a27fedf01d87b1eb36a72713f7e6238e2a97ea4c235a286cf43d536fcd1b"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM _sqlx_migrations WHERE version = 20261122000400")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM pg_constraint WHERE conname = 'firms_kind_check'")
            .await,
        1
    );
}
