//! The built binary itself: configuration from the environment and shutdown on SIGTERM.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_from_its_environment_and_stops_cleanly_on_sigterm() {
    // A database of its own, made by the harness (which is then dropped with it).
    let app = spawn_app().await;
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("address").port()
    };
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env(
            "DATABASE_URL",
            format!("{}/{}", app.runtime_server_url, app.db_name),
        )
        .env(
            "DATABASE_OWNER_URL",
            format!("{}/{}", app.server_url, app.db_name),
        )
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "alliance_hub")
        .env(
            "LEPTOS_SITE_ROOT",
            app.site_root.to_string_lossy().into_owned(),
        )
        .env("LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");

    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(response) = reqwest::get(format!("{base}/readyz")).await {
            assert_eq!(response.status(), reqwest::StatusCode::OK);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the binary did not answer within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("joined")
        .expect("the binary exits");
    assert!(
        output.status.success(),
        "exit status after SIGTERM: {:?}",
        output.status
    );
    let logs = String::from_utf8_lossy(&output.stdout);
    assert!(logs.contains("shutdown signal received"), "logs: {logs}");
    assert!(
        logs.lines()
            .all(|line| line.trim().is_empty() || line.starts_with('{')),
        "LOG_FORMAT=json gives one JSON object per line: {logs}"
    );
}
