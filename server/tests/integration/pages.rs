use crate::helpers::{list_with_test_id, spawn_app};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_is_rendered_in_chinese_on_the_server() {
    let app = spawn_app().await;
    // An English browser still gets Chinese: the platform is Chinese first.
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    assert!(
        html.contains("<html lang=\"zh-CN\""),
        "html lang must be zh-CN: {}",
        &html[..200.min(html.len())]
    );
    assert!(html.contains("成德眉资机器人产业联盟"));
    assert!(html.contains("研发在成都，制造在德眉资"));
    let cards = list_with_test_id(&html, "city-cards");
    let footer = list_with_test_id(&html, "member-cities");
    for city in ["成都", "德阳", "眉山", "资阳"] {
        assert!(cards.contains(city), "{city} has a card");
        assert!(
            footer.contains(city),
            "{city} is in the shell's member list"
        );
    }
    assert!(
        cards.contains("研发中心") && cards.contains("制造基地"),
        "roles are shown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shell_lists_the_cities_from_the_database() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO cities (code, name_zh, name_en, role, sort_order) \
         VALUES ('mianyang', '绵阳', 'Mianyang', 'manufacturing', 50)",
    )
    .execute(&app.db)
    .await
    .expect("a new member city");

    let (status, html) = app.get_html("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list_with_test_id(&html, "member-cities").contains("绵阳"),
        "a city added as data appears in the shell without code changes"
    );
    assert!(list_with_test_id(&html, "city-cards").contains("绵阳"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_cookie_chooses_english_before_the_first_paint() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("cookie", "lang=en")
        .send()
        .await
        .expect("sent");
    let html = response.text().await.expect("body");
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("Chengdu–Deyang–Meishan–Ziyang Robotics Industry Alliance"));
    assert!(list_with_test_id(&html, "city-cards").contains("Deyang"));
    assert!(list_with_test_id(&html, "member-cities").contains("Ziyang"));
    assert!(!html.contains("研发在成都，制造在德眉资"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_address_gets_a_404_page_in_the_readers_language() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("找不到这个页面"));

    let response = app
        .client
        .get(app.url("/no/such/page"))
        .header("cookie", "lang=en")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("Page not found")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_data_fails_answers_500_with_the_error_page_and_no_internals() {
    let app = spawn_app().await;
    app.cut_database().await;

    let (status, html) = app.get_html("/").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        html.contains("出错了"),
        "the localized error page is shown: {html}"
    );
    for leak in [
        "sqlx",
        "pool",
        "database \"ah_test",
        "PoolTimedOut",
        "terminating connection",
    ] {
        assert!(
            !html.contains(leak),
            "no internal detail ({leak}) reaches the page"
        );
    }
    app.restore_database().await;
    assert_eq!(app.get_html("/").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_pending_firms_people_read_that_their_registration_awaits_their_citys_approval() {
    let app = spawn_app().await;
    let pending = app
        .seed_firm(
            "资阳待审页面测试有限公司",
            "91512000MA6PAG001",
            "ziyang",
            "pending",
        )
        .await;
    app.seed_user(
        "rep@pending-page.example.cn",
        "周待",
        "firm_rep",
        None,
        Some(pending),
    )
    .await;
    let rep = app.browser();
    rep.sign_in_ok("rep@pending-page.example.cn").await;
    for page in ["/firms"] {
        let (status, html) = rep.get_html(page).await;
        assert_eq!(status, 403, "{page}");
        let note = list_with_test_id(&html, "pending-firm-note");
        assert!(
            note.contains("资阳待审页面测试有限公司") && note.contains("资阳"),
            "{page}: {note}"
        );
        let ways = list_with_test_id(&html, "error-ways");
        assert!(
            ways.contains(&format!("href=\"/firms/{pending}\"")),
            "{page}: {ways}"
        );
    }
}

#[tokio::test]
async fn an_error_page_leads_back_to_the_list_home_and_sign_in() {
    let app = spawn_app().await;
    // A visitor: sign in (coming back here), the open calls, home.
    let (status, html) = app.get_html("/projects/987654").await;
    assert!(status == 404 || status == 401, "{status}");
    let ways = list_with_test_id(&html, "error-ways");
    assert!(
        ways.contains("href=\"/signin?next=/projects/987654\""),
        "{ways}"
    );
    assert!(ways.contains("href=\"/\""), "{ways}");
    // An official: the projects list and home, no sign-in.
    app.seed_deyang_official().await;
    let official = app.browser();
    official.sign_in_ok("li.wei@deyang.example.cn").await;
    let (status, html) = official.get_html("/projects/987654").await;
    assert_eq!(status, 404);
    let ways = list_with_test_id(&html, "error-ways");
    assert!(ways.contains("href=\"/projects\""), "{ways}");
    assert!(!ways.contains("/signin"), "{ways}");
    let (status, html) = official.get_html("/firms/987654").await;
    assert_eq!(status, 404);
    assert!(list_with_test_id(&html, "error-ways").contains("href=\"/firms\""));
}

#[tokio::test]
async fn the_headers_sign_in_link_comes_back_to_the_page_it_was_on() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/calls?city=deyang").await;
    assert!(
        html.contains("href=\"/signin?next=/calls%3Fcity%3Ddeyang\""),
        "the header's link keeps the page"
    );
    // The page that asked for the sign-in is where the sign-in goes on to.
    let (_, html) = app.get_html("/signin?next=/calls%3Fcity%3Ddeyang").await;
    assert!(
        html.contains("value=\"/calls?city=deyang\""),
        "the form carries next"
    );
}
