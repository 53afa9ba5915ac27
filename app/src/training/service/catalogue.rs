//! What every training query starts from: the catalogue of scenarios, versions, modules and
//! assignments loaded once per request, a module's standing for a person, and stored scenarios read back.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{
    assignment, attempt, module, module_scenario, scenario, scenario_version, site, user,
};
use crate::error::AppError;
use crate::reporting::period::Day;
use crate::training::rules::model::Scenario;
use crate::training::rules::progress::{module_status, overdue, scenario_done};
use crate::training::types::{Lifecycle, ModuleProgress, ModuleRule, ScenarioProgress, TargetKind};

/// A stored version's scenario. Versions were validated on import, so a failure here is a bug.
pub fn scenario_of(v: &scenario_version::Model) -> Result<Scenario, AppError> {
    toml::from_str(&v.source).map_err(|e| {
        tracing::error!(version = v.id, error = %e, "stored scenario does not parse");
        AppError::Internal
    })
}

/// The scenario with this id (its slug), or a 404.
pub async fn find_scenario<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<scenario::Model, AppError> {
    scenario::Entity::find()
        .filter(scenario::Column::Slug.eq(slug.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That scenario".into()))
}

/// A scenario's versions, newest first; there is always at least one.
pub async fn versions_of<C: ConnectionTrait>(
    db: &C,
    scenario_id: i32,
) -> Result<Vec<scenario_version::Model>, AppError> {
    let versions = scenario_version::Entity::find()
        .filter(scenario_version::Column::ScenarioId.eq(scenario_id))
        .order_by_desc(scenario_version::Column::Version)
        .all(db)
        .await?;
    if versions.is_empty() {
        return Err(AppError::NotFound("That scenario".into()));
    }
    Ok(versions)
}

/// Today (UTC), as due dates and certificates count days.
pub fn today() -> Day {
    chrono::Utc::now().date_naive().into()
}

/// A module as it applies to one person: its scenarios, due date and the start of the current cycle.
#[derive(Clone, Copy)]
pub struct ModuleFor<'a> {
    pub module: &'a module::Model,
    pub scenarios: &'a [i32],
    pub due: chrono::NaiveDate,
    pub counts_from: Option<chrono::NaiveDate>,
}

/// Everything progress needs about the catalogue, loaded once per request.
pub struct Catalogue {
    pub scenarios: HashMap<i32, scenario::Model>,
    /// Version id -> scenario id.
    pub version_scenario: HashMap<i32, i32>,
    /// Latest version per scenario id.
    pub latest: HashMap<i32, scenario_version::Model>,
    pub modules: Vec<(module::Model, Vec<i32>)>,
    pub assignments: Vec<assignment::Model>,
    /// Site id -> region id.
    pub site_region: HashMap<i32, i32>,
}

impl Catalogue {
    pub async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, AppError> {
        let scenarios = scenario::Entity::find().all(db).await?;
        let versions = scenario_version::Entity::find()
            .order_by_asc(scenario_version::Column::Version)
            .all(db)
            .await?;
        let mut latest = HashMap::new();
        let mut version_scenario = HashMap::new();
        for v in versions {
            version_scenario.insert(v.id, v.scenario_id);
            latest.insert(v.scenario_id, v);
        }
        let links = module_scenario::Entity::find()
            .order_by_asc(module_scenario::Column::Position)
            .all(db)
            .await?;
        let modules = module::Entity::find()
            .order_by_asc(module::Column::Title)
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                let ids = links
                    .iter()
                    .filter(|l| l.module_id == m.id)
                    .map(|l| l.scenario_id)
                    .collect();
                (m, ids)
            })
            .collect();
        let assignments = assignment::Entity::find()
            .order_by_asc(assignment::Column::DueOn)
            .all(db)
            .await?;
        let site_region = site::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.region_id))
            .collect();
        Ok(Catalogue {
            scenarios: scenarios.into_iter().map(|s| (s.id, s)).collect(),
            version_scenario,
            latest,
            modules,
            assignments,
            site_region,
        })
    }

    /// Whether an assignment reaches a person as they are now (so later joiners are reached too).
    pub fn reaches(&self, a: &assignment::Model, u: &user::Model) -> bool {
        match a.target_kind {
            TargetKind::Person => a.target_id == u.id,
            TargetKind::Department => u.department_id == Some(a.target_id),
            TargetKind::Site => u.site_id == Some(a.target_id),
            TargetKind::Region => u
                .site_id
                .and_then(|s| self.site_region.get(&s))
                .is_some_and(|r| *r == a.target_id),
            TargetKind::Everyone => true,
        }
    }

    /// When an assignment is due for a person. Someone who joined the group after the assignment
    /// was made has the assignment's days for joiners from the day they joined, and never less
    /// time than the people who were there.
    pub fn due_for(a: &assignment::Model, u: &user::Model) -> chrono::NaiveDate {
        let Some(days) = a.joiner_days else {
            return a.due_on;
        };
        let created = u.created_at.date_naive();
        let joined = match a.target_kind {
            TargetKind::Person => return a.due_on,
            TargetKind::Department => u.department_since.unwrap_or(created),
            // Moving between sites of one region counts as joining it again.
            TargetKind::Site | TargetKind::Region => u.site_since.unwrap_or(created),
            TargetKind::Everyone => created,
        };
        if joined <= a.created_at.date_naive() {
            return a.due_on;
        }
        a.due_on
            .max(joined + chrono::Duration::days(i64::from(days)))
    }

    /// A person's modules, each with the assignment that governs it now: the latest renewal
    /// cycle (`counts_from`), else the earliest due date among the assignments reaching them.
    pub fn modules_for(&self, u: &user::Model) -> Vec<ModuleFor<'_>> {
        let mut out: Vec<ModuleFor<'_>> = Vec::new();
        for a in self
            .assignments
            .iter()
            .filter(|a| u.active && self.reaches(a, u))
        {
            let Some((m, ids)) = self.modules.iter().find(|(m, _)| m.id == a.module_id) else {
                continue;
            };
            let candidate = ModuleFor {
                module: m,
                scenarios: ids.as_slice(),
                due: Self::due_for(a, u),
                counts_from: a.counts_from,
            };
            match out.iter_mut().find(|x| x.module.id == m.id) {
                // Assignments come sorted by due date, so a later one only wins with a newer cycle.
                Some(x) if candidate.counts_from > x.counts_from => *x = candidate,
                Some(_) => {}
                None => out.push(candidate),
            }
        }
        out.sort_by(|a, b| a.due.cmp(&b.due).then(a.module.title.cmp(&b.module.title)));
        out
    }

    /// Learners can start the scenario (and modules count it).
    pub fn published(&self, scenario_id: i32) -> bool {
        self.scenarios
            .get(&scenario_id)
            .is_some_and(|s| s.status == Lifecycle::Published)
    }

    pub fn rule(m: &module::Model) -> ModuleRule {
        m.rule
    }
}

