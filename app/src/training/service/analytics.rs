//! Choice analytics and the skill heatmap: loads attempts for a scenario version and a group, then
//! leaves counting and suppression to the pure rules in `training::analytics`.
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{
    attempt, attempt_choice, department, region, scenario, scenario_version, site, user,
};
use crate::error::AppError;
use crate::reporting::confidentiality::Hidden;
use crate::reporting::csv::{Cell, Table};
use crate::reporting::unit::{self, Level, Placement, Unit};
use crate::training::analytics::{self, AttemptRow, SkillRow};
use crate::training::model::Ending;
use crate::training::service::attempts::skill_scores;
use crate::training::service::scenario_of;
use crate::training::types::*;

/// The confidentiality threshold in force (an organisation setting).
pub async fn threshold(db: &DatabaseConnection) -> Result<usize, AppError> {
    Ok(crate::org::settings::load(db).await?.threshold.get() as usize)
}

/// Who and when an analysis covers; every part is optional.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub region: Option<i32>,
    pub site: Option<i32>,
    pub department: Option<i32>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Filter {
    pub fn parse(q: &AnalyticsQuery) -> Result<Filter, AppError> {
        let id = |v: &str, what: &str| -> Result<Option<i32>, AppError> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            v.trim()
                .parse()
                .map(Some)
                .map_err(|_| AppError::invalid(format!("Choose a {what} from the list.")))
        };
        let date = |v: &str, what: &str| -> Result<Option<NaiveDate>, AppError> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    AppError::invalid(format!("The {what} date must look like 2026-11-24."))
                })
        };
        let f = Filter {
            region: id(&q.region, "region")?,
            site: id(&q.site, "site")?,
            department: id(&q.department, "department")?,
            from: date(&q.from, "from")?,
            to: date(&q.to, "to")?,
        };
        if let (Some(a), Some(b)) = (f.from, f.to)
            && a > b
        {
            return Err(AppError::invalid("The period starts after it ends."));
        }
        Ok(f)
    }

    pub fn reaches(&self, u: &user::Model, site_region: &HashMap<i32, i32>) -> bool {
        let region = u.site_id.and_then(|s| site_region.get(&s).copied());
        self.region.is_none_or(|r| region == Some(r))
            && self.site.is_none_or(|s| u.site_id == Some(s))
            && self.department.is_none_or(|d| u.department_id == Some(d))
    }

    /// Everyone the filter's region, site and department reach, by id.
    pub async fn people(
        &self,
        db: &DatabaseConnection,
    ) -> Result<HashMap<i32, user::Model>, AppError> {
        let regions = site_regions(db).await?;
        Ok(user::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .filter(|u| self.reaches(u, &regions))
            .map(|u| (u.id, u))
            .collect())
    }

    /// Whether someone placed so is in the filter's group.
    pub fn places(&self, p: &Placement) -> bool {
        self.region.is_none_or(|r| p.region == Some(r))
            && self.site.is_none_or(|s| p.site == Some(s))
            && self.department.is_none_or(|d| p.department == Some(d))
    }

    /// The unit the filter names: its department, else its site, region, or the company.
    pub fn unit(&self) -> Unit {
        match (self.department, self.site, self.region) {
            (Some(d), _, _) => Unit::Department(d),
            (None, Some(s), _) => Unit::Site(s),
            (None, None, Some(r)) => Unit::Region(r),
            _ => Unit::Company,
        }
    }

    pub fn covers(&self, t: DateTime<Utc>) -> bool {
        let day = t.date_naive();
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|to| day <= to)
    }
}

fn level_of(u: Unit) -> Level {
    match u {
        Unit::Company => Level::Company,
        Unit::Region(_) => Level::Region,
        Unit::Site(_) => Level::Site,
        Unit::Department(_) => Level::Department,
    }
}

fn day_start_of(day: chrono::NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    crate::reporting::service::day_start(day, tz)
}

async fn site_regions(db: &DatabaseConnection) -> Result<HashMap<i32, i32>, AppError> {
    Ok(site::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.region_id))
        .collect())
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
    let sites = site::Entity::find()
        .order_by_asc(site::Column::Name)
        .all(db)
        .await?;
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
        regions: region::Entity::find()
            .order_by_asc(region::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|r| Named {
                id: r.id.to_string(),
                name: r.name,
            })
            .collect(),
        sites: sites
            .iter()
            .map(|s| Named {
                id: s.id.to_string(),
                name: s.name.clone(),
            })
            .collect(),
        departments: department::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|d| {
                let site = sites
                    .iter()
                    .find(|s| s.id == d.site_id)
                    .map_or("", |s| s.name.as_str());
                Named {
                    id: d.id.to_string(),
                    name: format!("{site} · {}", d.name),
                }
            })
            .collect(),
        threshold: threshold(db).await?,
    })
}

