//! R&D projects: the lifecycle, who may see and change what, lost updates, the open calls'
//! public part, expressions of interest, and the form without JavaScript.

use serde_json::Value;

use crate::helpers::{Browser, TestApp, redirect_target, spawn_app_with};

/// Chengdu's bureau (two officials), a Deyang official, an approved Ziyang firm, an approved
/// Meishan firm and a pending one, each with a representative signed in.
struct World {
    app: TestApp,
    chengdu: Browser,
    chengdu_colleague: Browser,
    chengdu_id: i64,
    deyang: Browser,
    ziyang_rep: Browser,
    meishan_rep: Browser,
    pending_rep: Browser,
    segment: i64,
    reducers: i64,
}

async fn world() -> World {
    world_with(|_| {}).await
}

/// The same world on an app whose configuration `adjust` changed.
async fn world_with(adjust: impl FnOnce(&mut server::config::Config)) -> World {
    let app = spawn_app_with(adjust).await;
    let chengdu_id = app
        .seed_user(
            "wang.lei@chengdu.example.cn",
            "王磊",
            "official",
            Some("chengdu"),
            None,
        )
        .await;
    app.seed_user(
        "zhou.min@chengdu.example.cn",
        "周敏",
        "official",
        Some("chengdu"),
        None,
    )
    .await;
    app.seed_deyang_official().await;
    let ziyang = app
        .seed_firm(
            "资阳川中关节模组有限公司",
            "91512000MA6PRJ001",
            "ziyang",
            "approved",
        )
        .await;
    let meishan = app
        .seed_firm(
            "眉山博远驱动技术有限公司",
            "91511400MA6PRJ002",
            "meishan",
            "approved",
        )
        .await;
    let pending = app
        .seed_firm(
            "资阳待审机器人有限公司",
            "91512000MA6PRJ003",
            "ziyang",
            "pending",
        )
        .await;
    app.seed_user(
        "rep@ziyang.example.cn",
        "刘洋",
        "firm_rep",
        None,
        Some(ziyang),
    )
    .await;
    app.seed_user(
        "rep@meishan.example.cn",
        "张敏",
        "firm_rep",
        None,
        Some(meishan),
    )
    .await;
    app.seed_user(
        "rep@pending.example.cn",
        "孙丽",
        "firm_rep",
        None,
        Some(pending),
    )
    .await;
    let signed_in = async |email: &str| {
        let browser = app.browser();
        browser.sign_in_ok(email).await;
        browser
    };
    let chengdu = signed_in("wang.lei@chengdu.example.cn").await;
    let chengdu_colleague = signed_in("zhou.min@chengdu.example.cn").await;
    let deyang = signed_in("li.wei@deyang.example.cn").await;
    let ziyang_rep = signed_in("rep@ziyang.example.cn").await;
    let meishan_rep = signed_in("rep@meishan.example.cn").await;
    let pending_rep = signed_in("rep@pending.example.cn").await;
    let segment = sqlx::query_scalar(
        "SELECT id FROM capability_categories WHERE name_en = 'Core components'",
    )
    .fetch_one(&app.db)
    .await
    .expect("segment");
    let reducers =
        sqlx::query_scalar("SELECT id FROM capabilities WHERE name_en = 'Harmonic reducers'")
            .fetch_one(&app.db)
            .await
            .expect("capability");
    World {
        app,
        chengdu,
        chengdu_colleague,
        chengdu_id,
        deyang,
        ziyang_rep,
        meishan_rep,
        pending_rep,
        segment,
        reducers,
    }
}

/// The project form's fields, with `changes` applied.
fn form(w: &World, changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("title", "人形机器人一体化关节研发".into()),
        (
            "summary",
            "研发高功率密度一体化关节，征集减速器与伺服电机配套。".into(),
        ),
        ("description", "第一阶段完成样机。".into()),
        ("category_id", w.segment.to_string()),
        ("stage", "incubation".into()),
        ("lead_firm_id", String::new()),
        ("lead_institution", "蜀都理工大学".into()),
        ("fund_city", "300".into()),
        ("fund_province", "120.5".into()),
        ("fund_investment", String::new()),
        ("fund_own", String::new()),
        ("starts_on", "2027-01-01".into()),
        ("ends_on", "2027-12-31".into()),
        ("responsible_id", w.chengdu_id.to_string()),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push((name, (*value).to_owned())),
        }
    }
    fields
}

async fn call(browser: &Browser, endpoint: &str, fields: &[(&str, String)]) -> reqwest::Response {
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.call(endpoint, &form).await
}

