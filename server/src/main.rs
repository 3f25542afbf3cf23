use anyhow::Context;
use server::{
    config::Config,
    startup::{Application, shutdown_signal},
    telemetry,
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    telemetry::init(config.log_json);

    // cargo-leptos passes the site's layout (root, pkg dir, output name, hash file) through
    // LEPTOS_* variables; the listen address is ours (`LEPTOS_SITE_ADDR`, read into `config`).
    let leptos_options = leptos::config::get_configuration(None)
        .context("cannot read the LEPTOS_* configuration")?
        .leptos_options;

    let app = Application::build(config, leptos_options).await?;
    tracing::info!(address = %format!("http://{}", app.local_addr()), "Alliance Hub is serving");
    app.run_until(shutdown_signal()).await
}
