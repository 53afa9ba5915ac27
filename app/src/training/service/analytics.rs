//! Choice analytics and the skill heatmap: loads attempts for a scenario version and a group, then
//! leaves counting and suppression to the pure rules in `training::rules::analytics`.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{attempt, attempt_choice, region, scenario, scenario_version, site};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::confidentiality::Hidden;
use crate::reporting::csv::{Cell, Table};
use crate::reporting::scope::ReportScope;
use crate::reporting::service::{bounds, day_start};
use crate::reporting::unit::{self, Level, Placement, Unit};
use crate::training::rules::analytics::{self, AttemptRow, SkillRow};
use crate::training::rules::model::Ending;
use crate::training::service::attempts::skill_scores;
use crate::training::service::catalogue::scenario_of;
use crate::training::types::*;

/// The confidentiality threshold in force (an organisation setting).
pub async fn threshold(db: &DatabaseConnection) -> Result<usize, AppError> {
    Ok(crate::org::settings::load(db).await?.threshold.get() as usize)
}

fn level_of(u: Unit) -> Level {
    match u {
        Unit::Company => Level::Company,
        Unit::Region(_) => Level::Region,
        Unit::Site(_) => Level::Site,
        Unit::Department(_) => Level::Department,
    }
}

/// The filter choices and the scenario versions that can be analysed.
pub async fn options(db: &DatabaseConnection) -> Result<AnalyticsOptions, AppError> {
    let scenarios = scenario::Entity::find()
        .order_by_asc(scenario::Column::Title)
        .all(db)
        .await?;
    let versions = scenario_version::Entity::find()
        .order_by_asc(scenario_version::Column::Version)
        .all(db)
        .await?;
    let org = OrgIndex::load(db).await?;
    let mut sites: Vec<&site::Model> = org.sites.values().collect();
    sites.sort_by(|a, b| a.name.cmp(&b.name));
    let mut regions: Vec<&region::Model> = org.regions.values().collect();
    regions.sort_by(|a, b| a.name.cmp(&b.name));
    let mut departments: Vec<Named> = org
        .departments
        .keys()
        .filter_map(|id| {
            Some(Named {
                id: id.to_string(),
                name: org.department_label(*id)?,
            })
        })
        .collect();
    departments.sort_by(|a, b| a.name.cmp(&b.name));
    let settings = crate::org::settings::load(db).await?;
    let today = crate::org::settings::today(&settings)?;
    Ok(AnalyticsOptions {
        scenarios: scenarios
            .iter()
            .map(|s| Named {
                id: s.slug.clone(),
                name: s.title.clone(),
            })
            .collect(),
        versions: versions
            .iter()
            .filter_map(|v| {
                let s = scenarios.iter().find(|s| s.id == v.scenario_id)?;
                Some((s.slug.clone(), v.version))
            })
            .collect(),
        regions: regions
            .iter()
            .map(|r| Named {
                id: r.id.to_string(),
                name: r.name.clone(),
            })
            .collect(),
        sites: sites
            .iter()
            .map(|s| Named {
                id: s.id.to_string(),
                name: s.name.clone(),
            })
            .collect(),
        departments,
        periods: crate::reporting::scope::recent_periods(today),
        threshold: settings.threshold.get() as usize,
    })
}