/// Choice analytics for one version of a scenario (its latest when `version` is 0).
pub async fn scenario_report(
    db: &DatabaseConnection,
    q: &AnalyticsQuery,
) -> Result<ScenarioReport, AppError> {
    let filter = Filter::parse(q)?;
    let s = if q.scenario.trim().is_empty() {
        // No scenario chosen yet: the first by title.
        scenario::Entity::find()
            .order_by_asc(scenario::Column::Title)
            .one(db)
            .await?
            .ok_or_else(|| AppError::NotFound("A scenario".into()))?
    } else {
        crate::training::service::find_scenario(db, &q.scenario).await?
    };
    let versions = crate::training::service::versions_of(db, s.id).await?;
    let v = match q.version {
        0 => versions.first().cloned(),
        n => versions.iter().find(|v| v.version == n).cloned(),
    }
    .ok_or_else(|| AppError::NotFound("That version".into()))?;
    let model = scenario_of(&v)?;
    let settings = crate::org::settings::load(db).await?;
    let tz = crate::org::settings::time_zone(&settings.time_zone).map_err(AppError::invalid)?;
    // Everyone's attempts at this version in the period: the filter's group is decided within the
    // whole tree, since any region, site or department can be chosen on this page.
    let mut all = attempt::Entity::find().filter(attempt::Column::ScenarioVersionId.eq(v.id));
    if let Some(from) = filter.from {
        all = all
            .filter(attempt::Column::StartedAt.gte(crate::reporting::service::day_start(from, tz)));
    }
    if let Some(to) = filter.to {
        all = all.filter(
            attempt::Column::StartedAt.lt(crate::reporting::service::day_start(
                to + Duration::days(1),
                tz,
            )),
        );
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
    let in_group = |a: &attempt::Model| places.get(&a.user_id).is_some_and(|p| filter.places(p));
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
            ending: a.ending.as_deref().and_then(Ending::parse),
            moves: moves.remove(&a.id).unwrap_or_default(),
        })
        .collect();
    let k = settings.threshold.get() as usize;
    let mut analysis = analytics::analyse(&model, &rows, k);
    let protects = matches!(decision.get(&filter.unit()), Some(Some(Hidden::Protects)));
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
    q: &AnalyticsQuery,
) -> Result<SkillHeatmap, AppError> {
    let filter = Filter::parse(q)?;
    let to = filter.to.unwrap_or_else(|| Utc::now().date_naive());
    let from = filter.from.unwrap_or(to - Duration::days(89));
    let span = (to - from).num_days() + 1;
    let before = from - Duration::days(span);
    let settings = crate::org::settings::load(db).await?;
    let tz = crate::org::settings::time_zone(&settings.time_zone).map_err(AppError::invalid)?;
    let finished = attempt::Entity::find()
        .filter(attempt::Column::FinishedAt.gte(crate::reporting::service::day_start(before, tz)))
        .filter(
            attempt::Column::FinishedAt.lt(crate::reporting::service::day_start(
                to + Duration::days(1),
                tz,
            )),
        )
        .all(db)
        .await?;
    let places =
        crate::reporting::service::placements(db, finished.iter().map(|a| a.user_id)).await?;
    // A department is decided beside its whole site, so the rows come from whole sites.
    let by_department = filter.site.is_some() || filter.department.is_some();
    let chosen_site = match (filter.site, filter.department) {
        (Some(s), _) => Some(s),
        (None, Some(d)) => department::Entity::find_by_id(d)
            .one(db)
            .await?
            .map(|d| d.site_id),
        _ => None,
    };
    let start = day_start_of(from, tz);
    let rows: Vec<SkillRow> = finished
        .iter()
        .filter_map(|a| {
            let place = *places.get(&a.user_id)?;
            let site_ok = match chosen_site {
                Some(s) => place.site == Some(s),
                None => filter.region.is_none_or(|r| place.region == Some(r)),
            };
            site_ok.then(|| SkillRow {
                place,
                user: a.user_id,
                current: a.finished_at.is_some_and(|t| t >= start),
                skills: skill_scores(a),
            })
        })
        .collect();
    let display: Vec<(Unit, String)> = if by_department {
        department::Entity::find()
            .filter(department::Column::SiteId.eq(chosen_site.unwrap_or(-1)))
            .order_by_asc(department::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .filter(|d| filter.department.is_none_or(|id| id == d.id))
            .map(|d| (Unit::Department(d.id), d.name))
            .collect()
    } else {
        let mut q = site::Entity::find().order_by_asc(site::Column::Name);
        if let Some(r) = filter.region {
            q = q.filter(site::Column::RegionId.eq(r));
        }
        q.all(db)
            .await?
            .into_iter()
            .map(|s| (Unit::Site(s.id), s.name))
            .collect()
    };
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
        from: from.format("%Y-%m-%d").to_string(),
        to: to.format("%Y-%m-%d").to_string(),
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
    q: &AnalyticsQuery,
) -> Result<Table, AppError> {
    if which == AnalyticsTable::Skills {
        let h = skill_heatmap(db, q).await?;
        let mut head: Vec<String> = vec![h.by.clone(), "people".into()];
        for k in crate::training::model::Skill::ALL {
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
    let r = scenario_report(db, q).await?;
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
