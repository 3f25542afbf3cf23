//! One-time links: invitations of officials, colleagues added to a firm, password resets, and a
//! firm's only representative replaced. A link works once, not after it expires, not after a
//! newer one replaced it; using a reset ends every session of the account.

use sha2::{Digest, Sha256};

use crate::helpers::{Browser, TEST_PASSWORD, TestApp, spawn_app};

/// A password the strength rules accept, different from the seeded one.
const NEW_PASSWORD: &str = "violet tractor sings at dawn";

/// The token of an issued link, from the answer of the call that issued it.
async fn issued_token(response: reqwest::Response) -> (String, serde_json::Value) {
    let status = response.status();
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(status, 200, "link issued: {body}");
    let path = body["path"].as_str().expect("path");
    let token = path
        .strip_prefix("/link/")
        .expect("a /link/ path")
        .to_owned();
    (token, body)
}

async fn use_link(browser: &Browser, token: &str, password: &str) -> reqwest::Response {
    browser
        .call(
            "set_password_by_link",
            &[
                ("token", token),
                ("password", password),
                ("confirm_password", password),
            ],
        )
        .await
}

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    (status, body)
}

async fn seed_admin(app: &TestApp) -> i64 {
    app.seed_user("admin@example.cn", "秘书处", "admin", None, None)
        .await
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.db)
        .await
        .expect("user")
}

