//! The invitation handshake: invite, answer, select, revoke; the ground moving under it (the
//! need changed, the project cancelled, the firm no longer approved); who may do what; and two
//! officials selecting at the same moment.

use serde_json::Value;

use crate::helpers::{Browser, TestApp};
use crate::matching::{World, json, world};

/// A Meishan representative for the world's Meishan firm, signed in.
pub(crate) async fn meishan_rep(w: &World) -> Browser {
    w.app
        .seed_user(
            "rep@meishan-firm.example.cn",
            "孙悦",
            "firm_rep",
            None,
            Some(w.meishan_firm),
        )
        .await;
    let browser = w.app.browser();
    browser.sign_in_ok("rep@meishan-firm.example.cn").await;
    browser
}

/// A reply deadline a week from today (any day within 90 days will do).
fn next_week() -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(7)).to_string()
}

async fn invite(w: &World, firms: &[i64]) -> reqwest::Response {
    let ids: Vec<String> = firms.iter().map(i64::to_string).collect();
    let mut form = vec![
        ("project_id", w.project.to_string()),
        ("need_id", w.need.to_string()),
        ("message", "请在下周前报价：谐波减速器 200 套。".to_owned()),
        ("reply_by", next_week()),
    ];
    form.extend(ids.into_iter().map(|id| ("firm_ids[]", id)));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.chengdu.call("invite_firms", &form).await
}

async fn invitation_of(app: &TestApp, need: i64, firm: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT id FROM need_invitations WHERE need_id = $1 AND firm_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(need)
    .bind(firm)
    .fetch_one(&app.db)
    .await
    .expect("invitation")
}

async fn status_of(app: &TestApp, invitation: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT status, end_reason FROM need_invitations WHERE id = $1")
        .bind(invitation)
        .fetch_one(&app.db)
        .await
        .expect("status")
}

async fn accept(rep: &Browser, invitation: i64, min: &str, max: &str) -> reqwest::Response {
    rep.call(
        "accept_invitation",
        &[
            ("invitation_id", &invitation.to_string()),
            ("price_min", min),
            ("price_max", max),
            ("lead_days", "45"),
            ("note", "含税，含首批样件"),
        ],
    )
    .await
}

async fn decline(rep: &Browser, invitation: i64) -> reqwest::Response {
    rep.call(
        "decline_invitation",
        &[
            ("invitation_id", &invitation.to_string()),
            ("reason", "no_capacity"),
            ("note", "今年产能已排满"),
        ],
    )
    .await
}

async fn withdraw(official: &Browser, invitation: i64) -> reqwest::Response {
    official
        .call(
            "withdraw_invitation",
            &[("invitation_id", &invitation.to_string())],
        )
        .await
}

async fn select(official: &Browser, invitation: i64) -> reqwest::Response {
    official
        .call(
            "select_proposal",
            &[("invitation_id", &invitation.to_string())],
        )
        .await
}

/// The kinds of the user's notifications, oldest first.
pub(crate) async fn notifications(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT n.kind FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE u.email = $1 ORDER BY n.id",
    )
    .bind(email)
    .fetch_all(&app.db)
    .await
    .expect("notifications")
}

pub(crate) async fn conflict_code(response: reqwest::Response) -> String {
    let status = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(status, 409, "{body}");
    body
}

