//! Progress reports on a milestone with their files: posted by the participant (or the owning
//! city), each file's type read from its bytes and its size held to 20 MB with nothing stored
//! when one is refused, and a file served only to whoever reads that participant's work.

use serde_json::Value;

use crate::helpers::Browser;
use crate::invitations::{meishan_rep, meishan_takes_part, started_with};
use crate::matching::{World, json, world};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
];

/// A report as its form posts it: the text fields, then each file under `files`.
async fn post_report(
    browser: &Browser,
    milestone: i64,
    percent: &str,
    body: &str,
    files: &[(&str, Vec<u8>)],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new()
        .text("milestone_id", milestone.to_string())
        .text("reported_on", "")
        .text("percent", percent.to_owned())
        .text("body", body.to_owned());
    for (name, bytes) in files {
        form = form.part(
            "files",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name((*name).to_owned()),
        );
    }
    browser
        .client
        .post(browser.url("/api/post_report"))
        .multipart(form)
        .send()
        .await
        .expect("sent")
}

async fn first_milestone(w: &World, firm: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT m.id FROM project_milestones m
         JOIN project_participants pp ON pp.id = m.participant_id
         WHERE m.project_id = $1 AND pp.firm_id = $2 ORDER BY m.position LIMIT 1",
    )
    .bind(w.project)
    .bind(firm)
    .fetch_one(&w.app.db)
    .await
    .expect("milestone")
}

async fn stored(w: &World) -> (i64, i64) {
    (
        w.app.count("SELECT count(*) FROM milestone_reports").await,
        w.app
            .count("SELECT count(*) FROM milestone_report_files")
            .await,
    )
}

async fn execution(browser: &Browser, project: i64) -> Value {
    json(
        browser
            .client
            .get(browser.url("/api/get_execution"))
            .query(&[("project_id", project.to_string())])
            .send()
            .await
            .expect("sent"),
    )
    .await
}

/// The milestone `id` as the execution page carries it.
fn milestone_in(page: &Value, id: i64) -> Value {
    page["execution"]["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .flat_map(|p| p["milestones"].as_array().expect("milestones").iter())
        .find(|m| m["id"] == id)
        .cloned()
        .expect("the milestone")
}

async fn download(browser: &Browser, file: i64) -> reqwest::Response {
    browser
        .client
        .get(browser.url("/api/report_file"))
        .query(&[("file_id", file.to_string())])
        .send()
        .await
        .expect("sent")
}

/// The Deyang participant reports with a PDF and a picture: its milestone goes in progress, the
/// report and its files show on the execution page to the bureaus and to it, never to the other
/// participant; the file downloads as an attachment of its own type to its readers only.
#[tokio::test]
async fn a_report_with_files_shows_to_its_readers_and_its_files_download_only_to_them() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    started_with(&w, async |w| meishan_takes_part(w).await).await;
    let milestone = first_milestone(&w, w.deyang_firm).await;

    let posted = post_report(
        &w.deyang_rep,
        milestone,
        "60",
        "样机完成装配，开始台架测试。",
        &[
            ("样机测试报告.pdf", PDF.to_vec()),
            ("装配现场", PNG.to_vec()),
        ],
    )
    .await;
    assert_eq!(
        posted.status(),
        200,
        "{}",
        posted.text().await.unwrap_or_default()
    );

    let page = execution(&w.chengdu, w.project).await;
    let m = milestone_in(&page, milestone);
    assert_eq!(m["state"], "InProgress", "a first report begins the work");
    assert_eq!(m["report_count"], 1);
    let report = &m["latest_report"];
    assert_eq!(report["percent"], 60);
    assert_eq!(report["body"], "样机完成装配，开始台架测试。");
    let files = report["files"].as_array().expect("files");
    let names: Vec<&str> = files
        .iter()
        .map(|f| f["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        names,
        ["样机测试报告.pdf", "装配现场.png"],
        "a name ends in its kind"
    );
    let pdf = files[0]["id"].as_i64().expect("id");
    let html = w
        .deyang_official
        .get(&format!("/projects/{}/execution", w.project))
        .await
        .text()
        .await
        .expect("page");
    assert!(html.contains("data-testid=\"latest-report\""));
    assert!(html.contains(&format!("/api/report_file?file_id={pdf}")));

    // The other participant reads the milestones, not this one's report.
    let theirs = execution(&meishan, w.project).await;
    assert!(milestone_in(&theirs, milestone)["latest_report"].is_null());
    assert_eq!(milestone_in(&theirs, milestone)["report_count"], 0);

    for reader in [&w.chengdu, &w.deyang_official, &w.deyang_rep] {
        let file = download(reader, pdf).await;
        assert_eq!(file.status(), 200);
        let header = |name: &str| {
            file.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("content-type"), "application/pdf");
        assert_eq!(header("x-content-type-options"), "nosniff");
        let disposition = header("content-disposition");
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(
            disposition.contains("%E6%A0%B7%E6%9C%BA"),
            "the UTF-8 name: {disposition}"
        );
        assert_eq!(file.bytes().await.expect("bytes").as_ref(), PDF);
    }
    // Another participant, and a firm with no part, hear there is no such file; audited.
    let refused_before = w
        .app
        .count("SELECT count(*) FROM audit_log WHERE action = 'access_refused' AND entity_type = 'milestone_report_file'")
        .await;
    assert_eq!(download(&meishan, pdf).await.status(), 404);
    assert_eq!(download(&w.app.browser(), pdf).await.status(), 401);
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM audit_log WHERE action = 'access_refused' AND entity_type = 'milestone_report_file'")
            .await,
        refused_before + 1
    );
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM audit_log WHERE action = 'milestone_report_posted'")
            .await,
        1
    );
}

