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

/// A connection to the generated data set, after printing its totals, and today's date.
async fn open_data_set(
    pool: &PgPool,
    options: &Options,
) -> anyhow::Result<(
    sqlx::pool::PoolConnection<sqlx::Postgres>,
    chrono::NaiveDate,
)> {
    anyhow::ensure!(options.runs > 0, "at least one run");
    let today = beijing_today();
    let mut conn = pool.acquire().await?;
    let counts = DataSetCounts::of(&mut conn, today).await?;
    println!("data set: {counts}");
    anyhow::ensure!(
        counts.approved > 0,
        "the database holds no approved firm: run `server generate-firms` first"
    );
    Ok((conn, today))
}

/// Prints the figures; `Ok(false)` when a case missed the goal.
pub async fn bench_directory(pool: &PgPool, options: &Options) -> anyhow::Result<bool> {
    let (mut conn, today) = open_data_set(pool, options).await?;

    let machining = sqlx::query_scalar!("SELECT id FROM capabilities WHERE name_zh = '精密机加工'")
        .fetch_one(&mut *conn)
        .await
        .context("the taxonomy has no precision machining")?;
    let common = sqlx::query!(
        r#"SELECT c.id, c.name_en, count(*) AS "holders!" FROM firm_capabilities fc
           JOIN capabilities c ON c.id = fc.capability_id
           GROUP BY c.id, c.name_en ORDER BY count(*) DESC, c.id LIMIT 1"#
    )
    .fetch_one(&mut *conn)
    .await?;
    let (common, common_name, common_count) = (common.id, common.name_en, common.holders);

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

/// A need of the matching benchmark: the capability, and how many entries hold it.
struct NeedCase {
    label: &'static str,
    capability: i64,
    category: i64,
    name: String,
    holders: i64,
}

/// The indexes the pre-ranking reads; the second pass drops them (in a transaction it rolls
/// back) to show what they are worth.
const MATCHING_INDEXES: [&str; 2] = [
    "firm_capabilities_matching_idx",
    "firm_capabilities_capability_idx",
];

/// Times the top 50 candidates of a need (the pre-ranking query and the domain's re-scoring,
/// as the candidates page runs them) for the most common capability, a median one and a rare
/// one, with the query's indexes and without; prints p50, p95 and the ratios. `Ok(false)` when
/// the most common capability's p95 misses the goal.
pub async fn bench_matching(pool: &PgPool, options: &Options) -> anyhow::Result<bool> {
    use app::db::matching::{Among, CandidateFilter, top_candidates};
    use app::domain::city::CityCode;
    use app::domain::firm::{CertificateKind, ProductionLevel};
    use app::domain::matching::NeedSpec;

    let (mut conn, today) = open_data_set(pool, options).await?;
    // The capabilities by number of holders, most first.
    let held: Vec<(i64, i64, String, i64)> = sqlx::query!(
        r#"SELECT c.id, c.category_id, c.name_en, count(*) AS "holders!" FROM firm_capabilities fc
           JOIN capabilities c ON c.id = fc.capability_id
           GROUP BY c.id ORDER BY count(*) DESC, c.id"#
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.category_id, r.name_en, r.holders))
    .collect();
    anyhow::ensure!(!held.is_empty(), "no firm holds a capability");
    let case = |label, (capability, category, name, holders): (i64, i64, String, i64)| NeedCase {
        label,
        capability,
        category,
        name,
        holders,
    };
    let cases = [
        case("most common", held[0].clone()),
        case("median", held[held.len() / 2].clone()),
        case("rare", held[held.len() - 1].clone()),
    ];
    let city = |code| CityCode::parse(code).context("a known city");
    let spec = |c: &NeedCase| -> anyhow::Result<NeedSpec> {
        Ok(NeedSpec {
            capability_id: c.capability,
            category_id: c.category,
            level: ProductionLevel::SmallBatch,
            quantity: 500,
            certificates: vec![CertificateKind::Iso9001],
            preferred_cities: vec![city("deyang")?, city("meishan")?, city("ziyang")?],
            project_city: city("chengdu")?,
        })
    };
    let filter = CandidateFilter::default();

    println!(
        "\ncandidates of a need (small batch, 500 a month, ISO 9001, Deyang/Meishan/Ziyang preferred): \
         the top 50 of {} pre-ranked, {} timed runs per case after {WARM_UP_RUNS} warm-up runs\n",
        app::db::matching::PRE_RANKED,
        options.runs
    );
    println!(
        "{} {:>9} {:>8} {:>8} | {:>13} {:>13} | {:>7}",
        padded("case", 44),
        "holders",
        "p50 ms",
        "p95 ms",
        "no-index p50",
        "no-index p95",
        "p95 ×"
    );
    let mut met = true;
    let mut with_index = Vec::new();
    for c in &cases {
        let need = spec(c)?;
        let mut times = Vec::with_capacity(options.runs);
        for run in 0..WARM_UP_RUNS + options.runs {
            let started = Instant::now();
            let top =
                top_candidates(&mut conn, &need, &filter, Among::AllBut(&[]), today, 50).await?;
            if run >= WARM_UP_RUNS {
                times.push(started.elapsed());
            }
            std::hint::black_box(top);
        }
        times.sort();
        with_index.push((percentile(&times, 50.0), percentile(&times, 95.0)));
    }
    // Without the indexes: dropped inside a transaction that is rolled back.
    let mut tx = pool.begin().await?;
    for index in MATCHING_INDEXES {
        // An index's name is no parameter: the statement is written out for each.
        sqlx::raw_sql(&format!("DROP INDEX {index}"))
            .execute(&mut *tx)
            .await
            .with_context(|| format!("dropping {index}"))?;
    }
    for (c, (p50, p95)) in cases.iter().zip(&with_index) {
        let need = spec(c)?;
        let mut times = Vec::with_capacity(options.runs);
        let runs = options.runs.min(50);
        for run in 0..2 + runs {
            let started = Instant::now();
            let top =
                top_candidates(&mut tx, &need, &filter, Among::AllBut(&[]), today, 50).await?;
            if run >= 2 {
                times.push(started.elapsed());
            }
            std::hint::black_box(top);
        }
        times.sort();
        let (slow50, slow95) = (percentile(&times, 50.0), percentile(&times, 95.0));
        println!(
            "{} {:>9} {:>8.1} {:>8.1} | {:>13.1} {:>13.1} | {:>7.1}",
            padded(&format!("{} ({})", c.label, c.name), 44),
            thousands(c.holders),
            millis(*p50),
            millis(*p95),
            millis(slow50),
            millis(slow95),
            millis(slow95) / millis(*p95).max(0.001)
        );
    }
    tx.rollback().await?;
    let (_, common95) = with_index[0];
    met &= common95 <= options.goal;
    println!(
        "\ngoal: p95 within {:.0} ms for the most common capability: {} ({:.1} ms)",
        millis(options.goal),
        if met { "met" } else { "missed" },
        millis(common95)
    );
    Ok(met)
}

