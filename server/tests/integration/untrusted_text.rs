//! Text from anyone (an anonymous registrant, a firm, a file) that could break a page or the
//! database: markup in the places the view layer does not escape, NUL characters, bodies of
//! the wrong kind, and refusals that would tell whether an id exists.

use serde_json::Value;

use crate::helpers::{Browser, TestApp, redirect_target, spawn_app};

/// The probe's value: it closes the title and puts live markup into the body.
pub const TITLE_PAYLOAD: &str = "</title><b>X</b><img src=x onerror=alert(1)>";

/// The text of the page's `<title>` element (everything up to the first `</title>`).
pub fn page_title(html: &str) -> &str {
    let start = html.find("<title>").map_or(0, |i| i + "<title>".len());
    let end = html[start..]
        .find("</title>")
        .map_or(html.len(), |i| start + i);
    &html[start..end]
}

async fn signed_in(app: &TestApp, email: &str) -> Browser {
    let browser = app.browser();
    browser.sign_in_ok(email).await;
    browser
}

async fn validation(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

fn control_character_on(field: &str) -> Value {
    serde_json::json!({ "Validation": { "field": field, "code": "control_character" } })
}

#[tokio::test]
async fn a_firm_name_holding_markup_stays_text_in_the_pages_title() {
    let app = spawn_app().await;
    let firm = app
        .seed_firm(TITLE_PAYLOAD, "91510100MA6UNT001", "chengdu", "pending")
        .await;
    app.seed_user(
        "review@chengdu.example.cn",
        "王审",
        "official",
        Some("chengdu"),
        None,
    )
    .await;
    let official = signed_in(&app, "review@chengdu.example.cn").await;

    let (status, html) = official.get_html(&format!("/firms/{firm}")).await;
    assert_eq!(status, 200);
    assert!(!html.contains("<b>X</b>"), "the markup is live in the page");
    assert!(
        !html.contains("<img src=x"),
        "the markup is live in the page"
    );
    assert!(
        page_title(&html).contains("&lt;/title&gt;&lt;b&gt;X&lt;/b&gt;"),
        "the name is in the title as text: {}",
        page_title(&html)
    );
}

#[tokio::test]
async fn a_description_holding_a_closing_textarea_stays_inside_the_edit_form() {
    let app = spawn_app().await;
    let firm = app
        .seed_firm(
            "成都文本测试有限公司",
            "91510100MA6UNT002",
            "chengdu",
            "approved",
        )
        .await;
    sqlx::query("UPDATE firms SET description = '精密加工</textarea><b>Y</b>' WHERE id = $1")
        .bind(firm)
        .execute(&app.db)
        .await
        .expect("description");
    app.seed_user("rep@unt.example.cn", "赵测", "firm_rep", None, Some(firm))
        .await;
    let rep = signed_in(&app, "rep@unt.example.cn").await;

    let (status, html) = rep.get_html(&format!("/firms/{firm}/edit")).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("</textarea><b>Y</b>"),
        "the field was closed early"
    );
    assert!(html.contains("精密加工&lt;/textarea&gt;&lt;b&gt;Y&lt;/b&gt;</textarea>"));
}

#[tokio::test]
async fn a_nul_character_is_refused_with_422_naming_its_field_never_a_500() {
    let app = spawn_app().await;
    let firm = app
        .seed_firm(
            "成都空字符测试有限公司",
            "91510100MA6UNT003",
            "chengdu",
            "approved",
        )
        .await;
    app.seed_user("rep@nul.example.cn", "钱测", "firm_rep", None, Some(firm))
        .await;
    app.seed_deyang_official().await;
    let anonymous = app.browser();

    let (status, body) = validation(
        anonymous
            .call(
                "sign_in",
                &[("email", "a\0b@x.cn"), ("password", "x"), ("next", "/")],
            )
            .await,
    )
    .await;
    assert_eq!((status, body), (422, control_character_on("email")));

    let register = [
        ("firm_name", "成都\0机器人有限公司"),
        ("credit_code", "91510100MA6UNT0049"),
        ("city", "chengdu"),
        ("kind", "manufacturer"),
        ("rep_name", "孙测"),
        ("email", "new@nul.example.cn"),
        ("password", "correct horse battery staple"),
        ("confirm_password", "correct horse battery staple"),
    ];
    let (status, body) = validation(anonymous.call("register_firm", &register).await).await;
    assert_eq!((status, body), (422, control_character_on("firm_name")));

    let rep = signed_in(&app, "rep@nul.example.cn").await;
    let firm_id = firm.to_string();
    let profile = [
        ("firm_id", firm_id.as_str()),
        ("version", "1"),
        ("name", "成都空字符测试有限公司"),
        ("name_en", ""),
        ("kind", "manufacturer"),
        ("description", "精密\0加工"),
        ("founded_year", ""),
        ("staff_size", ""),
        ("website", ""),
        ("contact_name", ""),
        ("contact_phone", ""),
        ("contact_email", ""),
    ];
    let (status, body) = validation(rep.call("update_firm_profile", &profile).await).await;
    assert_eq!((status, body), (422, control_character_on("description")));

    let official = signed_in(&app, "li.wei@deyang.example.cn").await;
    for (path, field) in [
        ("/api/export_firms", "q"),
        ("/api/export_firms", "city"),
        ("/api/export_firms", "capability"),
        ("/api/export_projects", "q"),
        ("/api/export_projects", "status"),
    ] {
        let response = official
            .client
            .get(official.url(path))
            .query(&[(field, "机器\0人")])
            .send()
            .await
            .expect("sent");
        let (status, body) = validation(response).await;
        assert_eq!(
            (status, body),
            (422, control_character_on(field)),
            "{path} {field}"
        );
    }
    assert_eq!(
        app.count("SELECT count(*) FROM firms WHERE description LIKE '精密%'")
            .await,
        0,
        "nothing was written"
    );
}

