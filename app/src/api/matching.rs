//! Matching: a need's ranked candidates with the reasons of their scores, the officials' pins
//! and exclusions, and the open projects that fit a representative's own firm.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::api::NoUnknownFields;
#[cfg(feature = "ssr")]
use crate::domain::Bilingual;
#[cfg(feature = "ssr")]
use crate::domain::firm::ProductionLevel;
use crate::errors::AppError;
#[cfg(feature = "ssr")]
use crate::views::matching::CandidateView;
#[cfg(feature = "ssr")]
use crate::views::matching::NeedSummary;
#[cfg(feature = "ssr")]
use crate::views::matching::OverrideView;
use crate::views::matching::{Candidates, FitView};

/// How many candidates a need's list shows.
pub const SHOWN: usize = 50;

/// The candidates' filters, as they come from the URL; an unknown value is ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateParams {
    pub city: String,
    pub verified: String,
    pub level: String,
}

#[cfg(feature = "ssr")]
mod ssr {

    use sqlx::PgConnection;

    use super::*;
    use crate::api::ssr::{Context, refuse};
    use crate::auth::Viewer;
    use crate::db::matching::{CandidateFilter, NeedFacts};
    use crate::domain::access::{Action, ProjectSubject, allows};
    use crate::domain::city::CityCode;
    use crate::domain::project::{NeedId, ProjectId, ProjectStatus};
    use crate::domain::time::beijing;

    /// Loads a need and asks the policy whether the viewer may work its candidates.
    pub async fn need_for(
        conn: &mut PgConnection,
        viewer: &Viewer,
        project: ProjectId,
        need: NeedId,
        action: &str,
    ) -> Result<NeedFacts, crate::api::ssr::Failure> {
        let facts = crate::db::matching::need(&mut *conn, project, need)
            .await
            .context("candidates: need")?
            .ok_or(AppError::NotFound)?;
        let subject = ProjectSubject {
            city: facts.spec.project_city.clone(),
            status: ProjectStatus::from_db(&facts.project_status)
                .context("candidates: project status")?,
        };
        if !allows(Some(&viewer.actor), &Action::MatchCandidates(&subject)) {
            let id = Some(project.0.to_string());
            return Err(refuse(viewer, action, "project", id));
        }
        Ok(facts)
    }

    /// The project, need and firm an override names.
    pub fn target(
        project_id: &str,
        need_id: &str,
        firm_id: &str,
    ) -> Result<(ProjectId, NeedId, i64), AppError> {
        use crate::api::ssr::parse_id;
        Ok((
            ProjectId(parse_id(project_id, "project_id")?),
            NeedId(parse_id(need_id, "need_id")?),
            parse_id(firm_id, "firm_id")?,
        ))
    }

    /// [`need_for`], then locks the need's row: the overrides of one need are set one at a time.
    pub async fn locked_need(
        conn: &mut PgConnection,
        viewer: &Viewer,
        project: ProjectId,
        need: NeedId,
        action: &str,
    ) -> Result<NeedFacts, crate::api::ssr::Failure> {
        let facts = need_for(&mut *conn, viewer, project, need, action).await?;
        crate::db::matching::lock_need(conn, need)
            .await
            .context("override: lock")?;
        Ok(facts)
    }

    pub fn filter(params: &CandidateParams) -> CandidateFilter {
        CandidateFilter {
            city: CityCode::parse(params.city.trim()).ok(),
            verified_only: params.verified == "1",
            min_level: ProductionLevel::from_db(params.level.trim()).ok(),
        }
    }

    pub fn override_view(o: &crate::db::matching::Override) -> OverrideView {
        OverrideView {
            pin: o.pin,
            reason: o.reason.clone(),
            set_by: o.set_by.clone(),
            set_at: beijing(o.set_at),
        }
    }
}

