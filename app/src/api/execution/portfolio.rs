//! The portfolio `/execution`: every project in execution the reader may see, with its health,
//! its next milestone due, its overdue count and its money planned, worst first; and the same
//! list as a spreadsheet for the bureaus and the admin.

use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, Streaming};

use crate::domain::execution::portfolio::PortfolioParams;
use crate::errors::AppError;
use crate::views::execution::Portfolio;

/// One page of the portfolio.
#[server(prefix = "/api", endpoint = "list_portfolio", input = GetUrl)]
pub async fn list_portfolio(
    #[server(flatten)] params: PortfolioParams,
) -> Result<Portfolio, AppError> {
    use crate::domain::access::{Action, allows};
    use crate::domain::execution::portfolio::{PAGE_SIZE, PortfolioQuery};

    crate::api::ssr::answer(async {
        let viewer = crate::api::ssr::require_viewer()?;
        let query = PortfolioQuery::parse(&params);
        let rows = ssr::rows(&viewer, &query, "list_portfolio").await?;
        let total = rows.len();
        let page_count = total.div_ceil(PAGE_SIZE).max(1);
        let page = query.page.min(page_count);
        Ok(Portfolio {
            rows: rows
                .into_iter()
                .skip((page - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .collect(),
            total,
            page,
            page_count,
            may_export: allows(Some(&viewer.actor), &Action::ExportSpreadsheet),
        })
    })
    .await
}

/// The whole portfolio the filters find, one row per project, headed in the reader's language.
#[server(prefix = "/api", endpoint = "export_portfolio", input = GetUrl, output = Streaming)]
pub async fn export_portfolio(
    #[server(flatten)] params: PortfolioParams,
) -> Result<ByteStream<AppError>, AppError> {
    use crate::api::exports::ssr::{allowed, attachment, record, within_limit};
    use crate::api::ssr::{Context, begin, request_lang, require_viewer};
    use crate::domain::execution::portfolio::PortfolioQuery;
    use crate::domain::project::format_wan;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let params = PortfolioParams {
            page: String::new(),
            ..params
        };
        allowed(&viewer, "export_portfolio").await?;
        let query = PortfolioQuery::parse(&params);
        let rows = ssr::rows(&viewer, &query, "export_portfolio").await?;
        within_limit(rows.len())?;
        let lang = request_lang();
        let words = ssr::Words::of(lang);
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.title.clone(),
                    r.city.get(lang).to_owned(),
                    r.segment.get(lang).to_owned(),
                    words.health(r.health),
                    r.reasons
                        .iter()
                        .map(|reason| words.reason(reason))
                        .collect::<Vec<_>>()
                        .join(words.separator),
                    r.next_due
                        .as_ref()
                        .map(|(label, _)| words.label(label))
                        .unwrap_or_default(),
                    r.next_due
                        .as_ref()
                        .map(|(_, d)| d.clone())
                        .unwrap_or_default(),
                    r.overdue.to_string(),
                    format_wan(r.paid),
                    format_wan(r.planned),
                ]
            })
            .collect();
        let mut tx = begin("export_portfolio: begin").await?;
        record(&mut tx, &viewer, "portfolio_exported", &params, cells.len()).await?;
        tx.commit().await.context("export_portfolio: commit")?;
        let header = words.header();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let bytes = crate::domain::spreadsheet::write(&header, &cells)
            .map_err(|e| AppError::internal("export_portfolio: write", &e))?;
        let name = match lang {
            crate::domain::Lang::Zh => "执行项目.csv",
            crate::domain::Lang::En => "projects-in-execution.csv",
        };
        Ok(attachment(name, bytes)?)
    })
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::api::ssr::{Context, Failure, beijing_today, pool, refuse};
    use crate::auth::Viewer;
    use crate::domain::Lang;
    use crate::domain::execution::health::{Health, Reason, assess};
    use crate::domain::execution::milestone::{MilestoneLabel, Rung};
    use crate::domain::execution::portfolio::{PortfolioQuery, Standing, worst_first};
    use crate::i18n::{Locale, td_string};
    use crate::views::execution::PortfolioRow;

    /// Every row the filters find, worst first, as the reader may see them.
    pub async fn rows(
        viewer: &Viewer,
        query: &PortfolioQuery,
        action: &str,
    ) -> Result<Vec<PortfolioRow>, Failure> {
        let Some(firm) = crate::domain::access::portfolio_scope(&viewer.actor) else {
            return Err(refuse(viewer, action, "portfolio", None));
        };
        let mut conn = pool()?.acquire().await.context("portfolio: acquire")?;
        Ok(rows_on(&mut conn, query, firm, beijing_today()).await?)
    }

    /// The portfolio's rows on `conn` as of `today` (Beijing), of the projects `firm` takes part
    /// in (every project with `None`), worst first: what the page and the export read, and what
    /// `bench/execution.sh` times.
    pub async fn rows_on(
        conn: &mut sqlx::PgConnection,
        query: &PortfolioQuery,
        firm: Option<crate::domain::account::FirmId>,
        today: chrono::NaiveDate,
    ) -> Result<Vec<PortfolioRow>, crate::errors::AppError> {
        // A notice that cannot be written now (logged) is written by the next read.
        let _ = crate::api::execution::ssr::tell_overdue(conn, None, today).await;
        let projects = crate::db::execution::portfolio::projects(conn, query, firm, today)
            .await
            .context("portfolio: projects")?;
        let ids: Vec<i64> = projects.iter().map(|p| p.id).collect();
        let mut facts = crate::db::execution::portfolio::facts(conn, &ids, firm, today)
            .await
            .context("portfolio: facts")?;
        let (settings, _) = crate::db::execution::health::settings(conn)
            .await
            .context("portfolio: settings")?;
        let mut rows: Vec<(Standing, PortfolioRow)> = projects
            .into_iter()
            .filter_map(|p| {
                let (milestones, risks) = facts.remove(&p.id).unwrap_or_default();
                let computed = assess(&milestones, &risks, &settings, today);
                let health = p.overridden.unwrap_or(computed.health);
                if query.health.is_some_and(|h| h != health) {
                    return None;
                }
                let next_due = p.next_due.map(|(label, day)| (label, day.to_string()));
                Some((
                    Standing {
                        health,
                        overdue: p.overdue,
                        next_due: next_due.as_ref().map(|(_, d)| d.clone()),
                        title: p.title.clone(),
                    },
                    PortfolioRow {
                        project_id: p.id,
                        title: p.title,
                        city: p.city,
                        segment: p.segment,
                        health,
                        overridden: p.overridden.is_some(),
                        reasons: computed.reasons,
                        next_due,
                        overdue: p.overdue,
                        planned: p.planned,
                        paid: p.paid,
                    },
                ))
            })
            .collect();
        rows.sort_by(|a, b| worst_first(&a.0, &b.0));
        Ok(rows.into_iter().map(|(_, row)| row).collect())
    }

    /// The spreadsheet's words in one language.
    pub struct Words {
        lang: Lang,
        locale: Locale,
        pub separator: &'static str,
    }

    impl Words {
        pub fn of(lang: Lang) -> Self {
            let locale = match lang {
                Lang::Zh => Locale::zh_CN,
                Lang::En => Locale::en,
            };
            Self {
                lang,
                locale,
                separator: if lang == Lang::Zh { "；" } else { "; " },
            }
        }

        pub fn header(&self) -> Vec<String> {
            let l = self.locale;
            vec![
                td_string!(l, portfolio_column_project).to_string(),
                td_string!(l, project_city_label).to_string(),
                td_string!(l, portfolio_column_segment).to_string(),
                td_string!(l, portfolio_column_health).to_string(),
                td_string!(l, portfolio_column_reasons).to_string(),
                td_string!(l, portfolio_column_next).to_string(),
                td_string!(l, portfolio_column_next_due).to_string(),
                td_string!(l, portfolio_column_overdue).to_string(),
                td_string!(l, portfolio_column_paid_wan).to_string(),
                td_string!(l, portfolio_column_planned_wan).to_string(),
            ]
        }

        pub fn health(&self, health: Health) -> String {
            let l = self.locale;
            match health {
                Health::Green => td_string!(l, health_green).to_string(),
                Health::Amber => td_string!(l, health_amber).to_string(),
                Health::Red => td_string!(l, health_red).to_string(),
            }
        }

        pub fn label(&self, label: &MilestoneLabel) -> String {
            let l = self.locale;
            let name = match (&label.name, label.rung) {
                (Some(name), _) => name.clone(),
                (None, Some(rung)) => match rung {
                    Rung::Prototype => td_string!(l, rung_prototype).to_string(),
                    Rung::BenchQualification => td_string!(l, rung_bench_qualification).to_string(),
                    Rung::Sample => td_string!(l, rung_sample).to_string(),
                    Rung::SmallBatch => td_string!(l, rung_small_batch).to_string(),
                    Rung::MassProduction => td_string!(l, rung_mass_production).to_string(),
                },
                (None, None) => String::new(),
            };
            let sep = if self.lang == Lang::Zh { "·" } else { " · " };
            format!("{}{sep}{name}", label.firm)
        }

        pub fn reason(&self, reason: &Reason) -> String {
            let l = self.locale;
            match reason {
                Reason::LongOverdue { milestone, days } | Reason::Overdue { milestone, days } => {
                    td_string!(l, reason_overdue)
                        .to_string()
                        .replace("{milestone}", &self.label(milestone))
                        .replace("{days}", &days.to_string())
                }
                Reason::NoRecentReport { milestone, days } => {
                    td_string!(l, reason_no_recent_report)
                        .to_string()
                        .replace("{milestone}", &self.label(milestone))
                        .replace("{days}", &days.to_string())
                }
                Reason::CriticalRisk { risk } => td_string!(l, reason_critical_risk)
                    .to_string()
                    .replace("{risk}", risk),
                Reason::HighRisk { risk } => td_string!(l, reason_high_risk)
                    .to_string()
                    .replace("{risk}", risk),
            }
        }
    }
}