#[tokio::test]
async fn without_javascript_a_nul_comes_back_to_the_page_with_its_error() {
    let app = spawn_app().await;
    let anonymous = app.browser();
    let response = anonymous
        .post_plain_form(
            "sign_in",
            "/signin",
            &[("email", "a\0b@x.cn"), ("password", "x"), ("next", "/")],
        )
        .await;
    assert_eq!(response.status(), 302);
    let target = redirect_target(&response);
    assert!(target.contains("/signin"), "{target}");
    assert!(target.contains("__err="), "{target}");
    // The page reads the error from its address and words it beside the field.
    let path = target
        .split_once("://")
        .map_or(target.as_str(), |(_, rest)| {
            rest.find('/').map_or("/", |i| &rest[i..])
        });
    let (status, html) = anonymous.get_html(path).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("无法保存的字符"),
        "the error is worded on the page"
    );
}

#[tokio::test]
async fn the_upload_answers_a_body_that_is_not_multipart_with_415() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let official = signed_in(&app, "li.wei@deyang.example.cn").await;
    for browser in [&app.browser(), &official] {
        for (content_type, body) in [
            ("application/x-www-form-urlencoded", "file=abc"),
            ("text/plain", "企业名称,统一社会信用代码"),
            ("application/json", "{\"file\": \"abc\"}"),
            ("multipart/form-data", "--x\r\n\r\n--x--"),
        ] {
            let response = browser
                .client
                .post(browser.url("/api/upload_firm_import"))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{content_type}: no answer: {e}"));
            let (status, body) = validation(response).await;
            assert_eq!(status, 415, "{content_type}");
            assert_eq!(
                body,
                serde_json::json!({ "Validation": { "field": "file", "code": "file_not_multipart" } })
            );
        }
    }
    assert_eq!(app.count("SELECT count(*) FROM firm_imports").await, 0);
}

#[tokio::test]
async fn a_nul_in_an_uploaded_file_is_a_problem_of_its_row_and_column() {
    let app = spawn_app().await;
    app.seed_deyang_official().await;
    let official = signed_in(&app, "li.wei@deyang.example.cn").await;
    let code = app::domain::credit_code::CreditCode::complete("91510600MA6UNT005")
        .expect("code")
        .as_str()
        .to_owned();
    let file = format!(
        "企业名称,统一社会信用代码,机构类型,简介\r\n德阳空字符公司,{code},制造企业,精密\0加工\r\n"
    );
    let part = reqwest::multipart::Part::bytes(file.into_bytes()).file_name("nul.csv");
    let response = official
        .client
        .post(official.url("/api/upload_firm_import"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload");
    let status = response.status();
    let id = response.text().await.expect("id");
    assert_eq!(status, 200, "{id}");
    let preview: Value = official
        .client
        .get(official.url("/api/get_firm_import"))
        .query(&[("import_id", id.trim())])
        .send()
        .await
        .expect("preview")
        .json()
        .await
        .expect("json");
    assert_eq!(preview["valid_count"], 0, "{preview}");
    let problems = preview["problem_rows"][0]["problems"].clone();
    assert_eq!(problems[0]["column"], "description", "{preview}");
    assert_eq!(problems[0]["code"], "control_character", "{preview}");
    assert_eq!(preview["problem_rows"][0]["line"], 2, "{preview}");
}

#[tokio::test]
async fn whoever_may_not_see_a_firm_gets_404_whether_it_exists_or_not() {
    let app = spawn_app().await;
    let approved = app
        .seed_firm(
            "德阳已审企业有限公司",
            "91510600MA6UNT006",
            "deyang",
            "approved",
        )
        .await;
    let pending = app
        .seed_firm(
            "资阳待审企业有限公司",
            "91512000MA6UNT007",
            "ziyang",
            "pending",
        )
        .await;
    app.seed_user(
        "rep@pending-unt.example.cn",
        "李待",
        "firm_rep",
        None,
        Some(pending),
    )
    .await;
    app.seed_deyang_official().await;
    let pending_rep = signed_in(&app, "rep@pending-unt.example.cn").await;
    let deyang = signed_in(&app, "li.wei@deyang.example.cn").await;

    let get_firm = async |browser: &Browser, id: i64| {
        let response = browser
            .client
            .get(browser.url("/api/get_firm"))
            .query(&[("firm_id", id.to_string())])
            .send()
            .await
            .expect("sent");
        validation(response).await
    };
    let nothing = get_firm(&pending_rep, 987_654).await;
    assert_eq!(nothing.0, 404);
    assert_eq!(
        get_firm(&pending_rep, approved).await,
        nothing,
        "an approved firm"
    );
    // Another city's official cannot see a firm awaiting approval either.
    assert_eq!(
        get_firm(&deyang, pending).await,
        get_firm(&deyang, 987_654).await
    );
    assert_eq!(get_firm(&deyang, pending).await.0, 404);
    // Its own people still see it.
    assert_eq!(get_firm(&pending_rep, pending).await.0, 200);
}