/// Per scenario id: (best score, latest score, finished attempts, one unfinished).
#[derive(Default, Clone)]
struct Record {
    best: Option<i32>,
    latest: Option<i32>,
    finished: usize,
    open: bool,
}

fn records(cat: &Catalogue, attempts: &[attempt::Model]) -> HashMap<i32, Record> {
    let mut out: HashMap<i32, Record> = HashMap::new();
    for a in attempts {
        let Some(sid) = cat.version_scenario.get(&a.scenario_version_id) else {
            continue;
        };
        let r = out.entry(*sid).or_default();
        match (a.finished_at, a.score) {
            (Some(_), Some(score)) => {
                r.best = Some(r.best.map_or(score, |b| b.max(score)));
                r.latest = Some(score); // attempts come in finishing order
                r.finished += 1;
            }
            _ => r.open = true,
        }
    }
    out
}

/// A person's progress in one module, counting only attempts finished in the current cycle.
pub fn module_progress(
    cat: &Catalogue,
    mf: ModuleFor<'_>,
    attempts: &[attempt::Model],
    today: Day,
) -> ModuleProgress {
    let (m, ids, due) = (mf.module, mf.scenarios, mf.due);
    let in_cycle: Vec<attempt::Model> = attempts
        .iter()
        .filter(|a| match (a.finished_at, mf.counts_from) {
            (Some(t), Some(from)) => t.date_naive() >= from,
            _ => true,
        })
        .cloned()
        .collect();
    let recs = &records(cat, &in_cycle);
    let rule = Catalogue::rule(m);
    let scenarios: Vec<ScenarioProgress> = ids
        .iter()
        .filter(|id| cat.published(**id))
        .filter_map(|id| {
            let s = cat.scenarios.get(id)?;
            let v = cat.latest.get(id)?;
            let r = recs.get(id).cloned().unwrap_or_default();
            Some(ScenarioProgress {
                slug: s.slug.clone(),
                title: v.title.clone(),
                minutes: v.minutes,
                best: r.best,
                latest: r.latest,
                attempts: r.finished,
                in_progress: r.open,
                done: scenario_done(rule, m.pass_mark, r.best),
            })
        })
        .collect();
    let done = scenarios.iter().filter(|s| s.done).count();
    let started = scenarios.iter().any(|s| s.in_progress || s.attempts > 0);
    let status = module_status(done, scenarios.len(), started);
    let due_on = Day::from(due);
    let next = scenarios
        .iter()
        .find(|s| s.in_progress)
        .or_else(|| scenarios.iter().find(|s| !s.done))
        .map(|s| s.slug.clone());
    ModuleProgress {
        pid: m.pid.clone(),
        title: m.title.clone(),
        description: m.description.clone(),
        pass_mark: m.pass_mark,
        rule,
        overdue: overdue(status, due_on, today),
        due_on,
        status,
        done,
        total: scenarios.len(),
        scenarios,
        next,
    }
}