async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let body = response.text().await.expect("body");
    assert!(status.is_success(), "{status}: {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

async fn create(w: &World, changes: &[(&'static str, &str)]) -> i64 {
    json(call(&w.chengdu, "create_project", &form(w, changes)).await)
        .await
        .as_i64()
        .expect("the new project's id")
}

async fn get_project(browser: &Browser, project: i64) -> reqwest::Response {
    browser
        .client
        .get(browser.url("/api/get_project"))
        .query(&[("project_id", project.to_string())])
        .send()
        .await
        .expect("sent")
}

async fn version(w: &World, project: i64) -> i64 {
    json(get_project(&w.chengdu, project).await).await["detail"]["version"]
        .as_i64()
        .expect("version")
}

async fn add_need(w: &World, project: i64) -> reqwest::Response {
    let v = version(w, project).await.to_string();
    w.chengdu
        .call(
            "add_need",
            &[
                ("project_id", &project.to_string()),
                ("version", &v),
                ("capability_id", &w.reducers.to_string()),
                ("level", "small_batch"),
                ("quantity", "200"),
                ("certificates[]", "iso9001"),
                ("preferred_cities[]", "ziyang"),
                ("preferred_cities[]", "deyang"),
                ("note", "交期三个月"),
            ],
        )
        .await
}

/// Adds a need of `capability` at `level` from Ziyang and Deyang to the project (as Chengdu).
async fn add_need_of(w: &World, project: i64, capability: i64, level: &str) -> reqwest::Response {
    let v = version(w, project).await.to_string();
    w.chengdu
        .call(
            "add_need",
            &[
                ("project_id", &project.to_string()),
                ("version", &v),
                ("capability_id", &capability.to_string()),
                ("level", level),
                ("quantity", "20"),
                ("preferred_cities[]", "ziyang"),
                ("preferred_cities[]", "deyang"),
                ("note", ""),
            ],
        )
        .await
}

async fn set_status(
    browser: &Browser,
    project: i64,
    status: &str,
    reason: &str,
) -> reqwest::Response {
    browser
        .call(
            "change_project_status",
            &[
                ("project_id", &project.to_string()),
                ("status", status),
                ("reason", reason),
            ],
        )
        .await
}

async fn status_of(app: &TestApp, project: i64) -> String {
    sqlx::query_scalar("SELECT status FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&app.db)
        .await
        .expect("status")
}

async fn conflict_code(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.expect("json");
    body["Conflict"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// An open project of Chengdu's with one need.
async fn open_project(w: &World) -> i64 {
    let project = create(w, &[]).await;
    assert_eq!(add_need(w, project).await.status(), 200);
    assert_eq!(
        set_status(&w.chengdu, project, "open", "").await.status(),
        200
    );
    project
}

#[tokio::test]
async fn publishing_needs_a_summary_and_a_need() {
    let w = world().await;
    let project = create(&w, &[("summary", "")]).await;
    assert_eq!(status_of(&w.app, project).await, "draft");
    let refused = set_status(&w.chengdu, project, "open", "").await;
    assert_eq!(conflict_code(refused).await, "publish_needs_summary");

    let v = version(&w, project).await.to_string();
    let mut fields = form(&w, &[]);
    fields.extend([("project_id", project.to_string()), ("version", v)]);
    assert_eq!(
        call(&w.chengdu, "update_project", &fields).await.status(),
        200
    );
    let refused = set_status(&w.chengdu, project, "open", "").await;
    assert_eq!(conflict_code(refused).await, "publish_needs_need");

    assert_eq!(add_need(&w, project).await.status(), 200);
    assert_eq!(
        set_status(&w.chengdu, project, "open", "").await.status(),
        200
    );
    assert_eq!(status_of(&w.app, project).await, "open");
    let view = json(get_project(&w.chengdu, project).await).await;
    let history: Vec<&str> = view["detail"]["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["action"].as_str())
        .collect();
    assert_eq!(
        history,
        [
            "project_status_changed",
            "need_added",
            "project_updated",
            "project_created"
        ],
        "every step is in the history, newest first"
    );
}

#[tokio::test]
async fn every_step_outside_the_lifecycle_is_refused() {
    let w = world().await;
    let project = open_project(&w).await;
    let statuses = ["draft", "open", "in_execution", "completed", "cancelled"];
    let allowed = [
        ("draft", "open"),
        ("draft", "cancelled"),
        ("open", "in_execution"),
        ("open", "cancelled"),
        ("in_execution", "completed"),
        ("in_execution", "cancelled"),
    ];
    for from in statuses {
        for to in statuses {
            sqlx::query(
                "UPDATE projects SET status = $2,
                        cancel_reason = CASE WHEN $2 = 'cancelled' THEN 'test' END WHERE id = $1",
            )
            .bind(project)
            .bind(from)
            .execute(&w.app.db)
            .await
            .expect("set the starting status");
            sqlx::query("UPDATE project_needs SET status = 'open' WHERE project_id = $1")
                .bind(project)
                .execute(&w.app.db)
                .await
                .expect("reopen needs");
            let response = set_status(&w.chengdu, project, to, "预算调整").await;
            if allowed.contains(&(from, to)) {
                assert_eq!(response.status(), 200, "{from} -> {to} is a step");
                assert_eq!(status_of(&w.app, project).await, to);
            } else {
                assert_eq!(
                    conflict_code(response).await,
                    "transition_forbidden",
                    "{from} -> {to} is refused"
                );
                assert_eq!(
                    status_of(&w.app, project).await,
                    from,
                    "{from} -> {to} changed nothing"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_cancelled_project_closes_its_open_needs_and_keeps_its_reason() {
    let w = world().await;
    let project = open_project(&w).await;
    // A second need (another level: the same one twice is refused).
    assert_eq!(
        add_need_of(&w, project, w.reducers, "prototype")
            .await
            .status(),
        200
    );
    // One need filled already (as the invitations will fill them): it stays filled.
    sqlx::query(
        "UPDATE project_needs SET status = 'filled'
         WHERE id = (SELECT min(id) FROM project_needs WHERE project_id = $1)",
    )
    .bind(project)
    .execute(&w.app.db)
    .await
    .expect("fill one need");

    let no_reason = set_status(&w.chengdu, project, "cancelled", "  ").await;
    assert_eq!(no_reason.status(), 422, "a cancellation needs its reason");
    assert_eq!(status_of(&w.app, project).await, "open");

    assert_eq!(
        set_status(&w.chengdu, project, "cancelled", "省级补助未获批准")
            .await
            .status(),
        200
    );
    let needs: Vec<String> =
        sqlx::query_scalar("SELECT status FROM project_needs WHERE project_id = $1 ORDER BY id")
            .bind(project)
            .fetch_all(&w.app.db)
            .await
            .expect("needs");
    assert_eq!(needs, ["filled", "closed"]);
    let view = json(get_project(&w.chengdu, project).await).await;
    assert_eq!(view["detail"]["cancel_reason"], "省级补助未获批准");
    assert_eq!(view["detail"]["history"][0]["reason"], "省级补助未获批准");
    // An ended project is not edited any more.
    let refused = add_need(&w, project).await;
    assert_eq!(conflict_code(refused).await, "project_closed");
}

#[tokio::test]
async fn of_two_edits_from_one_version_exactly_one_lands_and_the_other_hears_what_changed() {
    let w = world().await;
    let project = create(&w, &[]).await;
    for round in 0..100 {
        let v = version(&w, project).await.to_string();
        let (title_a, title_b) = (format!("方案甲 {round}"), format!("方案乙 {round}"));
        let mut a = form(&w, &[("title", &title_a)]);
        a.extend([("project_id", project.to_string()), ("version", v.clone())]);
        let mut b = form(&w, &[("title", &title_b), ("fund_city", "280")]);
        b.extend([("project_id", project.to_string()), ("version", v)]);
        let (ra, rb) = tokio::join!(
            call(&w.chengdu, "update_project", &a),
            call(&w.chengdu_colleague, "update_project", &b)
        );
        let (sa, sb) = (ra.status().as_u16(), rb.status().as_u16());
        let (winner, loser) = match (sa, sb) {
            (200, 409) => (title_a, rb),
            (409, 200) => (title_b, ra),
            other => panic!("round {round}: exactly one edit lands, got {other:?}"),
        };
        let refusal: Value = loser.json().await.expect("json");
        let fields = refusal["Changed"]["fields"]
            .as_array()
            .expect("the changed fields");
        assert!(
            fields.iter().any(|f| f == "title"),
            "round {round}: {refusal}"
        );
        let stored: String = sqlx::query_scalar("SELECT title FROM projects WHERE id = $1")
            .bind(project)
            .fetch_one(&w.app.db)
            .await
            .expect("title");
        assert_eq!(stored, winner, "round {round}");
    }
    assert_eq!(version(&w, project).await, 101, "one version per round");
    let revisions = w
        .app
        .count(&format!(
            "SELECT count(*) FROM project_revisions WHERE project_id = {project}"
        ))
        .await;
    assert_eq!(revisions, 101);
}

#[tokio::test]
async fn two_edits_from_one_version_merge_field_by_field_and_only_the_same_field_is_refused() {
    let w = world().await;
    let project = create(&w, &[]).await;
    let v = version(&w, project).await.to_string();
    // A colleague changes the city's funding and the end date ...
    let mut first = form(&w, &[("fund_city", "500"), ("ends_on", "2028-06-30")]);
    first.extend([("project_id", project.to_string()), ("version", v.clone())]);
    assert_eq!(
        call(&w.chengdu_colleague, "update_project", &first)
            .await
            .status(),
        200
    );
    // ... and this official, from the same version, the title: both land, nothing is lost.
    let mut second = form(&w, &[("title", "我改的标题")]);
    second.extend([("project_id", project.to_string()), ("version", v.clone())]);
    let saved = call(&w.chengdu, "update_project", &second).await;
    assert_eq!(saved.status(), 200);
    let stored: (String, i64, Option<String>) =
        sqlx::query_as("SELECT title, fund_city, ends_on::text FROM projects WHERE id = $1")
            .bind(project)
            .fetch_one(&w.app.db)
            .await
            .expect("project");
    assert_eq!(stored.0, "我改的标题", "this official's change landed");
    assert_eq!(stored.1, 5_000_000, "the colleague's funding is kept");
    assert_eq!(
        stored.2.as_deref(),
        Some("2028-06-30"),
        "the colleague's date is kept"
    );

    // The same field changed to another value from that version: refused, naming only it; the
    // form then shows the colleague's value beside what was typed.
    let mut third = form(&w, &[("fund_city", "600"), ("title", "我改的标题")]);
    third.extend([("project_id", project.to_string()), ("version", v)]);
    let refused = call(&w.chengdu, "update_project", &third).await;
    assert_eq!(refused.status(), 409);
    let body: Value = refused.json().await.expect("json");
    assert_eq!(body["Changed"]["fields"], serde_json::json!(["fund_city"]));
    let still: i64 = sqlx::query_scalar("SELECT fund_city FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&w.app.db)
        .await
        .expect("fund");
    assert_eq!(still, 5_000_000, "the refused edit changed nothing");
}

/// A need's form as the page fills it: the need as added by [`add_need`], with `changes`.
fn need_form(
    w: &World,
    project: i64,
    need: i64,
    version: &str,
    changes: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("project_id", project.to_string()),
        ("version", version.to_owned()),
        ("need_id", need.to_string()),
        ("capability_id", w.reducers.to_string()),
        ("level", "small_batch".to_owned()),
        ("quantity", "200".to_owned()),
        ("certificates[]", "iso9001".to_owned()),
        ("preferred_cities[]", "deyang".to_owned()),
        ("preferred_cities[]", "ziyang".to_owned()),
        ("note", "交期三个月".to_owned()),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push((name, (*value).to_owned())),
        }
    }
    fields
}

#[tokio::test]
async fn a_need_edited_from_an_older_version_keeps_what_was_saved_since() {
    let w = world().await;
    let project = create(&w, &[]).await;
    assert_eq!(add_need(&w, project).await.status(), 200);
    let need: i64 = sqlx::query_scalar("SELECT id FROM project_needs WHERE project_id = $1")
        .bind(project)
        .fetch_one(&w.app.db)
        .await
        .expect("need");
    let v = version(&w, project).await.to_string();
    // A colleague retitles the project and raises the need's quantity ...
    let mut title = form(&w, &[("title", "同事改的标题")]);
    title.extend([("project_id", project.to_string()), ("version", v.clone())]);
    assert_eq!(
        call(&w.chengdu_colleague, "update_project", &title)
            .await
            .status(),
        200
    );
    let v2 = version(&w, project).await.to_string();
    let quantity = need_form(&w, project, need, &v2, &[("quantity", "300")]);
    assert_eq!(
        call(&w.chengdu_colleague, "update_need", &quantity)
            .await
            .status(),
        200
    );
    // ... and this official, from the first version, changes the need's note: it lands, and
    // neither the title nor the quantity goes back.
    let note = need_form(&w, project, need, &v, &[("note", "交期两个月")]);
    assert_eq!(call(&w.chengdu, "update_need", &note).await.status(), 200);
    let stored: (i32, String, String) = sqlx::query_as(
        "SELECT n.quantity, n.note, p.title FROM project_needs n JOIN projects p ON p.id = n.project_id WHERE n.id = $1",
    )
    .bind(need)
    .fetch_one(&w.app.db)
    .await
    .expect("need");
    assert_eq!(
        stored,
        (300, "交期两个月".to_owned(), "同事改的标题".to_owned())
    );

    // The quantity changed again from the first version: refused, naming only it.
    let clash = need_form(&w, project, need, &v, &[("quantity", "250")]);
    let refused = call(&w.chengdu, "update_need", &clash).await;
    assert_eq!(refused.status(), 409);
    let body: Value = refused.json().await.expect("json");
    assert_eq!(body["Changed"]["fields"], serde_json::json!(["quantity"]));
}

#[tokio::test]
async fn only_the_owning_citys_officials_change_a_project_and_a_refusal_changes_nothing() {
    let w = world().await;
    let project = open_project(&w).await;
    let before: (String, i32) = sqlx::query_as("SELECT title, version FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&w.app.db)
        .await
        .expect("project");
    let v = before.1.to_string();
    for browser in [&w.deyang, &w.ziyang_rep, &w.pending_rep] {
        let mut fields = form(&w, &[("title", "别人的标题")]);
        fields.extend([("project_id", project.to_string()), ("version", v.clone())]);
        assert_eq!(call(browser, "update_project", &fields).await.status(), 403);
        assert_eq!(
            set_status(browser, project, "cancelled", "不要了")
                .await
                .status(),
            403
        );
        let need = browser
            .call(
                "add_need",
                &[
                    ("project_id", &project.to_string()),
                    ("version", &v),
                    ("capability_id", &w.reducers.to_string()),
                    ("level", "prototype"),
                    ("quantity", "1"),
                ],
            )
            .await;
        assert_eq!(need.status(), 403);
    }
    let after: (String, i32) = sqlx::query_as("SELECT title, version FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&w.app.db)
        .await
        .expect("project");
    assert_eq!(after, before);
    assert_eq!(status_of(&w.app, project).await, "open");
    let refusals = w
        .app
        .count("SELECT count(*) FROM audit_log WHERE action = 'access_refused' AND entity_type = 'project'")
        .await;
    assert_eq!(refusals, 9, "each refusal is in the audit trail");
    // Deyang's official reads the project but is offered nothing to change.
    let view = json(get_project(&w.deyang, project).await).await;
    assert_eq!(view["detail"]["may_edit"], false);
    assert_eq!(view["detail"]["next"], serde_json::json!([]));
}

/// A refused call holds no connection while its refusal is written to the audit trail: 50
/// refused edits at once, each of which locks the project, against a pool of 10 connections,
/// are all answered 403 (a refusal that waited for a connection past the acquire timeout would
/// be a 500) and each is audited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_refused_edits_at_once_on_a_locked_project_are_all_answered_and_audited() {
    let w = world_with(|config| {
        config.database_max_connections = 10;
        config.database_acquire_timeout = std::time::Duration::from_secs(3);
    })
    .await;
    let project = open_project(&w).await;
    let audited = "SELECT count(*) FROM audit_log WHERE action = 'access_refused' \
                   AND entity_type = 'project' AND after->>'attempted' = 'update_project'";
    assert_eq!(w.app.count(audited).await, 0);
    let mut fields = form(&w, &[("title", "别人的标题")]);
    fields.extend([
        ("project_id", project.to_string()),
        ("version", version(&w, project).await.to_string()),
    ]);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let request = w
            .deyang
            .client
            .post(w.deyang.url("/api/update_project"))
            .form(&fields);
        calls.spawn(async move { request.send().await.expect("sent").status() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = calls.join_next().await {
        statuses.push(status.expect("call task").as_u16());
    }
    assert_eq!(statuses, vec![403; 50]);
    assert_eq!(w.app.count(audited).await, 50, "every refusal is audited");
    assert_eq!(status_of(&w.app, project).await, "open");
}

/// The policy is asked before the form is read: another city's official sending a form the
/// owner would hear 422 for is refused as a stranger, and learns nothing from its errors.
#[tokio::test]
async fn a_stranger_with_bad_input_is_refused_before_the_input_is_read() {
    let w = world().await;
    let project = open_project(&w).await;
    let mut fields = form(&w, &[("title", "")]);
    fields.extend([
        ("project_id", project.to_string()),
        ("version", version(&w, project).await.to_string()),
    ]);
    assert_eq!(
        call(&w.deyang, "update_project", &fields).await.status(),
        403
    );
    assert_eq!(
        call(&w.chengdu, "update_project", &fields).await.status(),
        422
    );
    for (browser, status) in [(&w.deyang, 403), (&w.chengdu, 422)] {
        let cancelled = set_status(browser, project, "cancelled", "").await;
        assert_eq!(
            cancelled.status(),
            status,
            "a cancellation without a reason"
        );
    }
    let bad_need = [
        ("project_id", project.to_string()),
        ("version", version(&w, project).await.to_string()),
        ("capability_id", w.reducers.to_string()),
        ("level", "prototype".to_owned()),
        ("quantity", "-1".to_owned()),
    ];
    assert_eq!(call(&w.deyang, "add_need", &bad_need).await.status(), 403);
    assert_eq!(call(&w.chengdu, "add_need", &bad_need).await.status(), 422);
}

#[tokio::test]
async fn a_draft_is_seen_by_its_citys_officials_and_nobody_else() {
    let w = world().await;
    let draft = create(&w, &[("title", "草稿项目-只给成都看")]).await;
    assert_eq!(get_project(&w.chengdu_colleague, draft).await.status(), 200);
    for browser in [&w.deyang, &w.ziyang_rep, &w.pending_rep, &w.app.browser()] {
        assert_eq!(get_project(browser, draft).await.status(), 404);
        let list = browser
            .get("/api/list_projects")
            .await
            .text()
            .await
            .expect("body");
        assert!(!list.contains("草稿项目-只给成都看"), "{list}");
    }
    let own = w
        .chengdu
        .get("/api/list_projects")
        .await
        .text()
        .await
        .expect("body");
    assert!(own.contains("草稿项目-只给成都看"));
}

#[tokio::test]
async fn a_visitor_and_a_pending_firm_get_the_public_part_and_no_marker_of_the_rest() {
    let w = world().await;
    let markers = [
        "MARKDESC7f3a",
        "MARKLEAD91c2",
        "98765.4321",
        "987654321",
        "MARKNOTEb7d1",
        "MARKREPLY2c4e",
        "MARKOFFICIAL55e0",
        "mark-official-55e0",
    ];
    let responsible = w
        .app
        .seed_user(
            "mark-official-55e0@chengdu.example.cn",
            "MARKOFFICIAL55e0",
            "official",
            Some("chengdu"),
            None,
        )
        .await;
    let responsible = responsible.to_string();
    let project = create(
        &w,
        &[
            ("title", "公开标题PUBLICTITLE"),
            ("summary", "公开摘要PUBLICSUMMARY"),
            ("description", "内部说明 MARKDESC7f3a"),
            ("lead_institution", "MARKLEAD91c2"),
            ("fund_city", "98765.4321"),
            ("fund_province", ""),
            ("responsible_id", &responsible),
        ],
    )
    .await;
    let v = version(&w, project).await.to_string();
    let need = w
        .chengdu
        .call(
            "add_need",
            &[
                ("project_id", &project.to_string()),
                ("version", &v),
                ("capability_id", &w.reducers.to_string()),
                ("level", "small_batch"),
                ("quantity", "300"),
                ("note", "MARKNOTEb7d1"),
            ],
        )
        .await;
    assert_eq!(need.status(), 200);
    assert_eq!(
        set_status(&w.chengdu, project, "open", "").await.status(),
        200
    );
    let interest = w
        .ziyang_rep
        .call(
            "express_interest",
            &[
                ("project_id", &project.to_string()),
                ("message", "MARKREPLY2c4e"),
            ],
        )
        .await;
    assert_eq!(interest.status(), 200);

    let visitor = w.app.browser();
    for (who, browser) in [("visitor", &visitor), ("pending firm", &w.pending_rep)] {
        for path in [
            "/calls".to_owned(),
            format!("/projects/{project}"),
            "/projects".to_owned(),
            format!("/api/get_project?project_id={project}"),
            "/api/list_projects".to_owned(),
        ] {
            let (status, body) = browser.get_html(&path).await;
            assert_eq!(status, 200, "{who} {path}");
            assert!(
                body.contains("公开标题PUBLICTITLE"),
                "{who} {path} shows the call"
            );
            for marker in markers {
                assert!(!body.contains(marker), "{who} {path} holds {marker}");
            }
        }
        // Pages are rendered on the server only (islands): the document shows the summary and
        // carries no serialized copy of the page's data for a browser to hydrate from.
        let (_, page) = browser.get_html(&format!("/projects/{project}")).await;
        assert_eq!(
            page.matches("PUBLICSUMMARY").count(),
            1,
            "{who}: the summary is shown once and serialized nowhere"
        );
    }
    // A member of the alliance sees the rest: the markers would be found if they leaked.
    let (_, member) = w
        .meishan_rep
        .get_html(&format!("/projects/{project}"))
        .await;
    for marker in [
        "MARKDESC7f3a",
        "MARKLEAD91c2",
        "98765.4321",
        "MARKNOTEb7d1",
        "MARKOFFICIAL55e0",
    ] {
        assert!(member.contains(marker), "a member's page holds {marker}");
    }
    assert!(
        !member.contains("MARKREPLY2c4e"),
        "another firm's interest is not for Meishan's eyes"
    );
}

#[tokio::test]
async fn a_firm_expresses_interest_and_the_city_answers() {
    let w = world().await;
    let project = open_project(&w).await;
    let need: i64 = sqlx::query_scalar("SELECT id FROM project_needs WHERE project_id = $1")
        .bind(project)
        .fetch_one(&w.app.db)
        .await
        .expect("need");
    let express = async |browser: &Browser, need: String| {
        let project = project.to_string();
        browser
            .call(
                "express_interest",
                &[
                    ("project_id", &project),
                    ("need_id", &need),
                    ("message", "我司月产谐波减速器三千台。"),
                ],
            )
            .await
    };
    assert_eq!(express(&w.ziyang_rep, need.to_string()).await.status(), 200);
    assert_eq!(
        conflict_code(express(&w.ziyang_rep, need.to_string()).await).await,
        "interest_exists"
    );
    assert_eq!(
        express(&w.pending_rep, need.to_string()).await.status(),
        403
    );
    assert_eq!(
        express(&w.deyang, need.to_string()).await.status(),
        403,
        "officials do not express interest"
    );
    let told = w
        .app
        .count(&format!(
            "SELECT count(*) FROM notifications WHERE kind = 'project_interest' AND user_id = {}",
            w.chengdu_id
        ))
        .await;
    assert_eq!(told, 1, "the owning city's official is told");

    let official = json(get_project(&w.chengdu, project).await).await;
    let interests = official["detail"]["interests"]
        .as_array()
        .expect("interests");
    assert_eq!(interests.len(), 1);
    assert_eq!(interests[0]["firm_name"], "资阳川中关节模组有限公司");
    let own = json(get_project(&w.ziyang_rep, project).await).await;
    assert_eq!(own["detail"]["interests"].as_array().map(Vec::len), Some(1));
    let other = json(get_project(&w.meishan_rep, project).await).await;
    assert_eq!(
        other["detail"]["interests"],
        serde_json::json!([]),
        "never another firm's"
    );
    let deyang = json(get_project(&w.deyang, project).await).await;
    assert_eq!(deyang["detail"]["interests"], serde_json::json!([]));

    let interest = interests[0]["id"].as_i64().expect("id").to_string();
    let answer = async |browser: &Browser| {
        browser
            .call(
                "answer_interest",
                &[
                    ("interest_id", &interest),
                    ("reply", "欢迎，下周来成都面谈。"),
                ],
            )
            .await
    };
    assert_eq!(answer(&w.deyang).await.status(), 403);
    assert_eq!(answer(&w.ziyang_rep).await.status(), 403);
    assert_eq!(answer(&w.chengdu).await.status(), 200);
    assert_eq!(
        conflict_code(answer(&w.chengdu).await).await,
        "interest_answered"
    );
    let own = json(get_project(&w.ziyang_rep, project).await).await;
    assert_eq!(
        own["detail"]["interests"][0]["reply"],
        "欢迎，下周来成都面谈。"
    );
    let told = w
        .app
        .count(
            "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
                WHERE n.kind = 'interest_answered' AND u.email = 'rep@ziyang.example.cn'",
        )
        .await;
    assert_eq!(told, 1);

    // Once the call closes, nobody else joins it.
    assert_eq!(
        set_status(&w.chengdu, project, "in_execution", "")
            .await
            .status(),
        200
    );
    assert_eq!(
        conflict_code(express(&w.meishan_rep, String::new()).await).await,
        "project_not_open"
    );
}

#[tokio::test]
async fn the_list_filters_by_city_stage_status_capability_and_text_in_both_languages() {
    let w = world().await;
    let reducers = open_project(&w).await;
    let other = create(
        &w,
        &[("title", "农业采摘机器人示范"), ("stage", "expansion")],
    )
    .await;
    let ids = |list: Value| -> Vec<i64> {
        list["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["id"].as_i64())
            .collect()
    };
    let list = async |params: &[(&str, &str)]| {
        json(
            w.chengdu
                .client
                .get(w.chengdu.url("/api/list_projects"))
                .query(params)
                .send()
                .await
                .expect("sent"),
        )
        .await
    };
    assert_eq!(ids(list(&[("q", "人形")]).await), [reducers]);
    assert_eq!(
        ids(list(&[("q", "harmonic")]).await),
        [reducers],
        "English finds the needed capability"
    );
    assert_eq!(ids(list(&[("q", "采摘")]).await), [other]);
    assert_eq!(ids(list(&[("stage", "expansion")]).await), [other]);
    assert_eq!(ids(list(&[("status", "open")]).await), [reducers]);
    let capability = w.reducers.to_string();
    assert_eq!(ids(list(&[("capability", &capability)]).await), [reducers]);
    assert_eq!(ids(list(&[("city", "deyang")]).await), Vec::<i64>::new());
    let page = list(&[("city", "chengdu"), ("sort", "title")]).await;
    assert_eq!(page["total"], 2);
    // A visitor's open calls: the open one only, without its budget.
    let public = json(w.app.browser().get("/api/list_projects").await).await;
    assert_eq!(ids(public.clone()), [reducers]);
    assert_eq!(public["items"][0]["budget"], Value::Null);
    assert_eq!(public["whole"], false);
}

#[tokio::test]
async fn without_javascript_a_refused_project_comes_back_as_typed_with_its_error() {
    let w = world().await;
    let fields = form(
        &w,
        &[
            ("title", "无脚本提交的项目"),
            ("starts_on", "2027-06-01"),
            ("ends_on", "2027-01-01"),
        ],
    );
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = w
        .chengdu
        .post_plain_form("create_project", "/projects/new", &form)
        .await;
    assert!(refused.status().is_redirection(), "{}", refused.status());
    let location = redirect_target(&refused);
    let back = location
        .strip_prefix(&w.chengdu.url(""))
        .unwrap_or(&location)
        .to_owned();
    assert!(back.starts_with("/projects/new"), "{back}");
    let (status, page) = w.chengdu.navigate(&back).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("value=\"无脚本提交的项目\""),
        "the title is kept"
    );
    assert!(
        page.contains("结束日期不能早于开始日期"),
        "the error is shown"
    );
    assert_eq!(w.app.count("SELECT count(*) FROM projects").await, 0);

    let fixed: Vec<(&str, &str)> = form
        .iter()
        .map(|(k, v)| {
            if *k == "ends_on" {
                (*k, "2027-12-31")
            } else {
                (*k, *v)
            }
        })
        .collect();
    let created = w
        .chengdu
        .post_plain_form("create_project", "/projects/new", &fixed)
        .await;
    assert!(created.status().is_redirection());
    let id: i64 = sqlx::query_scalar("SELECT id FROM projects")
        .fetch_one(&w.app.db)
        .await
        .expect("created");
    assert!(redirect_target(&created).ends_with(&format!("/projects/{id}")));
}

#[tokio::test]
async fn each_needed_capability_keeps_its_own_name_in_both_languages() {
    let w = world().await;
    let project = create(&w, &[]).await;
    assert_eq!(add_need(&w, project).await.status(), 200);
    // 谐波减速器 / Harmonic reducers and 伺服电机 / Servo motors sort the other way round in
    // Chinese (伺 before 谐) and in English (H before S).
    let servo: i64 =
        sqlx::query_scalar("SELECT id FROM capabilities WHERE name_en = 'Servo motors'")
            .fetch_one(&w.app.db)
            .await
            .expect("servo motors");
    let added = add_need_of(&w, project, servo, "prototype").await;
    assert_eq!(added.status(), 200);

    let view = json(get_project(&w.chengdu, project).await).await;
    let pairs: Vec<(String, String)> = view["card"]["capabilities"]
        .as_array()
        .expect("capabilities")
        .iter()
        .map(|c| {
            (
                c["zh"].as_str().unwrap_or_default().to_owned(),
                c["en"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    for (zh, en) in &pairs {
        let own: String = sqlx::query_scalar("SELECT name_en FROM capabilities WHERE name_zh = $1")
            .bind(zh)
            .fetch_one(&w.app.db)
            .await
            .expect("capability");
        assert_eq!(en, &own, "{zh} is shown as {en}");
    }
    // The list's cards come from the same query: the English list names them rightly too.
    let list = w
        .chengdu
        .client
        .get(w.chengdu.url("/projects"))
        .header("cookie", format!("{}; lang=en", w.chengdu.cookies()))
        .send()
        .await
        .expect("list");
    let html = list.text().await.expect("html");
    assert!(html.contains("Harmonic reducers") && html.contains("Servo motors"));
}

#[tokio::test]
async fn a_title_or_need_note_holding_markup_stays_text_on_the_project_page() {
    let w = world().await;
    let project = open_project(&w).await;
    sqlx::query("UPDATE projects SET title = $1 WHERE id = $2")
        .bind(crate::untrusted_text::TITLE_PAYLOAD)
        .bind(project)
        .execute(&w.app.db)
        .await
        .expect("title");
    sqlx::query("UPDATE project_needs SET note = '交期</textarea><b>Z</b>' WHERE project_id = $1")
        .bind(project)
        .execute(&w.app.db)
        .await
        .expect("note");

    // A visitor reads the open call: the title is text in <title> and in the page.
    let (status, html) = w.app.get_html(&format!("/projects/{project}")).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("<b>X</b>") && !html.contains("<img src=x"),
        "markup is live"
    );
    assert!(crate::untrusted_text::page_title(&html).contains("&lt;/title&gt;"));

    // The owning official's page holds the need's edit form with the note inside its field.
    let (status, html) = w.chengdu.get_html(&format!("/projects/{project}")).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("</textarea><b>Z</b>"),
        "the note closed its field"
    );
    assert!(html.contains("交期&lt;/textarea&gt;&lt;b&gt;Z&lt;/b&gt;</textarea>"));
}

#[tokio::test]
async fn a_project_lists_each_need_once() {
    let w = world().await;
    let project = create(&w, &[]).await;
    assert_eq!(add_need(&w, project).await.status(), 200);
    // The same capability, level and cities (in another order) again: refused, named.
    let again = add_need(&w, project).await;
    assert_eq!(again.status(), 422);
    let body: Value = again.json().await.expect("json");
    assert_eq!(body["Validation"]["code"], "need_duplicate", "{body}");
    assert_eq!(
        w.app
            .count(&format!(
                "SELECT count(*) FROM project_needs WHERE project_id = {project}"
            ))
            .await,
        1
    );
    // Another level of the same capability is another need.
    let other = add_need_of(&w, project, w.reducers, "prototype").await;
    assert_eq!(other.status(), 200);
}

#[tokio::test]
async fn a_number_out_of_range_is_refused_with_its_range_in_words() {
    let w = world().await;
    let fields = form(&w, &[("fund_city", "999999999")]);
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = w
        .chengdu
        .post_plain_form("create_project", "/projects/new", &form)
        .await;
    let location = redirect_target(&refused);
    let back = location
        .strip_prefix(&w.chengdu.url(""))
        .unwrap_or(&location)
        .to_owned();
    let (status, page) = w.chengdu.get_html(&back).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("请输入 0 到 100,000,000 之间的数。"),
        "the refusal says the range"
    );
}

#[tokio::test]
async fn the_open_calls_ask_only_a_visitor_to_sign_in() {
    let w = world().await;
    let (_, visitor) = w.app.get_html("/calls").await;
    assert!(
        visitor.contains("登录后可查看预算"),
        "a visitor is asked to sign in"
    );
    let (_, member) = w.deyang.get_html("/calls").await;
    assert!(
        !member.contains("登录后可查看预算"),
        "a member is signed in already"
    );
    assert!(member.contains("打开项目可查看预算"));
    let (_, pending) = w.pending_rep.get_html("/calls").await;
    assert!(
        !pending.contains("登录后可查看预算"),
        "so is a pending firm's representative"
    );
    assert!(pending.contains("审核通过后"));
}

#[tokio::test]
async fn an_english_project_page_joins_with_commas_and_writes_amounts_in_yuan() {
    let w = world().await;
    // 300 + 120.5 万元 of funding; a need preferring Ziyang and Deyang.
    let project = open_project(&w).await;
    let html = w
        .chengdu
        .client
        .get(w.chengdu.url(&format!("/projects/{project}")))
        .header("cookie", format!("{}; lang=en", w.chengdu.cookies()))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("4,205,000 yuan"), "the budget in yuan");
    assert!(!html.contains("×"), "no multiplied units");
    assert!(
        html.contains("Deyang, Ziyang"),
        "the cities joined the English way"
    );
    assert!(!html.contains("Deyang、Ziyang"));
}