/// Choice analytics for one version of a scenario (its latest when `version` is 0).
pub async fn scenario_report(
    db: &DatabaseConnection,
    req: &AnalyticsRequest,
) -> Result<ScenarioReport, AppError> {
    let scope = &req.scope;
    OrgIndex::load(db).await?.check(scope)?;
    let s = match &req.scenario {
        // No scenario chosen yet: the first by title.
        None => scenario::Entity::find()
            .order_by_asc(scenario::Column::Title)
            .one(db)
            .await?
            .ok_or_else(|| AppError::NotFound("A scenario".into()))?,
        Some(slug) => crate::training::service::catalogue::find_scenario(db, slug).await?,
    };
    let versions = crate::training::service::catalogue::versions_of(db, s.id).await?;
    let v = match req.version {
        None => versions.first().cloned(),
        Some(n) => versions.iter().find(|v| v.version == n).cloned(),
    }
    .ok_or_else(|| AppError::NotFound("That version".into()))?;
    let model = scenario_of(&v)?;
    let settings = crate::org::settings::load(db).await?;
    let tz = crate::org::settings::time_zone(&settings.time_zone).map_err(AppError::invalid)?;
    // Everyone's attempts at this version in the period: the filter's group is decided within the
    // whole tree, since any region, site or department can be chosen on this page.
    let mut all = attempt::Entity::find().filter(attempt::Column::ScenarioVersionId.eq(v.id));
    let (start, end) = bounds(scope, tz);
    if let Some(start) = start {
        all = all.filter(attempt::Column::StartedAt.gte(start));
    }
    if let Some(end) = end {
        all = all.filter(attempt::Column::StartedAt.lt(end));
    }
    let all = all.all(db).await?;
    let places = crate::reporting::service::placements(db, all.iter().map(|a| a.user_id)).await?;
    let people: Vec<(i32, Placement)> = all
        .iter()
        .filter_map(|a| Some((a.user_id, *places.get(&a.user_id)?)))
        .collect();
    let decision = unit::decide(
        &people,
        &[
            Level::Company,
            Level::Region,
            Level::Site,
            Level::Department,
        ],
        settings.threshold,
    );
    let in_group = |a: &attempt::Model| places.get(&a.user_id).is_some_and(|p| scope.places(p));
    let attempts: Vec<attempt::Model> = all.into_iter().filter(in_group).collect();
    let ids: Vec<i32> = attempts.iter().map(|a| a.id).collect();
    let mut moves: HashMap<i32, Vec<(String, usize)>> = HashMap::new();
    for c in attempt_choice::Entity::find()
        .filter(attempt_choice::Column::ScenarioVersionId.eq(v.id))
        .order_by_asc(attempt_choice::Column::Seq)
        .all(db)
        .await?
    {
        if ids.contains(&c.attempt_id) {
            moves
                .entry(c.attempt_id)
                .or_default()
                .push((c.step, c.choice_index as usize));
        }
    }
    let rows: Vec<AttemptRow> = attempts
        .iter()
        .map(|a| AttemptRow {
            user: a.user_id,
            score: a.score,
            ending: a.ending,
            moves: moves.remove(&a.id).unwrap_or_default(),
        })
        .collect();
    let k = settings.threshold.get() as usize;
    let mut analysis = analytics::analyse(&model, &rows, k);
    let protects = matches!(decision.get(&scope.unit()), Some(Some(Hidden::Protects)));
    if protects {
        analysis.figures = None;
    }
    Ok(ScenarioReport {
        slug: s.slug,
        title: model.title.clone(),
        version: v.version,
        threshold: k,
        analysis,
        protects,
    })
}

/// Sites (or, with a site chosen, its departments) against skills, this period and the one before.
/// The period is the filter's, or the last 90 days.
pub async fn skill_heatmap(
    db: &DatabaseConnection,
    scope: &ReportScope,
) -> Result<SkillHeatmap, AppError> {
    let settings = crate::org::settings::load(db).await?;
    let tz = crate::org::settings::time_zone(&settings.time_zone).map_err(AppError::invalid)?;
    let (from, to) = scope.days_or_last(90, crate::org::settings::today(&settings)?);
    let span = to.ordinal() - from.ordinal() + 1;
    let before = from.plus_days(-span);
    let (_, end) = bounds(
        &ReportScope {
            to: Some(to),
            ..*scope
        },
        tz,
    );
    let mut finished = attempt::Entity::find()
        .filter(attempt::Column::FinishedAt.gte(day_start(before.into(), tz)));
    if let Some(end) = end {
        finished = finished.filter(attempt::Column::FinishedAt.lt(end));
    }
    let finished = finished.all(db).await?;
    let places =
        crate::reporting::service::placements(db, finished.iter().map(|a| a.user_id)).await?;
    // A department is decided beside its whole site, so the rows come from whole sites.
    let org = OrgIndex::load(db).await?;
    org.check(scope)?;
    let by_department = scope.site.is_some() || scope.department.is_some();
    let chosen_site = match (scope.site, scope.department) {
        (Some(s), _) => Some(s),
        (None, Some(d)) => org.site_of_department(d),
        _ => None,
    };
    let start = day_start(from.into(), tz);
    let rows: Vec<SkillRow> = finished
        .iter()
        .filter_map(|a| {
            let place = *places.get(&a.user_id)?;
            let site_ok = match chosen_site {
                Some(s) => place.site == Some(s),
                None => scope.region.is_none_or(|r| place.region == Some(r)),
            };
            site_ok.then(|| SkillRow {
                place,
                user: a.user_id,
                current: a.finished_at.is_some_and(|t| t >= start),
                skills: skill_scores(a),
            })
        })
        .collect();
    let mut display: Vec<(Unit, String)> = if by_department {
        org.departments
            .values()
            .filter(|d| Some(d.site_id) == chosen_site)
            .filter(|d| scope.department.is_none_or(|id| id == d.id))
            .map(|d| (Unit::Department(d.id), d.name.clone()))
            .collect()
    } else {
        org.sites
            .values()
            .filter(|s| scope.region.is_none_or(|r| r == s.region_id))
            .map(|s| (Unit::Site(s.id), s.name.clone()))
            .collect()
    };
    display.sort_by(|a, b| a.1.cmp(&b.1));
    // Only rows with someone in them, as before.
    let display: Vec<(Unit, String)> = display
        .into_iter()
        .filter(|(u, _)| rows.iter().any(|r| r.place.at(level_of(*u)) == Some(*u)))
        .collect();
    let k = settings.threshold;
    Ok(SkillHeatmap {
        by: if by_department {
            "Department".into()
        } else {
            "Site".into()
        },
        from: from.to_string(),
        to: to.to_string(),
        threshold: k.get() as usize,
        rows: analytics::heatmap(&rows, &display, &[Level::Site, Level::Department], k),
    })
}

