//! The server binary. Without a subcommand it serves the app, configured by environment
//! variables (see `config.rs` and the README); the subcommands make and measure data sets.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use server::{
    config::{Config, DEFAULT_DATABASE_URL},
    startup::{Application, shutdown_signal},
    telemetry,
};
use sqlx::{ConnectOptions, PgPool, postgres::PgConnectOptions, postgres::PgPoolOptions};

/// Alliance Hub's server. Without a subcommand it serves the app, configured by environment
/// variables (see the README).
#[derive(Parser)]
#[command(name = "server", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app (the same as no subcommand).
    Serve,
    /// Apply the migrations, then add generated approved firms with capabilities, certificates
    /// and verifications until the database holds COUNT of them. Use a database of its own.
    GenerateFirms {
        /// How many generated firms the database should hold.
        #[arg(long, default_value_t = 100_000)]
        count: u64,
        /// The same seed makes the same firms.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Firms written per transaction.
        #[arg(long, default_value_t = 1000)]
        batch_size: usize,
        #[command(flatten)]
        database: Database,
    },
    /// Time the directory's search on a generated data set and print p50 and p95 per case;
    /// fails when a case's p95 is over the goal.
    BenchDirectory {
        /// Timed searches per case.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// The p95 goal in milliseconds.
        #[arg(long, default_value_t = 100)]
        goal_ms: u64,
        #[command(flatten)]
        database: Database,
    },
    /// Time the top 50 candidates of a need on a generated data set, with the pre-ranking's
    /// indexes and without; fails when the most common capability's p95 is over the goal.
    BenchMatching {
        /// Timed rankings per case.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// The p95 goal in milliseconds.
        #[arg(long, default_value_t = 40)]
        goal_ms: u64,
        #[command(flatten)]
        database: Database,
    },
    /// Apply the migrations, write the execution data set once (2,000 projects in execution),
    /// then time the portfolio and a project's execution page; fails when a p95 is over its goal.
    BenchExecution {
        /// Timed reads per case.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// The portfolio's p95 goal in milliseconds.
        #[arg(long, default_value_t = 50)]
        portfolio_goal_ms: u64,
        /// The execution page's p95 goal in milliseconds.
        #[arg(long, default_value_t = 30)]
        page_goal_ms: u64,
        #[command(flatten)]
        database: Database,
    },
}

#[derive(Args)]
struct Database {
    /// The database [default: DATABASE_OWNER_URL, else DATABASE_URL, else the local default].
    #[arg(long)]
    database_url: Option<String>,
}

impl Database {
    /// Connects without logging each statement: a batch of thousands of rows is slow on purpose.
    async fn connect(self) -> anyhow::Result<PgPool> {
        let url = self
            .database_url
            .or_else(|| std::env::var("DATABASE_OWNER_URL").ok())
            .or_else(|| std::env::var("DATABASE_URL").ok())
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        // As the app connects (JIT off).
        let options: PgConnectOptions = server::startup::app_connect_options(&url)?;
        let target = format!(
            "{}@{}:{}/{}",
            options.get_username(),
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or_default()
        );
        PgPoolOptions::new()
            .max_connections(2)
            .connect_with(options.disable_statement_logging())
            .await
            .with_context(|| format!("cannot connect to the database {target}"))
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        None | Some(Command::Serve) => serve().await.map(|()| ExitCode::SUCCESS),
        Some(Command::GenerateFirms {
            count,
            seed,
            batch_size,
            database,
        }) => {
            telemetry::init(false);
            let pool = database.connect().await?;
            server::startup::migrate(&pool).await?;
            let options = server::generate::Options {
                count,
                seed,
                batch_size,
            };
            server::generate::generate_firms(&pool, &options).await?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::BenchDirectory {
            runs,
            goal_ms,
            database,
        }) => bench(runs, goal_ms, database, Bench::Directory).await,
        Some(Command::BenchMatching {
            runs,
            goal_ms,
            database,
        }) => bench(runs, goal_ms, database, Bench::Matching).await,
        Some(Command::BenchExecution {
            runs,
            portfolio_goal_ms,
            page_goal_ms,
            database,
        }) => {
            telemetry::init(false);
            let pool = database.connect().await?;
            server::startup::migrate(&pool).await?;
            let options = server::bench::Options {
                runs,
                goal: std::time::Duration::from_millis(portfolio_goal_ms),
            };
            let page_goal = std::time::Duration::from_millis(page_goal_ms);
            Ok(
                if server::bench::bench_execution(&pool, &options, page_goal).await? {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                },
            )
        }
    }
}

enum Bench {
    Directory,
    Matching,
}

/// Runs a benchmark: it prints its figures; the exit code says whether it met its goal.
async fn bench(
    runs: usize,
    goal_ms: u64,
    database: Database,
    which: Bench,
) -> anyhow::Result<ExitCode> {
    telemetry::init(false);
    let pool = database.connect().await?;
    let options = server::bench::Options {
        runs,
        goal: std::time::Duration::from_millis(goal_ms),
    };
    let met = match which {
        Bench::Directory => server::bench::bench_directory(&pool, &options).await?,
        Bench::Matching => server::bench::bench_matching(&pool, &options).await?,
    };
    Ok(if met {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn serve() -> anyhow::Result<()> {
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