/// The ranked candidates of a need, each with its score's parts, for the owning city's
/// officials and the admin. Pinned firms come first, excluded ones apart.
#[server(prefix = "/api", endpoint = "get_candidates", input = GetUrl)]
pub async fn get_candidates(
    project_id: String,
    need_id: String,
    #[server(default)] city: String,
    #[server(default)] verified: String,
    #[server(default)] level: String,
) -> Result<Candidates, AppError> {
    use crate::api::ssr::{Context, beijing_today, parse_id, pool, require_viewer};
    use crate::db::matching::{Among, Ranked, top_candidates};
    use crate::domain::project::{NeedId, ProjectId};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let project =
            ProjectId(parse_id(&project_id, "project_id").map_err(|_| AppError::NotFound)?);
        let need = NeedId(parse_id(&need_id, "need_id").map_err(|_| AppError::NotFound)?);
        let filter = ssr::filter(&CandidateParams {
            city,
            verified,
            level,
        });
        let today = beijing_today();
        let mut conn = pool()?.acquire().await.context("get_candidates: acquire")?;
        let facts = ssr::need_for(&mut conn, &viewer, project, need, "get_candidates").await?;
        let overrides = crate::db::matching::overrides(&mut conn, need)
            .await
            .context("get_candidates: overrides")?;
        let overridden: Vec<i64> = overrides.iter().map(|o| o.firm_id).collect();
        let rescored = top_candidates(
            &mut conn,
            &facts.spec,
            &filter,
            Among::AllBut(&overridden),
            today,
            SHOWN,
        )
        .await
        .context("get_candidates: rank")?;
        let apart = if overridden.is_empty() {
            Vec::new()
        } else {
            top_candidates(
                &mut conn,
                &facts.spec,
                &Default::default(),
                Among::Only(&overridden),
                today,
                overridden.len(),
            )
            .await
            .context("get_candidates: overridden")?
        };

        let mut ids: Vec<i64> = rescored.iter().map(|(r, _)| r.facts.firm_id).collect();
        ids.extend(&overridden);
        let firms = crate::db::matching::firm_names(&mut conn, &ids)
            .await
            .context("candidates: names")?;
        let (capabilities, cities) = crate::db::matching::names(&mut conn)
            .await
            .context("matching: names")?;
        let place = |map: &std::collections::HashMap<String, Bilingual>, code: &str| {
            map.get(code).cloned().unwrap_or(Bilingual {
                zh: code.to_owned(),
                en: code.to_owned(),
            })
        };
        let view = |r: &Ranked,
                    s: &crate::domain::matching::Score,
                    o: Option<OverrideView>|
         -> Option<CandidateView> {
            let (name, name_en, city) = firms.get(&r.facts.firm_id)?.clone();
            Some(CandidateView {
                firm_id: r.facts.firm_id,
                name,
                name_en,
                city,
                capability: capabilities
                    .get(&r.capability_id)
                    .cloned()
                    .unwrap_or_else(|| place(&cities, "")),
                tenths: s.tenths,
                parts: s.parts.clone(),
                override_: o,
            })
        };
        let mut pinned = Vec::new();
        let mut excluded = Vec::new();
        for o in &overrides {
            let Some((r, s)) = apart.iter().find(|(r, _)| r.facts.firm_id == o.firm_id) else {
                // No longer a candidate (it lost its approval or the capability).
                continue;
            };
            if let Some(v) = view(r, s, Some(ssr::override_view(o))) {
                if o.pin {
                    pinned.push(v);
                } else {
                    excluded.push(v);
                }
            }
        }
        pinned.extend(rescored.iter().filter_map(|(r, s)| view(r, s, None)));
        let need_view = NeedSummary {
            project_id: project.0,
            project_title: facts.project_title.clone(),
            need_id: need.0,
            capability: capabilities
                .get(&facts.spec.capability_id)
                .cloned()
                .unwrap_or_else(|| place(&cities, "")),
            level: facts.spec.level,
            quantity: facts.spec.quantity,
            certificates: facts.spec.certificates.clone(),
            preferred_cities: facts
                .spec
                .preferred_cities
                .iter()
                .map(|c| place(&cities, c.as_str()))
                .collect(),
            project_city: place(&cities, facts.spec.project_city.as_str()),
        };
        Ok(Candidates {
            need: need_view,
            ranked: pinned,
            excluded,
            narrowed: filter != Default::default(),
        })
    })
    .await
}

/// Pins a firm to the top of a need's candidates (`kind` "pin") or excludes it ("exclude"),
/// with a reason, replacing the firm's standing override on the need.
#[server(prefix = "/api", endpoint = "set_candidate_override")]
pub async fn set_candidate_override(
    project_id: String,
    need_id: String,
    firm_id: String,
    kind: String,
    reason: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, require_viewer};

    use crate::domain::firm::Name;

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let (project, need, firm) = ssr::target(&project_id, &need_id, &firm_id)?;
        let mut tx = begin("set_candidate_override: begin").await?;
        ssr::locked_need(&mut tx, &viewer, project, need, "set_candidate_override").await?;
        let pin = match kind.as_str() {
            "pin" => true,
            "exclude" => false,
            _ => return Err(AppError::validation("kind", "invalid").into()),
        };
        let reason = Name::parse(&reason, 300).map_err(|c| AppError::validation("reason", c))?;
        if !crate::db::matching::is_approved_firm(&mut tx, firm)
            .await
            .context("set_candidate_override: firm")?
        {
            return Err(AppError::validation("firm_id", "invalid").into());
        }
        let id = crate::db::matching::set_override(
            &mut tx,
            need,
            firm,
            pin,
            reason.as_str(),
            viewer.actor.user.0,
        )
        .await
        .context("set_candidate_override: write")?;
        audit_of(
            &viewer,
            if pin {
                "candidate_pinned"
            } else {
                "candidate_excluded"
            },
            "project",
            Some(project.0.to_string()),
        )
        .after(serde_json::json!({
            "override": id, "need": need.0, "firm": firm, "reason": reason.as_str(),
        }))
        .write(&mut tx)
        .await?;
        tx.commit()
            .await
            .context("set_candidate_override: commit")?;
        Ok(())
    })
    .await
}

