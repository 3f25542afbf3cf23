//! A project in execution beyond its milestones' steps (those are in `invitations`): its risks
//! (written by the owning city, escalated to the coordination meetings), its health (computed
//! by the rules with the alliance's thresholds, explained, overridden with a reason), and who
//! reads what of it.

use serde_json::Value;

use crate::helpers::Browser;
use crate::invitations::{
    conflict_code, meishan_rep, meishan_takes_part, notifications, started_with,
};
use crate::matching::{World, json, world};

async fn execution(browser: &Browser, project: i64) -> reqwest::Response {
    browser
        .client
        .get(browser.url("/api/get_execution"))
        .query(&[("project_id", project.to_string())])
        .send()
        .await
        .expect("sent")
}

async fn execution_json(browser: &Browser, project: i64) -> Value {
    json(execution(browser, project).await).await
}

fn risk_form<'a>(
    project: &'a str,
    title: &'a str,
    severity: &'a str,
    owner: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("project_id", project),
        ("title", title),
        ("description", "稀土磁钢交期由四周延长至十周。"),
        ("severity", severity),
        ("likelihood", "medium"),
        ("owner", owner),
        ("due_on", "2099-03-31"),
        ("mitigation", ""),
    ]
}

async fn admin(w: &World) -> Browser {
    w.app
        .seed_user(
            "admin@alliance.example.cn",
            "联盟管理员",
            "admin",
            None,
            None,
        )
        .await;
    let browser = w.app.browser();
    browser.sign_in_ok("admin@alliance.example.cn").await;
    browser
}

async fn participant_of(w: &World, firm: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM project_participants WHERE project_id = $1 AND firm_id = $2")
        .bind(w.project)
        .bind(firm)
        .fetch_one(&w.app.db)
        .await
        .expect("participant")
}

