//! The round trip of a form posted as a browser posts it (every form, with or without
//! JavaScript): a refusal comes back to its page with what was typed, a success with its notice
//! once, and an earlier refusal's error never outlives the success.

use crate::helpers::{Browser, redirect_target, spawn_app};

/// A page as a browser asks for it (navigations accept HTML).
async fn page(browser: &Browser, location: &str) -> String {
    let path = location
        .strip_prefix(&browser.base)
        .unwrap_or(location)
        .to_owned();
    let response = browser
        .client
        .get(browser.url(&path))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("body")
}

fn profile<'a>(firm: &'a str, website: &'a str, contact: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("firm_id", firm),
        ("version", "1"),
        ("name", "四川谐波传动有限公司"),
        ("name_en", ""),
        ("kind", "component_supplier"),
        ("description", "谐波减速器，精度一弧分"),
        ("founded_year", "2011"),
        ("staff_size", "240"),
        ("website", website),
        ("contact_name", contact),
        ("contact_phone", ""),
        ("contact_email", ""),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_form_comes_back_with_what_was_typed_and_a_success_with_its_notice_once() {
    let app = spawn_app().await;
    let firm = app
        .seed_firm(
            "四川谐波传动有限公司",
            "91510600MA6PRF001",
            "deyang",
            "approved",
        )
        .await;
    app.seed_user("rep@firm.example.cn", "赵强", "firm_rep", None, Some(firm))
        .await;
    let rep = app.browser();
    rep.sign_in_ok("rep@firm.example.cn").await;
    let firm = firm.to_string();
    let edit = format!("/firms/{firm}/edit");

    // Refused (a website that is no address): back to the form, everything typed still there.
    let refused = rep
        .post_plain_form(
            "update_firm_profile",
            &edit,
            &profile(&firm, "not a website", "赵强（回填）"),
        )
        .await;
    let back = redirect_target(&refused);
    assert!(back.contains(&edit) && back.contains("__err="), "{back}");
    let html = page(&rep, &back).await;
    assert!(
        html.contains(r#"value="赵强（回填）""#),
        "the contact typed is kept"
    );
    assert!(
        html.contains(r#"value="not a website""#),
        "the refused value is kept"
    );
    assert!(
        html.contains("谐波减速器，精度一弧分"),
        "the description typed is kept"
    );
    assert!(
        html.contains(r#"data-testid="form-refused""#),
        "the summary is there"
    );
    assert!(
        html.contains(r#"aria-invalid="true""#),
        "the field is marked"
    );
    // Elsewhere, the typed values are forgotten: the form shows what is stored.
    let fresh = page(&rep, &edit).await;
    assert!(!fresh.contains("赵强（回填）"));
    assert!(!fresh.contains(r#"data-testid="form-refused""#));

    // Accepted from the refused page's address: the redirect drops the old error ...
    let saved = rep
        .client
        .post(rep.url("/api/update_firm_profile"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", &back)
        .form(&profile(&firm, "www.harmonic.example.cn", "赵强（回填）"))
        .send()
        .await
        .expect("sent");
    let target = redirect_target(&saved);
    assert!(!target.contains("__err"), "{target}");
    // ... and the page it lands on says what happened, once.
    let landed = page(&rep, &target).await;
    assert!(
        landed.contains(r#"data-testid="notice""#),
        "the notice shows"
    );
    assert!(landed.contains("已保存。"));
    let again = page(&rep, &target).await;
    assert!(
        !again.contains(r#"data-testid="notice""#),
        "the notice shows only once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_is_never_kept_and_a_forms_key_never_reaches_the_function() {
    let app = spawn_app().await;
    let visitor = app.browser();
    let refused = visitor
        .post_plain_form(
            "sign_in",
            "/signin",
            &[
                ("email", "nobody@example.cn"),
                ("password", "secret-Password-typed"),
                ("next", "/"),
            ],
        )
        .await;
    let back = redirect_target(&refused);
    let html = page(&visitor, &back).await;
    assert!(!html.contains("secret-Password-typed"));
    let sessions = app.count("SELECT count(*) FROM sessions").await;
    assert!(
        sessions > 0,
        "the refused sign-in's session was stored (it holds the email)"
    );
    let with_password = app
        .count(
            "SELECT count(*) FROM sessions \
             WHERE position(convert_to('secret-Password-typed', 'UTF8') in data) > 0",
        )
        .await;
    assert_eq!(with_password, 0, "no session holds the password");

    // A key that tells apart a page's forms of one function is the page's business: the
    // function (which refuses unknown fields) never sees it.
    let keyed = visitor
        .post_plain_form(
            "set_language",
            "/",
            &[("__form", "header"), ("lang", "en"), ("next", "/")],
        )
        .await;
    let target = redirect_target(&keyed);
    assert!(!target.contains("__err"), "{target}");
    assert!(visitor.cookies().contains("lang=en"));
}

/// The profile form as filled from version `version` (the rest as seeded), with `changes`.
fn profile_from<'a>(
    firm: &'a str,
    version: &'a str,
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = profile(firm, "www.harmonic.example.cn", "赵强");
    for (name, value) in fields.iter_mut() {
        if *name == "version" {
            *value = version;
        }
        if let Some((_, changed)) = changes.iter().find(|(n, _)| n == name) {
            *value = changed;
        }
    }
    fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_profile_save_merges_and_the_form_it_comes_back_with_keeps_the_colleagues_changes()
{
    let app = spawn_app().await;
    let firm_id = app
        .seed_firm(
            "四川谐波传动有限公司",
            "91510600MA6PRF001",
            "deyang",
            "approved",
        )
        .await;
    app.seed_user("a@firm.example.cn", "赵强", "firm_rep", None, Some(firm_id))
        .await;
    app.seed_user("b@firm.example.cn", "钱敏", "firm_rep", None, Some(firm_id))
        .await;
    let (a, b) = (app.browser(), app.browser());
    a.sign_in_ok("a@firm.example.cn").await;
    b.sign_in_ok("b@firm.example.cn").await;
    let firm = firm_id.to_string();
    let edit = format!("/firms/{firm}/edit");
    let stored = |column: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, Option<String>>(&format!(
                "SELECT {column}::text FROM firms WHERE id = $1"
            ))
            .bind(firm_id)
            .fetch_one(&db)
            .await
            .expect("stored")
            .unwrap_or_default()
        }
    };
    // Both forms start from the same version: the seeded profile saved once.
    let first = a
        .post_plain_form("update_firm_profile", &edit, &profile_from(&firm, "1", &[]))
        .await;
    assert!(!redirect_target(&first).contains("__err"));

    // B changes the website and the contact; A, from the same version, the description.
    let theirs = b
        .post_plain_form(
            "update_firm_profile",
            &edit,
            &profile_from(
                &firm,
                "2",
                &[
                    ("website", "https://b.example.cn"),
                    ("contact_name", "钱敏"),
                ],
            ),
        )
        .await;
    assert!(!redirect_target(&theirs).contains("__err"));
    let mine = a
        .post_plain_form(
            "update_firm_profile",
            &edit,
            &profile_from(&firm, "2", &[("description", "A 写的介绍")]),
        )
        .await;
    assert!(
        !redirect_target(&mine).contains("__err"),
        "different fields: both land"
    );
    assert_eq!(stored("website").await, "https://b.example.cn");
    assert_eq!(stored("contact_name").await, "钱敏");
    assert_eq!(stored("description").await, "A 写的介绍");

    // A, still from version 2, changes the website too: the one field both changed is refused.
    let conflict = a
        .post_plain_form(
            "update_firm_profile",
            &edit,
            &profile_from(&firm, "2", &[("website", "https://a.example.cn")]),
        )
        .await;
    let back = redirect_target(&conflict);
    assert!(back.contains("__err"), "{back}");
    let html = page(&a, &back).await;
    // The form comes back with A's website beside B's, and every other field as it is now
    // (B's contact, A's own earlier description), under the version now.
    assert!(
        html.contains(r#"value="https://a.example.cn""#),
        "A's value is in the field"
    );
    let note = html
        .split(r#"data-testid="changed-meanwhile""#)
        .nth(1)
        .expect("the colleague's value shows");
    assert!(note.contains("https://b.example.cn"), "B's value beside it");
    assert!(
        html.contains(r#"value="钱敏""#),
        "the contact B set, not the one A's form held"
    );
    assert!(html.contains("A 写的介绍"), "the description saved since");
    assert!(
        html.contains(r#"name="version" value="4""#),
        "the version now"
    );

    // Saved again as it came back (A keeps their website): B's contact is not reverted.
    let resaved = a
        .post_plain_form(
            "update_firm_profile",
            &edit,
            &profile_from(
                &firm,
                "4",
                &[
                    ("website", "https://a.example.cn"),
                    ("contact_name", "钱敏"),
                    ("description", "A 写的介绍"),
                ],
            ),
        )
        .await;
    assert!(!redirect_target(&resaved).contains("__err"));
    assert_eq!(stored("website").await, "https://a.example.cn");
    assert_eq!(stored("contact_name").await, "钱敏");
    assert_eq!(stored("description").await, "A 写的介绍");
}
