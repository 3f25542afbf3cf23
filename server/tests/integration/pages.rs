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