/// A high risk makes the project amber and says why, on the page as on the wire; escalated,
/// every bureau and the admin hear of it in their inbox (not the firms, not the one who
/// escalated); taken back, it is no longer escalated. Each step is audited.
#[tokio::test]
async fn an_open_high_risk_makes_the_project_amber_and_escalating_it_tells_every_bureau() {
    let w = world().await;
    let admin = admin(&w).await;
    started_with(&w, async |_| {}).await;
    let project = w.project.to_string();
    let before = execution_json(&w.chengdu, w.project).await;
    assert_eq!(before["execution"]["health"]["computed"]["health"], "Green");

    json(
        w.chengdu
            .call("add_risk", &risk_form(&project, "磁钢供货", "high", ""))
            .await,
    )
    .await;
    let page = execution_json(&w.deyang_official, w.project).await;
    let health = &page["execution"]["health"]["computed"];
    assert_eq!(health["health"], "Amber");
    assert_eq!(health["reasons"][0]["rule"], "high_risk");
    assert_eq!(health["reasons"][0]["risk"], "磁钢供货");
    let html = w
        .chengdu
        .get(&format!("/projects/{}/execution", w.project))
        .await
        .text()
        .await
        .expect("page");
    assert!(html.contains("黄色（需关注）"), "the colour in words");
    assert!(html.contains("高风险「磁钢供货」尚未缓解"), "and why");
    // The project's own page shows the colour and leads to the execution page.
    let project_page = w
        .chengdu
        .get(&format!("/projects/{}", w.project))
        .await
        .text()
        .await
        .expect("page");
    assert!(project_page.contains("data-testid=\"execution-link\""));
    assert!(project_page.contains("data-health=\"amber\""));

    let risk: i64 = sqlx::query_scalar("SELECT id FROM project_risks WHERE project_id = $1")
        .bind(w.project)
        .fetch_one(&w.app.db)
        .await
        .expect("risk");
    let id = risk.to_string();
    // Another bureau reads the risk but does not escalate it.
    assert_eq!(
        w.deyang_official
            .call("escalate_risk", &[("risk_id", &id), ("reason", "需要协调")])
            .await
            .status(),
        403
    );
    // Escalating needs its reason.
    let refused = w
        .chengdu
        .call("escalate_risk", &[("risk_id", &id), ("reason", "  ")])
        .await;
    assert_eq!(refused.status(), 422);
    json(
        w.chengdu
            .call(
                "escalate_risk",
                &[
                    ("risk_id", &id),
                    ("reason", "磁钢由省内企业统一采购，需要四市协调。"),
                ],
            )
            .await,
    )
    .await;
    assert!(
        conflict_code(
            w.chengdu
                .call("escalate_risk", &[("risk_id", &id), ("reason", "再次")])
                .await
        )
        .await
        .contains("risk_escalated")
    );
    let escalation = &execution_json(&w.chengdu, w.project).await["execution"]["risks"][0];
    assert_eq!(
        escalation["escalation"]["reason"],
        "磁钢由省内企业统一采购，需要四市协调。"
    );
    for (who, email) in [
        ("another bureau", "li.wei@deyang.example.cn"),
        ("the admin", "admin@alliance.example.cn"),
    ] {
        assert!(
            notifications(&w.app, email)
                .await
                .contains(&"risk_escalated".to_owned()),
            "{who}"
        );
    }
    for (who, email) in [
        ("the official who escalated", "wang.lei@chengdu.example.cn"),
        ("a firm", "rep@deyang-firm.example.cn"),
    ] {
        assert!(
            !notifications(&w.app, email)
                .await
                .contains(&"risk_escalated".to_owned()),
            "{who}"
        );
    }
    let inbox = admin.get("/inbox").await.text().await.expect("inbox");
    assert!(
        inbox.contains("磁钢供货"),
        "the admin's inbox names the risk"
    );

    json(w.chengdu.call("deescalate_risk", &[("risk_id", &id)]).await).await;
    let after = execution_json(&w.chengdu, w.project).await;
    assert_eq!(after["execution"]["risks"][0]["escalation"], Value::Null);
    let trail: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity_type = 'project_risk' AND entity_id = $1
         AND action <> 'access_refused' ORDER BY id",
    )
    .bind(&id)
    .fetch_all(&w.app.db)
    .await
    .expect("trail");
    assert_eq!(trail, ["risk_added", "risk_escalated", "risk_deescalated"]);
}

