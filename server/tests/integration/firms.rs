//! Firms registering themselves, their city's approval, and the inbox messages on the way.

use app::domain::credit_code::CreditCode;

use crate::helpers::{Browser, TEST_PASSWORD, TestApp, spawn_app};

fn code(first17: &str) -> String {
    CreditCode::complete(first17)
        .expect("17 characters")
        .as_str()
        .to_owned()
}

async fn register(
    browser: &Browser,
    firm: &str,
    credit_code: &str,
    city: &str,
    email: &str,
) -> reqwest::Response {
    browser
        .call(
            "register_firm",
            &[
                ("firm_name", firm),
                ("credit_code", credit_code),
                ("city", city),
                ("kind", "manufacturer"),
                ("rep_name", "赵强"),
                ("email", email),
                ("password", TEST_PASSWORD),
                ("confirm_password", TEST_PASSWORD),
            ],
        )
        .await
}

async fn firm_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM firms WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db)
        .await
        .expect("firm")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_waits_for_its_city_whose_officials_are_told_and_whose_approval_reaches_the_firm()
 {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let visitor = app.browser();
    let code = code("91510600MA6REGA01");
    let response = register(
        &visitor,
        "德阳东方精密传动有限公司",
        &code,
        "deyang",
        "zhao.qiang@dongfang.example.cn",
    )
    .await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
    assert_eq!(
        app.count("SELECT count(*) FROM firms WHERE status = 'pending'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'firm_registered'")
            .await,
        1
    );

    // The representative can sign in; the firm is pending.
    let rep = app.browser();
    rep.sign_in_ok("zhao.qiang@dongfang.example.cn").await;
    assert_eq!(
        rep.current_user().await["firm_name"],
        "德阳东方精密传动有限公司"
    );
    assert_eq!(rep.get("/api/list_pending_firms").await.status(), 403);

    // Deyang's official sees it in the queue, with the region digits, and in the inbox.
    let official = app.browser();
    official.sign_in_ok("li.wei@deyang.example.cn").await;
    assert_eq!(official.current_user().await["unread_notifications"], 1);
    let queue: serde_json::Value = official
        .get("/api/list_pending_firms")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(queue[0]["region_code"], "510600");
    assert_eq!(queue[0]["city"]["zh"], "德阳");
    let inbox: serde_json::Value = official
        .get("/api/list_notifications")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(inbox[0]["kind"], "firm_registered");

    let id = firm_id(&app, "德阳东方精密传动有限公司").await;
    let response = official
        .call("approve_firm", &[("firm_id", &id.to_string())])
        .await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
    assert_eq!(
        app.count("SELECT count(*) FROM firms WHERE status = 'approved'")
            .await,
        1
    );
    // Decided once: a second decision is a conflict.
    assert_eq!(
        official
            .call(
                "reject_firm",
                &[("firm_id", &id.to_string()), ("reason", "late")]
            )
            .await
            .status(),
        409
    );

    // The representative reads it and marks it read.
    let inbox: serde_json::Value = rep
        .get("/api/list_notifications")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(inbox[0]["kind"], "firm_approved");
    assert_eq!(rep.current_user().await["unread_notifications"], 1);
    let note = inbox[0]["id"].as_i64().expect("id").to_string();
    assert_eq!(
        rep.call("mark_notification_read", &[("id", &note)])
            .await
            .status(),
        200
    );
    assert_eq!(rep.current_user().await["unread_notifications"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_squatters_pending_registration_does_not_block_the_real_firm() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let code = code("91510600MA6REGB02");
    let squatter = register(
        &app.browser(),
        "假冒东方有限公司",
        &code,
        "deyang",
        "squatter@example.cn",
    )
    .await;
    assert_eq!(squatter.status(), 200);
    let real = register(
        &app.browser(),
        "德阳东方精密传动有限公司",
        &code,
        "deyang",
        "real@dongfang.example.cn",
    )
    .await;
    assert_eq!(real.status(), 200, "the same code may be pending twice");

    let official = app.browser();
    official.sign_in_ok("li.wei@deyang.example.cn").await;
    let real_id = firm_id(&app, "德阳东方精密传动有限公司").await;
    assert_eq!(
        official
            .call("approve_firm", &[("firm_id", &real_id.to_string())])
            .await
            .status(),
        200
    );
    // Approving a second firm with an approved code is refused.
    let squatter_id = firm_id(&app, "假冒东方有限公司").await;
    let refused = official
        .call("approve_firm", &[("firm_id", &squatter_id.to_string())])
        .await;
    assert_eq!(refused.status(), 409);
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("credit_code_taken")
    );
    let reason = [
        ("firm_id", squatter_id.to_string()),
        ("reason", "信用代码属于另一家企业".to_owned()),
    ];
    let form: Vec<(&str, &str)> = reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(official.call("reject_firm", &form).await.status(), 200);
    let inbox: serde_json::Value = {
        let squatter = app.browser();
        squatter.sign_in_ok("squatter@example.cn").await;
        squatter
            .get("/api/list_notifications")
            .await
            .json()
            .await
            .expect("json")
    };
    assert_eq!(inbox[0]["kind"], "firm_rejected");
    assert_eq!(inbox[0]["reason"], "信用代码属于另一家企业");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_with_a_bad_code_a_taken_email_or_a_weak_password_is_refused_with_the_field()
{
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    let mut bad = code("91510600MA6REGC03");
    bad.replace_range(17..18, if bad.ends_with('0') { "1" } else { "0" });
    for (credit_code, email, field, expected) in [
        (
            bad.as_str(),
            "a@example.cn",
            "credit_code",
            "credit_code_check",
        ),
        (
            "91510600MA6REGC0",
            "a@example.cn",
            "credit_code",
            "credit_code_length",
        ),
        (
            &code("91510600MA6REGC04"),
            "li.wei@deyang.example.cn",
            "email",
            "email_taken",
        ),
    ] {
        let response = register(&browser, "某某机器人有限公司", credit_code, "deyang", email).await;
        assert_eq!(response.status(), 422, "{expected}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["Validation"]["field"], field);
        assert_eq!(body["Validation"]["code"], expected);
    }
    let weak = browser
        .call(
            "register_firm",
            &[
                ("firm_name", "某某机器人有限公司"),
                ("credit_code", &code("91510600MA6REGC05")),
                ("city", "deyang"),
                ("kind", "manufacturer"),
                ("rep_name", "赵强"),
                ("email", "b@example.cn"),
                ("password", "Deyang@2025"),
                ("confirm_password", "Deyang@2025"),
            ],
        )
        .await;
    let body: serde_json::Value = weak.json().await.expect("json");
    assert_eq!(body["Validation"]["code"], "password_common");
    assert_eq!(
        app.count("SELECT count(*) FROM firms").await,
        0,
        "nothing written"
    );
    assert_eq!(app.count("SELECT count(*) FROM users").await, 1);
}

/// Without JavaScript a refused registration comes back to the form with everything typed but
/// the passwords, kept in this browser's session only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_registration_without_javascript_keeps_what_was_typed() {
    let app = spawn_app().await;
    let visitor = app.browser();
    let bad_code = "91510600MA6REGX0Z";
    let response = visitor
        .post_plain_form(
            "register_firm",
            "/register",
            &[
                ("firm_name", "德阳无脚本精工有限公司"),
                ("credit_code", bad_code),
                ("city", "deyang"),
                ("kind", "integrator"),
                ("rep_name", "孙无忌"),
                ("email", "sun.wuji@example.cn"),
                ("password", TEST_PASSWORD),
                ("confirm_password", TEST_PASSWORD),
            ],
        )
        .await;
    let back = crate::helpers::redirect_target(&response);
    assert!(
        back.starts_with("/register") || back.contains("/register?"),
        "{back}"
    );
    // The browser follows the redirect to the address that carries the refusal.
    let html_get = |browser: &crate::helpers::Browser, path: String| {
        let request = browser
            .client
            .get(browser.url(&path))
            .header("accept", "text/html,application/xhtml+xml");
        async move {
            request
                .send()
                .await
                .expect("sent")
                .text()
                .await
                .expect("body")
        }
    };
    let back_path = back.strip_prefix(&visitor.base).unwrap_or(&back).to_owned();
    let page = html_get(&visitor, back_path.clone()).await;
    for typed in [
        "德阳无脚本精工有限公司",
        bad_code,
        "孙无忌",
        "sun.wuji@example.cn",
    ] {
        assert!(page.contains(typed), "{typed} is kept");
    }
    assert!(
        page.contains(r#"value="integrator" selected"#),
        "the kind is kept"
    );
    assert!(
        !page.contains(TEST_PASSWORD),
        "a password is never shown again"
    );
    // Kept only for the page that shows the refusal: once this browser goes elsewhere the
    // typed values are forgotten, and no other browser ever sees them.
    let (_, other) = app.browser().get_html(&back_path).await;
    assert!(!other.contains("孙无忌"));
    let _ = html_get(&visitor, "/".to_owned()).await;
    let again = html_get(&visitor, back_path).await;
    assert!(!again.contains("孙无忌"));
    assert_eq!(app.count("SELECT count(*) FROM firms").await, 0);
}
