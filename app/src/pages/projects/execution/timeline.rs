//! The timeline drawn on the server as SVG (no JavaScript): one row per participant, a bar per
//! milestone coloured by its state (an overdue one outlined in red), the project's start and
//! end, today's line; beside it, for screen readers, the table of the same facts. On a phone it
//! scrolls inside its own box.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::execution::milestone::{MilestoneState, Rung};
use crate::domain::execution::timeline::{HEADER_HEIGHT, ROW_HEIGHT, Span, WIDTH, layout};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::projects::detail::SECTION;
use crate::views::execution::ParticipantMilestones;

use super::milestones::{milestone_name, state_name};

fn fill(state: MilestoneState) -> &'static str {
    match state {
        MilestoneState::Planned => "#cbd5e1",
        MilestoneState::InProgress => "#0ea5e9",
        MilestoneState::Submitted => "#f59e0b",
        MilestoneState::Accepted => "#10b981",
        MilestoneState::Rejected => "#f87171",
    }
}

/// The legend's swatch of a state: the same colour as [`fill`], as a class (the page's
/// content security policy allows no inline style).
fn swatch(state: MilestoneState) -> &'static str {
    match state {
        MilestoneState::Planned => "bg-slate-300",
        MilestoneState::InProgress => "bg-sky-500",
        MilestoneState::Submitted => "bg-amber-500",
        MilestoneState::Accepted => "bg-emerald-500",
        MilestoneState::Rejected => "bg-red-400",
    }
}

fn date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

/// A name cut to fit the labels' margin.
fn short(name: &str) -> String {
    const MOST: usize = 12;
    if name.chars().count() > MOST {
        format!("{}…", name.chars().take(MOST - 1).collect::<String>())
    } else {
        name.to_owned()
    }
}

