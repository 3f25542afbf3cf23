//! Matching: who is a candidate, who may see the list, overrides that hold, "projects for you",
//! and the pre-ranking query against a brute-force ranking of every firm.

use app::db::matching::{Among, CandidateFilter, PRE_RANKED, firm_entries, pre_rank};
use app::domain::city::CityCode;
use app::domain::firm::{CertificateKind, ProductionLevel};
use app::domain::matching::{NeedSpec, Weights, firm_fit, ranks_before};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use crate::helpers::{Browser, TestApp, spawn_app};

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) chengdu: Browser,
    pub(crate) deyang_official: Browser,
    pub(crate) deyang_rep: Browser,
    pub(crate) deyang_firm: i64,
    pub(crate) meishan_firm: i64,
    pub(crate) pending_firm: i64,
    pub(crate) project: i64,
    pub(crate) need: i64,
}

pub(crate) async fn capability(app: &TestApp, name_en: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM capabilities WHERE name_en = $1")
        .bind(name_en)
        .fetch_one(&app.db)
        .await
        .expect("capability")
}

pub(crate) async fn hold(app: &TestApp, firm: i64, capability: i64, level: &str, capacity: i32) {
    sqlx::query(
        "INSERT INTO firm_capabilities (firm_id, capability_id, level, monthly_capacity, lead_time_days)
         VALUES ($1, $2, $3, $4, 30)",
    )
    .bind(firm)
    .bind(capability)
    .bind(level)
    .bind(capacity)
    .execute(&app.db)
    .await
    .expect("entry");
}

pub(crate) async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let body = response.text().await.expect("body");
    assert!(status.is_success(), "{status}: {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

/// Chengdu's official with an open project needing harmonic reducers from Deyang or Meishan;
/// a Deyang firm (mass production), a Meishan firm (prototype), a pending Ziyang firm that
/// would score best, and a Ziyang firm in another segment only; Deyang's official and the
/// Deyang firm's representative.
pub(crate) async fn world() -> World {
    let app = spawn_app().await;
    let official = app
        .seed_user(
            "wang.lei@chengdu.example.cn",
            "王磊",
            "official",
            Some("chengdu"),
            None,
        )
        .await;
    app.seed_deyang_official().await;
    let deyang_firm = app
        .seed_firm(
            "德阳东汽精密传动有限公司",
            "91510600MA6MAT001",
            "deyang",
            "approved",
        )
        .await;
    let meishan_firm = app
        .seed_firm(
            "眉山博远驱动技术有限公司",
            "91511400MA6MAT002",
            "meishan",
            "approved",
        )
        .await;
    let pending_firm = app
        .seed_firm(
            "资阳待审减速器有限公司",
            "91512000MA6MAT003",
            "ziyang",
            "pending",
        )
        .await;
    let elsewhere = app
        .seed_firm(
            "资阳川中注塑有限公司",
            "91512000MA6MAT004",
            "ziyang",
            "approved",
        )
        .await;
    app.seed_user(
        "rep@deyang-firm.example.cn",
        "赵强",
        "firm_rep",
        None,
        Some(deyang_firm),
    )
    .await;
    let reducers = capability(&app, "Harmonic reducers").await;
    let rv = capability(&app, "RV reducers").await;
    let moulding = capability(&app, "Injection moulding").await;
    hold(&app, deyang_firm, reducers, "mass_production", 1000).await;
    hold(&app, meishan_firm, rv, "prototype", 20).await;
    hold(&app, pending_firm, reducers, "mass_production", 5000).await;
    hold(&app, elsewhere, moulding, "mass_production", 5000).await;

    let signed_in = async |email: &str| {
        let browser = app.browser();
        browser.sign_in_ok(email).await;
        browser
    };
    let chengdu = signed_in("wang.lei@chengdu.example.cn").await;
    let deyang_official = signed_in("li.wei@deyang.example.cn").await;
    let deyang_rep = signed_in("rep@deyang-firm.example.cn").await;
    let segment: i64 = sqlx::query_scalar(
        "SELECT id FROM capability_categories WHERE name_en = 'Core components'",
    )
    .fetch_one(&app.db)
    .await
    .expect("segment");
    let project = json(
        chengdu
            .call(
                "create_project",
                &[
                    ("title", "协作机器人关节减速器国产化"),
                    ("summary", "征集谐波减速器小批量配套。"),
                    ("description", ""),
                    ("category_id", &segment.to_string()),
                    ("stage", "incubation"),
                    ("lead_firm_id", ""),
                    ("lead_institution", "蜀都理工大学"),
                    ("fund_city", "100"),
                    ("fund_province", ""),
                    ("fund_investment", ""),
                    ("fund_own", ""),
                    ("starts_on", ""),
                    ("ends_on", ""),
                    ("responsible_id", &official.to_string()),
                ],
            )
            .await,
    )
    .await
    .as_i64()
    .expect("project id");
    json(
        chengdu
            .call(
                "add_need",
                &[
                    ("project_id", &project.to_string()),
                    ("version", "1"),
                    ("capability_id", &reducers.to_string()),
                    ("level", "small_batch"),
                    ("quantity", "200"),
                    ("preferred_cities[]", "deyang"),
                    ("preferred_cities[]", "meishan"),
                    ("note", ""),
                ],
            )
            .await,
    )
    .await;
    json(
        chengdu
            .call(
                "change_project_status",
                &[
                    ("project_id", &project.to_string()),
                    ("status", "open"),
                    ("reason", ""),
                ],
            )
            .await,
    )
    .await;
    let need: i64 = sqlx::query_scalar("SELECT id FROM project_needs WHERE project_id = $1")
        .bind(project)
        .fetch_one(&app.db)
        .await
        .expect("need");
    World {
        app,
        chengdu,
        deyang_official,
        deyang_rep,
        deyang_firm,
        meishan_firm,
        pending_firm,
        project,
        need,
    }
}

async fn candidates(browser: &Browser, w: &World, query: &[(&str, &str)]) -> reqwest::Response {
    let mut params = vec![
        ("project_id", w.project.to_string()),
        ("need_id", w.need.to_string()),
    ];
    params.extend(query.iter().map(|(k, v)| (*k, (*v).to_owned())));
    browser
        .client
        .get(browser.url("/api/get_candidates"))
        .query(&params)
        .send()
        .await
        .expect("sent")
}

fn firm_ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|c| c["firm_id"].as_i64().expect("firm id"))
        .collect()
}