async fn invite(admin: &Browser, name: &str, email: &str, city: &str) -> reqwest::Response {
    admin
        .call(
            "invite_official",
            &[("display_name", name), ("email", email), ("city", city)],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_official_sets_a_password_through_the_link_once_and_signs_in() {
    let app = spawn_app().await;
    seed_admin(&app).await;
    let admin = app.browser();
    admin.sign_in_ok("admin@example.cn").await;

    let email = "wang.fang@meishan.example.cn";
    let (token, issued) = issued_token(invite(&admin, "王芳", email, "meishan").await).await;
    assert_eq!(issued["purpose"], "Invitation");
    assert_eq!(issued["email"], email);

    // Only the token's hash is kept, and nothing else anywhere holds the token.
    let hash = Sha256::digest(token.as_bytes()).to_vec();
    let user = user_id(&app, email).await;
    let stored: (i64, String, bool) = sqlx::query_as(
        "SELECT user_id, purpose, expires_at - issued_at = interval '7 days'
         FROM one_time_links WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_one(&app.db)
    .await
    .expect("the link's hash is stored");
    assert_eq!(stored, (user, "invitation".to_owned(), true));
    let dump: String = sqlx::query_scalar(
        "SELECT string_agg(t::text, '|') FROM (
             SELECT row_to_json(l)::text AS t FROM one_time_links l
             UNION ALL SELECT row_to_json(a)::text FROM audit_log a
             UNION ALL SELECT row_to_json(u)::text FROM users u) x",
    )
    .fetch_one(&app.db)
    .await
    .expect("dump");
    assert!(!dump.contains(&token), "the token is stored somewhere");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'official_invited' AND entity_id = '{user}'"
        ))
        .await,
        1
    );

    // No password yet: the account cannot sign in, whatever is typed.
    let visitor = app.browser();
    let (status, body) = error_code(visitor.sign_in(email, TEST_PASSWORD).await).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("wrong_credentials"), "{body}");

    // Following the link shows whose account it opens and changes nothing.
    let (status, page) = visitor.get_html(&format!("/link/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("王芳") && page.contains(email), "{page}");
    assert_eq!(
        app.count("SELECT count(*) FROM one_time_links WHERE used_at IS NOT NULL")
            .await,
        0
    );

    // A guessable password is refused with the reason, and the link still works after.
    let (status, body) = error_code(use_link(&visitor, &token, "Meishan@2025").await).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("password_common"), "{body}");

    let response = use_link(&visitor, &token, NEW_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let official = app.browser();
    assert_eq!(official.sign_in(email, NEW_PASSWORD).await.status(), 200);
    let me = official.current_user().await;
    assert_eq!(me["display_name"], "王芳");
    assert_eq!(me["role"], "Official");
    assert_eq!(me["city"]["zh"], "眉山");

    // Once only.
    let (status, body) =
        error_code(use_link(&visitor, &token, "another long passphrase here").await).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("link_used"), "{body}");
    let (_, page) = visitor.get_html(&format!("/link/{token}")).await;
    assert!(page.contains("link-problem"), "{page}");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'password_set_by_link' AND actor_user_id = {user}"
        ))
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_does_not_work_once_expired_or_replaced_and_a_made_up_one_never() {
    let app = spawn_app().await;
    seed_admin(&app).await;
    let admin = app.browser();
    admin.sign_in_ok("admin@example.cn").await;
    let email = "zhou.jie@ziyang.example.cn";
    let (first, _) = issued_token(invite(&admin, "周杰", email, "ziyang").await).await;
    let user = user_id(&app, email).await;

    // A second link for the account replaces the first.
    let user_text = user.to_string();
    let (second, issued) = issued_token(
        admin
            .call("issue_password_link", &[("user_id", &user_text)])
            .await,
    )
    .await;
    // Still without a password, the account gets an invitation again, not a reset.
    assert_eq!(issued["purpose"], "Invitation");
    let visitor = app.browser();
    let (status, body) = error_code(use_link(&visitor, &first, NEW_PASSWORD).await).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("link_revoked"), "{body}");

    // Past its expiry on the database's clock.
    sqlx::query(
        "UPDATE one_time_links SET issued_at = now() - interval '8 days',
                                   expires_at = now() - interval '1 day'
         WHERE token_hash = $1",
    )
    .bind(Sha256::digest(second.as_bytes()).to_vec())
    .execute(&app.db)
    .await
    .expect("age the link");
    let (status, body) = error_code(use_link(&visitor, &second, NEW_PASSWORD).await).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("link_expired"), "{body}");
    let (status, body) = error_code(
        visitor
            .call("link_details", &[("token", second.as_str())])
            .await,
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM users WHERE id = {user} AND password_hash IS NULL"
        ))
        .await,
        1,
        "no password was set"
    );

    // A made-up token, well formed or not, finds nothing.
    for made_up in ["A".repeat(43), "not-a-token".to_owned()] {
        let (status, _) = error_code(use_link(&visitor, &made_up, NEW_PASSWORD).await).await;
        assert_eq!(status, 404, "{made_up}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_ends_every_session_of_the_account() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let firm = app
        .seed_firm("德阳精工", "91510600MA6LNKA01", "deyang", "approved")
        .await;
    let rep_email = "chen.jing@jinggong.example.cn";
    let rep = app
        .seed_user(rep_email, "陈静", "firm_rep", None, Some(firm))
        .await;
    let laptop = app.browser();
    laptop.sign_in_ok(rep_email).await;
    let phone = app.browser();
    phone.sign_in_ok(rep_email).await;

    let official = app.browser();
    official.sign_in_ok("li.wei@deyang.example.cn").await;
    let rep_text = rep.to_string();
    let (token, issued) = issued_token(
        official
            .call("issue_password_link", &[("user_id", &rep_text)])
            .await,
    )
    .await;
    assert_eq!(issued["purpose"], "PasswordReset");
    let one_hour: bool = sqlx::query_scalar(
        "SELECT expires_at - issued_at = interval '1 hour' FROM one_time_links WHERE user_id = $1",
    )
    .bind(rep)
    .fetch_one(&app.db)
    .await
    .expect("link");
    assert!(one_hour, "a reset lives an hour");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'password_reset_issued' AND entity_id = '{rep}'"
        ))
        .await,
        1
    );
    // Issuing changes nothing for the account until the link is used.
    assert_eq!(laptop.current_user().await["email"], rep_email);

    let response = use_link(&app.browser(), &token, NEW_PASSWORD).await;
    assert_eq!(response.status(), 200);
    for browser in [&laptop, &phone] {
        assert!(browser.current_user().await.is_null(), "session ended");
    }
    let (status, _) = error_code(app.browser().sign_in(rep_email, TEST_PASSWORD).await).await;
    assert_eq!(status, 422, "the old password is gone");
    assert_eq!(
        app.browser()
            .sign_in(rep_email, NEW_PASSWORD)
            .await
            .status(),
        200
    );

    // Another city's official may not reset it; nor may a representative their colleague's.
    let meishan = app
        .seed_user(
            "official@meishan.example.cn",
            "眉山官员",
            "official",
            Some("meishan"),
            None,
        )
        .await;
    let other = app.browser();
    other.sign_in_ok("official@meishan.example.cn").await;
    assert_eq!(
        other
            .call("issue_password_link", &[("user_id", &rep_text)])
            .await
            .status(),
        404
    );
    let meishan_text = meishan.to_string();
    assert_eq!(
        official
            .call("issue_password_link", &[("user_id", &meishan_text)])
            .await
            .status(),
        404,
        "officials of other cities are out of sight"
    );
}