/// A risk's form refuses every bad field at once and stores nothing; an owner that is not
/// the project's is refused; an edit from an older version is refused as changed meanwhile.
#[tokio::test]
async fn a_bad_risk_is_refused_field_by_field_and_nothing_is_stored() {
    let w = world().await;
    started_with(&w, async |_| {}).await;
    let project = w.project.to_string();
    let response = w
        .chengdu
        .call(
            "add_risk",
            &risk_form(&project, " ", "dire", "participant:abc"),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.expect("body");
    for field in ["title", "severity", "owner"] {
        assert!(body.contains(field), "{field}: {body}");
    }
    // Someone else's participant, or an official of another city, owns no risk here.
    let foreign: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'li.wei@deyang.example.cn'")
            .fetch_one(&w.app.db)
            .await
            .expect("official");
    let foreign = format!("official:{foreign}");
    let response = w
        .chengdu
        .call(
            "add_risk",
            &risk_form(&project, "磁钢供货", "low", &foreign),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(w.app.count("SELECT count(*) FROM project_risks").await, 0);

    let deyang = participant_of(&w, w.deyang_firm).await;
    let owner = format!("participant:{deyang}");
    json(
        w.chengdu
            .call("add_risk", &risk_form(&project, "磁钢供货", "low", &owner))
            .await,
    )
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM project_risks")
        .fetch_one(&w.app.db)
        .await
        .expect("risk");
    let id = id.to_string();
    let edit = |version: &'static str| {
        vec![
            ("risk_id", id.clone()),
            ("version", version.to_owned()),
            ("title", "磁钢供货".to_owned()),
            ("description", String::new()),
            ("severity", "critical".to_owned()),
            ("likelihood", "high".to_owned()),
            ("owner", owner.clone()),
            ("due_on", String::new()),
            ("mitigation", "改用备选供应商。".to_owned()),
            ("state", "open".to_owned()),
        ]
    };
    let form = edit("1");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    json(w.chengdu.call("update_risk", &form).await).await;
    assert!(
        conflict_code(w.chengdu.call("update_risk", &form).await)
            .await
            .contains("stale_risk"),
        "the same edit again, from version 1"
    );
    let page = execution_json(&w.deyang_rep, w.project).await;
    assert_eq!(page["execution"]["health"]["computed"]["health"], "Red");
    assert_eq!(
        page["execution"]["risks"][0]["mitigation"],
        "改用备选供应商。"
    );
}

/// A firm reads the risks of the project and its own, never one another participant owns;
/// the health it reads is made of what it may read.
#[tokio::test]
async fn a_firm_never_reads_a_risk_another_participant_owns() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    started_with(&w, meishan_takes_part).await;
    let project = w.project.to_string();
    let deyang = format!("participant:{}", participant_of(&w, w.deyang_firm).await);
    let meishan_owner = format!("participant:{}", participant_of(&w, w.meishan_firm).await);
    for form in [
        risk_form(&project, "德阳减速器寿命试验", "critical", &deyang),
        risk_form(&project, "眉山伺服电机温升", "low", &meishan_owner),
        risk_form(&project, "四市联合采购", "medium", ""),
    ] {
        json(w.chengdu.call("add_risk", &form).await).await;
    }
    let titles = async |browser: &Browser| -> Vec<String> {
        execution_json(browser, w.project).await["execution"]["risks"]
            .as_array()
            .expect("risks")
            .iter()
            .map(|r| r["title"].as_str().expect("title").to_owned())
            .collect()
    };
    assert_eq!(
        titles(&w.chengdu).await,
        ["德阳减速器寿命试验", "眉山伺服电机温升", "四市联合采购"]
    );
    assert_eq!(
        titles(&w.deyang_rep).await,
        ["德阳减速器寿命试验", "四市联合采购"]
    );
    assert_eq!(titles(&meishan).await, ["眉山伺服电机温升", "四市联合采购"]);
    let page = execution_json(&meishan, w.project).await;
    assert_eq!(page["execution"]["health"]["computed"]["health"], "Green");
    let html = meishan
        .get(&format!("/projects/{}/execution", w.project))
        .await
        .text()
        .await
        .expect("page");
    assert!(!html.contains("德阳减速器寿命试验"));
    // The Deyang participant's own health reads its critical risk.
    let participants = &execution_json(&w.deyang_rep, w.project).await["execution"]["participants"];
    let own = participants
        .as_array()
        .expect("participants")
        .iter()
        .find(|p| p["firm_id"] == w.deyang_firm)
        .expect("deyang");
    assert_eq!(own["health"]["computed"]["health"], "Red");
}

