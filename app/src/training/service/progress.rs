//! Progress: a person's modules and skill profile, a manager's team, HR's view per site and department.
use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{attempt, department, region, site, user};
use crate::error::AppError;
use crate::training::service::attempts::skill_scores;
use crate::training::service::catalogue::{Catalogue, module_progress, today};
use crate::training::service::scenarios;
use crate::training::types::*;

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

/// The skill profile: per skill, every finished attempt weighed by `rules::progress::skill_level`.
fn profile(cat: &Catalogue, attempts: &[attempt::Model]) -> Vec<SkillLevel> {
    use crate::training::rules::progress::{Evidence, skill_level};
    let mut evidence: BTreeMap<crate::training::rules::model::Skill, Vec<Evidence>> =
        BTreeMap::new();
    for a in attempts {
        let (Some(finished), Some(sid)) = (
            a.finished_at,
            cat.version_scenario.get(&a.scenario_version_id),
        ) else {
            continue;
        };
        for (skill, score) in skill_scores(a) {
            evidence.entry(skill).or_default().push(Evidence {
                scenario: *sid,
                day: finished.date_naive().into(),
                score,
            });
        }
    }
    let today = today();
    evidence
        .into_iter()
        .filter_map(|(skill, ev)| {
            skill_level(&ev, today).map(|l| SkillLevel {
                skill,
                score: l.score,
                scenarios: l.scenarios,
                attempts: l.attempts,
                trend: l.trend,
            })
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
        .map(|mf| module_progress(&cat, mf, &attempts, today))
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
            ending: a.ending,
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
        library: scenarios::library_of(&cat)
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
        due_on: p.due_on,
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
                .map(|mf| module_progress(&cat, mf, &mine, today))
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
    Ok(TeamProgress {
        modules,
        rows,
        assignments: Vec::new(),
    })
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
