//! Project execution as rules, apart from storage and pages: a participant's milestones (their
//! states, when they are overdue, the ladder they are drafted from), the health of a
//! participant's work and of a project, risks, money, the discussion's mentions, the timeline's
//! geometry and the portfolio's order.

pub mod discussion;
pub mod health;
pub mod milestone;
pub mod money;
pub mod portfolio;
pub mod report;
pub mod risk;
pub mod timeline;