/// Overdue is computed as the page is read, with the alliance's threshold: ten days overdue is
/// amber under the default 14, red once the admin sets 7. An official overrides the colour
/// only with a reason, shown beside the computed one and audited, and clears it.
#[tokio::test]
async fn the_thresholds_are_the_alliances_settings_and_an_override_needs_a_reason() {
    let w = world().await;
    let admin = admin(&w).await;
    started_with(&w, async |_| {}).await;
    sqlx::query(
        "UPDATE project_milestones SET due_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 10
         WHERE position = 1 AND project_id = $1",
    )
    .bind(w.project)
    .execute(&w.app.db)
    .await
    .expect("due");
    let colour = async || -> Value {
        execution_json(&w.chengdu, w.project).await["execution"]["health"]["computed"]["health"]
            .clone()
    };
    assert_eq!(colour().await, "Amber");

    // Only the admin sets the thresholds, within bounds, from the version it read.
    let settings = |version: &'static str, red: &'static str| {
        [
            ("version", version),
            ("red_overdue_days", red),
            ("stale_report_days", "30"),
        ]
    };
    assert_eq!(
        w.chengdu
            .call("set_health_settings", &settings("1", "7"))
            .await
            .status(),
        403
    );
    assert_eq!(
        admin
            .call("set_health_settings", &settings("1", "0"))
            .await
            .status(),
        422
    );
    json(admin.call("set_health_settings", &settings("1", "7")).await).await;
    assert!(
        conflict_code(admin.call("set_health_settings", &settings("1", "9")).await)
            .await
            .contains("stale_settings")
    );
    assert_eq!(colour().await, "Red");
    let settings_page = admin.get("/settings").await.text().await.expect("page");
    assert!(
        settings_page.contains("value=\"7\""),
        "the page shows the new threshold"
    );

    // An override needs a colour and a reason; it shows beside the computed colour.
    let project = w.project.to_string();
    let refused = w
        .chengdu
        .call(
            "override_health",
            &[
                ("project_id", &project),
                ("health", "green"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    json(
        w.chengdu
            .call(
                "override_health",
                &[
                    ("project_id", &project),
                    ("health", "amber"),
                    ("reason", "样机已在验收途中，逾期为物流原因。"),
                ],
            )
            .await,
    )
    .await;
    let page = execution_json(&w.deyang_official, w.project).await;
    let health = &page["execution"]["health"];
    assert_eq!(health["computed"]["health"], "Red");
    assert_eq!(health["overridden"]["health"], "Amber");
    assert_eq!(
        health["overridden"]["reason"],
        "样机已在验收途中，逾期为物流原因。"
    );
    let html = w
        .deyang_official
        .get(&format!("/projects/{}/execution", w.project))
        .await
        .text()
        .await
        .expect("page");
    assert!(html.contains("data-testid=\"health-computed\""));
    assert!(html.contains("样机已在验收途中"));
    // Another bureau reads it but does not override; the admin neither.
    for browser in [&w.deyang_official, &admin] {
        let response = browser
            .call(
                "override_health",
                &[
                    ("project_id", &project),
                    ("health", "green"),
                    ("reason", "无"),
                ],
            )
            .await;
        assert_eq!(response.status(), 403);
    }
    json(
        w.chengdu
            .call("clear_health_override", &[("project_id", &project)])
            .await,
    )
    .await;
    let page = execution_json(&w.chengdu, w.project).await;
    assert_eq!(page["execution"]["health"]["overridden"], Value::Null);
    let trail: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action IN
           ('health_overridden', 'health_override_cleared', 'health_settings_changed') ORDER BY id",
    )
    .fetch_all(&w.app.db)
    .await
    .expect("trail");
    assert_eq!(
        trail,
        [
            "health_settings_changed",
            "health_overridden",
            "health_override_cleared"
        ]
    );
}

/// The execution page is not found for a firm taking no part, for a visitor, and for a
/// project that has not started.
#[tokio::test]
async fn the_execution_page_is_for_the_projects_people_only() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    assert_eq!(
        execution(&w.chengdu, w.project).await.status(),
        404,
        "not started"
    );
    started_with(&w, async |_| {}).await;
    assert_eq!(execution(&meishan, w.project).await.status(), 404);
    assert_eq!(execution(&w.app.browser(), w.project).await.status(), 404);
    let (status, _) = meishan
        .get_html(&format!("/projects/{}/execution", w.project))
        .await;
    assert_eq!(status, 404);
    assert_eq!(execution(&w.deyang_rep, w.project).await.status(), 200);
}

async fn portfolio(browser: &Browser, query: &[(&str, &str)]) -> reqwest::Response {
    browser
        .client
        .get(browser.url("/api/list_portfolio"))
        .query(query)
        .send()
        .await
        .expect("sent")
}

fn titles_of(list: &Value) -> Vec<String> {
    list["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["title"].as_str().expect("title").to_owned())
        .collect()
}

/// The portfolio lists the projects in execution worst first, filters by health, city and
/// segment, shows a firm only the projects it takes part in, and downloads as a spreadsheet
/// for the bureaus and the admin only.
#[tokio::test]
async fn the_portfolio_lists_the_worst_first_and_exports_for_the_bureaus() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    started_with(&w, async |_| {}).await;
    let title: String = sqlx::query_scalar("SELECT title FROM projects WHERE id = $1")
        .bind(w.project)
        .fetch_one(&w.app.db)
        .await
        .expect("title");
    // A second project in execution, with nothing against it: green.
    sqlx::raw_sql(
        "INSERT INTO projects (city_code, title, summary, description, category_id, stage,
                               responsible_user_id, created_by, status)
         SELECT 'chengdu', '巡检机器人示范线', '摘要', '',
                (SELECT id FROM capability_categories ORDER BY id LIMIT 1), 'incubation', u.id, u.id,
                'in_execution'
         FROM users u WHERE u.email = 'wang.lei@chengdu.example.cn'",
    )
    .execute(&w.app.db)
    .await
    .expect("second project");
    let project = w.project.to_string();
    json(
        w.chengdu
            .call("add_risk", &risk_form(&project, "磁钢供货", "high", ""))
            .await,
    )
    .await;

    let all = json(portfolio(&w.deyang_official, &[]).await).await;
    assert_eq!(
        titles_of(&all),
        [title.clone(), "巡检机器人示范线".to_owned()]
    );
    assert_eq!(all["rows"][0]["health"], "Amber");
    assert_eq!(all["rows"][0]["reasons"][0]["risk"], "磁钢供货");
    assert_eq!(all["rows"][1]["health"], "Green");
    assert_eq!(
        all["rows"][0]["next_due"][0]["firm"]
            .as_str()
            .map(str::is_empty),
        Some(false)
    );
    let amber = json(portfolio(&w.deyang_official, &[("health", "amber")]).await).await;
    assert_eq!(titles_of(&amber), std::slice::from_ref(&title));
    let deyang_city = json(portfolio(&w.chengdu, &[("city", "deyang")]).await).await;
    assert_eq!(deyang_city["total"], 0);
    // A firm's portfolio holds the projects it takes part in.
    assert_eq!(
        titles_of(&json(portfolio(&w.deyang_rep, &[]).await).await),
        std::slice::from_ref(&title)
    );
    assert_eq!(json(portfolio(&meishan, &[]).await).await["total"], 0);
    let html = w
        .chengdu
        .get("/execution")
        .await
        .text()
        .await
        .expect("page");
    assert!(html.contains(&title) && html.contains("巡检机器人示范线"));
    assert!(
        html.find(&title) < html.find("巡检机器人示范线"),
        "worst first on the page"
    );

    // The spreadsheet: the bureaus' and the admin's, audited.
    let export = w.chengdu.get("/api/export_portfolio?health=amber").await;
    assert_eq!(export.status(), 200);
    let csv = export.text().await.expect("csv");
    assert!(csv.contains(&title) && csv.contains("黄色（需关注）") && csv.contains("磁钢供货"));
    assert!(
        !csv.contains("巡检机器人示范线"),
        "the filter holds for the file"
    );
    assert_eq!(
        w.deyang_rep.get("/api/export_portfolio").await.status(),
        403
    );
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM audit_log WHERE action = 'portfolio_exported'")
            .await,
        1
    );
}