#[component]
pub(super) fn Timeline(
    participants: Vec<ParticipantMilestones>,
    starts_on: Option<String>,
    ends_on: Option<String>,
    today: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let today_day = date(&today).unwrap_or_default();
    let rows: Vec<Vec<Span>> = participants
        .iter()
        .map(|p| {
            p.milestones
                .iter()
                .filter_map(|m| {
                    date(&m.due_on).map(|due_on| Span {
                        due_on,
                        state: m.state,
                    })
                })
                .collect()
        })
        .collect();
    let l = layout(
        starts_on.as_deref().and_then(date),
        ends_on.as_deref().and_then(date),
        today_day,
        &rows,
    );
    let height = l.height;
    let f = |x: f64| format!("{x:.1}");
    let bottom = f(height);
    let names: Vec<String> = participants.iter().map(|p| p.firm.clone()).collect();
    let bars = l.bars.clone();
    let overdue: Vec<Vec<bool>> = participants
        .iter()
        .map(|p| {
            p.milestones
                .iter()
                .map(|m| m.overdue_days.is_some())
                .collect()
        })
        .collect();
    let titles: Vec<Vec<(Option<String>, Option<Rung>)>> = participants
        .iter()
        .map(|p| {
            p.milestones
                .iter()
                .map(|m| (m.name.clone(), m.rung))
                .collect()
        })
        .collect();
    view! {
        <section class=SECTION aria-labelledby="timeline-heading" data-testid="timeline">
            <h2 id="timeline-heading" class="text-lg font-semibold">{t!(i18n, timeline_heading)}</h2>
            // It scrolls sideways on a phone: the keyboard reaches it too.
            <div class="mt-3 overflow-x-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-red-700" tabindex="0" role="region" aria-labelledby="timeline-heading" data-testid="timeline-box">
                <svg viewBox=format!("0 0 {WIDTH} {}", f(height + 4.0)) class="min-w-[640px] w-full" role="img" aria-labelledby="timeline-heading" xmlns="http://www.w3.org/2000/svg">
                    {l.ticks.iter().map(|t| view! {
                        <line x1=f(t.x) x2=f(t.x) y1=f(HEADER_HEIGHT - 6.0) y2=bottom.clone() stroke="#e2e8f0" stroke-width="1" />
                        <text x=f(t.x + 3.0) y="14" font-size="11" fill="#475569">{t.day.format("%Y-%m").to_string()}</text>
                    }).collect_view()}
                    {names.iter().enumerate().map(|(row, name)| view! {
                        <text x="4" y=f(HEADER_HEIGHT + ROW_HEIGHT * row as f64 + ROW_HEIGHT / 2.0 + 4.0) font-size="12" fill="#0f172a">{short(name)}</text>
                    }).collect_view()}
                    {bars.into_iter().map(|b| {
                        let late = overdue.get(b.row).and_then(|r| r.get(b.index)).copied().unwrap_or(false);
                        let (name, rung) = titles.get(b.row).and_then(|r| r.get(b.index)).cloned().unwrap_or((None, None));
                        view! {
                            <rect x=f(b.x) y=f(b.y) width=f(b.width) height=f(b.height) rx="3" fill=fill(b.state)
                                stroke=if late { "#b91c1c" } else { "none" } stroke-width=if late { "2" } else { "0" }
                                data-state=b.state.as_db()>
                                <title>{move || format!("{} · {} – {} · {}", milestone_name(i18n, name.as_deref(), rung), b.from, b.to, state_name(i18n, b.state))}</title>
                            </rect>
                        }
                    }).collect_view()}
                    {l.start.map(|x| view! { <line x1=f(x) x2=f(x) y1=f(HEADER_HEIGHT - 6.0) y2=bottom.clone() stroke="#334155" stroke-width="1.5" stroke-dasharray="4 3" /> })}
                    {l.end.map(|x| view! { <line x1=f(x) x2=f(x) y1=f(HEADER_HEIGHT - 6.0) y2=bottom.clone() stroke="#334155" stroke-width="1.5" stroke-dasharray="4 3" /> })}
                    <line x1=f(l.today) x2=f(l.today) y1=f(HEADER_HEIGHT - 10.0) y2=bottom.clone() stroke="#b91c1c" stroke-width="2" data-testid="timeline-today" />
                </svg>
            </div>
            <ul class="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700" aria-hidden="true">
                {MilestoneState::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <li class="inline-flex items-center gap-1.5">
                            <span class=format!("inline-block h-3 w-5 rounded-sm {}", swatch(s))></span>
                            {move || state_name(i18n, s)}
                        </li>
                    }
                }).collect_view()}
                <li class="inline-flex items-center gap-1.5"><span class="inline-block h-3 w-5 rounded-sm ring-2 ring-red-700"></span>{t!(i18n, timeline_overdue)}</li>
                <li class="inline-flex items-center gap-1.5"><span class="inline-block h-3 w-0.5 bg-red-700"></span>{t!(i18n, timeline_today)}</li>
                <li class="inline-flex items-center gap-1.5"><span class="inline-block h-3 w-0.5 bg-slate-700"></span>{t!(i18n, timeline_start_end)}</li>
            </ul>
            // For screen readers only (a table ignores the clipping `sr-only` gives a block).
            <div class="sr-only">
            <table data-testid="timeline-table">
                <caption>{t!(i18n, timeline_heading)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, timeline_participant)}</th>
                        <th scope="col">{t!(i18n, milestone_column_name)}</th>
                        <th scope="col">{t!(i18n, timeline_from)}</th>
                        <th scope="col">{t!(i18n, milestone_column_due)}</th>
                        <th scope="col">{t!(i18n, milestone_column_state)}</th>
                    </tr>
                </thead>
                <tbody>
                    {l.bars.into_iter().map(|b| {
                        let firm = names.get(b.row).cloned().unwrap_or_default();
                        let (name, rung) = titles.get(b.row).and_then(|r| r.get(b.index)).cloned().unwrap_or((None, None));
                        let late = overdue.get(b.row).and_then(|r| r.get(b.index)).copied().unwrap_or(false);
                        view! {
                            <tr>
                                <td>{firm}</td>
                                <td>{move || milestone_name(i18n, name.as_deref(), rung)}</td>
                                <td>{b.from.to_string()}</td>
                                <td>{b.to.to_string()}</td>
                                <td>{move || state_name(i18n, b.state)}{late.then(|| format!(" · {}", t_string!(i18n, timeline_overdue)))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}
