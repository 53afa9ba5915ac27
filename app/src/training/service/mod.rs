//! Training's queries and transactions: the catalogue, attempts, and progress.
pub mod analytics;
pub mod attempts;
pub mod catalog;
pub mod certificates;
pub mod drafts;
pub mod figures;
pub mod progress;
pub mod records;

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{
    assignment, module, module_scenario, scenario, scenario_version, site, user,
};
use crate::error::AppError;
use crate::training::model::Scenario;
use crate::training::types::{ModuleRule, TargetKind};

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

pub fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
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
        match TargetKind::parse(&a.target_kind) {
            Some(TargetKind::Person) => a.target_id == u.id,
            Some(TargetKind::Department) => u.department_id == Some(a.target_id),
            Some(TargetKind::Site) => u.site_id == Some(a.target_id),
            Some(TargetKind::Region) => u
                .site_id
                .and_then(|s| self.site_region.get(&s))
                .is_some_and(|r| *r == a.target_id),
            Some(TargetKind::Everyone) => true,
            None => false,
        }
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
                due: a.due_on,
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
            .is_some_and(|s| s.status == "published")
    }

    pub fn rule(m: &module::Model) -> ModuleRule {
        ModuleRule::parse(&m.rule).unwrap_or(ModuleRule::Completed)
    }
}
