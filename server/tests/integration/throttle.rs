//! Brute-force throttling of sign-in: growing delays and then a lock of the (email, address)
//! pair, only delays for the email alone, state shared by every instance through PostgreSQL.

use std::time::Duration;

use app::domain::throttle::ThrottleRules;

use crate::helpers::{Browser, TEST_PASSWORD, TestApp, spawn_app_with};

const EMAIL: &str = "li.wei@deyang.example.cn";
const WRONG: &str = "not the password at all";

/// Short rules: two free failures, then 300 ms, 600 ms, ...; the fourth failure locks the pair
/// for 2 s; the email alone is delayed only after 100.
async fn throttled_app() -> TestApp {
    let app = spawn_app_with(|c| {
        c.trusted_proxy_header = Some(axum::http::HeaderName::from_static("x-real-ip"));
        c.throttle = ThrottleRules {
            pair_free_failures: 2,
            pair_lock_after: 4,
            lock: Duration::from_secs(2),
            email_free_failures: 100,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(5),
            window: Duration::from_secs(3600),
        };
    })
    .await;
    app.seed_deyang_official().await;
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_bring_growing_delays_then_a_lock_of_the_pair_which_lifts() {
    let app = throttled_app().await;
    let browser = app.browser();
    let attacker = "10.0.0.1";

    for _ in 0..2 {
        assert_eq!(
            browser.sign_in_from(attacker, EMAIL, WRONG).await.status(),
            422
        );
    }
    // The third attempt at once owes 300 ms: refused without looking at the password.
    let throttled = browser.sign_in_from(attacker, EMAIL, TEST_PASSWORD).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().get("retry-after").is_some());
    assert!(throttled.text().await.expect("body").contains("Throttled"));

    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(
        browser.sign_in_from(attacker, EMAIL, WRONG).await.status(),
        422
    );
    // Now 600 ms are owed: 350 ms later is still too early.
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(
        browser.sign_in_from(attacker, EMAIL, WRONG).await.status(),
        429
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The fourth failure locks the pair: even the right password is refused.
    assert_eq!(
        browser.sign_in_from(attacker, EMAIL, WRONG).await.status(),
        422
    );
    assert_eq!(
        browser
            .sign_in_from(attacker, EMAIL, TEST_PASSWORD)
            .await
            .status(),
        429
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_locked'")
            .await,
        1
    );
    assert!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_throttled'")
            .await
            >= 3
    );

    // The official, from their own office, is not locked out.
    let office = app.browser();
    assert_eq!(
        office
            .sign_in_from("10.0.0.2", EMAIL, TEST_PASSWORD)
            .await
            .status(),
        200
    );

    // And the lock lifts.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        browser
            .sign_in_from(attacker, EMAIL, TEST_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_email_is_throttled_like_a_known_one() {
    let app = throttled_app().await;
    let browser = app.browser();
    for _ in 0..2 {
        assert_eq!(
            browser
                .sign_in_from("10.0.0.3", "nobody@deyang.example.cn", WRONG)
                .await
                .status(),
            422
        );
    }
    assert_eq!(
        browser
            .sign_in_from("10.0.0.3", "nobody@deyang.example.cn", WRONG)
            .await
            .status(),
        429
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_cannot_pick_its_address_without_a_trusted_proxy_header() {
    // No TRUSTED_PROXY_HEADER: X-Real-IP is ignored and every attempt is the socket's.
    let app = spawn_app_with(|c| {
        c.throttle = ThrottleRules {
            pair_free_failures: 2,
            pair_lock_after: 3,
            ..Default::default()
        };
    })
    .await;
    app.seed_deyang_official().await;
    let browser = app.browser();
    for (i, expected) in [(1, 422), (2, 422), (3, 429)] {
        let ip = format!("10.0.1.{i}");
        assert_eq!(
            browser.sign_in_from(&ip, EMAIL, WRONG).await.status(),
            expected,
            "attempt {i}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_share_the_throttle() {
    let app = throttled_app().await;
    let other = app.another_instance().await;
    let first = app.browser();
    let second = Browser::new(&other.address);

    for _ in 0..2 {
        assert_eq!(
            first.sign_in_from("10.0.0.4", EMAIL, WRONG).await.status(),
            422
        );
    }
    // The other instance knows the delay owed.
    assert_eq!(
        second
            .sign_in_from("10.0.0.4", EMAIL, TEST_PASSWORD)
            .await
            .status(),
        429
    );
    // And a success there clears the counters for both.
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(
        second
            .sign_in_from("10.0.0.4", EMAIL, TEST_PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(
        first.sign_in_from("10.0.0.4", EMAIL, WRONG).await.status(),
        422
    );
}
