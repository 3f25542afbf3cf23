//! Accounts from the outside: the sign-in page without JavaScript, what a crafted link can and
//! cannot put on a page, the status of each error kind, caching for signed-in users, cross-site
//! refusal of account changes, and the audit trail's grants.

use crate::helpers::{TEST_PASSWORD, spawn_app};

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
        for _ in chunk.len()..3 {
            out.push('=');
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_a_wrong_password_comes_back_with_the_message_and_the_email_typed() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();

    // A plain form post, as the browser sends it with JavaScript off.
    let response = browser
        .post_plain_form(
            "sign_in",
            "/signin",
            &[
                ("email", "li.wei@deyang.example.cn"),
                ("password", "not the password"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(location.contains("/signin"), "{location}");

    let path = location.trim_start_matches(&app.address);
    let (status, html) = browser.get_html(path).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("邮箱或密码不正确"),
        "the localized message is shown"
    );
    assert!(
        html.contains(r#"value="li.wei@deyang.example.cn""#),
        "the email typed is kept"
    );
    // Another browser does not get this browser's email.
    let (_, other) = app.browser().get_html("/signin").await;
    assert!(!other.contains("li.wei@deyang.example.cn"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_a_good_sign_in_goes_to_the_next_page_signed_in() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    let response = browser
        .post_plain_form(
            "sign_in",
            "/signin?next=/account",
            &[
                ("email", "li.wei@deyang.example.cn"),
                ("password", TEST_PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/account");
    let (status, html) = browser.get_html("/account").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("李伟") && html.contains("德阳"),
        "the header and the page show the user and city"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crafted_error_in_the_address_never_puts_its_own_words_on_the_page() {
    let app = spawn_app().await;
    for error in [
        r#"{"Validation":{"field":"credentials","code":"PHISHING call 400-000-0000"}}"#,
        r#"{"Conflict":{"code":"PHISHING call 400-000-0000"}}"#,
        r#"{"Validation":{"field":"PHISHING call 400-000-0000","code":"wrong_credentials"}}"#,
    ] {
        let path = format!(
            "/signin?__path=/api/sign_in&__err={}",
            base64url(error.as_bytes())
        );
        let (status, html) = app.get_html(&path).await;
        assert_eq!(status, 200);
        assert!(
            !html.contains("PHISHING"),
            "crafted words reached the page: {error}"
        );
        assert!(!html.contains("400-000-0000"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_error_kind_has_its_status() {
    let app = spawn_app().await;
    let firm = app
        .seed_firm(
            "眉山新材磁业有限公司",
            "91511400MA6TEXT02",
            "meishan",
            "approved",
        )
        .await;
    let rep = app
        .seed_user(
            "sun.li@xincai.example.cn",
            "孙丽",
            "firm_rep",
            None,
            Some(firm),
        )
        .await;
    let colleague = app
        .seed_user("qian@xincai.example.cn", "钱", "firm_rep", None, Some(firm))
        .await;
    app.seed_deyang_official().await;

    // Unauthenticated: 401 for the function and for the page, which offers to sign in.
    let anonymous = app.browser();
    assert_eq!(anonymous.list_accounts().await.status(), 401);
    let (status, html) = anonymous.get_html("/accounts").await;
    assert_eq!(status, 401);
    assert!(
        html.contains("/signin?next=/accounts"),
        "a link to sign in and come back"
    );

    // Forbidden: a representative may see a colleague but not disable them.
    let browser = app.browser();
    browser.sign_in_ok("sun.li@xincai.example.cn").await;
    assert_eq!(
        browser.set_account_status(colleague, false).await.status(),
        403
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'access_refused'")
            .await,
        1
    );
    // Not found: out of their sight, or not there at all.
    let official = app.browser();
    official.sign_in_ok("li.wei@deyang.example.cn").await;
    assert_eq!(official.set_account_status(rep, false).await.status(), 404);
    assert_eq!(
        official.set_account_status(999_999, false).await.status(),
        404
    );
    // Validation: 422 with the field and its code.
    let response = official
        .call(
            "set_account_status",
            &[("user_id", "seven"), ("active", "false")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["Validation"]["field"], "user_id");
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE status = 'disabled'")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_to_signed_in_users_are_never_cached() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    assert!(
        browser
            .get("/")
            .await
            .headers()
            .get("cache-control")
            .is_none(),
        "a visitor's page may be cached"
    );
    browser.sign_in_ok("li.wei@deyang.example.cn").await;
    for path in [
        "/",
        "/account",
        "/api/get_current_user",
        "/api/list_accounts",
        "/no-such-page",
    ] {
        let response = browser.get(path).await;
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap_or("")),
            Some("no-store"),
            "{path}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_origin_post_to_an_account_function_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.seed_user("admin@alliance.example.cn", "陈静", "admin", None, None)
        .await;
    let target = app
        .seed_user(
            "li.wei@deyang.example.cn",
            "李伟",
            "official",
            Some("deyang"),
            None,
        )
        .await;
    let admin = app.browser();
    admin.sign_in_ok("admin@alliance.example.cn").await;

    let response = admin
        .client
        .post(admin.url("/api/set_account_status"))
        .header("origin", "https://evil.example.com")
        .form(&[
            ("user_id", target.to_string().as_str()),
            ("active", "false"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE status = 'disabled'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'account_disabled'")
            .await,
        0
    );
    // The same call from the site itself works.
    assert_eq!(admin.set_account_status(target, false).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runtime_role_can_add_and_read_audit_rows_but_never_change_or_delete_them() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    // The app runs as the runtime role: its sign-in writes an audit row.
    app.browser().sign_in_ok("li.wei@deyang.example.cn").await;
    let runtime = app.runtime_db().await;
    let role: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&runtime)
        .await
        .expect("role");
    assert_eq!(role, "alliance_hub_app");
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'sign_in'")
        .fetch_one(&runtime)
        .await
        .expect("read");
    assert_eq!(rows, 1);

    for statement in [
        "UPDATE audit_log SET action = 'tampered'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let err = sqlx::query(statement)
            .execute(&runtime)
            .await
            .expect_err("refused");
        let code = err
            .as_database_error()
            .and_then(|e| e.code())
            .map(|c| c.into_owned());
        assert_eq!(code.as_deref(), Some("42501"), "{statement}: {err}");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weak_or_common_new_password_is_refused_with_the_reason() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    browser.sign_in_ok("li.wei@deyang.example.cn").await;
    for (password, code) in [
        ("Deyang@2025", "password_common"),
        ("1qaz2wsx3edc", "password_common"),
        ("zhangwei1988", "password_common"),
        ("aaaaaaaaaaaa", "password_too_guessable"),
        ("li.wei@deyang.example.cn", "password_too_guessable"),
    ] {
        let response = browser.change_password(TEST_PASSWORD, password).await;
        assert_eq!(response.status(), 422, "{password}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["Validation"]["field"], "new_password", "{password}");
        assert_eq!(body["Validation"]["code"], code, "{password}");
    }
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'password_changed'")
            .await,
        0
    );
    // The page words the reason in the reader's language.
    let (_, html) = browser
        .get_html(&format!(
            "/account?__path=/api/change_password&__err={}",
            base64url(br#"{"Validation":{"field":"new_password","code":"password_common"}}"#)
        ))
        .await;
    assert!(html.contains("这是常见密码"), "the reason in Chinese");
}