async fn get(browser: &Browser, path: &str, query: &[(&str, String)]) -> reqwest::Response {
    browser
        .client
        .get(browser.url(path))
        .query(query)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn an_invited_firm_accepts_another_declines_and_the_selected_one_takes_part() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    assert_eq!(
        json(invite(&w, &[w.deyang_firm, w.meishan_firm]).await).await,
        2
    );
    let deyang_inv = invitation_of(&w.app, w.need, w.deyang_firm).await;
    let meishan_inv = invitation_of(&w.app, w.need, w.meishan_firm).await;
    assert_eq!(
        notifications(&w.app, "rep@deyang-firm.example.cn").await,
        vec!["invitation_received"]
    );

    // Each firm sees its own invitation, never the other's.
    let own = json(get(&w.deyang_rep, "/api/my_invitations", &[]).await).await;
    assert_eq!(own.as_array().expect("list").len(), 1);
    assert_eq!(own[0]["id"], deyang_inv);
    assert_eq!(own[0]["shown"]["Stored"], "Open");

    json(accept(&w.deyang_rep, deyang_inv, "12.5", "18").await).await;
    json(decline(&meishan, meishan_inv).await).await;
    assert_eq!(
        notifications(&w.app, "wang.lei@chengdu.example.cn").await,
        vec!["invitation_accepted", "invitation_declined"]
    );
    // Answered once only.
    assert!(
        conflict_code(accept(&w.deyang_rep, deyang_inv, "1", "2").await)
            .await
            .contains("invitation_answered")
    );

    // The official compares: the proposal in yuan, the decline with its reason.
    let need_query = [
        ("project_id", w.project.to_string()),
        ("need_id", w.need.to_string()),
    ];
    let list = json(get(&w.chengdu, "/api/get_need_invitations", &need_query).await).await;
    let invitations = list["invitations"].as_array().expect("invitations");
    assert_eq!(invitations.len(), 2);
    let deyang = invitations
        .iter()
        .find(|i| i["firm_id"] == w.deyang_firm)
        .expect("deyang's");
    assert_eq!(deyang["proposal"]["price_min"], 125_000);
    assert_eq!(deyang["proposal"]["price_max"], 180_000);
    assert_eq!(deyang["proposal"]["lead_days"], 45);
    let meishan_row = invitations
        .iter()
        .find(|i| i["firm_id"] == w.meishan_firm)
        .expect("meishan's");
    assert_eq!(meishan_row["decline"][0], "NoCapacity");

    // A declined firm is not selected; the accepted one is.
    assert!(
        conflict_code(select(&w.chengdu, meishan_inv).await)
            .await
            .contains("invitation_declined")
    );
    json(select(&w.chengdu, deyang_inv).await).await;
    let (firm, status, invitation): (i64, String, Option<i64>) = sqlx::query_as(
        "SELECT firm_id, status, invitation_id FROM project_participants WHERE need_id = $1",
    )
    .bind(w.need)
    .fetch_one(&w.app.db)
    .await
    .expect("participant");
    assert_eq!(
        (firm, status.as_str(), invitation),
        (w.deyang_firm, "active", Some(deyang_inv))
    );
    let need_status: String = sqlx::query_scalar("SELECT status FROM project_needs WHERE id = $1")
        .bind(w.need)
        .fetch_one(&w.app.db)
        .await
        .expect("need");
    assert_eq!(need_status, "filled");
    assert_eq!(status_of(&w.app, deyang_inv).await.0, "selected");
    assert_eq!(
        status_of(&w.app, meishan_inv).await,
        ("not_selected".to_owned(), Some("other_selected".to_owned()))
    );
    assert_eq!(
        notifications(&w.app, "rep@deyang-firm.example.cn").await,
        vec!["invitation_received", "invitation_selected"]
    );
    // The Meishan firm declined: it reads that the need is filled, not that it lost.
    assert_eq!(
        notifications(&w.app, "rep@meishan-firm.example.cn").await,
        vec!["invitation_received", "invitation_need_filled"]
    );

    // The Meishan firm reads "not selected" and its own decline, never the Deyang price.
    let body = get(&meishan, "/api/my_invitations", &[])
        .await
        .text()
        .await
        .expect("body");
    let own: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(own[0]["shown"]["Stored"], "NotSelected");
    assert_eq!(own[0]["proposal"], Value::Null);
    assert!(
        !body.contains("125000") && !body.contains("180000"),
        "{body}"
    );
    // Nor through the official's list.
    assert_eq!(
        get(&meishan, "/api/get_need_invitations", &need_query)
            .await
            .status(),
        404
    );

    // The project shows the need covered; the firm's page its participation; the history
    // the selection (for every member) and the handshake (for the bureau).
    let project = json(
        get(
            &w.chengdu,
            "/api/get_project",
            &[("project_id", w.project.to_string())],
        )
        .await,
    )
    .await;
    let needs = project["detail"]["needs"].as_array().expect("needs");
    assert_eq!(needs[0]["filled_by"]["firm_id"], w.deyang_firm);
    let actions: Vec<&str> = project["detail"]["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["action"].as_str().expect("action"))
        .collect();
    for step in [
        "invitations_sent",
        "invitation_accepted",
        "invitation_declined",
        "proposal_selected",
    ] {
        assert!(actions.contains(&step), "{step} in {actions:?}");
    }
    let seen_by_firm = json(
        get(
            &meishan,
            "/api/get_project",
            &[("project_id", w.project.to_string())],
        )
        .await,
    )
    .await;
    let firm_actions: Vec<&str> = seen_by_firm["detail"]["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["action"].as_str().expect("action"))
        .collect();
    assert!(firm_actions.contains(&"proposal_selected"));
    assert!(!firm_actions.contains(&"invitation_declined"));
    let firm_page = json(
        get(
            &w.deyang_rep,
            "/api/get_firm",
            &[("firm_id", w.deyang_firm.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(firm_page["participations"][0]["project_id"], w.project);
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity_type = 'project' AND entity_id = $1
           AND action IN ('invitations_sent', 'invitation_accepted', 'invitation_declined',
                          'proposal_selected')",
    )
    .bind(w.project.to_string())
    .fetch_one(&w.app.db)
    .await
    .expect("audit");
    assert_eq!(audited, 4);

    // Revoking the selection reopens the need, tells the firm, and the firm can be invited
    // again.
    let revoke = |reason: &'static str| {
        let chengdu = &w.chengdu;
        let (project, need) = (w.project.to_string(), w.need.to_string());
        async move {
            chengdu
                .call(
                    "revoke_selection",
                    &[
                        ("project_id", project.as_str()),
                        ("need_id", need.as_str()),
                        ("reason", reason),
                    ],
                )
                .await
        }
    };
    assert_eq!(revoke("  ").await.status(), 422);
    json(revoke("样件未通过验收").await).await;
    assert_eq!(
        status_of(&w.app, deyang_inv).await,
        ("revoked".to_owned(), Some("revoked".to_owned()))
    );
    let need_status: String = sqlx::query_scalar("SELECT status FROM project_needs WHERE id = $1")
        .bind(w.need)
        .fetch_one(&w.app.db)
        .await
        .expect("need");
    assert_eq!(need_status, "open");
    assert_eq!(
        notifications(&w.app, "rep@deyang-firm.example.cn")
            .await
            .last()
            .map(String::as_str),
        Some("selection_revoked")
    );
    assert!(
        conflict_code(revoke("再次撤销").await)
            .await
            .contains("need_not_filled")
    );
    json(invite(&w, &[w.deyang_firm]).await).await;
}

#[tokio::test]
async fn the_handshake_refuses_what_its_rules_forbid() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;

    // Bad input is named per field, and nothing is written.
    let bad = w
        .chengdu
        .call(
            "invite_firms",
            &[
                ("project_id", &w.project.to_string()),
                ("need_id", &w.need.to_string()),
                ("message", " "),
                ("reply_by", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.expect("body");
    for code in ["firm_ids", "message", "deadline_past"] {
        assert!(body.contains(code), "{code} in {body}");
    }
    // A pending firm is no member: it cannot be invited.
    assert_eq!(invite(&w, &[w.pending_firm]).await.status(), 422);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM need_invitations")
        .fetch_one(&w.app.db)
        .await
        .expect("count");
    assert_eq!(count, 0);

    json(invite(&w, &[w.deyang_firm, w.meishan_firm]).await).await;
    // One standing invitation per firm and need.
    assert!(
        conflict_code(invite(&w, &[w.deyang_firm]).await)
            .await
            .contains("already_invited")
    );
    let deyang_inv = invitation_of(&w.app, w.need, w.deyang_firm).await;
    let meishan_inv = invitation_of(&w.app, w.need, w.meishan_firm).await;

    // Not accepted yet: nothing to select. An invitation that does not exist: nothing either.
    assert!(
        conflict_code(select(&w.chengdu, deyang_inv).await)
            .await
            .contains("invitation_not_accepted")
    );
    assert_eq!(select(&w.chengdu, 987_654_321).await.status(), 404);

    // A firm answers its own invitation only; an official answers none. To anyone else the
    // invitation is not there to answer: 404.
    assert_eq!(accept(&meishan, deyang_inv, "1", "2").await.status(), 404);
    assert_eq!(decline(&meishan, deyang_inv).await.status(), 404);
    assert_eq!(
        accept(&w.deyang_official, deyang_inv, "1", "2")
            .await
            .status(),
        404
    );
    // Another city's official neither invites, withdraws nor selects here.
    assert_eq!(withdraw(&w.deyang_official, deyang_inv).await.status(), 403);
    assert_eq!(select(&w.deyang_official, deyang_inv).await.status(), 403);
    assert_eq!(status_of(&w.app, deyang_inv).await.0, "open");

    // A bad proposal names its fields.
    let bad = accept(&w.deyang_rep, deyang_inv, "20", "10").await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.expect("body").contains("below_minimum"));

    // No answer after the deadline: the invitation reads as expired without any job.
    sqlx::query("UPDATE need_invitations SET reply_by = now() - interval '1 minute' WHERE id = $1")
        .bind(deyang_inv)
        .execute(&w.app.db)
        .await
        .expect("deadline passed");
    assert!(
        conflict_code(accept(&w.deyang_rep, deyang_inv, "10", "12").await)
            .await
            .contains("invitation_expired")
    );
    let own = json(get(&w.deyang_rep, "/api/my_invitations", &[]).await).await;
    assert_eq!(own[0]["shown"], "Expired");
    // An expired invitation may be sent again.
    json(invite(&w, &[w.deyang_firm]).await).await;
    assert_eq!(
        status_of(&w.app, deyang_inv).await,
        ("closed".to_owned(), Some("expired".to_owned()))
    );

    // No answer after withdrawal.
    json(withdraw(&w.chengdu, meishan_inv).await).await;
    assert!(
        conflict_code(decline(&meishan, meishan_inv).await)
            .await
            .contains("invitation_withdrawn")
    );
    assert_eq!(
        notifications(&w.app, "rep@meishan-firm.example.cn")
            .await
            .last()
            .map(String::as_str),
        Some("invitation_withdrawn")
    );
    assert!(
        conflict_code(withdraw(&w.chengdu, meishan_inv).await)
            .await
            .contains("invitation_ended")
    );
}

#[tokio::test]
async fn a_project_not_open_takes_no_invitation_and_a_cancelled_one_closes_them_all() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    json(invite(&w, &[w.deyang_firm, w.meishan_firm]).await).await;
    let deyang_inv = invitation_of(&w.app, w.need, w.deyang_firm).await;
    let meishan_inv = invitation_of(&w.app, w.need, w.meishan_firm).await;
    json(accept(&w.deyang_rep, deyang_inv, "10", "12").await).await;
    json(
        w.chengdu
            .call(
                "change_project_status",
                &[
                    ("project_id", &w.project.to_string()),
                    ("status", "cancelled"),
                    ("reason", "财政资金未落实"),
                ],
            )
            .await,
    )
    .await;
    for invitation in [deyang_inv, meishan_inv] {
        assert_eq!(
            status_of(&w.app, invitation).await,
            ("closed".to_owned(), Some("project_cancelled".to_owned()))
        );
    }
    assert_eq!(
        notifications(&w.app, "rep@meishan-firm.example.cn")
            .await
            .last()
            .map(String::as_str),
        Some("invitation_project_cancelled")
    );
    // Nothing more happens on a cancelled call.
    assert!(
        conflict_code(invite(&w, &[w.deyang_firm]).await)
            .await
            .contains("call_not_open")
    );
    assert!(
        conflict_code(decline(&meishan, meishan_inv).await)
            .await
            .contains("invitation_answered")
    );
    assert!(
        conflict_code(select(&w.chengdu, deyang_inv).await)
            .await
            .contains("call_not_open")
    );
}

#[tokio::test]
async fn a_change_that_matters_withdraws_the_invitations_and_a_firm_leaving_drops_out() {
    let w = world().await;
    json(invite(&w, &[w.deyang_firm, w.meishan_firm]).await).await;
    let deyang_inv = invitation_of(&w.app, w.need, w.deyang_firm).await;
    let meishan_inv = invitation_of(&w.app, w.need, w.meishan_firm).await;
    let reducers: i64 = sqlx::query_scalar("SELECT capability_id FROM project_needs WHERE id = $1")
        .bind(w.need)
        .fetch_one(&w.app.db)
        .await
        .expect("capability");
    let change = |quantity: &'static str, note: &'static str| {
        let chengdu = &w.chengdu;
        let db = w.app.db.clone();
        let (project, need, capability) = (
            w.project.to_string(),
            w.need.to_string(),
            reducers.to_string(),
        );
        async move {
            let version: i32 = sqlx::query_scalar("SELECT version FROM projects WHERE id = $1")
                .bind(project.parse::<i64>().expect("id"))
                .fetch_one(&db)
                .await
                .expect("version");
            let version = version.to_string();
            let version = version.as_str();
            chengdu
                .call(
                    "update_need",
                    &[
                        ("project_id", project.as_str()),
                        ("version", version),
                        ("need_id", need.as_str()),
                        ("capability_id", capability.as_str()),
                        ("level", "small_batch"),
                        ("quantity", quantity),
                        ("preferred_cities[]", "deyang"),
                        ("preferred_cities[]", "meishan"),
                        ("note", note),
                    ],
                )
                .await
        }
    };
    // A new note is no change the firms answered for.
    json(change("200", "交付到成都").await).await;
    assert_eq!(status_of(&w.app, deyang_inv).await.0, "open");

    // The Meishan firm leaves the alliance's approved members: it drops out, its inviter is told.
    sqlx::query("UPDATE firms SET status = 'rejected' WHERE id = $1")
        .bind(w.meishan_firm)
        .execute(&w.app.db)
        .await
        .expect("rejected");
    assert_eq!(
        status_of(&w.app, meishan_inv).await,
        ("closed".to_owned(), Some("firm_dropped".to_owned()))
    );
    assert_eq!(
        notifications(&w.app, "wang.lei@chengdu.example.cn")
            .await
            .last()
            .map(String::as_str),
        Some("invitation_firm_dropped")
    );

    // Another quantity is: the standing invitations are withdrawn, each firm told.
    json(change("500", "交付到成都").await).await;
    assert_eq!(
        status_of(&w.app, deyang_inv).await,
        ("withdrawn".to_owned(), Some("need_changed".to_owned()))
    );
    assert_eq!(
        notifications(&w.app, "rep@deyang-firm.example.cn")
            .await
            .last()
            .map(String::as_str),
        Some("invitation_need_changed")
    );
    // A need with invitations is changed, not removed.
    let version: i32 = sqlx::query_scalar("SELECT version FROM projects WHERE id = $1")
        .bind(w.project)
        .fetch_one(&w.app.db)
        .await
        .expect("version");
    let removed = w
        .chengdu
        .call(
            "remove_need",
            &[
                ("project_id", &w.project.to_string()),
                ("version", &version.to_string()),
                ("need_id", &w.need.to_string()),
            ],
        )
        .await;
    assert!(
        conflict_code(removed)
            .await
            .contains("need_has_invitations")
    );
}

/// Two officials select different firms' proposals for one need at the same moment, 100 times:
/// each time exactly one participant, and the other official is told the need is filled.
#[tokio::test]
async fn two_officials_selecting_at_once_make_exactly_one_participant() {
    let w = world().await;
    w.app
        .seed_user(
            "zhou.min@chengdu.example.cn",
            "周敏",
            "official",
            Some("chengdu"),
            None,
        )
        .await;
    let colleague = w.app.browser();
    colleague.sign_in_ok("zhou.min@chengdu.example.cn").await;
    let official: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'wang.lei@chengdu.example.cn'")
            .fetch_one(&w.app.db)
            .await
            .expect("official");
    for round in 0..100 {
        let need: i64 = sqlx::query_scalar(
            "INSERT INTO project_needs (project_id, capability_id, level, quantity)
             SELECT project_id, capability_id, level, quantity FROM project_needs WHERE id = $1
             RETURNING id",
        )
        .bind(w.need)
        .fetch_one(&w.app.db)
        .await
        .expect("need");
        let mut accepted = Vec::new();
        for firm in [w.deyang_firm, w.meishan_firm] {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO need_invitations (project_id, need_id, firm_id, message, reply_by,
                                               status, invited_by, answered_by, answered_at,
                                               price_min, price_max, lead_days)
                 VALUES ($1, $2, $3, '请报价', now() + interval '7 days', 'accepted', $4, $4,
                         now(), 100000, 120000, 30)
                 RETURNING id",
            )
            .bind(w.project)
            .bind(need)
            .bind(firm)
            .bind(official)
            .fetch_one(&w.app.db)
            .await
            .expect("invitation");
            accepted.push(id);
        }
        let (a, b) = tokio::join!(
            select(&w.chengdu, accepted[0]),
            select(&colleague, accepted[1])
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "round {round}");
        let participants: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM project_participants WHERE need_id = $1 AND status = 'active'",
        )
        .bind(need)
        .fetch_one(&w.app.db)
        .await
        .expect("participants");
        assert_eq!(participants, 1, "round {round}");
        let selected: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM need_invitations WHERE need_id = $1 AND status = 'selected'",
        )
        .bind(need)
        .fetch_one(&w.app.db)
        .await
        .expect("selected");
        assert_eq!(selected, 1, "round {round}");
    }
}

/// A second need of the world's project, filled by the Meishan firm (written here: its
/// handshake is tested above).
pub(crate) async fn meishan_takes_part(w: &World) {
    sqlx::raw_sql(&format!(
        "INSERT INTO project_needs (project_id, capability_id, level, quantity, note, status)
         SELECT {p}, id, 'prototype', 10, '', 'filled' FROM capabilities WHERE name_en = 'RV reducers';
         INSERT INTO project_participants (project_id, need_id, firm_id, selected_by)
         SELECT {p}, n.id, {f}, u.id FROM project_needs n, users u
         WHERE n.project_id = {p} AND n.status = 'filled' AND n.id <> {need}
           AND u.email = 'wang.lei@chengdu.example.cn';",
        p = w.project,
        f = w.meishan_firm,
        need = w.need,
    ))
    .execute(&w.app.db)
    .await
    .expect("second participant");
}

/// The world's project with the Deyang firm selected for its need (through the handshake),
/// and `before_start` done before it starts; then started.
pub(crate) async fn started_with(w: &World, before_start: impl AsyncFnOnce(&World)) {
    json(invite(w, &[w.deyang_firm]).await).await;
    let invitation = invitation_of(&w.app, w.need, w.deyang_firm).await;
    json(accept(&w.deyang_rep, invitation, "10", "12").await).await;
    json(select(&w.chengdu, invitation).await).await;
    before_start(w).await;
    move_to(w, "in_execution", "").await;
}

async fn move_to(w: &World, status: &str, reason: &str) {
    json(
        w.chengdu
            .call(
                "change_project_status",
                &[
                    ("project_id", &w.project.to_string()),
                    ("status", status),
                    ("reason", reason),
                ],
            )
            .await,
    )
    .await;
}

async fn participation(app: &TestApp, need: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT status, end_reason FROM project_participants WHERE need_id = $1")
        .bind(need)
        .fetch_one(&app.db)
        .await
        .expect("participant")
}

/// A participation ends with its project: completed (the firm's track record), or ended by a
/// cancellation, which the firm is told.
#[tokio::test]
async fn a_participation_ends_with_its_project() {
    let w = world().await;
    json(invite(&w, &[w.deyang_firm]).await).await;
    let invitation = invitation_of(&w.app, w.need, w.deyang_firm).await;
    json(accept(&w.deyang_rep, invitation, "10", "12").await).await;
    json(select(&w.chengdu, invitation).await).await;
    move_to(&w, "in_execution", "").await;
    assert_eq!(participation(&w.app, w.need).await.0, "active");
    move_to(&w, "completed", "").await;
    assert_eq!(participation(&w.app, w.need).await.0, "completed");
    let completed: i32 =
        sqlx::query_scalar("SELECT max(firm_completed) FROM firm_capabilities WHERE firm_id = $1")
            .bind(w.deyang_firm)
            .fetch_one(&w.app.db)
            .await
            .expect("track record");
    assert_eq!(completed, 1);

    let w = world().await;
    json(invite(&w, &[w.deyang_firm]).await).await;
    let invitation = invitation_of(&w.app, w.need, w.deyang_firm).await;
    json(accept(&w.deyang_rep, invitation, "10", "12").await).await;
    json(select(&w.chengdu, invitation).await).await;
    move_to(&w, "cancelled", "上级资金调整").await;
    assert_eq!(
        participation(&w.app, w.need).await,
        ("revoked".to_owned(), Some("上级资金调整".to_owned()))
    );
    // The firm's list no longer reads "selected".
    assert_eq!(
        status_of(&w.app, invitation).await,
        ("closed".to_owned(), Some("project_cancelled".to_owned()))
    );
    assert_eq!(
        notifications(&w.app, "rep@deyang-firm.example.cn")
            .await
            .last()
            .map(String::as_str),
        Some("participation_cancelled")
    );
}

#[tokio::test]
async fn a_filled_need_shows_its_participant_instead_of_candidates_to_invite() {
    let w = world().await;
    let page = format!("/projects/{}/needs/{}/candidates", w.project, w.need);
    let (status, open) = w.chengdu.get_html(&page).await;
    assert_eq!(status, 200);
    assert!(
        open.contains("/api/invite_firms"),
        "an open need offers invitations"
    );
    assert!(!open.contains("need-not-open"));

    json(invite(&w, &[w.deyang_firm]).await).await;
    let invitation = invitation_of(&w.app, w.need, w.deyang_firm).await;
    json(accept(&w.deyang_rep, invitation, "12.5", "18").await).await;
    json(select(&w.chengdu, invitation).await).await;

    let (status, filled) = w.chengdu.get_html(&page).await;
    assert_eq!(status, 200);
    assert!(
        filled.contains("need-not-open"),
        "the page says the need is filled"
    );
    assert!(
        !filled.contains("/api/invite_firms"),
        "no invitation form is offered"
    );
    // The participant and the history stay in sight.
    let firm: String = sqlx::query_scalar("SELECT name FROM firms WHERE id = $1")
        .bind(w.deyang_firm)
        .fetch_one(&w.app.db)
        .await
        .expect("firm");
    assert!(filled.contains(&firm));
    // And the server refuses an invitation to it whatever the page offers.
    assert_eq!(invite(&w, &[w.meishan_firm]).await.status(), 409);
}

/// A project that starts drafts its participant's milestones from the need: harmonic reducers
/// (a component) in small batches climb prototype, bench qualification (with the reducer's
/// figures), sample and small batch, due over the year from today (the project names no
/// dates), all planned; the status change's audit row counts them.
#[tokio::test]
async fn a_project_that_starts_drafts_its_participants_milestones() {
    let w = world().await;
    json(invite(&w, &[w.deyang_firm]).await).await;
    let invitation = invitation_of(&w.app, w.need, w.deyang_firm).await;
    json(accept(&w.deyang_rep, invitation, "10", "12").await).await;
    json(select(&w.chengdu, invitation).await).await;
    let none: i64 = sqlx::query_scalar("SELECT count(*) FROM project_milestones")
        .fetch_one(&w.app.db)
        .await
        .expect("count");
    assert_eq!(none, 0, "nothing is drafted before the project starts");
    move_to(&w, "in_execution", "").await;

    let rows: Vec<(String, String, i32, bool)> = sqlx::query_as(
        "SELECT m.rung, m.state, jsonb_array_length(m.figures),
                m.due_on = ((now() AT TIME ZONE 'Asia/Shanghai')::date + interval '12 months')::date
         FROM project_milestones m JOIN project_participants pp ON pp.id = m.participant_id
         WHERE pp.need_id = $1 ORDER BY m.position",
    )
    .bind(w.need)
    .fetch_all(&w.app.db)
    .await
    .expect("milestones");
    let rungs: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        rungs,
        ["prototype", "bench_qualification", "sample", "small_batch"]
    );
    assert!(rows.iter().all(|r| r.1 == "planned"));
    let figures: Vec<i32> = rows.iter().map(|r| r.2).collect();
    assert_eq!(
        figures,
        [0, 4, 0, 0],
        "the reducer's four figures on the bench"
    );
    assert_eq!(
        rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        [false, false, false, true],
        "the last is due a year from today"
    );
    let increasing: bool = sqlx::query_scalar(
        "SELECT bool_and(due_on > prev) FROM (
             SELECT due_on, lag(due_on) OVER (ORDER BY position) AS prev FROM project_milestones
         ) d WHERE prev IS NOT NULL",
    )
    .fetch_one(&w.app.db)
    .await
    .expect("order");
    assert!(increasing);
    let audited: i64 = sqlx::query_scalar(
        "SELECT (after->>'drafted_milestones')::bigint FROM audit_log
         WHERE action = 'project_status_changed' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(w.project.to_string())
    .fetch_one(&w.app.db)
    .await
    .expect("audit");
    assert_eq!(audited, 4);
}

