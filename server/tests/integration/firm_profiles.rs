//! Firm profiles, capabilities, the trust ladder, certificate expiry, the taxonomy and the
//! directory's search.

use serde_json::Value;

use crate::helpers::{Browser, TestApp, spawn_app, spawn_app_in_locale};

/// An approved firm with a representative signed in, and its city's official signed in.
struct World {
    app: TestApp,
    firm: i64,
    rep: Browser,
    official: Browser,
}

async fn world_in(app: TestApp, city: &str, first17: &str) -> World {
    let firm = app
        .seed_firm("四川谐波传动有限公司", first17, city, "approved")
        .await;
    app.seed_user("rep@firm.example.cn", "赵强", "firm_rep", None, Some(firm))
        .await;
    app.seed_user(
        &format!("official@{city}.example.cn"),
        "李伟",
        "official",
        Some(city),
        None,
    )
    .await;
    let rep = app.browser();
    rep.sign_in_ok("rep@firm.example.cn").await;
    let official = app.browser();
    official
        .sign_in_ok(&format!("official@{city}.example.cn"))
        .await;
    World {
        app,
        firm,
        rep,
        official,
    }
}

async fn world() -> World {
    world_in(spawn_app().await, "deyang", "91510600MA6PRF001").await
}

async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let body = response.text().await.expect("body");
    assert!(status.is_success(), "{status}: {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

async fn capability_id(app: &TestApp, name_en: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM capabilities WHERE name_en = $1")
        .bind(name_en)
        .fetch_one(&app.db)
        .await
        .expect("capability")
}

async fn get_firm(browser: &Browser, firm: i64) -> reqwest::Response {
    browser
        .client
        .get(browser.url("/api/get_firm"))
        .query(&[("firm_id", firm.to_string())])
        .send()
        .await
        .expect("sent")
}

async fn search(browser: &Browser, params: &[(&str, &str)]) -> reqwest::Response {
    browser
        .client
        .get(browser.url("/api/search_firms"))
        .query(params)
        .send()
        .await
        .expect("sent")
}

async fn found_names(browser: &Browser, params: &[(&str, &str)]) -> Vec<String> {
    let page = json(search(browser, params).await).await;
    page["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["name"].as_str().expect("name").to_owned())
        .collect()
}

async fn save_profile(
    browser: &Browser,
    firm: i64,
    version: &str,
    name: &str,
    description: &str,
) -> reqwest::Response {
    browser
        .call(
            "update_firm_profile",
            &[
                ("firm_id", &firm.to_string()),
                ("version", version),
                ("name", name),
                ("name_en", "Sichuan Harmonic Drive Co., Ltd."),
                ("kind", "component_supplier"),
                ("description", description),
                ("founded_year", "2011"),
                ("staff_size", "240"),
                ("website", "www.harmonic.example.cn"),
                ("contact_name", "赵强"),
                ("contact_phone", "0838-222 3344"),
                ("contact_email", "sales@harmonic.example.cn"),
            ],
        )
        .await
}

async fn add_capability(browser: &Browser, firm: i64, capability: i64) -> reqwest::Response {
    browser
        .call(
            "add_firm_capability",
            &[
                ("firm_id", &firm.to_string()),
                ("capability_id", &capability.to_string()),
                ("level", "small_batch"),
                ("monthly_capacity", "200"),
                ("lead_time_days", "30"),
            ],
        )
        .await
}

/// The firm's one capability entry, as its page shows it.
async fn entry(browser: &Browser, firm: i64) -> Value {
    let detail = json(get_firm(browser, firm).await).await;
    detail["capabilities"][0].clone()
}

async fn add_certificate(browser: &Browser, entry: &Value, expires_on: &str) -> reqwest::Response {
    browser
        .call(
            "add_certificate",
            &[
                ("entry_id", &entry["id"].to_string()),
                ("version", &entry["version"].to_string()),
                ("kind", "iso9001"),
                ("other_name", ""),
                ("number", "00124Q31234R0M"),
                ("issuer", "中国质量认证中心"),
                ("expires_on", expires_on),
            ],
        )
        .await
}

async fn verify(browser: &Browser, entry_id: &str, version: &str) -> reqwest::Response {
    browser
        .call(
            "verify_firm_capability",
            &[("entry_id", entry_id), ("version", version)],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capability_climbs_the_trust_ladder_and_an_edit_drops_it_back_a_rung() {
    let w = world().await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    json(add_capability(&w.rep, w.firm, harmonic).await).await;
    let first = entry(&w.rep, w.firm).await;
    assert_eq!(first["rung"], "SelfDeclared");

    json(add_certificate(&w.rep, &first, "2099-06-30").await).await;
    let listed = entry(&w.rep, w.firm).await;
    assert_eq!(listed["rung"], "CertificateListed");
    assert_eq!(
        listed["version"], 2,
        "a certificate is an edit of the entry"
    );

    let id = listed["id"].to_string();
    json(verify(&w.official, &id, "2").await).await;
    let verified = entry(&w.official, w.firm).await;
    assert_eq!(verified["rung"], "Verified");
    let counted = "SELECT verified_capabilities::bigint FROM firms";
    assert_eq!(w.app.count(counted).await, 1);
    assert_eq!(verified["verified_by"], "李伟");

    // Saving the figures unchanged is no edit: the verification stands.
    json(
        w.rep
            .call(
                "update_firm_capability",
                &[
                    ("entry_id", &id),
                    ("version", "2"),
                    ("level", "small_batch"),
                    ("monthly_capacity", "200"),
                    ("lead_time_days", "30"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(entry(&w.rep, w.firm).await["rung"], "Verified");

    // The firm raises its capacity: the verification no longer holds.
    json(
        w.rep
            .call(
                "update_firm_capability",
                &[
                    ("entry_id", &id),
                    ("version", "2"),
                    ("level", "mass_production"),
                    ("monthly_capacity", "2000"),
                    ("lead_time_days", "20"),
                ],
            )
            .await,
    )
    .await;
    let edited = entry(&w.rep, w.firm).await;
    assert_eq!(edited["rung"], "CertificateListed");
    assert_eq!(edited["version"], 3);
    assert!(edited["verified_by"].is_null());
    assert_eq!(
        w.app.count(counted).await,
        0,
        "the firm's count of verified entries follows"
    );
    let audited = w
        .app
        .count("SELECT count(*) FROM audit_log WHERE action IN ('firm_capability_added', 'certificate_added', 'firm_capability_verified', 'firm_capability_updated')")
        .await;
    assert_eq!(audited, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verification_of_a_version_the_firm_has_since_changed_is_refused() {
    let w = world().await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    json(add_capability(&w.rep, w.firm, harmonic).await).await;
    // The official opens the page at version 1 ...
    let seen = entry(&w.official, w.firm).await;
    // ... the firm lists a certificate meanwhile (version 2) ...
    json(add_certificate(&w.rep, &seen, "2099-06-30").await).await;
    // ... and the official's verification of version 1 must not verify version 2 unseen.
    let response = verify(&w.official, &seen["id"].to_string(), "1").await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("stale_capability")
    );
    let now = entry(&w.official, w.firm).await;
    assert_eq!(now["rung"], "CertificateListed");
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM firm_capabilities WHERE verified_at IS NOT NULL")
            .await,
        0
    );
}

async fn save_figures(
    browser: &Browser,
    entry: &str,
    version: &str,
    figures: [&str; 3],
) -> reqwest::Response {
    browser
        .call(
            "update_firm_capability",
            &[
                ("entry_id", entry),
                ("version", version),
                ("level", figures[0]),
                ("monthly_capacity", figures[1]),
                ("lead_time_days", figures[2]),
            ],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capability_figures_saved_from_one_version_merge_and_only_the_same_figure_is_refused() {
    let w = world().await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    json(add_capability(&w.rep, w.firm, harmonic).await).await;
    let id = entry(&w.rep, w.firm).await["id"].to_string();
    // Two forms filled at version 1: one raises the capacity, the other shortens the lead
    // time. Both land; neither undoes the other.
    json(save_figures(&w.rep, &id, "1", ["small_batch", "300", "30"]).await).await;
    json(save_figures(&w.rep, &id, "1", ["small_batch", "200", "20"]).await).await;
    let now = entry(&w.rep, w.firm).await;
    assert_eq!(
        (
            now["monthly_capacity"].clone(),
            now["lead_time_days"].clone()
        ),
        (300.into(), 20.into())
    );
    assert_eq!(now["version"], 3);
    // A third form from version 1 changes the capacity too: refused, naming it.
    let response = save_figures(&w.rep, &id, "1", ["small_batch", "250", "30"]).await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["Changed"]["fields"],
        serde_json::json!(["monthly_capacity"])
    );
    assert_eq!(entry(&w.rep, w.firm).await["monthly_capacity"], 300);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_certificate_is_shown_as_expired_and_no_longer_counts() {
    let w = world().await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    json(add_capability(&w.rep, w.firm, harmonic).await).await;
    let first = entry(&w.rep, w.firm).await;
    json(add_certificate(&w.rep, &first, "2099-06-30").await).await;
    let iso = [("certificate", "iso9001")];
    assert_eq!(
        found_names(&w.official, &iso).await,
        ["四川谐波传动有限公司"]
    );

    // A day passes its end: the certificate expired yesterday (Beijing).
    sqlx::query(
        "UPDATE capability_certificates
         SET expires_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1",
    )
    .execute(&w.app.db)
    .await
    .expect("expire");
    let expired = entry(&w.rep, w.firm).await;
    assert_eq!(expired["certificates"][0]["expired"], true);
    assert_eq!(expired["rung"], "SelfDeclared");
    assert!(found_names(&w.official, &iso).await.is_empty());

    // Listing an already expired certificate is refused with the reason.
    let response = add_certificate(&w.rep, &expired, "2020-01-01").await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.expect("body").contains("date_past"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_character_chinese_word_finds_the_firm_whatever_the_cluster_locale() {
    for (locale, first17) in [("C", "91510600MA6PRF002"), ("C.UTF-8", "91510600MA6PRF003")] {
        let w = world_in(spawn_app_in_locale(locale).await, "deyang", first17).await;
        json(
            save_profile(
                &w.rep,
                w.firm,
                "1",
                "四川谐波传动有限公司",
                "专业生产谐波减速器和精密行星减速器。",
            )
            .await,
        )
        .await;
        assert_eq!(
            found_names(&w.official, &[("q", "减速")]).await,
            ["四川谐波传动有限公司"],
            "减速 in a {locale} database"
        );
        assert_eq!(
            found_names(&w.official, &[("q", "谐波减速器")]).await.len(),
            1
        );
        assert_eq!(
            found_names(&w.official, &[("q", "harmonic")]).await.len(),
            1
        );
        assert!(found_names(&w.official, &[("q", "伺服")]).await.is_empty());
        assert!(found_names(&w.official, &[("q", "速减")]).await.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_filters_by_city_capability_level_and_verification_and_counts_the_total() {
    let w = world().await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    json(add_capability(&w.rep, w.firm, harmonic).await).await;
    let other = w
        .app
        .seed_firm(
            "眉山精工机械有限公司",
            "91511400MA6PRF004",
            "meishan",
            "approved",
        )
        .await;
    let pending = w
        .app
        .seed_firm(
            "资阳待审减速机有限公司",
            "91512000MA6PRF005",
            "ziyang",
            "pending",
        )
        .await;
    for firm in [other, pending] {
        sqlx::query(
            "INSERT INTO firm_capabilities (firm_id, capability_id, level, monthly_capacity, lead_time_days)
             VALUES ($1, $2, 'prototype', 5, 60)",
        )
        .bind(firm)
        .bind(harmonic)
        .execute(&w.app.db)
        .await
        .expect("capability");
    }
    let cap = harmonic.to_string();
    let o = &w.official;
    // A pending firm is never in the directory.
    assert_eq!(found_names(o, &[("capability", &cap)]).await.len(), 2);
    assert_eq!(
        found_names(o, &[("capability", &cap), ("city", "meishan")]).await,
        ["眉山精工机械有限公司"]
    );
    assert_eq!(
        found_names(o, &[("capability", &cap), ("level", "small_batch")]).await,
        ["四川谐波传动有限公司"]
    );
    assert!(
        found_names(o, &[("capability", &cap), ("verified", "1")])
            .await
            .is_empty()
    );
    let seen = entry(o, w.firm).await;
    json(verify(o, &seen["id"].to_string(), "1").await).await;
    assert_eq!(
        found_names(o, &[("capability", &cap), ("verified", "1")]).await,
        ["四川谐波传动有限公司"]
    );
    let page = json(search(&w.official, &[("capability", &cap), ("sort", "verified")]).await).await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["entries"][0]["verified_count"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_representative_edits_only_their_own_firm_and_not_its_approved_legal_name() {
    let w = world().await;
    let other = w
        .app
        .seed_firm(
            "眉山精工机械有限公司",
            "91511400MA6PRF006",
            "meishan",
            "approved",
        )
        .await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    let before = w.app.count("SELECT count(*) FROM firm_capabilities").await;

    let response = add_capability(&w.rep, other, harmonic).await;
    assert_eq!(response.status(), 403);
    let response = save_profile(&w.rep, other, "1", "眉山精工机械有限公司", "抢注").await;
    assert_eq!(response.status(), 403);
    // The bureau approved the firm under its name: the representative may not change it ...
    let response = save_profile(&w.rep, w.firm, "1", "别的名字有限公司", "").await;
    assert_eq!(response.status(), 403);
    // ... but keeps the rest of the profile.
    json(save_profile(&w.rep, w.firm, "1", "四川谐波传动有限公司", "谐波减速器").await).await;
    // Officials verify; they do not edit a firm's profile.
    let response = save_profile(&w.official, w.firm, "2", "四川谐波传动有限公司", "改写").await;
    assert_eq!(response.status(), 403);

    assert_eq!(
        w.app.count("SELECT count(*) FROM firm_capabilities").await,
        before
    );
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM firms ORDER BY id")
        .fetch_all(&w.app.db)
        .await
        .expect("names");
    assert_eq!(names, ["四川谐波传动有限公司", "眉山精工机械有限公司"]);
    let description: String = sqlx::query_scalar("SELECT description FROM firms WHERE id = $1")
        .bind(w.firm)
        .fetch_one(&w.app.db)
        .await
        .expect("description");
    assert_eq!(description, "谐波减速器");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_official_verifies_only_firms_of_their_own_city() {
    let w = world().await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    json(add_capability(&w.rep, w.firm, harmonic).await).await;
    w.app
        .seed_user(
            "official@meishan.example.cn",
            "张敏",
            "official",
            Some("meishan"),
            None,
        )
        .await;
    let meishan = w.app.browser();
    meishan.sign_in_ok("official@meishan.example.cn").await;
    let seen = entry(&meishan, w.firm).await;
    let response = verify(&meishan, &seen["id"].to_string(), "1").await;
    assert_eq!(response.status(), 403);
    // The firm cannot verify itself either.
    let response = verify(&w.rep, &seen["id"].to_string(), "1").await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM firm_capabilities WHERE verified_at IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_and_pending_firms_see_no_other_firm() {
    let w = world().await;
    let pending = w
        .app
        .seed_firm(
            "资阳智造装配有限公司",
            "91512000MA6PRF007",
            "ziyang",
            "pending",
        )
        .await;
    w.app
        .seed_user(
            "rep@pending.example.cn",
            "周杰",
            "firm_rep",
            None,
            Some(pending),
        )
        .await;
    let pending_rep = w.app.browser();
    pending_rep.sign_in_ok("rep@pending.example.cn").await;
    assert_eq!(search(&pending_rep, &[]).await.status(), 403);
    // An approved firm is out of their sight: 404, as for an id that names nothing.
    assert_eq!(get_firm(&pending_rep, w.firm).await.status(), 404);
    // Their own firm they see (and may fill in before approval).
    json(get_firm(&pending_rep, pending).await).await;
    let visitor = w.app.browser();
    assert_eq!(search(&visitor, &[]).await.status(), 401);
    assert_eq!(get_firm(&visitor, w.firm).await.status(), 401);
    // The officials of another city do not see a pending firm either: not found to them.
    assert_eq!(get_firm(&w.official, pending).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_field_changed_since_the_form_was_filled_is_refused_and_changes_nothing() {
    let w = world().await;
    json(save_profile(&w.rep, w.firm, "1", "四川谐波传动有限公司", "第一版").await).await;
    // The same form, filled at version 1, changes the description saved since: both sides
    // changed it, so the save is refused naming that field (the others merge: they equal what
    // was saved).
    let response = save_profile(
        &w.rep,
        w.firm,
        "1",
        "四川谐波传动有限公司",
        "旧版本上的修改",
    )
    .await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["Changed"]["fields"],
        serde_json::json!(["description"])
    );
    let description: String = sqlx::query_scalar("SELECT description FROM firms WHERE id = $1")
        .bind(w.firm)
        .fetch_one(&w.app.db)
        .await
        .expect("description");
    assert_eq!(description, "第一版");
}

async fn retire(browser: &Browser, id: i64) -> reqwest::Response {
    browser
        .call(
            "set_taxonomy_entry_retired",
            &[
                ("level", "capability"),
                ("id", &id.to_string()),
                ("retired", "true"),
            ],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taxonomy_entry_in_use_is_retired_never_deleted_and_no_firm_adds_it_anew() {
    let w = world().await;
    w.app
        .seed_user("admin@alliance.example.cn", "陈静", "admin", None, None)
        .await;
    let admin = w.app.browser();
    admin.sign_in_ok("admin@alliance.example.cn").await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    let rv = capability_id(&w.app, "RV reducers").await;
    json(add_capability(&w.rep, w.firm, harmonic).await).await;

    // Only the admin keeps the taxonomy.
    assert_eq!(retire(&w.official, harmonic).await.status(), 403);
    json(retire(&admin, harmonic).await).await;
    json(retire(&admin, rv).await).await;

    // The firm keeps it, marked retired; nobody adds a retired capability.
    let kept = entry(&w.rep, w.firm).await;
    assert_eq!(kept["retired"], true);
    let response = add_capability(&w.rep, w.firm, rv).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("capability_retired")
    );
    // The taxonomy others read has it no more; the admin's still lists it.
    let public = json(
        w.official
            .client
            .get(w.official.url("/api/list_taxonomy"))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert!(!public.to_string().contains("Harmonic reducers"));
    let managed = json(
        admin
            .client
            .get(admin.url("/api/list_taxonomy"))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert!(managed.to_string().contains("Harmonic reducers"));
    // The directory's filter keeps a retired entry that firms still hold, marked retired, and
    // only such an entry (no firm holds RV reducers).
    let held = json(
        w.official
            .client
            .get(w.official.url("/api/list_taxonomy"))
            .query(&[("held", "true")])
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert!(held.to_string().contains("Harmonic reducers"), "{held}");
    assert!(!held.to_string().contains("RV reducers"), "{held}");
    assert!(
        held.to_string().contains("\"firms\":null"),
        "counts stay the admin's"
    );
    let (status, directory) = w.official.get_html("/firms").await;
    assert_eq!(status, 200);
    assert!(
        directory.contains("谐波减速器（已停用）"),
        "the filter marks it"
    );
    // And the application's role cannot delete an entry at all.
    let runtime = w.app.runtime_db().await;
    let deleted = sqlx::query("DELETE FROM capabilities WHERE id = $1")
        .bind(rv)
        .execute(&runtime)
        .await;
    let code = deleted
        .expect_err("no DELETE on the taxonomy")
        .as_database_error()
        .and_then(|e| e.code().map(|c| c.into_owned()));
    assert_eq!(code.as_deref(), Some("42501"));

    // A new capability and a rename, each audited.
    let category: i64 =
        sqlx::query_scalar("SELECT id FROM capability_categories WHERE name_en = 'Modules'")
            .fetch_one(&w.app.db)
            .await
            .expect("modules");
    json(
        admin
            .call(
                "add_taxonomy_entry",
                &[
                    ("category_id", &category.to_string()),
                    ("name_zh", "电子皮肤"),
                    ("name_en", "Electronic skin"),
                ],
            )
            .await,
    )
    .await;
    let taken = admin
        .call(
            "add_taxonomy_entry",
            &[
                ("category_id", &category.to_string()),
                ("name_zh", "灵巧手"),
                ("name_en", "Hands"),
            ],
        )
        .await;
    assert_eq!(taken.status(), 422);
    assert!(taken.text().await.expect("body").contains("name_taken"));
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM audit_log WHERE action IN ('taxonomy_entry_retired', 'taxonomy_entry_added')")
            .await,
        3
    );
}

#[tokio::test]
async fn a_capability_with_no_monthly_capacity_is_refused() {
    let w = world().await;
    let harmonic = capability_id(&w.app, "Harmonic reducers").await;
    let zero = w
        .rep
        .call(
            "add_firm_capability",
            &[
                ("firm_id", &w.firm.to_string()),
                ("capability_id", &harmonic.to_string()),
                ("level", "small_batch"),
                ("monthly_capacity", "0"),
                ("lead_time_days", "30"),
            ],
        )
        .await;
    assert_eq!(zero.status(), 422);
    let body: Value = zero.json().await.expect("json");
    assert_eq!(
        body,
        serde_json::json!({ "Validation": { "field": "monthly_capacity", "code": "out_of_range" } })
    );
    assert_eq!(
        w.app.count("SELECT count(*) FROM firm_capabilities").await,
        0
    );
}