fn payment<'a>(
    project: &'a str,
    amount: &'a str,
    recipient: &'a str,
    reason: &'a str,
) -> Vec<(&'a str, String)> {
    vec![
        ("project_id", project.to_owned()),
        ("paid_on", chrono::Utc::now().date_naive().to_string()),
        ("amount", amount.to_owned()),
        ("source", "city".to_owned()),
        ("recipient", recipient.to_owned()),
        ("note", "按里程碑拨付".to_owned()),
        ("overspend_reason", reason.to_owned()),
    ]
}

async fn pay(browser: &Browser, form: Vec<(&str, String)>) -> reqwest::Response {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.call("record_disbursement", &form).await
}

/// Only the owning city's officials record payments; a payment past a source's plan needs a
/// reason and then shows as overspent; the participant paid is told; a firm reads only the
/// payments made to it, never another participant's, nor the plan's totals.
#[tokio::test]
async fn payments_are_the_owning_citys_and_a_firm_reads_only_its_own() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    started_with(&w, meishan_takes_part).await;
    let project = w.project.to_string();
    let deyang = format!("participant:{}", participant_of(&w, w.deyang_firm).await);
    let meishan_part = format!("participant:{}", participant_of(&w, w.meishan_firm).await);

    // A firm records nothing: 403, audited, nothing stored.
    assert_eq!(
        pay(&w.deyang_rep, payment(&project, "10", &deyang, ""))
            .await
            .status(),
        403
    );
    assert_eq!(
        pay(&w.deyang_official, payment(&project, "10", &deyang, ""))
            .await
            .status(),
        403
    );
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM project_disbursements")
            .await,
        0
    );
    assert_eq!(
        w.app
            .count(
                "SELECT count(*) FROM audit_log WHERE action = 'access_refused'
                 AND after->>'attempted' = 'record_disbursement'"
            )
            .await,
        2
    );

    // The city fund planned 100 万元: 60 to Deyang, 30 to Meishan, then 20 more is past the plan.
    json(pay(&w.chengdu, payment(&project, "60", &deyang, "")).await).await;
    json(pay(&w.chengdu, payment(&project, "30", &meishan_part, "")).await).await;
    let refused = pay(&w.chengdu, payment(&project, "20", &deyang, "")).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("overspend_needs_reason")
    );
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM project_disbursements")
            .await,
        2
    );
    json(
        pay(
            &w.chengdu,
            payment(&project, "20", &deyang, "样机追加一轮寿命试验。"),
        )
        .await,
    )
    .await;
    assert!(
        notifications(&w.app, "rep@deyang-firm.example.cn")
            .await
            .contains(&"disbursement_recorded".to_owned())
    );

    let money = &execution_json(&w.deyang_official, w.project).await["execution"]["money"];
    let city = &money["totals"][0];
    assert_eq!(
        (city["planned"].as_i64(), city["paid"].as_i64()),
        (Some(1_000_000), Some(1_100_000))
    );
    assert_eq!(money["payments"].as_array().map(Vec::len), Some(3));
    let html = w
        .chengdu
        .get(&format!("/projects/{}/execution", w.project))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        html.contains("data-testid=\"overspent\""),
        "the overspent source is marked"
    );
    assert!(html.contains("样机追加一轮寿命试验。"));

    // Each firm reads its own payments, and no totals.
    let own = async |browser: &Browser| -> (Vec<i64>, usize) {
        let money = execution_json(browser, w.project).await["execution"]["money"].clone();
        (
            money["payments"]
                .as_array()
                .expect("payments")
                .iter()
                .map(|p| p["amount"].as_i64().expect("amount"))
                .collect(),
            money["totals"].as_array().map_or(0, Vec::len),
        )
    };
    assert_eq!(own(&w.deyang_rep).await, (vec![600_000, 200_000], 0));
    assert_eq!(own(&meishan).await, (vec![300_000], 0));
    // The portfolio's money: all of it for a bureau, its own for a firm.
    let paid = async |browser: &Browser| -> i64 {
        json(portfolio(browser, &[]).await).await["rows"][0]["paid"]
            .as_i64()
            .expect("paid")
    };
    assert_eq!(paid(&w.chengdu).await, 1_100_000);
    assert_eq!(paid(&meishan).await, 300_000);
}