/// The milestones show on the project's page to the bureaus and the participant, not to
/// another firm; a milestone past its due day reads overdue with no job having run.
#[tokio::test]
async fn a_started_projects_milestones_show_to_its_people_and_read_overdue_as_they_are() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    json(invite(&w, &[w.deyang_firm]).await).await;
    let invitation = invitation_of(&w.app, w.need, w.deyang_firm).await;
    json(accept(&w.deyang_rep, invitation, "10", "12").await).await;
    json(select(&w.chengdu, invitation).await).await;
    move_to(&w, "in_execution", "").await;
    let page = format!("/projects/{}/execution", w.project);
    let text = async |browser: &Browser| browser.get(&page).await.text().await.expect("page");
    for (who, browser) in [
        ("the owning city", &w.chengdu),
        ("another bureau", &w.deyang_official),
        ("the participant", &w.deyang_rep),
    ] {
        let html = text(browser).await;
        assert!(html.contains("data-testid=\"milestones\""), "{who}");
        assert!(html.contains("台架验证"), "{who}: the bench qualification");
        assert!(html.contains("回差"), "{who}: the reducer's figures");
        assert!(!html.contains("data-testid=\"overdue\""), "{who}");
    }
    let other = text(&meishan).await;
    assert!(
        !other.contains("data-testid=\"milestones\"") && !other.contains("台架验证"),
        "a firm taking no part sees no milestones"
    );

    // The prototype's due day passed twenty days ago (Beijing): overdue, computed as read.
    sqlx::query(
        "UPDATE project_milestones SET due_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 20
         WHERE position = 1",
    )
    .execute(&w.app.db)
    .await
    .expect("due");
    let overdue_told = async |email: &str| {
        notifications(&w.app, email)
            .await
            .iter()
            .filter(|k| *k == "milestone_overdue")
            .count()
    };
    assert_eq!(overdue_told("wang.lei@chengdu.example.cn").await, 0);
    // Another bureau's read is the first to see it: the owning city and the participant are
    // told, once, however many reads follow (the page, the portfolio, the project).
    let html = text(&w.deyang_official).await;
    assert!(html.contains("逾期 20 天"), "{html}");
    assert_eq!(html.matches("data-testid=\"overdue\"").count(), 1);
    let html = text(&w.chengdu).await;
    assert!(html.contains("逾期 20 天"), "{html}");
    json(get(&w.chengdu, "/api/list_portfolio", &[]).await).await;
    w.deyang_rep.get(&format!("/projects/{}", w.project)).await;
    assert_eq!(overdue_told("wang.lei@chengdu.example.cn").await, 1);
    assert_eq!(overdue_told("rep@deyang-firm.example.cn").await, 1);
    assert_eq!(
        overdue_told("li.wei@deyang.example.cn").await,
        0,
        "not another bureau"
    );
    assert_eq!(
        overdue_told("rep@meishan-firm.example.cn").await,
        0,
        "not another firm"
    );
}