#[tokio::test]
async fn approved_holders_are_ranked_with_reasons_and_a_pending_firm_never_is() {
    let w = world().await;
    let list = json(candidates(&w.chengdu, &w, &[]).await).await;
    // The exact holder in a preferred city first, the same-segment holder after; the pending
    // firm (which would score best) and the firm of another segment not at all.
    assert_eq!(
        firm_ids(&list["ranked"]),
        vec![w.deyang_firm, w.meishan_firm]
    );
    assert!(!firm_ids(&list["ranked"]).contains(&w.pending_firm));
    let first = &list["ranked"][0];
    assert_eq!(first["parts"].as_array().expect("parts").len(), 8);
    assert_eq!(first["parts"][0]["part"]["Capability"], "Exact");
    assert_eq!(
        list["ranked"][1]["parts"][0]["part"]["Capability"],
        "SameCategory"
    );
    assert_eq!(list["ranked"][1]["capability"]["en"], "RV reducers");
    // Exact 30, level met 15, capacity 10, no certificate asked 15, self-declared 0,
    // preferred city 10, no track record 0, no load 5.
    assert_eq!(first["tenths"], 850);

    // Filters: Meishan only; at least small batch drops the prototype maker.
    let meishan = json(candidates(&w.chengdu, &w, &[("city", "meishan")]).await).await;
    assert_eq!(firm_ids(&meishan["ranked"]), vec![w.meishan_firm]);
    let batch = json(candidates(&w.chengdu, &w, &[("level", "small_batch")]).await).await;
    assert_eq!(firm_ids(&batch["ranked"]), vec![w.deyang_firm]);
    assert_eq!(batch["narrowed"], true);

    // Approving the pending firm makes it a candidate (after the Deyang firm: Ziyang is not
    // a preferred city).
    sqlx::query("UPDATE firms SET status = 'approved' WHERE id = $1")
        .bind(w.pending_firm)
        .execute(&w.app.db)
        .await
        .expect("approve");
    let list = json(candidates(&w.chengdu, &w, &[]).await).await;
    assert_eq!(
        firm_ids(&list["ranked"]),
        vec![w.deyang_firm, w.pending_firm, w.meishan_firm]
    );
}

