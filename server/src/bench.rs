//! `server bench-directory`: times the directory's search, through the very function the page
//! calls, on a generated data set (`server generate-firms`), and prints p50 and p95 per case.
//! `bench/directory.sh` prepares the database and runs it.

use std::time::{Duration, Instant};

use anyhow::Context;
use app::domain::directory::{DirectoryFilter, DirectoryParams};
use sqlx::PgPool;

use crate::generate::{DataSetCounts, beijing_today, thousands};

pub struct Options {
    /// Timed searches per case (after a few untimed ones that warm the caches).
    pub runs: usize,
    /// The p95 every case should stay within.
    pub goal: Duration,
}

const WARM_UP_RUNS: usize = 5;

struct Case {
    label: String,
    params: DirectoryParams,
}

/// The value at percentile `p` (nearest rank) of sorted durations.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `text` padded with spaces to `width` columns of a terminal, where a Chinese character takes
/// two.
fn padded(text: &str, width: usize) -> String {
    let columns: usize = text
        .chars()
        .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(columns)))
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Prints the figures; `Ok(false)` when a case missed the goal.
pub async fn bench_directory(pool: &PgPool, options: &Options) -> anyhow::Result<bool> {
    anyhow::ensure!(options.runs > 0, "at least one run");
    let today = beijing_today();
    let mut conn = pool.acquire().await?;
    let counts = DataSetCounts::of(&mut conn, today).await?;
    println!("data set: {counts}");
    anyhow::ensure!(
        counts.approved > 0,
        "the database holds no approved firm: run `server generate-firms` first"
    );

    let machining: i64 =
        sqlx::query_scalar("SELECT id FROM capabilities WHERE name_zh = '精密机加工'")
            .fetch_one(&mut *conn)
            .await
            .context("the taxonomy has no precision machining")?;
    let (common, common_name, common_count): (i64, String, i64) = sqlx::query_as(
        "SELECT c.id, c.name_en, count(*) FROM firm_capabilities fc
         JOIN capabilities c ON c.id = fc.capability_id
         GROUP BY c.id, c.name_en ORDER BY count(*) DESC, c.id LIMIT 1",
    )
    .fetch_one(&mut *conn)
    .await?;

    let cases = [
        Case {
            label: "\"减速\" + Deyang + at least small batch, by name".to_owned(),
            params: DirectoryParams {
                q: "减速".into(),
                city: "deyang".into(),
                level: "small_batch".into(),
                sort: "name".into(),
                ..Default::default()
            },
        },
        Case {
            label: "\"减速\" + precision machining + verified".to_owned(),
            params: DirectoryParams {
                q: "减速".into(),
                capability: machining.to_string(),
                verified: "1".into(),
                ..Default::default()
            },
        },
        Case {
            label: "\"减速\" alone".to_owned(),
            params: DirectoryParams {
                q: "减速".into(),
                ..Default::default()
            },
        },
        Case {
            label: "\"伺服\" alone, most verified first".to_owned(),
            params: DirectoryParams {
                q: "伺服".into(),
                sort: "verified".into(),
                ..Default::default()
            },
        },
        Case {
            label: format!(
                "{common_name} alone (the most common: {} entries)",
                thousands(common_count)
            ),
            params: DirectoryParams {
                capability: common.to_string(),
                ..Default::default()
            },
        },
        Case {
            label: format!("{common_name} + ISO 9001, page 10"),
            params: DirectoryParams {
                capability: common.to_string(),
                certificate: "iso9001".into(),
                page: "10".into(),
                ..Default::default()
            },
        },
        Case {
            label: "everything, largest staff first".to_owned(),
            params: DirectoryParams {
                sort: "staff".into(),
                ..Default::default()
            },
        },
    ];

    println!(
        "\ndirectory search: {} timed runs per case after {WARM_UP_RUNS} warm-up runs, one page of results and the count\n",
        options.runs
    );
    println!(
        "{} {:>9} {:>8} {:>8} {:>8}",
        padded("case", 58),
        "found",
        "p50 ms",
        "p95 ms",
        "max ms"
    );
    let mut missed = Vec::new();
    for case in &cases {
        let filter = DirectoryFilter::parse(&case.params);
        let mut found = 0;
        for _ in 0..WARM_UP_RUNS {
            found = app::db::firms::directory::search(&mut conn, &filter, today)
                .await
                .with_context(|| format!("the search {:?} failed", case.label))?
                .total;
        }
        let mut times = Vec::with_capacity(options.runs);
        for _ in 0..options.runs {
            let started = Instant::now();
            let page = app::db::firms::directory::search(&mut conn, &filter, today).await?;
            times.push(started.elapsed());
            std::hint::black_box(page);
        }
        times.sort();
        let (p50, p95) = (percentile(&times, 50.0), percentile(&times, 95.0));
        let max = times.last().copied().unwrap_or_default();
        println!(
            "{} {:>9} {:>8.1} {:>8.1} {:>8.1}",
            padded(&case.label, 58),
            thousands(found),
            millis(p50),
            millis(p95),
            millis(max)
        );
        if p95 > options.goal {
            missed.push(case.label.as_str());
        }
    }
    println!();
    if missed.is_empty() {
        println!(
            "goal: p95 within {:.0} ms for every case: met",
            millis(options.goal)
        );
    } else {
        println!(
            "goal: p95 within {:.0} ms for every case: missed by {}",
            millis(options.goal),
            missed.join("; ")
        );
    }
    Ok(missed.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let times: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&times, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&times, 95.0), Duration::from_millis(95));
        assert_eq!(
            percentile(&[Duration::from_millis(7)], 95.0),
            Duration::from_millis(7)
        );
    }
}
