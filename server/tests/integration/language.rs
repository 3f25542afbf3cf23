use crate::helpers::spawn_app;
use reqwest::{StatusCode, header};

async fn post_language(app: &crate::helpers::TestApp, body: &str) -> reqwest::Response {
    app.set_language(body)
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, app.address.clone())
        .send()
        .await
        .expect("sent")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_form_without_javascript_sets_the_cookie_and_returns_to_the_page() {
    let app = spawn_app().await;
    let response = post_language(&app, "lang=en&next=%2Fno%2Fsuch%3Fq%3D1").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()[header::LOCATION], "/no/such?q=1");
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // The client kept the cookie: the next page comes in English, then back in Chinese.
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("<html lang=\"en\""));
    post_language(&app, "lang=zh-CN&next=%2F").await;
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("<html lang=\"zh-CN\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_form_never_redirects_off_the_site() {
    let app = spawn_app().await;
    for next in [
        "%2F%2Fevil.example%2F",
        "https%3A%2F%2Fevil.example%2F",
        "%2F%5Cevil.example",
    ] {
        let response = post_language(&app, &format!("lang=en&next={next}")).await;
        assert_eq!(response.status(), StatusCode::FOUND);
        assert_eq!(response.headers()[header::LOCATION], "/", "next={next}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_language_is_refused_and_sets_no_cookie() {
    let app = spawn_app().await;
    let response = app
        .set_language("lang=fr&next=%2F")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let body: serde_json::Value = response.json().await.expect("json error");
    assert_eq!(body["Validation"]["field"], "lang");
    assert_eq!(body["Validation"]["code"], "unknown_language");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_site_post_is_refused_before_it_reaches_the_function_and_changes_nothing() {
    let app = spawn_app().await;
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let response = app
            .set_language("lang=en&next=%2F")
            .header(name, value)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(
            response.headers().get(header::SET_COOKIE).is_none(),
            "no cookie set"
        );
    }
    // The page is still in Chinese: the language was not switched.
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("<html lang=\"zh-CN\""));

    // The same post from the site itself goes through.
    let response = post_language(&app, "lang=en&next=%2F").await;
    assert_eq!(response.status(), StatusCode::FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_answer_only_their_own_method_and_unknown_ones_get_the_404_page() {
    let app = spawn_app().await;
    // set_language changes state: POST only.
    let get = app.get("/api/set_language?lang=en&next=%2F").await;
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(get.headers().get(header::SET_COOKIE).is_none());
    let (status, html) = app.get_html("/api/no_such_function").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("找不到这个页面"));
}
