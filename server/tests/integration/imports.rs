//! Spreadsheets in and out: uploads of the committed fixture files (every encoding and
//! separator Excel and WPS save in China), the preview's per-row problems, confirmation in one
//! transaction, the limits, and the exports (formula cells defused, a round trip byte for byte).

use serde_json::Value;

use crate::helpers::{Browser, TestApp, spawn_app};

const DEYANG: &str = "li.wei@deyang.example.cn";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/imports/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

async fn upload(browser: &Browser, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    browser
        .client
        .post(browser.url("/api/upload_firm_import"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload sent")
}

/// Uploads a file that must be accepted; returns the preview's id.
async fn upload_ok(browser: &Browser, name: &str, bytes: Vec<u8>) -> String {
    let response = upload(browser, name, bytes).await;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    assert_eq!(status, 200, "upload of {name}: {body}");
    body.trim().to_owned()
}

async fn preview(browser: &Browser, id: &str) -> Value {
    let response = browser
        .client
        .get(browser.url("/api/get_firm_import"))
        .query(&[("import_id", id)])
        .send()
        .await
        .expect("preview sent");
    assert_eq!(response.status(), 200);
    response.json().await.expect("preview json")
}

async fn confirm(browser: &Browser, id: &str) -> reqwest::Response {
    browser
        .call("confirm_firm_import", &[("import_id", id)])
        .await
}

async fn export(browser: &Browser, path: &str, query: &[(&str, &str)]) -> reqwest::Response {
    browser
        .client
        .get(browser.url(path))
        .query(query)
        .send()
        .await
        .expect("export sent")
}

async fn deyang_official(app: &TestApp) -> Browser {
    app.seed_deyang_official().await;
    let browser = app.browser();
    browser.sign_in_ok(DEYANG).await;
    browser
}

fn problem_codes(row: &Value) -> Vec<(String, String)> {
    row["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    (
                        p["column"].as_str().unwrap_or_default().to_owned(),
                        p["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_encoding_and_separator_excel_and_wps_save_reads_the_same_firms() {
    let app = spawn_app().await;
    let official = deyang_official(&app).await;
    for (file, encoding, delimiter) in [
        ("utf8-bom.csv", "utf-8-bom", "comma"),
        ("utf8.csv", "utf-8", "comma"),
        ("gbk.csv", "gb18030", "comma"),
        ("tab.txt", "utf-8", "tab"),
    ] {
        let id = upload_ok(&official, file, fixture(file)).await;
        let shown = preview(&official, &id).await;
        assert_eq!(shown["encoding"], encoding, "{file}");
        assert_eq!(shown["delimiter"], delimiter, "{file}");
        assert_eq!(shown["row_count"], 3, "{file}: {shown}");
        assert_eq!(shown["valid_count"], 3, "{file}: {shown}");
        let names: Vec<&str> = shown["valid_rows"]
            .as_array()
            .map(|rows| rows.iter().filter_map(|r| r["name"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(
            names,
            [
                "德阳旌湖精密齿轮有限公司",
                "德阳罗江伺服科技有限公司",
                "德阳广汉检测中心"
            ],
            "{file}"
        );
    }
    // Nothing was written by four previews.
    assert_eq!(app.count("SELECT count(*) FROM firms").await, 0);

    // A quoted cell keeps its line break and its quotes, through to the firm.
    let id = upload_ok(&official, "q.csv", fixture("quoted-newline.csv")).await;
    assert_eq!(confirm(&official, &id).await.status(), 200);
    let description: String = sqlx::query_scalar(
        "SELECT description FROM firms WHERE credit_code = '91510600MA6D000015'",
    )
    .fetch_one(&app.db)
    .await
    .expect("imported firm");
    assert_eq!(description, "第一行\n第二行，含\"引号\"");
}

#[tokio::test]
async fn every_bad_row_is_explained_and_only_the_valid_rows_are_imported_on_confirmation() {
    let app = spawn_app().await;
    let official = deyang_official(&app).await;
    let registered = app
        .seed_firm(
            "已认证的德阳公司",
            "91510600MA6D00009",
            "deyang",
            "approved",
        )
        .await;
    let id = upload_ok(&official, "problems.csv", fixture("problems.csv")).await;
    let shown = preview(&official, &id).await;
    assert_eq!(shown["row_count"], 6);
    assert_eq!(shown["valid_count"], 1);
    let rows = shown["problem_rows"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let by_line: Vec<(i64, Vec<(String, String)>)> = rows
        .iter()
        .map(|r| (r["line"].as_i64().unwrap_or_default(), problem_codes(r)))
        .collect();
    let pair = |column: &str, code: &str| vec![(column.to_owned(), code.to_owned())];
    assert_eq!(
        by_line,
        vec![
            (3, pair("credit_code", "credit_code_length")),
            (4, pair("city", "city_not_yours")),
            (5, pair("capabilities", "capability_unknown")),
            (6, pair("credit_code", "credit_code_repeated")),
            (7, pair("credit_code", "credit_code_registered")),
        ]
    );
    // The unknown capability comes with the closest entries; the duplicate names its first line;
    // the registered one names the member firm.
    assert_eq!(rows[2]["problems"][0]["suggestions"][0]["zh"], "谐波减速器");
    assert_eq!(rows[3]["problems"][0]["line"], 2);
    assert_eq!(rows[4]["problems"][0]["value"], "已认证的德阳公司");

    // Nothing is written before the confirmation, and the preview survives another instance.
    assert_eq!(app.count("SELECT count(*) FROM firms").await, 1);
    let other = app.another_instance().await;
    let again = Browser::with_cookie(
        &other.address,
        &official.session_cookie().expect("signed in"),
    );
    assert_eq!(preview(&again, &id).await["valid_count"], 1);

    let response = confirm(&official, &id).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap_or_default().trim(), "1");
    let imported: Vec<(String, String, String)> =
        sqlx::query_as("SELECT name, city_code, status FROM firms WHERE id <> $1 ORDER BY name")
            .bind(registered)
            .fetch_all(&app.db)
            .await
            .expect("firms");
    assert_eq!(
        imported,
        vec![("德阳甲公司".into(), "deyang".into(), "approved".into())]
    );
    let audits: Vec<Value> = sqlx::query_scalar(
        "SELECT after FROM audit_log WHERE action = 'firms_imported' AND entity_id = $1",
    )
    .bind(&id)
    .fetch_all(&app.db)
    .await
    .expect("audit");
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0]["created"][0]["name"], "德阳甲公司");
    assert_eq!(audits[0]["skipped_rows"], 5);

    // A second confirmation imports nothing more.
    let again = confirm(&official, &id).await;
    assert_eq!(again.status(), 409);
    assert!(
        again
            .text()
            .await
            .unwrap_or_default()
            .contains("import_finished")
    );
    assert_eq!(app.count("SELECT count(*) FROM firms").await, 2);
}

#[tokio::test]
async fn imported_capabilities_are_self_declared_with_their_figures() {
    let app = spawn_app().await;
    let official = deyang_official(&app).await;
    let id = upload_ok(&official, "utf8-bom.csv", fixture("utf8-bom.csv")).await;
    assert_eq!(confirm(&official, &id).await.status(), 200);
    let entries: Vec<(String, String, i32, i32, bool)> = sqlx::query_as(
        "SELECT cap.name_zh, fc.level, fc.monthly_capacity, fc.lead_time_days,
                fc.verified_at IS NULL
         FROM firm_capabilities fc JOIN capabilities cap ON cap.id = fc.capability_id
         JOIN firms f ON f.id = fc.firm_id
         WHERE f.credit_code = '91510600MA6D000015' ORDER BY cap.position",
    )
    .fetch_all(&app.db)
    .await
    .expect("entries");
    assert_eq!(
        entries,
        vec![
            (
                "谐波减速器".into(),
                "mass_production".into(),
                2000,
                30,
                true
            ),
            ("RV减速器".into(), "small_batch".into(), 0, 0, true),
        ]
    );
    // The directory finds the new firms.
    let found = official
        .client
        .get(official.url("/api/search_firms"))
        .query(&[("q", "旌湖")])
        .send()
        .await
        .expect("search");
    let found: Value = found.json().await.expect("json");
    assert_eq!(found["total"], 1);
}

#[tokio::test]
async fn a_failure_midway_through_an_import_leaves_nothing_behind() {
    let app = spawn_app().await;
    let official = deyang_official(&app).await;
    // 1,200 valid rows; the database refuses the 900th firm, in the second statement.
    let mut text = String::from("企业名称,统一社会信用代码,机构类型,能力\r\n");
    for n in 1..=1200 {
        let code = app::domain::credit_code::CreditCode::complete(&format!("91510600MA6E{n:05}"))
            .expect("code");
        text.push_str(&format!("德阳批量企业{n:04},{code},制造企业,轴承\r\n"));
    }
    sqlx::raw_sql(
        "CREATE FUNCTION refuse_firm_0900() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF NEW.name = '德阳批量企业0900' THEN RAISE EXCEPTION 'refused for the test'; END IF;
             RETURN NEW;
         END $$;
         CREATE TRIGGER refuse_firm_0900 BEFORE INSERT ON firms
             FOR EACH ROW EXECUTE FUNCTION refuse_firm_0900();",
    )
    .execute(&app.db)
    .await
    .expect("trigger");
    let id = upload_ok(&official, "many.csv", text.into_bytes()).await;
    assert_eq!(preview(&official, &id).await["valid_count"], 1200);

    let response = confirm(&official, &id).await;
    assert_eq!(response.status(), 500);
    assert_eq!(app.count("SELECT count(*) FROM firms").await, 0);
    assert_eq!(app.count("SELECT count(*) FROM firm_capabilities").await, 0);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'firms_imported'")
            .await,
        0
    );
    assert_eq!(preview(&official, &id).await["status"], "Preview");
    assert_eq!(
        app.count("SELECT count(*) FROM firm_import_progress").await,
        0,
        "a failed import leaves no progress behind"
    );

    // Once the cause is gone, the same preview imports whole.
    sqlx::raw_sql("DROP TRIGGER refuse_firm_0900 ON firms")
        .execute(&app.db)
        .await
        .expect("drop trigger");
    assert_eq!(confirm(&official, &id).await.status(), 200);
    assert_eq!(app.count("SELECT count(*) FROM firms").await, 1200);
    assert_eq!(
        app.count("SELECT count(*) FROM firm_import_progress").await,
        0,
        "the progress of a finished import is cleared"
    );
}

#[tokio::test]
async fn an_official_of_another_city_cannot_import_into_this_one() {
    let app = spawn_app().await;
    let deyang = deyang_official(&app).await;
    app.seed_user(
        "chen@chengdu.example.cn",
        "陈",
        "official",
        Some("chengdu"),
        None,
    )
    .await;
    let chengdu = app.browser();
    chengdu.sign_in_ok("chen@chengdu.example.cn").await;

    // Chengdu's official uploads Deyang's firms: every row is refused for its city.
    let id = upload_ok(&chengdu, "utf8-bom.csv", fixture("utf8-bom.csv")).await;
    let shown = preview(&chengdu, &id).await;
    assert_eq!(
        shown["valid_count"], 1,
        "only the row that names no city: {shown}"
    );
    for row in shown["problem_rows"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let codes = problem_codes(&row);
        // The row with no city lands in the uploader's own city: Chengdu, which it may.
        if row["city"] == "" {
            continue;
        }
        assert!(
            codes.contains(&("city".into(), "city_not_yours".into())),
            "{row}"
        );
    }
    let refused = confirm(&chengdu, &id).await;
    assert_eq!(
        refused.status(),
        200,
        "the one city-less row lands in Chengdu"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM firms WHERE city_code = 'deyang'")
            .await,
        0
    );

    // Nor can Chengdu's official confirm (or even read) a Deyang official's preview.
    let deyang_id = upload_ok(&deyang, "gbk.csv", fixture("gbk.csv")).await;
    let before = app.count("SELECT count(*) FROM firms").await;
    // Another official's preview does not exist for them: 404, never a 403 that confirms it.
    assert_eq!(confirm(&chengdu, &deyang_id).await.status(), 404);
    let read = chengdu
        .client
        .get(chengdu.url("/api/get_firm_import"))
        .query(&[("import_id", deyang_id.as_str())])
        .send()
        .await
        .expect("read");
    assert_eq!(read.status(), 404);
    assert_eq!(app.count("SELECT count(*) FROM firms").await, before);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'access_refused'")
            .await,
        2
    );
}

#[tokio::test]
async fn a_file_over_the_limit_or_without_its_columns_is_refused_with_its_reason() {
    let app = spawn_app().await;
    let official = deyang_official(&app).await;
    let mut big = "企业名称,统一社会信用代码\r\n".as_bytes().to_vec();
    big.resize(app::domain::firm_import::MAX_UPLOAD_BYTES + 1, b'x');
    let response = upload(&official, "big.csv", big).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap_or_default()
            .contains("file_too_large")
    );

    let response = upload(
        &official,
        "x.csv",
        "名称,城市\r\n甲,德阳\r\n".as_bytes().to_vec(),
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap_or_default()
            .contains("file_columns_missing")
    );
    let response = upload(&official, "x.csv", vec![0xFF, 0xFF, 0x80, 0x22]).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap_or_default()
            .contains("file_encoding")
    );
    assert_eq!(app.count("SELECT count(*) FROM firm_imports").await, 0);
}

#[tokio::test]
async fn an_export_opens_in_excel_and_no_cell_runs_as_a_formula() {
    let app = spawn_app().await;
    let official = deyang_official(&app).await;
    let firm = app
        .seed_firm(
            "=HYPERLINK(\"http://x\")",
            "91510600MA6F00001",
            "deyang",
            "approved",
        )
        .await;
    sqlx::query("UPDATE firms SET contact_phone = '+86 138 0000 0001' WHERE id = $1")
        .bind(firm)
        .execute(&app.db)
        .await
        .expect("phone");
    let response = export(&official, "/api/export_firms", &[("city", "deyang")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap_or_default()
            .starts_with("attachment")
    );
    let bytes = response.bytes().await.expect("body");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with its BOM");
    let text = String::from_utf8_lossy(&bytes[3..]).into_owned();
    let mut lines = text.split("\r\n");
    assert!(
        lines
            .next()
            .unwrap_or_default()
            .starts_with("企业名称,英文名称,统一社会信用代码")
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.starts_with("\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{row}"
    );
    assert!(row.contains(",'+86 138 0000 0001,"), "{row}");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'firms_exported'")
            .await,
        1
    );

    // A browser following the link sends what a plain form post sends (it accepts HTML and
    // names the page it came from): it still gets the file, not a redirect back.
    let followed = official
        .client
        .get(official.url("/api/export_firms"))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("referer", official.url("/firms"))
        .send()
        .await
        .expect("link followed");
    assert_eq!(followed.status(), 200);
    assert!(
        followed
            .bytes()
            .await
            .expect("body")
            .starts_with(b"\xEF\xBB\xBF")
    );

    // In English, the headings are English.
    let url: reqwest::Url = official.base.parse().expect("url");
    official.jar.add_cookie_str("lang=en; Path=/", &url);
    let english = export(&official, "/api/export_projects", &[]).await;
    assert_eq!(english.status(), 200);
    let bytes = english.bytes().await.expect("body");
    assert!(String::from_utf8_lossy(&bytes).starts_with("\u{feff}Title,Lead city"));
}

#[tokio::test]
async fn an_exported_search_imported_into_an_empty_database_exports_byte_for_byte_the_same() {
    let first = spawn_app().await;
    let official = deyang_official(&first).await;
    let id = upload_ok(&official, "utf8-bom.csv", fixture("utf8-bom.csv")).await;
    assert_eq!(confirm(&official, &id).await.status(), 200);
    // A file repeating a member firm holds nothing to import.
    let id = upload_ok(&official, "q.csv", fixture("quoted-newline.csv")).await;
    let refused = confirm(&official, &id).await;
    assert_eq!(refused.status(), 409);
    assert!(
        refused
            .text()
            .await
            .unwrap_or_default()
            .contains("import_empty")
    );
    let search = [("city", "deyang"), ("sort", "name")];
    let exported = export(&official, "/api/export_firms", &search)
        .await
        .bytes()
        .await
        .expect("first export");
    assert!(String::from_utf8_lossy(&exported).contains("谐波减速器（批量生产，2000/月，30天）"));

    let second = spawn_app().await;
    let official = deyang_official(&second).await;
    let id = upload_ok(&official, "exported.csv", exported.to_vec()).await;
    assert_eq!(preview(&official, &id).await["valid_count"], 3);
    assert_eq!(confirm(&official, &id).await.status(), 200);
    let again = export(&official, "/api/export_firms", &search)
        .await
        .bytes()
        .await
        .expect("second export");
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&exported)
    );
    assert_eq!(again, exported);
}