/// A milestone's round: the participant hands it in, the city returns it with a reason (the
/// participant reads it in its inbox), the participant hands it in again, the city accepts it.
/// Another participant of the same project, who sees the milestones, cannot hand in this one's
/// (403, audited, nothing changed), and nobody decides on a milestone not handed in.
#[tokio::test]
async fn a_milestone_is_handed_in_returned_handed_in_again_and_accepted() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    json(invite(&w, &[w.deyang_firm]).await).await;
    let invitation = invitation_of(&w.app, w.need, w.deyang_firm).await;
    json(accept(&w.deyang_rep, invitation, "10", "12").await).await;
    json(select(&w.chengdu, invitation).await).await;
    meishan_takes_part(&w).await;
    move_to(&w, "in_execution", "").await;
    let first_of = async |firm: i64| -> i64 {
        sqlx::query_scalar(
            "SELECT m.id FROM project_milestones m JOIN project_participants pp ON pp.id = m.participant_id
             WHERE pp.firm_id = $1 AND m.position = 1",
        )
        .bind(firm)
        .fetch_one(&w.app.db)
        .await
        .expect("milestone")
    };
    let (deyang_first, meishan_first) = (
        first_of(w.deyang_firm).await,
        first_of(w.meishan_firm).await,
    );
    let state = async |id: i64| -> String {
        sqlx::query_scalar("SELECT state FROM project_milestones WHERE id = $1")
            .bind(id)
            .fetch_one(&w.app.db)
            .await
            .expect("state")
    };
    let step = async |browser: &Browser, endpoint: &str, id: i64, reason: Option<&str>| {
        let id = id.to_string();
        let mut form = vec![("milestone_id", id.as_str())];
        form.extend(reason.map(|r| ("reason", r)));
        browser.call(endpoint, &form).await
    };

    // Another participant sees the milestones but hands in only its own.
    assert_eq!(
        step(&meishan, "submit_milestone", deyang_first, None)
            .await
            .status(),
        403
    );
    assert_eq!(state(deyang_first).await, "planned");
    assert_eq!(
        w.app
            .count(&format!(
                "SELECT count(*) FROM audit_log WHERE action = 'access_refused'
                 AND entity_type = 'project_milestone' AND entity_id = '{deyang_first}'"
            ))
            .await,
        1
    );
    json(step(&meishan, "submit_milestone", meishan_first, None).await).await;
    assert_eq!(state(meishan_first).await, "submitted");

    // Nothing handed in: nothing to decide.
    assert!(
        conflict_code(step(&w.chengdu, "accept_milestone", deyang_first, None).await)
            .await
            .contains("milestone_not_submitted")
    );
    // The participant hands it in; the firm cannot accept its own work.
    json(step(&w.deyang_rep, "submit_milestone", deyang_first, None).await).await;
    assert_eq!(state(deyang_first).await, "submitted");
    assert_eq!(
        step(&w.deyang_rep, "accept_milestone", deyang_first, None)
            .await
            .status(),
        403
    );
    assert!(
        notifications(&w.app, "wang.lei@chengdu.example.cn")
            .await
            .contains(&"milestone_submitted".to_owned())
    );
    // Returned without a reason: refused; with one, the participant reads it.
    assert_eq!(
        step(&w.chengdu, "reject_milestone", deyang_first, Some(" "))
            .await
            .status(),
        422
    );
    json(
        step(
            &w.chengdu,
            "reject_milestone",
            deyang_first,
            Some("扭转刚度未达到目标值"),
        )
        .await,
    )
    .await;
    assert_eq!(state(deyang_first).await, "rejected");
    assert_eq!(
        notifications(&w.app, "rep@deyang-firm.example.cn")
            .await
            .last()
            .map(String::as_str),
        Some("milestone_rejected")
    );
    let page = w
        .deyang_rep
        .get(&format!("/projects/{}/execution", w.project))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("扭转刚度未达到目标值"),
        "the reason on the execution page"
    );
    // Handed in again, and accepted: accepted stays accepted.
    json(step(&w.deyang_rep, "submit_milestone", deyang_first, None).await).await;
    json(step(&w.chengdu, "accept_milestone", deyang_first, None).await).await;
    assert_eq!(state(deyang_first).await, "accepted");
    assert!(
        conflict_code(step(&w.deyang_rep, "submit_milestone", deyang_first, None).await)
            .await
            .contains("milestone_accepted")
    );
    let trail: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity_type = 'project_milestone' AND entity_id = $1
           AND action <> 'access_refused' ORDER BY id",
    )
    .bind(deyang_first.to_string())
    .fetch_all(&w.app.db)
    .await
    .expect("trail");
    assert_eq!(
        trail,
        [
            "milestone_submitted",
            "milestone_rejected",
            "milestone_submitted",
            "milestone_accepted"
        ]
    );
}