/// The tables of the analytics page, each downloadable as CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnalyticsTable {
    Summary,
    Steps,
    Choices,
    Skills,
}

impl AnalyticsTable {
    pub const ALL: [AnalyticsTable; 4] = [
        AnalyticsTable::Summary,
        AnalyticsTable::Steps,
        AnalyticsTable::Choices,
        AnalyticsTable::Skills,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AnalyticsTable::Summary => "summary",
            AnalyticsTable::Steps => "steps",
            AnalyticsTable::Choices => "choices",
            AnalyticsTable::Skills => "skills",
        }
    }
}

/// One table of the analytics page, as shown there (the same groups hidden).
pub async fn table(
    db: &DatabaseConnection,
    which: AnalyticsTable,
    req: &AnalyticsRequest,
) -> Result<Table, AppError> {
    if which == AnalyticsTable::Skills {
        let h = skill_heatmap(db, &req.scope).await?;
        let mut head: Vec<String> = vec![h.by.clone(), "people".into()];
        for k in crate::training::rules::model::Skill::ALL {
            head.push(k.key().to_owned());
            head.push(format!("{} change", k.key()));
        }
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        let mut t = Table::new(format!("skills-{}-{}.csv", h.from, h.to), &head);
        for r in &h.rows {
            let mut rec: Vec<Cell> = vec![
                r.group.clone().into(),
                r.cells.iter().map(|c| c.people).max().unwrap_or(0).into(),
            ];
            for c in &r.cells {
                rec.push(c.score.into());
                rec.push(c.change.into());
            }
            t.row(rec);
        }
        return Ok(t);
    }
    let r = scenario_report(db, req).await?;
    let Some(f) = &r.analysis.figures else {
        return Err(AppError::Invalid(if r.protects {
            "This group's results are hidden so that a smaller group cannot be worked out, so there is nothing to download.".into()
        } else {
            format!(
                "Fewer than {} people are in this group, so there is nothing to download.",
                r.threshold
            )
        }));
    };
    let name = format!("{}-v{}-{}.csv", r.slug, r.version, which.key());
    Ok(match which {
        AnalyticsTable::Summary => {
            let mut t = Table::new(
                name,
                &[
                    "people",
                    "attempts",
                    "finished",
                    "completion %",
                    "average score",
                    "magic",
                    "recovered",
                    "misery",
                ],
            );
            let ending = |e: Ending| {
                f.endings
                    .iter()
                    .find(|(x, _)| *x == e)
                    .map_or(0, |(_, n)| *n)
            };
            t.row(vec![
                r.analysis.people.into(),
                f.attempts.into(),
                f.finished.into(),
                f.completion.into(),
                f.average.map_or(Cell::Empty, |a| Cell::Num(a, 1)),
                ending(Ending::Magic).into(),
                ending(Ending::Recovered).into(),
                ending(Ending::Misery).into(),
            ]);
            t.row(vec![]);
            t.row(vec!["score band".into(), "finished attempts".into()]);
            for (i, n) in f.histogram.iter().enumerate() {
                let band = if i == 9 {
                    "90-100".to_owned()
                } else {
                    format!("{}-{}", i * 10, i * 10 + 9)
                };
                t.row(vec![band.into(), (*n).into()]);
            }
            t
        }
        AnalyticsTable::Steps => {
            let mut t = Table::new(
                name,
                &["step", "ending", "reached", "dropped out here", "narration"],
            );
            for st in &f.steps {
                t.row(vec![
                    st.id.clone().into(),
                    st.ending.map(|e| e.key()).into(),
                    st.reached.into(),
                    st.dropped.into(),
                    st.narration.clone().into(),
                ]);
            }
            t
        }
        _ => {
            let mut t = Table::new(name, &["step", "choice", "text", "picked", "share %"]);
            for st in &f.steps {
                for (i, c) in st.choices.iter().enumerate() {
                    t.row(vec![
                        st.id.clone().into(),
                        (i + 1).into(),
                        c.text.clone().into(),
                        c.count.into(),
                        c.percent.into(),
                    ]);
                }
            }
            t
        }
    })
}