#[tokio::test]
async fn a_firm_approved_between_preview_and_confirmation_stops_the_import_and_updates_the_preview()
{
    let app = spawn_app().await;
    let official = deyang_official(&app).await;
    let id = upload_ok(&official, "utf8-bom.csv", fixture("utf8-bom.csv")).await;
    assert_eq!(preview(&official, &id).await["valid_count"], 3);
    // Meanwhile the second row's firm registers and is approved.
    app.seed_firm(
        "德阳罗江伺服科技有限公司",
        "91510600MA6D00002",
        "deyang",
        "approved",
    )
    .await;

    let refused = confirm(&official, &id).await;
    assert_eq!(refused.status(), 409);
    assert!(
        refused
            .text()
            .await
            .unwrap_or_default()
            .contains("import_changed")
    );
    assert_eq!(app.count("SELECT count(*) FROM firms").await, 1);
    let shown = preview(&official, &id).await;
    assert_eq!(shown["valid_count"], 2);
    assert_eq!(
        problem_codes(&shown["problem_rows"][0]),
        vec![(
            "credit_code".to_owned(),
            "credit_code_registered".to_owned()
        )]
    );
    // Confirmed again, the two others land.
    assert_eq!(confirm(&official, &id).await.status(), 200);
    assert_eq!(app.count("SELECT count(*) FROM firms").await, 3);
}

#[tokio::test]
async fn the_admin_imports_firms_of_the_city_each_row_names() {
    let app = spawn_app().await;
    app.seed_user("admin@alliance.example.cn", "秘书处", "admin", None, None)
        .await;
    let admin = app.browser();
    admin.sign_in_ok("admin@alliance.example.cn").await;
    let id = upload_ok(&admin, "utf8.csv", fixture("utf8.csv")).await;
    let shown = preview(&admin, &id).await;
    // Two rows name Deyang; the third names no city, which the admin must give.
    assert_eq!(shown["valid_count"], 2);
    assert_eq!(
        problem_codes(&shown["problem_rows"][0]),
        vec![("city".to_owned(), "required".to_owned())]
    );
    assert_eq!(confirm(&admin, &id).await.status(), 200);
    assert_eq!(
        app.count("SELECT count(*) FROM firms WHERE city_code = 'deyang' AND status = 'approved'")
            .await,
        2
    );
}