#[tokio::test]
async fn only_the_owning_citys_officials_see_candidates() {
    let w = world().await;
    // A representative, even of a candidate, never sees the list of its competitors.
    assert_eq!(candidates(&w.deyang_rep, &w, &[]).await.status(), 403);
    assert_eq!(candidates(&w.deyang_official, &w, &[]).await.status(), 403);
    assert_eq!(candidates(&w.app.browser(), &w, &[]).await.status(), 401);
    let refused = w
        .app
        .count(
            "SELECT count(*) FROM audit_log WHERE action = 'access_refused'
               AND after->>'attempted' = 'get_candidates'",
        )
        .await;
    assert_eq!(refused, 2);
    // Nor may they pin or exclude.
    let response = w
        .deyang_rep
        .call(
            "set_candidate_override",
            &[
                ("project_id", &w.project.to_string()),
                ("need_id", &w.need.to_string()),
                ("firm_id", &w.meishan_firm.to_string()),
                ("kind", "exclude"),
                ("reason", "竞争对手"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(w.app.count("SELECT count(*) FROM need_overrides").await, 0);
}

async fn set_override(w: &World, firm: i64, kind: &str, reason: &str) -> reqwest::Response {
    w.chengdu
        .call(
            "set_candidate_override",
            &[
                ("project_id", &w.project.to_string()),
                ("need_id", &w.need.to_string()),
                ("firm_id", &firm.to_string()),
                ("kind", kind),
                ("reason", reason),
            ],
        )
        .await
}

#[tokio::test]
async fn an_exclusion_and_a_pin_hold_after_reload_and_are_audited() {
    let w = world().await;
    // A reason is required.
    let response = set_override(&w, w.deyang_firm, "exclude", "  ").await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("json");
    assert!(body.to_string().contains("reason"), "{body}");

    json(set_override(&w, w.deyang_firm, "exclude", "产能已被其他项目占满").await).await;
    json(set_override(&w, w.meishan_firm, "pin", "已有合作基础").await).await;

    // A new session (a reload, or a colleague) sees the same.
    let again = w.app.browser();
    again.sign_in_ok("wang.lei@chengdu.example.cn").await;
    let list = json(candidates(&again, &w, &[]).await).await;
    assert_eq!(firm_ids(&list["ranked"]), vec![w.meishan_firm]);
    assert_eq!(list["ranked"][0]["override_"]["pin"], true);
    assert_eq!(list["ranked"][0]["override_"]["reason"], "已有合作基础");
    assert_eq!(firm_ids(&list["excluded"]), vec![w.deyang_firm]);
    assert_eq!(
        list["excluded"][0]["override_"]["reason"],
        "产能已被其他项目占满"
    );
    for action in ["candidate_excluded", "candidate_pinned"] {
        let n = w
            .app
            .count(&format!(
                "SELECT count(*) FROM audit_log WHERE action = '{action}' AND entity_id = '{}'",
                w.project
            ))
            .await;
        assert_eq!(n, 1, "{action}");
    }

    // Undoing the exclusion puts the firm back in the ranking, and is audited too.
    json(
        w.chengdu
            .call(
                "clear_candidate_override",
                &[
                    ("project_id", &w.project.to_string()),
                    ("need_id", &w.need.to_string()),
                    ("firm_id", &w.deyang_firm.to_string()),
                ],
            )
            .await,
    )
    .await;
    let list = json(candidates(&again, &w, &[]).await).await;
    assert_eq!(
        firm_ids(&list["ranked"]),
        vec![w.meishan_firm, w.deyang_firm]
    );
    assert!(list["excluded"].as_array().expect("list").is_empty());
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM audit_log WHERE action = 'candidate_override_cleared'")
            .await,
        1
    );
    // A pending firm cannot be pinned.
    assert_eq!(
        set_override(&w, w.pending_firm, "pin", "试试")
            .await
            .status(),
        422
    );
}

async fn projects_for_firm(browser: &Browser) -> reqwest::Response {
    browser.get("/api/projects_for_firm").await
}

#[tokio::test]
async fn a_representative_sees_the_projects_that_fit_its_firm_with_its_own_score() {
    let w = world().await;
    let fits = json(projects_for_firm(&w.deyang_rep).await).await;
    let fits = fits.as_array().expect("a list");
    assert_eq!(fits.len(), 1);
    assert_eq!(fits[0]["project_id"], w.project);
    assert_eq!(fits[0]["need_id"], w.need);
    assert_eq!(fits[0]["tenths"], 850);
    assert_eq!(fits[0]["interested"], false);
    // Interest from there; the page then says so.
    json(
        w.deyang_rep
            .call(
                "express_interest",
                &[
                    ("project_id", &w.project.to_string()),
                    ("need_id", &w.need.to_string()),
                    ("message", "可提供小批量样件。"),
                ],
            )
            .await,
    )
    .await;
    let fits = json(projects_for_firm(&w.deyang_rep).await).await;
    assert_eq!(fits[0]["interested"], true);
    // Officials have no firm: the page is not theirs.
    assert_eq!(projects_for_firm(&w.chengdu).await.status(), 403);
}

#[tokio::test]
async fn coverage_shows_the_participant_of_a_filled_need() {
    let w = world().await;
    let official: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'wang.lei@chengdu.example.cn'")
            .fetch_one(&w.app.db)
            .await
            .expect("user");
    sqlx::query(
        "INSERT INTO project_participants (project_id, need_id, firm_id, selected_by)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(w.project)
    .bind(w.need)
    .bind(w.deyang_firm)
    .bind(official)
    .execute(&w.app.db)
    .await
    .expect("participant");
    let view = json(
        w.chengdu
            .client
            .get(w.chengdu.url("/api/get_project"))
            .query(&[("project_id", w.project.to_string())])
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let filled = &view["detail"]["needs"][0]["filled_by"];
    assert_eq!(filled["firm_id"], w.deyang_firm);
    assert_eq!(filled["city"]["en"], "Deyang");
    // An active participation counts as load: the firm's score drops by one load point.
    let list = json(candidates(&w.chengdu, &w, &[]).await).await;
    assert_eq!(list["ranked"][0]["firm_id"], w.deyang_firm);
    assert_eq!(list["ranked"][0]["tenths"], 840);
}

/// A few thousand generated firms in the reducers' segment (some pending, some with a track
/// record or a load), deterministic for the seed.
async fn generate_firms(app: &TestApp, seed: u64, count: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let official = app
        .seed_user(
            "gen@chengdu.example.cn",
            "生成",
            "official",
            Some("chengdu"),
            None,
        )
        .await;
    let segment: Vec<i64> = sqlx::query_scalar(
        "SELECT c.id FROM capabilities c JOIN capability_categories g ON g.id = c.category_id
         WHERE g.name_en = 'Core components' ORDER BY c.id LIMIT 4",
    )
    .fetch_all(&app.db)
    .await
    .expect("segment");
    let other = capability(app, "Injection moulding").await;
    let cities = ["chengdu", "deyang", "meishan", "ziyang"];
    let levels = ["prototype", "small_batch", "mass_production"];
    let kinds = ["iso9001", "iatf16949", "iso13485", "ce", "ccc"];
    let (mut names, mut codes, mut firm_cities, mut statuses) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..count {
        names.push(format!("生成企业{i}"));
        codes.push(format!("9151{i:014}"));
        firm_cities.push(cities[rng.random_range(0..4)].to_owned());
        statuses.push(
            if rng.random_bool(0.05) {
                "pending"
            } else {
                "approved"
            }
            .to_owned(),
        );
    }
    let firms: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO firms (name, credit_code, city_code, status)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) RETURNING id",
    )
    .bind(&names)
    .bind(&codes)
    .bind(&firm_cities)
    .bind(&statuses)
    .fetch_all(&app.db)
    .await
    .expect("firms");
    let (mut e_firm, mut e_cap, mut e_level, mut e_capacity, mut e_verified) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for firm in &firms {
        let mut held: Vec<i64> = segment
            .iter()
            .copied()
            .filter(|_| rng.random_bool(0.4))
            .collect();
        if rng.random_bool(0.3) {
            held.push(other);
        }
        for cap in held {
            e_firm.push(*firm);
            e_cap.push(cap);
            e_level.push(levels[rng.random_range(0..3)].to_owned());
            // Coarse capacities make many ties, which a cut must handle by firm id.
            e_capacity.push(rng.random_range(0..12) * 50);
            e_verified.push(rng.random_bool(0.2));
        }
    }
    let entries: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO firm_capabilities (firm_id, capability_id, level, monthly_capacity, lead_time_days,
                                        verified_by, verified_at, verified_version)
         SELECT f, c, l, m, 30, CASE WHEN v THEN $6::bigint END, CASE WHEN v THEN now() END,
                CASE WHEN v THEN 1 END
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::bool[]) AS e(f, c, l, m, v)
         RETURNING id",
    )
    .bind(&e_firm)
    .bind(&e_cap)
    .bind(&e_level)
    .bind(&e_capacity)
    .bind(&e_verified)
    .bind(official)
    .fetch_all(&app.db)
    .await
    .expect("entries");
    let (mut c_entry, mut c_kind, mut c_days) = (Vec::new(), Vec::new(), Vec::new());
    for entry in &entries {
        for kind in kinds {
            if rng.random_bool(0.25) {
                c_entry.push(*entry);
                c_kind.push(kind.to_owned());
                // A fifth of them expired.
                c_days.push(rng.random_range(-100..400));
            }
        }
    }
    sqlx::query(
        "INSERT INTO capability_certificates (firm_capability_id, kind, number, issuer, expires_on)
         SELECT e, k, 'N-' || e || k, '认证机构', (now() AT TIME ZONE 'Asia/Shanghai')::date + d
         FROM unnest($1::bigint[], $2::text[], $3::int[]) AS c(e, k, d)",
    )
    .bind(&c_entry)
    .bind(&c_kind)
    .bind(&c_days)
    .execute(&app.db)
    .await
    .expect("certificates");
    // Track records and loads: participations on needs of one project.
    let project: i64 = sqlx::query_scalar(
        "INSERT INTO projects (city_code, title, category_id, stage, status, responsible_user_id, created_by)
         VALUES ('chengdu', '历史项目', (SELECT category_id FROM capabilities WHERE id = $1),
                 'incubation', 'in_execution', $2, $2) RETURNING id",
    )
    .bind(segment[0])
    .bind(official)
    .fetch_one(&app.db)
    .await
    .expect("project");
    let (mut p_firm, mut p_status) = (Vec::new(), Vec::new());
    for firm in &firms {
        for _ in 0..rng.random_range(0..4) {
            if rng.random_bool(0.3) {
                p_firm.push(*firm);
                p_status.push(
                    if rng.random_bool(0.6) {
                        "completed"
                    } else {
                        "active"
                    }
                    .to_owned(),
                );
            }
        }
    }
    sqlx::query(
        "WITH n AS (
             INSERT INTO project_needs (project_id, capability_id, level, quantity, status)
             SELECT $1, $2, 'prototype', 1, 'filled' FROM unnest($3::bigint[]) WITH ORDINALITY AS p(f, i)
             RETURNING id
         ), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS i FROM n)
         INSERT INTO project_participants (project_id, need_id, firm_id, status, selected_by)
         SELECT $1, numbered.id, p.f, p.s, $5
         FROM unnest($3::bigint[], $4::text[]) WITH ORDINALITY AS p(f, s, i)
         JOIN numbered ON numbered.i = p.i",
    )
    .bind(project)
    .bind(segment[0])
    .bind(&p_firm)
    .bind(&p_status)
    .bind(official)
    .execute(&app.db)
    .await
    .expect("participations");
    sqlx::query("ANALYZE")
        .execute(&app.db)
        .await
        .expect("analyze");
}