/// The execution benchmark's data set, written once (`generate/execution.sql`).
const EXECUTION_DATA_SET: &str = include_str!("generate/execution.sql");
const EXECUTION_PROJECTS: i64 = 2000;

/// Times the portfolio of projects in execution (as an official reads it: every project, worst
/// first) and a project's execution page (as the owning city's official reads it), through the
/// functions the pages call, on 2,000 projects × 6 participants × 8 milestones × 20 reports;
/// prints p50 and p95 against the goals (`portfolio_goal`, `page_goal`).
pub async fn bench_execution(
    pool: &PgPool,
    options: &Options,
    page_goal: Duration,
) -> anyhow::Result<bool> {
    use app::domain::account::{Actor, Role, UserId};
    use app::domain::execution::portfolio::PortfolioQuery;
    use app::domain::project::ProjectId;

    anyhow::ensure!(options.runs > 0, "at least one run");
    let mut conn = pool.acquire().await?;
    let present: i64 = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM projects WHERE title LIKE '基准执行项目%'"#
    )
    .fetch_one(&mut *conn)
    .await?;
    if present == 0 {
        let started = Instant::now();
        let mut tx = pool.begin().await?;
        sqlx::raw_sql(EXECUTION_DATA_SET)
            .execute(&mut *tx)
            .await
            .context("writing the execution data set")?;
        tx.commit().await?;
        sqlx::raw_sql("VACUUM ANALYZE").execute(&mut *conn).await?;
        println!(
            "data set written in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    anyhow::ensure!(
        present == 0 || present == EXECUTION_PROJECTS,
        "the database holds {present} benchmark projects, not {EXECUTION_PROJECTS}: use a fresh one"
    );
    let counts = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM projects WHERE status = 'in_execution') AS "projects!",
                  (SELECT count(*) FROM project_participants) AS "participants!",
                  (SELECT count(*) FROM project_milestones) AS "milestones!",
                  (SELECT count(*) FROM milestone_reports) AS "reports!""#
    )
    .fetch_one(&mut *conn)
    .await?;
    println!(
        "data set: {} projects in execution, {} participants, {} milestones, {} reports",
        thousands(counts.projects),
        thousands(counts.participants),
        thousands(counts.milestones),
        thousands(counts.reports)
    );
    let today = beijing_today();
    let query = PortfolioQuery {
        city: None,
        health: None,
        category: None,
        page: 1,
    };
    let mut times = Vec::with_capacity(options.runs);
    let mut shown = 0;
    for run in 0..WARM_UP_RUNS + options.runs {
        let started = Instant::now();
        let rows = app::api::execution::portfolio::ssr::rows_on(&mut conn, &query, None, today)
            .await
            .map_err(|e| anyhow::anyhow!("portfolio: {e:?}"))?;
        if run >= WARM_UP_RUNS {
            times.push(started.elapsed());
        }
        shown = rows.len();
        std::hint::black_box(rows);
    }
    times.sort();
    let portfolio = (percentile(&times, 50.0), percentile(&times, 95.0));

    let projects = sqlx::query!(
        "SELECT p.id, p.city_code, p.status, p.responsible_user_id FROM projects p
         WHERE p.title LIKE '基准执行项目%' ORDER BY p.id"
    )
    .fetch_all(&mut *conn)
    .await?;
    anyhow::ensure!(!projects.is_empty(), "no benchmark project");
    let mut times = Vec::with_capacity(options.runs);
    for run in 0..WARM_UP_RUNS + options.runs {
        // A different project each time, spread over the whole set.
        let p = &projects[(run * 97) % projects.len()];
        let started = Instant::now();
        let subject = sqlx::query!("SELECT city_code, status FROM projects WHERE id = $1", p.id)
            .fetch_one(&mut *conn)
            .await?;
        let subject = app::db::projects::decode_subject(&subject.city_code, &subject.status)?;
        let actor = Actor {
            user: UserId(p.responsible_user_id),
            role: Role::Official {
                city: subject.city.clone(),
            },
        };
        let page =
            app::api::execution::ssr::load(&mut conn, ProjectId(p.id), &subject, Some(&actor))
                .await
                .map_err(|e| anyhow::anyhow!("execution page: {e:?}"))?
                .context("the page of a project in execution")?;
        let header = app::db::execution::header(&mut conn, ProjectId(p.id)).await?;
        if run >= WARM_UP_RUNS {
            times.push(started.elapsed());
        }
        std::hint::black_box((page, header));
    }
    times.sort();
    let page = (percentile(&times, 50.0), percentile(&times, 95.0));

    println!(
        "\n{} timed runs per case after {WARM_UP_RUNS} warm-up runs\n",
        options.runs
    );
    println!(
        "{} {:>8} {:>8} {:>8}",
        padded("case", 52),
        "p50 ms",
        "p95 ms",
        "goal ms"
    );
    let portfolio_met = portfolio.1 <= options.goal;
    let page_met = page.1 <= page_goal;
    for (label, (p50, p95), goal, met) in [
        (
            format!("portfolio, every project ({shown} rows), an official"),
            portfolio,
            options.goal,
            portfolio_met,
        ),
        (
            "a project's execution page, its city's official".to_owned(),
            page,
            page_goal,
            page_met,
        ),
    ] {
        println!(
            "{} {:>8.1} {:>8.1} {:>8.0} {}",
            padded(&label, 52),
            millis(p50),
            millis(p95),
            millis(goal),
            if met { "met" } else { "MISSED" }
        );
    }
    Ok(portfolio_met && page_met)
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