/// The discussion is the owning city's, the participants' and the admin's: another bureau
/// reads the execution but does not post; an `@` and a member's name tells that member; a
/// message is edited by its author within fifteen minutes, then no more.
#[tokio::test]
async fn the_discussion_tells_whom_it_mentions_and_closes_edits_after_fifteen_minutes() {
    let w = world().await;
    let admin = admin(&w).await;
    started_with(&w, async |_| {}).await;
    let project = w.project.to_string();
    let post = async |browser: &Browser, body: &str| {
        browser
            .call("post_message", &[("project_id", &project), ("body", body)])
            .await
    };
    assert_eq!(
        post(&w.deyang_official, "德阳可协调试验台。")
            .await
            .status(),
        403
    );
    assert!(
        execution_json(&w.deyang_official, w.project).await["execution"]["discussion"].is_null()
    );
    assert_eq!(post(&w.chengdu, "   ").await.status(), 422);
    let rep_name: String = sqlx::query_scalar(
        "SELECT display_name FROM users WHERE email = 'rep@deyang-firm.example.cn'",
    )
    .fetch_one(&w.app.db)
    .await
    .expect("name");
    json(
        post(
            &w.chengdu,
            &format!("@{rep_name} 请本周五前上传样机检测报告。"),
        )
        .await,
    )
    .await;
    json(post(&w.deyang_rep, "收到，周四上传。").await).await;
    json(post(&admin, "联盟办公室已知悉。").await).await;
    assert!(
        notifications(&w.app, "rep@deyang-firm.example.cn")
            .await
            .contains(&"mentioned".to_owned())
    );
    assert!(
        !notifications(&w.app, "li.wei@deyang.example.cn")
            .await
            .contains(&"mentioned".to_owned())
    );
    let discussion =
        execution_json(&w.deyang_rep, w.project).await["execution"]["discussion"].clone();
    let bodies: Vec<&str> = discussion["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["body"].as_str().expect("body"))
        .collect();
    assert_eq!(bodies.len(), 3);
    assert_eq!(bodies[2], "联盟办公室已知悉。", "newest last");

    // Its author edits it; nobody else does; after fifteen minutes, not even its author.
    let first: i64 = sqlx::query_scalar("SELECT min(id) FROM project_messages")
        .fetch_one(&w.app.db)
        .await
        .expect("message");
    let id = first.to_string();
    let edit = async |browser: &Browser, body: &str| {
        browser
            .call("edit_message", &[("message_id", &id), ("body", body)])
            .await
    };
    assert_eq!(edit(&w.deyang_rep, "改掉别人的话").await.status(), 403);
    json(edit(&w.chengdu, "请本周四前上传样机检测报告。").await).await;
    sqlx::query(
        "UPDATE project_messages SET created_at = now() - interval '16 minutes' WHERE id = $1",
    )
    .bind(first)
    .execute(&w.app.db)
    .await
    .expect("older");
    assert!(
        conflict_code(edit(&w.chengdu, "再改一次").await)
            .await
            .contains("message_edit_closed")
    );
    let body: String = sqlx::query_scalar("SELECT body FROM project_messages WHERE id = $1")
        .bind(first)
        .fetch_one(&w.app.db)
        .await
        .expect("body");
    assert_eq!(body, "请本周四前上传样机检测报告。");
}

/// The owning city's official rewrites a milestone's plan (its name, due day, deliverable,
/// acceptance criteria and the bench figures' targets) and moves it in the order; an edit over
/// a colleague's is refused, a firm edits nothing (403, audited, nothing changed), and a new
/// due day makes a lateness already told be told again.
#[tokio::test]
async fn the_owning_city_plans_the_milestones_and_nobody_else_does() {
    let w = world().await;
    started_with(&w, async |_| {}).await;
    let ids: Vec<(i64, i32, String)> = sqlx::query_as(
        "SELECT id, version, rung FROM project_milestones WHERE project_id = $1 ORDER BY position",
    )
    .bind(w.project)
    .fetch_all(&w.app.db)
    .await
    .expect("milestones");
    let (bench, version, rung) = ids[1].clone();
    assert_eq!(rung, "bench_qualification");
    let id = bench.to_string();
    let version = version.to_string();
    let plan = |version: &str, due: &str| -> Vec<(String, String)> {
        vec![
            ("milestone_id".into(), id.clone()),
            ("version".into(), version.to_owned()),
            ("name".into(), String::new()),
            ("deliverable".into(), "台架试验报告及样机两台".into()),
            ("due_on".into(), due.into()),
            ("acceptance".into(), "回差不大于 1 弧分".into()),
            ("targets[]".into(), "≤ 1".into()),
            ("targets[]".into(), "≥ 40".into()),
        ]
    };
    let call = async |browser: &Browser, form: Vec<(String, String)>| {
        browser
            .client
            .post(browser.url("/api/update_milestone"))
            .form(&form)
            .send()
            .await
            .expect("sent")
    };
    // The participant plans nothing; audited, nothing changed.
    assert_eq!(
        call(&w.deyang_rep, plan(&version, "2099-05-01"))
            .await
            .status(),
        403
    );
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM audit_log WHERE action = 'access_refused' AND after->>'attempted' = 'update_milestone'")
            .await,
        1
    );
    json(call(&w.chengdu, plan(&version, "2099-05-01")).await).await;
    let page = execution_json(&w.deyang_rep, w.project).await;
    let planned = &page["execution"]["participants"][0]["milestones"][1];
    assert_eq!(planned["due_on"], "2099-05-01");
    assert_eq!(planned["deliverable"], "台架试验报告及样机两台");
    assert_eq!(planned["acceptance"], "回差不大于 1 弧分");
    assert_eq!(planned["figures"][0]["target"], "≤ 1");
    assert_eq!(planned["figures"][1]["target"], "≥ 40");
    assert!(planned["figures"][2]["target"].is_null());
    // A second edit from the page read before the first is refused.
    let stale = call(&w.chengdu, plan(&version, "2099-04-01")).await;
    assert!(conflict_code(stale).await.contains("stale_milestone"));

    // Moved one place earlier, it is the first; the first cannot move earlier.
    json(
        w.chengdu
            .call(
                "move_milestone",
                &[("milestone_id", &id), ("direction", "earlier")],
            )
            .await,
    )
    .await;
    let first: i64 = sqlx::query_scalar(
        "SELECT id FROM project_milestones WHERE project_id = $1 ORDER BY position LIMIT 1",
    )
    .bind(w.project)
    .fetch_one(&w.app.db)
    .await
    .expect("first");
    assert_eq!(first, bench);
    let again = w
        .chengdu
        .call(
            "move_milestone",
            &[("milestone_id", &id), ("direction", "earlier")],
        )
        .await;
    assert!(conflict_code(again).await.contains("milestone_at_end"));

    // Overdue and told; a new due day in the past is told again.
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Days::new(3)).to_string();
    let version: i32 = sqlx::query_scalar("SELECT version FROM project_milestones WHERE id = $1")
        .bind(bench)
        .fetch_one(&w.app.db)
        .await
        .expect("version");
    json(call(&w.chengdu, plan(&version.to_string(), &yesterday)).await).await;
    execution_json(&w.chengdu, w.project).await;
    let told = async || {
        notifications(&w.app, "rep@deyang-firm.example.cn")
            .await
            .iter()
            .filter(|k| *k == "milestone_overdue")
            .count()
    };
    assert_eq!(told().await, 1);
    let earlier = (chrono::Utc::now().date_naive() - chrono::Days::new(5)).to_string();
    json(call(&w.chengdu, plan(&(version + 1).to_string(), &earlier)).await).await;
    execution_json(&w.deyang_official, w.project).await;
    assert_eq!(told().await, 2);
}