#[tokio::test]
async fn the_pre_ranking_never_drops_a_firm_of_the_true_top_fifty() {
    let app = spawn_app().await;
    generate_firms(&app, 7, 3000).await;
    let today = server::generate::beijing_today();
    let segment: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT c.id, c.category_id FROM capabilities c JOIN capability_categories g ON g.id = c.category_id
         WHERE g.name_en = 'Core components' ORDER BY c.id LIMIT 5",
    )
    .fetch_all(&app.db)
    .await
    .expect("segment");
    let mut conn = app.db.acquire().await.expect("connection");
    // Every approved firm's entries, for the brute force.
    let firms: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM firms WHERE status = 'approved' ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .expect("firms");
    let mut all = Vec::new();
    for firm in &firms {
        all.push(
            firm_entries(&mut conn, *firm, today)
                .await
                .expect("entries"),
        );
    }
    let w = Weights::STANDARD;
    let city = |c: &str| CityCode::parse(c).expect("city");
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let levels = [
        ProductionLevel::Prototype,
        ProductionLevel::SmallBatch,
        ProductionLevel::MassProduction,
    ];
    let kinds = [
        CertificateKind::Iso9001,
        CertificateKind::Iatf16949,
        CertificateKind::Iso13485,
    ];
    // The fifth capability of the segment is held by nobody: only same-segment candidates.
    for round in 0..24 {
        let (capability_id, category_id) = segment[round % segment.len()];
        let mut certificates: Vec<CertificateKind> = kinds
            .iter()
            .copied()
            .filter(|_| rng.random_bool(0.4))
            .collect();
        certificates.sort();
        let preferred: Vec<CityCode> = ["deyang", "meishan", "ziyang", "chengdu"]
            .iter()
            .filter(|_| rng.random_bool(0.4))
            .map(|c| city(c))
            .collect();
        let need = NeedSpec {
            capability_id,
            category_id,
            level: levels[rng.random_range(0..3)],
            quantity: rng.random_range(1..800),
            certificates,
            preferred_cities: preferred,
            project_city: city("chengdu"),
        };
        let filter = CandidateFilter {
            city: None,
            verified_only: round % 6 == 5,
            min_level: None,
        };
        // The brute force: every approved firm scored by the domain.
        let mut brute: Vec<(u32, i64)> = firms
            .iter()
            .zip(&all)
            .filter_map(|(firm, entries)| {
                let (facts, score) = firm_fit(&need, entries, &w)?;
                (!filter.verified_only || facts.verified).then_some((score.tenths, *firm))
            })
            .collect();
        brute.sort_by(|a, b| ranks_before(*a, *b));
        brute.truncate(50);
        // The query, with its real bound and with a tight one.
        for limit in [PRE_RANKED, 50] {
            let ranked = pre_rank(&mut conn, &need, &filter, Among::AllBut(&[]), today, limit)
                .await
                .expect("pre-rank");
            let mut got: Vec<(u32, i64)> = ranked
                .iter()
                .map(|r| {
                    let score = app::domain::matching::score(&need, &r.facts, &w);
                    assert_eq!(
                        score.tenths, r.tenths,
                        "round {round}: the query and the domain agree"
                    );
                    (score.tenths, r.facts.firm_id)
                })
                .collect();
            got.sort_by(|a, b| ranks_before(*a, *b));
            got.truncate(50);
            assert_eq!(got, brute, "round {round}, limit {limit}: {need:?}");
        }
        assert!(!brute.is_empty(), "round {round} ranks somebody");
    }
}