/// A file too large, an HTML page renamed `.pdf`, eleven files, a participant reporting on
/// another's milestone: each refused with its reason, nothing stored, the milestone as it was.
#[tokio::test]
async fn a_refused_report_stores_nothing() {
    let w = world().await;
    let meishan = meishan_rep(&w).await;
    started_with(&w, async |w| meishan_takes_part(w).await).await;
    let milestone = first_milestone(&w, w.deyang_firm).await;
    let before = stored(&w).await;
    let field_code = async |response: reqwest::Response| {
        assert_eq!(response.status(), 422);
        let body: Value =
            serde_json::from_str(&response.text().await.expect("body")).expect("json");
        body
    };

    // 21 MB: more than a report's file takes, though the request itself is within its limit.
    let mut big = PDF.to_vec();
    big.resize(21 * 1024 * 1024, b' ');
    let refused = field_code(
        post_report(
            &w.deyang_rep,
            milestone,
            "50",
            "附全部测试数据。",
            &[("数据.pdf", big)],
        )
        .await,
    )
    .await;
    assert_eq!(refused["Validation"]["field"], "files", "{refused}");
    assert_eq!(refused["Validation"]["code"], "attachment_too_large");

    let html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
    let refused = field_code(
        post_report(
            &w.deyang_rep,
            milestone,
            "50",
            "测试报告见附件。",
            &[("测试报告.pdf", html.to_vec())],
        )
        .await,
    )
    .await;
    assert_eq!(
        refused["Validation"]["code"], "attachment_type",
        "{refused}"
    );

    let eleven: Vec<(&str, Vec<u8>)> = (0..11).map(|_| ("page.pdf", PDF.to_vec())).collect();
    let refused =
        field_code(post_report(&w.deyang_rep, milestone, "50", "逐页扫描。", &eleven).await).await;
    assert_eq!(
        refused["Validation"]["code"], "attachments_too_many",
        "{refused}"
    );

    // The text and the files are checked together: every bad field at once.
    let refused = field_code(
        post_report(
            &w.deyang_rep,
            milestone,
            "150",
            " ",
            &[("x.pdf", html.to_vec())],
        )
        .await,
    )
    .await;
    let fields: Vec<&str> = refused["Fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f[0].as_str().expect("a field"))
        .collect();
    assert_eq!(fields, ["percent", "body", "files"], "{refused}");

    // The Meishan participant sees the project's milestones but reports on its own only.
    let other = post_report(
        &meishan,
        milestone,
        "50",
        "代为填报。",
        &[("x.pdf", PDF.to_vec())],
    )
    .await;
    assert_eq!(other.status(), 403);
    assert_eq!(
        w.app
            .count("SELECT count(*) FROM audit_log WHERE action = 'access_refused' AND entity_type = 'project_milestone'")
            .await,
        1
    );

    assert_eq!(stored(&w).await, before, "nothing stored");
    let state: String = sqlx::query_scalar("SELECT state FROM project_milestones WHERE id = $1")
        .bind(milestone)
        .fetch_one(&w.app.db)
        .await
        .expect("state");
    assert_eq!(state, "planned");
}

/// With JavaScript off the form posts itself; refused, the browser comes back to the page, which
/// shows the reason beside the files and what was typed (a browser never fills a file in).
#[tokio::test]
async fn a_refused_plain_report_form_comes_back_with_what_was_typed() {
    let w = world().await;
    started_with(&w, async |_| {}).await;
    let milestone = first_milestone(&w, w.deyang_firm).await;
    let page = format!("/projects/{}/execution", w.project);
    // The form as the browser posts it with JavaScript off, an HTML page named .pdf among its
    // files; the page it comes back to.
    let post_plain = async |key: String| {
        let form = reqwest::multipart::Form::new()
            .text("__form", key)
            .text("milestone_id", milestone.to_string())
            .text("reported_on", "")
            .text("percent", "70")
            .text("body", "减速器回差测试完成，数据见附件。")
            .part(
                "files",
                reqwest::multipart::Part::bytes(b"<html></html>".to_vec()).file_name("回差.pdf"),
            );
        let refused = w
            .deyang_rep
            .client
            .post(w.deyang_rep.url("/api/post_report"))
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", w.deyang_rep.url(&page))
            .multipart(form)
            .send()
            .await
            .expect("sent");
        let back = crate::helpers::redirect_target(&refused);
        assert!(back.contains("__err"), "{back}");
        let path = back.trim_start_matches(&w.deyang_rep.base).to_owned();
        w.deyang_rep.navigate(&path).await.1
    };
    // Another form's key: the words are kept for that form, this one shows as new.
    let html = post_plain("report-x".to_owned()).await;
    assert!(!html.contains("减速器回差测试完成"));

    let participant: i64 =
        sqlx::query_scalar("SELECT participant_id FROM project_milestones WHERE id = $1")
            .bind(milestone)
            .fetch_one(&w.app.db)
            .await
            .expect("participant");
    let html = post_plain(format!("report-{participant}")).await;
    assert!(
        html.contains("减速器回差测试完成，数据见附件。"),
        "what was typed"
    );
    assert!(html.contains("value=\"70\""), "the percent typed");
    assert!(
        html.contains("文件类型按内容判断"),
        "the reason, beside the files"
    );
    assert!(html.contains("data-testid=\"form-refused\""));
    assert_eq!(stored(&w).await, (0, 0));
}