/// Clears a firm's pin or exclusion on a need: it takes its place in the ranking again.
#[server(prefix = "/api", endpoint = "clear_candidate_override")]
pub async fn clear_candidate_override(
    project_id: String,
    need_id: String,
    firm_id: String,
    #[server(flatten)] _unknown: NoUnknownFields,
) -> Result<(), AppError> {
    use crate::api::ssr::{Context, audit_of, begin, require_viewer};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let (project, need, firm) = ssr::target(&project_id, &need_id, &firm_id)?;
        let mut tx = begin("clear_candidate_override: begin").await?;
        ssr::locked_need(&mut tx, &viewer, project, need, "clear_candidate_override").await?;
        let Some(kind) =
            crate::db::matching::clear_override(&mut tx, need, firm, viewer.actor.user.0)
                .await
                .context("clear_candidate_override: write")?
        else {
            return Err(AppError::NotFound.into());
        };
        audit_of(
            &viewer,
            "candidate_override_cleared",
            "project",
            Some(project.0.to_string()),
        )
        .before(serde_json::json!({ "need": need.0, "firm": firm, "kind": kind }))
        .write(&mut tx)
        .await?;
        tx.commit()
            .await
            .context("clear_candidate_override: commit")?;
        Ok(())
    })
    .await
}

/// The open needs that fit the viewer's own firm, best first, each with the firm's score and
/// its parts: the firm's own standing only, never a competitor's.
#[server(prefix = "/api", endpoint = "projects_for_firm", input = GetUrl)]
pub async fn projects_for_firm() -> Result<Vec<FitView>, AppError> {
    use crate::api::ssr::{Context, beijing_today, pool, refuse, require_viewer};
    use crate::domain::access::{Action, acting_firm};

    use crate::domain::matching::{Weights, firm_fit};

    crate::api::ssr::answer(async {
        let viewer = require_viewer()?;
        let Some(firm) = acting_firm(&viewer.actor, &Action::SeeProjectsForFirm).map(|f| f.0)
        else {
            return Err(refuse(&viewer, "projects_for_firm", "firm", None));
        };
        let today = beijing_today();
        let mut conn = pool()?
            .acquire()
            .await
            .context("projects_for_firm: acquire")?;
        let entries = crate::db::matching::firm_entries(&mut conn, firm, today)
            .await
            .context("projects_for_firm: entries")?;
        let needs = crate::db::matching::open_needs_for_firm(&mut conn, firm)
            .await
            .context("projects_for_firm: needs")?;
        let interested = crate::db::matching::needs_interested_in(&mut conn, firm)
            .await
            .context("projects_for_firm: interests")?;
        let (capabilities, cities) = crate::db::matching::names(&mut conn)
            .await
            .context("matching: names")?;
        let place = |code: &str| {
            cities.get(code).cloned().unwrap_or(Bilingual {
                zh: code.to_owned(),
                en: code.to_owned(),
            })
        };
        let w = Weights::STANDARD;
        let mut fits: Vec<FitView> = needs
            .iter()
            .filter_map(|n| {
                let (_, score) = firm_fit(&n.spec, &entries, &w)?;
                Some(FitView {
                    project_id: n.project.0,
                    project_title: n.project_title.clone(),
                    project_city: place(n.spec.project_city.as_str()),
                    need_id: n.need.0,
                    capability: capabilities.get(&n.spec.capability_id).cloned()?,
                    level: n.spec.level,
                    quantity: n.spec.quantity,
                    tenths: score.tenths,
                    parts: score.parts,
                    interested: interested.contains(&n.need.0),
                })
            })
            .collect();
        fits.sort_by(|a, b| b.tenths.cmp(&a.tenths).then(a.need_id.cmp(&b.need_id)));
        Ok(fits)
    })
    .await
}