async fn add(browser: &Browser, firm: String, email: &str, replaces: String) -> reqwest::Response {
    browser
        .call(
            "add_representative",
            &[
                ("firm_id", firm.as_str()),
                ("display_name", "丁宁"),
                ("email", email),
                ("replaces", replaces.as_str()),
            ],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_representative_adds_a_colleague_and_the_firms_other_representatives_are_told() {
    let app = spawn_app().await;
    let firm = app
        .seed_firm("德阳精工", "91510600MA6LNKA02", "deyang", "approved")
        .await;
    let pending = app
        .seed_firm("资阳待审", "91512000MA6LNKA03", "ziyang", "pending")
        .await;
    app.seed_user("a@jinggong.example.cn", "甲", "firm_rep", None, Some(firm))
        .await;
    let b = app
        .seed_user("b@jinggong.example.cn", "乙", "firm_rep", None, Some(firm))
        .await;
    app.seed_user(
        "p@pending.example.cn",
        "丙",
        "firm_rep",
        None,
        Some(pending),
    )
    .await;
    let rep = app.browser();
    rep.sign_in_ok("a@jinggong.example.cn").await;
    let firm_text = firm.to_string();

    let (token, issued) = issued_token(
        add(
            &rep,
            firm_text.clone(),
            "ding.ning@jinggong.example.cn",
            String::new(),
        )
        .await,
    )
    .await;
    assert_eq!(issued["purpose"], "Invitation");
    let told: Vec<(i64, String)> = sqlx::query_as(
        "SELECT user_id, params->>'person' FROM notifications WHERE kind = 'colleague_added'",
    )
    .fetch_all(&app.db)
    .await
    .expect("notifications");
    assert_eq!(
        told,
        vec![(b, "丁宁".to_owned())],
        "only the other colleague is told"
    );

    // The colleague sets a password and is a representative of the firm.
    assert_eq!(
        use_link(&app.browser(), &token, NEW_PASSWORD)
            .await
            .status(),
        200
    );
    let colleague = app.browser();
    assert_eq!(
        colleague
            .sign_in("ding.ning@jinggong.example.cn", NEW_PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(colleague.current_user().await["firm_name"], "德阳精工");

    // A taken email is the form's error; a representative replaces nobody; nobody adds to
    // another firm, and a pending firm gets no colleagues.
    let (status, body) = error_code(
        add(
            &rep,
            firm_text.clone(),
            "b@jinggong.example.cn",
            String::new(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("email_in_use"), "{body}");
    let (status, _) = error_code(
        add(
            &rep,
            firm_text.clone(),
            "e@jinggong.example.cn",
            b.to_string(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
    let outsider = app.browser();
    outsider.sign_in_ok("p@pending.example.cn").await;
    let (status, _) = error_code(
        add(
            &outsider,
            firm_text.clone(),
            "f@x.example.cn",
            String::new(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = error_code(
        add(
            &outsider,
            pending.to_string(),
            "g@x.example.cn",
            String::new(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM users WHERE email IN ('e@jinggong.example.cn', 'f@x.example.cn', 'g@x.example.cn')"
        )
        .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_official_replaces_a_firms_only_representative() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let firm = app
        .seed_firm("德阳精工", "91510600MA6LNKA04", "deyang", "approved")
        .await;
    let old = app
        .seed_user(
            "old@jinggong.example.cn",
            "老代表",
            "firm_rep",
            None,
            Some(firm),
        )
        .await;
    let old_browser = app.browser();
    old_browser.sign_in_ok("old@jinggong.example.cn").await;
    let colleague = app
        .seed_user(
            "mate@jinggong.example.cn",
            "同事",
            "firm_rep",
            None,
            Some(firm),
        )
        .await;

    let replace = async |browser: &Browser, replaces: i64| {
        let (firm, replaces) = (firm.to_string(), replaces.to_string());
        browser
            .call(
                "add_representative",
                &[
                    ("firm_id", firm.as_str()),
                    ("display_name", "新代表"),
                    ("email", "new@jinggong.example.cn"),
                    ("replaces", replaces.as_str()),
                ],
            )
            .await
    };

    // Another city's official may not.
    app.seed_user(
        "official@meishan.example.cn",
        "眉山官员",
        "official",
        Some("meishan"),
        None,
    )
    .await;
    let meishan = app.browser();
    meishan.sign_in_ok("official@meishan.example.cn").await;
    assert_eq!(replace(&meishan, old).await.status(), 403);

    let official = app.browser();
    official.sign_in_ok("li.wei@deyang.example.cn").await;
    // Only a representative of this firm can be replaced.
    let li_wei = user_id(&app, "li.wei@deyang.example.cn").await;
    assert_eq!(replace(&official, li_wei).await.status(), 422);

    let (token, _) = issued_token(replace(&official, old).await).await;
    assert!(
        old_browser.current_user().await.is_null(),
        "the old representative is signed out"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM users WHERE id = {old} AND status = 'disabled'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'representative_replaced' AND entity_id = '{firm}'"
        ))
        .await,
        1
    );
    // The colleague who stays is told who replaced whom.
    let told: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT user_id, params->>'person', params->>'replaced' FROM notifications
         WHERE kind = 'representative_replaced'",
    )
    .fetch_all(&app.db)
    .await
    .expect("notifications");
    assert_eq!(
        told,
        vec![(colleague, "新代表".to_owned(), "老代表".to_owned())]
    );
    assert_eq!(
        use_link(&app.browser(), &token, NEW_PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.browser()
            .sign_in("new@jinggong.example.cn", NEW_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_uses_of_one_link_at_the_same_moment_set_one_password() {
    let app = spawn_app().await;
    seed_admin(&app).await;
    let admin = app.browser();
    admin.sign_in_ok("admin@example.cn").await;
    let (token, _) =
        issued_token(invite(&admin, "赵敏", "zhao.min@chengdu.example.cn", "chengdu").await).await;
    // Both uses are held at the account's row until both have passed their first look and
    // their slow checks; then they race for the link.
    let mut holder = app.db.begin().await.expect("begin");
    sqlx::query("SELECT id FROM users WHERE email = 'zhao.min@chengdu.example.cn' FOR UPDATE")
        .execute(&mut *holder)
        .await
        .expect("hold the account");
    let (a, b) = (app.browser(), app.browser());
    let release = async {
        // Both requests wait on the lock well before this (hashing takes tens of milliseconds).
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        )
        .fetch_one(&app.db)
        .await
        .expect("waiting");
        holder.rollback().await.expect("release");
        waiting
    };
    let (first, second, waiting) = tokio::join!(
        use_link(&a, &token, NEW_PASSWORD),
        use_link(&b, &token, "a different fine passphrase"),
        release
    );
    assert_eq!(waiting, 2, "both uses waited for the account");
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'password_set_by_link'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_an_account_revokes_its_links_for_good() {
    let app = spawn_app().await;
    seed_admin(&app).await;
    let admin = app.browser();
    admin.sign_in_ok("admin@example.cn").await;
    let email = "sun.li@deyang.example.cn";
    let (token, _) = issued_token(invite(&admin, "孙丽", email, "deyang").await).await;
    let user = user_id(&app, email).await;
    assert_eq!(admin.set_account_status(user, false).await.status(), 200);
    assert_eq!(admin.set_account_status(user, true).await.status(), 200);
    let (status, body) = error_code(use_link(&app.browser(), &token, NEW_PASSWORD).await).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("link_revoked"), "{body}");
}

/// Without JavaScript the issuer could never see the link (the answer is a redirect), so the
/// post is refused before anything is written, with the reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_is_never_issued_to_a_page_that_cannot_show_it() {
    let app = spawn_app().await;
    seed_admin(&app).await;
    let admin = app.browser();
    admin.sign_in_ok("admin@example.cn").await;
    let response = admin
        .post_plain_form(
            "invite_official",
            "/accounts",
            &[
                ("display_name", "钱进"),
                ("email", "qian.jin@ziyang.example.cn"),
                ("city", "ziyang"),
            ],
        )
        .await;
    let back = crate::helpers::redirect_target(&response);
    let path = back.trim_start_matches(&app.address);
    assert!(
        path.starts_with("/accounts?") && path.contains("__err="),
        "{back}"
    );
    // The page says why, in the reader's language.
    let (_, page) = admin.get_html(path).await;
    assert!(page.contains("生成链接需要启用 JavaScript"), "{page}");
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE email = 'qian.jin@ziyang.example.cn'")
            .await,
        0
    );
    assert_eq!(app.count("SELECT count(*) FROM one_time_links").await, 0);
}
