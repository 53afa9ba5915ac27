//! Progress: a person's modules and skill profile, a manager's team, HR's view per site and department.
use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{attempt, department, region, site, user};
use crate::error::AppError;
use crate::training::model::Ending;
use crate::training::service::attempts::skill_scores;
use crate::training::service::{Catalogue, ModuleFor, catalog, today};
use crate::training::types::*;

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
    today: &str,
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
    let due_on = due.format("%Y-%m-%d").to_string();
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
        overdue: overdue(status, &due_on, today),
        due_on,
        status,
        done,
        total: scenarios.len(),
        scenarios,
        next,
    }
}

async fn attempts_of(
    db: &DatabaseConnection,
    user_ids: Vec<i32>,
) -> Result<Vec<attempt::Model>, AppError> {
    Ok(attempt::Entity::find()
        .filter(attempt::Column::UserId.is_in(user_ids))
        .order_by_asc(attempt::Column::FinishedAt)
        .order_by_asc(attempt::Column::Id)
        .all(db)
        .await?)
}

/// The skill profile: per skill, the mean over the latest finished attempt of each scenario.
fn profile(cat: &Catalogue, attempts: &[attempt::Model]) -> Vec<SkillLevel> {
    let mut latest: HashMap<i32, &attempt::Model> = HashMap::new();
    for a in attempts.iter().filter(|a| a.finished_at.is_some()) {
        if let Some(sid) = cat.version_scenario.get(&a.scenario_version_id) {
            latest.insert(*sid, a);
        }
    }
    let mut sums: BTreeMap<crate::training::model::Skill, (i32, usize)> = BTreeMap::new();
    for a in latest.values() {
        for (skill, score) in skill_scores(a) {
            let e = sums.entry(skill).or_insert((0, 0));
            e.0 += score;
            e.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(skill, (sum, n))| SkillLevel {
            skill,
            score: (sum as f64 / n as f64).round() as i32,
            scenarios: n,
        })
        .collect()
}

pub async fn skill_profile(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Vec<SkillLevel>, AppError> {
    let cat = Catalogue::load(db).await?;
    Ok(profile(&cat, &attempts_of(db, vec![user_id]).await?))
}

pub async fn my_training(db: &DatabaseConnection, user_id: i32) -> Result<MyTraining, AppError> {
    let me = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let cat = Catalogue::load(db).await?;
    let attempts = attempts_of(db, vec![user_id]).await?;
    let today = today();
    let modules = cat
        .modules_for(&me)
        .into_iter()
        .map(|mf| module_progress(&cat, mf, &attempts, &today))
        .collect();
    let skills = profile(&cat, &attempts);
    let mut recent: Vec<&attempt::Model> = attempts.iter().collect();
    recent.sort_by_key(|a| std::cmp::Reverse(a.started_at));
    let briefs = recent
        .into_iter()
        .take(20)
        .map(|a| AttemptBrief {
            pid: a.pid.clone(),
            scenario: cat
                .version_scenario
                .get(&a.scenario_version_id)
                .and_then(|sid| cat.latest.get(sid))
                .map(|v| v.title.clone())
                .unwrap_or_default(),
            started_at: a.started_at.format("%-d %b %Y, %H:%M").to_string(),
            finished: a.finished_at.is_some(),
            ending: a.ending.as_deref().and_then(Ending::parse),
            score: a.score,
        })
        .collect();
    Ok(MyTraining {
        certificates: crate::training::service::certificates::for_person(
            db,
            user_id,
            chrono::Utc::now().date_naive(),
        )
        .await?,
        name: me.name.clone(),
        skills,
        modules,
        attempts: briefs,
        library: catalog::library_of(&cat)
            .into_iter()
            .filter(|s| s.lifecycle == Lifecycle::Published)
            .collect(),
    })
}

fn cell(p: &ModuleProgress) -> ProgressCell {
    ProgressCell {
        status: p.status,
        overdue: p.overdue,
        done: p.done,
        total: p.total,
        due_on: p.due_on.clone(),
    }
}

/// Each person's modules with their progress, for many people at once.
async fn progress_of(
    db: &DatabaseConnection,
    people: &[user::Model],
) -> Result<Vec<Vec<ModuleProgress>>, AppError> {
    let cat = Catalogue::load(db).await?;
    let attempts = attempts_of(db, people.iter().map(|p| p.id).collect()).await?;
    let today = today();
    Ok(people
        .iter()
        .map(|p| {
            let mine: Vec<attempt::Model> = attempts
                .iter()
                .filter(|a| a.user_id == p.id)
                .cloned()
                .collect();
            cat.modules_for(p)
                .into_iter()
                .map(|mf| module_progress(&cat, mf, &mine, &today))
                .collect()
        })
        .collect())
}

async fn department_names(db: &DatabaseConnection) -> Result<HashMap<i32, String>, AppError> {
    Ok(department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}

/// The people in a manager's scope (`org::scope`) against the modules assigned to any of them.
pub async fn team(db: &DatabaseConnection, manager_id: i32) -> Result<TeamProgress, AppError> {
    let scope = crate::org::scope::scope(db, manager_id).await?;
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(scope.people))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let all_progress = progress_of(db, &people).await?;
    let sites: HashMap<i32, String> = site::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let deps = department_names(db).await?;
    let mut modules: Vec<(String, String)> = Vec::new();
    for m in all_progress.iter().flatten() {
        if !modules.iter().any(|(pid, _)| pid == &m.pid) {
            modules.push((m.pid.clone(), m.title.clone()));
        }
    }
    let per_person = people.iter().zip(all_progress);
    modules.sort_by(|a, b| a.1.cmp(&b.1));
    let rows = per_person
        .into_iter()
        .map(|(p, progress)| TeamRow {
            pid: p.pid.clone(),
            name: p.name.clone(),
            site: p.site_id.and_then(|s| sites.get(&s).cloned()),
            department: p.department_id.and_then(|d| deps.get(&d).cloned()),
            cells: modules
                .iter()
                .map(|(pid, _)| progress.iter().find(|m| &m.pid == pid).map(cell))
                .collect(),
        })
        .collect();
    Ok(TeamProgress { modules, rows })
}

/// For HR: per region, site, department and module, how many assigned people are done, in progress, not started, overdue.
pub async fn by_group(db: &DatabaseConnection) -> Result<Vec<GroupRow>, AppError> {
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let all_progress = progress_of(db, &people).await?;
    let sites: HashMap<i32, site::Model> = site::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let regions: HashMap<i32, String> = region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let deps = department_names(db).await?;
    let mut rows: BTreeMap<(String, String, String, String), GroupRow> = BTreeMap::new();
    for (p, progress) in people.iter().zip(all_progress) {
        let (Some(site), Some(dep)) = (
            p.site_id.and_then(|s| sites.get(&s)),
            p.department_id.and_then(|d| deps.get(&d)),
        ) else {
            continue;
        };
        let region = regions.get(&site.region_id).cloned().unwrap_or_default();
        for mp in progress {
            let key = (
                region.clone(),
                site.name.clone(),
                dep.clone(),
                mp.title.clone(),
            );
            let row = rows.entry(key).or_insert_with(|| GroupRow {
                region: region.clone(),
                site: site.name.clone(),
                department: dep.clone(),
                module: mp.title.clone(),
                assigned: 0,
                done: 0,
                in_progress: 0,
                not_started: 0,
                overdue: 0,
            });
            row.assigned += 1;
            match mp.status {
                Status::Done => row.done += 1,
                Status::InProgress => row.in_progress += 1,
                Status::NotStarted => row.not_started += 1,
            }
            if mp.overdue {
                row.overdue += 1;
            }
        }
    }
    Ok(rows.into_values().collect())
}
