//! Signing in and out, and the life of a session: its id, its end on the server (which a
//! record written back by a request in flight cannot undo), the end of every session of a user
//! at once, the idle and absolute timeouts, and the cleanup task.

use std::time::Duration;

use crate::helpers::{Browser, TEST_PASSWORD, spawn_app, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_shows_the_user_and_the_session_id_changes_leaving_the_old_one_worthless() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();

    // A failed attempt gives this browser a session (it remembers the email typed).
    let failed = browser
        .sign_in("li.wei@deyang.example.cn", "wrong password!")
        .await;
    assert_eq!(failed.status(), 422);
    let before = browser.session_cookie().expect("a session before sign-in");

    browser.sign_in_ok("Li.Wei@Deyang.Example.CN ").await;
    let after = browser.session_cookie().expect("a session after sign-in");
    assert_ne!(before, after, "the session id changes at sign-in");
    let user = browser.current_user().await;
    assert_eq!(user["display_name"], "李伟");
    assert_eq!(user["city"]["zh"], "德阳");

    // The id from before sign-in is worth nothing now.
    let planted = Browser::with_cookie(&app.address, &before);
    assert!(planted.current_user().await.is_null());
    let stale_rows = app.count("SELECT count(*) FROM sessions").await;
    assert_eq!(stale_rows, 1, "only the signed-in session is stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_http_only_and_same_site_lax_and_not_secure_on_localhost() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let response = app
        .browser()
        .sign_in("li.wei@deyang.example.cn", TEST_PASSWORD)
        .await;
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("alliance_hub_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_the_cookie_is_secure_with_the_host_prefix_and_responses_carry_hsts() {
    let app = spawn_app_with(|c| c.https = true).await;
    app.seed_deyang_official().await;
    let response = app
        .browser()
        .sign_in("li.wei@deyang.example.cn", TEST_PASSWORD)
        .await;
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_some(),
        "HSTS on a server-function response"
    );
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-alliance_hub_session="))
        .expect("a __Host- session cookie")
        .to_owned();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    let page = app.get("/").await;
    assert!(
        page.headers().get("strict-transport-security").is_some(),
        "HSTS on a page"
    );

    let plain = spawn_app().await;
    assert!(
        plain
            .get("/")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none(),
        "no HSTS without HTTPS"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sign_out_the_old_cookie_gets_nothing_and_the_session_is_gone_from_the_server() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    browser.sign_in_ok("li.wei@deyang.example.cn").await;
    let cookie = browser.session_cookie().expect("session");
    assert_eq!(app.count("SELECT count(*) FROM sessions").await, 1);

    let response = browser.sign_out().await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        app.count("SELECT count(*) FROM sessions").await,
        0,
        "deleted on the server"
    );

    let replay = Browser::with_cookie(&app.address, &cookie);
    assert!(replay.current_user().await.is_null());
    assert_eq!(replay.list_accounts().await.status(), 401);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'sign_out'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_record_written_back_after_sign_out_stays_signed_out() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    browser.sign_in_ok("li.wei@deyang.example.cn").await;
    let cookie = browser.session_cookie().expect("session");
    // What a request still in flight holds, and may save back after sign-out deleted it.
    let (id, data, expiry): (String, Vec<u8>, chrono::DateTime<chrono::Utc>) =
        sqlx::query_as("SELECT id, data, expiry_date FROM sessions")
            .fetch_one(&app.db)
            .await
            .expect("the session record");

    assert!(browser.sign_out().await.status().is_success());
    sqlx::query("INSERT INTO sessions (id, data, expiry_date) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(&data)
        .bind(expiry)
        .execute(&app.db)
        .await
        .expect("write the record back");

    let replay = Browser::with_cookie(&app.address, &cookie);
    assert!(
        replay.current_user().await.is_null(),
        "signed out stays signed out"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM sessions").await,
        0,
        "the revived record is ended"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_email_and_a_wrong_password_get_identical_answers() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;

    let wrong = app
        .browser()
        .sign_in("li.wei@deyang.example.cn", "not the password")
        .await;
    let unknown = app
        .browser()
        .sign_in("nobody@deyang.example.cn", "not the password")
        .await;
    assert_eq!(wrong.status(), unknown.status());
    assert_eq!(wrong.status(), 422);
    let wrong = wrong.text().await.expect("body");
    let unknown = unknown.text().await.expect("body");
    assert_eq!(wrong, unknown);
    assert!(wrong.contains("wrong_credentials"), "{wrong}");
    // Both are in the audit trail, the known account's with its id.
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'")
            .await,
        2
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND entity_id IS NOT NULL AND actor_user_id IS NULL").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_an_account_ends_its_other_live_sessions_at_once() {
    let app = spawn_app().await;
    let firm = app
        .seed_firm(
            "德阳东方精密传动有限公司",
            "91510600MA6TEXT01",
            "deyang",
            "approved",
        )
        .await;
    let rep = app
        .seed_user(
            "zhao.qiang@dongfang.example.cn",
            "赵强",
            "firm_rep",
            None,
            Some(firm),
        )
        .await;
    app.seed_deyang_official().await;

    let rep_phone = app.browser();
    let rep_desk = app.browser();
    rep_phone.sign_in_ok("zhao.qiang@dongfang.example.cn").await;
    rep_desk.sign_in_ok("zhao.qiang@dongfang.example.cn").await;
    assert_eq!(rep_desk.current_user().await["display_name"], "赵强");

    let official = app.browser();
    official.sign_in_ok("li.wei@deyang.example.cn").await;
    let response = official.set_account_status(rep, false).await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );

    for browser in [&rep_phone, &rep_desk] {
        assert!(
            browser.current_user().await.is_null(),
            "the disabled account's session ended"
        );
        assert_eq!(browser.list_accounts().await.status(), 401);
    }
    // And it cannot sign in again; with the right password it is told why.
    let again = app
        .browser()
        .sign_in("zhao.qiang@dongfang.example.cn", TEST_PASSWORD)
        .await;
    assert_eq!(again.status(), 422);
    assert!(
        again
            .text()
            .await
            .expect("body")
            .contains("account_disabled")
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'account_disabled'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_ends_the_other_sessions_but_not_this_one() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let desk = app.browser();
    let phone = app.browser();
    desk.sign_in_ok("li.wei@deyang.example.cn").await;
    phone.sign_in_ok("li.wei@deyang.example.cn").await;

    // The current password is required.
    let refused = desk
        .change_password("a wrong guess", "a brand new passphrase")
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("wrong_password")
    );
    assert!(
        !phone.current_user().await.is_null(),
        "a refused change ends nothing"
    );

    let response = desk
        .change_password(TEST_PASSWORD, "a brand new passphrase")
        .await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
    assert!(
        phone.current_user().await.is_null(),
        "the other session ended"
    );
    assert_eq!(
        desk.current_user().await["display_name"],
        "李伟",
        "this session carries on"
    );

    assert_eq!(
        app.browser()
            .sign_in("li.wei@deyang.example.cn", TEST_PASSWORD)
            .await
            .status(),
        422
    );
    assert_eq!(
        app.browser()
            .sign_in("li.wei@deyang.example.cn", "a brand new passphrase")
            .await
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_password_must_be_10_to_128_characters_and_typed_twice_alike() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    browser.sign_in_ok("li.wei@deyang.example.cn").await;
    let short = browser.change_password(TEST_PASSWORD, "short").await;
    assert_eq!(short.status(), 422);
    let body = short.text().await.expect("body");
    assert!(
        body.contains("new_password") && body.contains("password_too_short"),
        "{body}"
    );
    let differ = browser
        .call(
            "change_password",
            &[
                ("current_password", TEST_PASSWORD),
                ("new_password", "one new passphrase"),
                ("confirm_password", "another one"),
            ],
        )
        .await;
    assert!(
        differ
            .text()
            .await
            .expect("body")
            .contains("passwords_differ")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_pages_extends_the_idle_timeout() {
    let app = spawn_app_with(|c| {
        c.session_idle_timeout = Duration::from_millis(1500);
        c.session_absolute_lifetime = Duration::from_secs(60);
    })
    .await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    browser.sign_in_ok("li.wei@deyang.example.cn").await;

    // Three reads 0.9 s apart: 2.7 s in all, well past the 1.5 s idle timeout.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(900)).await;
        let (status, _) = browser.get_html("/").await;
        assert_eq!(status, 200);
    }
    assert!(
        !browser.current_user().await.is_null(),
        "still signed in while reading"
    );

    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert!(
        browser.current_user().await.is_null(),
        "idle for longer than the timeout: signed out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_absolute_lifetime_is_not_extended_by_activity() {
    let app = spawn_app_with(|c| {
        c.session_idle_timeout = Duration::from_secs(60);
        c.session_absolute_lifetime = Duration::from_millis(2500);
    })
    .await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    browser.sign_in_ok("li.wei@deyang.example.cn").await;
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert!(
            !browser.current_user().await.is_null(),
            "active and within the lifetime"
        );
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        browser.current_user().await.is_null(),
        "past the absolute lifetime despite activity"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cleanup_task_deletes_expired_sessions_and_survives_database_errors() {
    let app = spawn_app_with(|c| c.session_cleanup_interval = Duration::from_millis(200)).await;
    let insert_expired = "INSERT INTO sessions (id, data, expiry_date) VALUES ($1, '\\x80', now() - interval '1 minute')";

    sqlx::query(insert_expired)
        .bind("expired-1")
        .execute(&app.db)
        .await
        .expect("insert");
    wait_for_no_sessions(&app).await;

    // The database goes away for a while: the task's rounds fail, and it carries on.
    app.cut_database().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.restore_database().await;
    let db = sqlx::PgPool::connect(&format!("{}/{}", app.server_url, app.db_name))
        .await
        .expect("owner pool");
    sqlx::query(insert_expired)
        .bind("expired-2")
        .execute(&db)
        .await
        .expect("insert");
    sqlx::query("INSERT INTO sessions (id, data, expiry_date) VALUES ('live', '\\x80', now() + interval '1 hour')")
        .execute(&db)
        .await
        .expect("insert");
    wait_for_no_sessions_but(&db, "live").await;
}

async fn wait_for_no_sessions(app: &crate::helpers::TestApp) {
    wait_for_no_sessions_but(&app.db, "").await;
}

async fn wait_for_no_sessions_but(db: &sqlx::PgPool, keep: &str) {
    for _ in 0..50 {
        let left: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions ORDER BY id")
            .fetch_all(db)
            .await
            .unwrap_or_default();
        if left.iter().all(|id| id == keep) && (keep.is_empty() || left.len() == 1) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expired sessions were not deleted");
}
