//! The scenario library (import, export, list), modules and assignments.
use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::entities::{
    assignment, department, module, module_scenario, region, scenario, scenario_version, site, user,
};
use crate::error::AppError;
use crate::state;
use crate::training::bundle::{self, ModuleFile, ModuleHead};
use crate::training::format::{self, FileProblem};
use crate::training::model::Skill;
use crate::training::service::Catalogue;
use crate::training::types::*;

fn summary(v: &scenario_version::Model, s: &scenario::Model) -> ScenarioSummary {
    ScenarioSummary {
        slug: s.slug.clone(),
        lifecycle: Lifecycle::parse(&s.status).unwrap_or(Lifecycle::Published),
        title: v.title.clone(),
        summary: v.summary.clone(),
        setting: v.setting.clone(),
        skills: v.skills.split(',').filter_map(Skill::parse).collect(),
        minutes: v.minutes,
        steps: v.steps,
        version: v.version,
    }
}

pub async fn library(db: &DatabaseConnection) -> Result<Vec<ScenarioSummary>, AppError> {
    Ok(library_of(&Catalogue::load(db).await?))
}

/// The library from an already loaded catalogue.
pub fn library_of(cat: &Catalogue) -> Vec<ScenarioSummary> {
    let mut out: Vec<ScenarioSummary> = cat
        .latest
        .values()
        .filter_map(|v| cat.scenarios.get(&v.scenario_id).map(|s| summary(v, s)))
        .collect();
    // Published first, then unpublished, archived last; by title within each.
    out.sort_by_key(|s| (s.lifecycle as u8, s.title.clone()));
    out
}

/// Parses and validates every file (scenario files and module files); also refuses the same
/// scenario id twice in one upload.
fn check_files(
    files: &[(String, String)],
) -> (
    Vec<FileProblem>,
    Vec<crate::training::model::Scenario>,
    Vec<ModuleHead>,
) {
    let mut problems: Vec<FileProblem> = Vec::new();
    let mut parsed = Vec::new();
    let mut modules = Vec::new();
    let mut seen = HashSet::new();
    for (name, text) in files {
        let scenarios = if bundle::is_module_file(text) {
            match bundle::parse(name, text) {
                Ok(f) => {
                    modules.push(f.module);
                    f.scenarios
                }
                Err(p) => {
                    problems.extend(p);
                    continue;
                }
            }
        } else {
            match format::parse(name, text) {
                Ok(s) => vec![s],
                Err(p) => {
                    problems.extend(p);
                    continue;
                }
            }
        };
        for s in scenarios {
            if !seen.insert(s.id.clone()) {
                problems.push(FileProblem {
                    file: name.clone(),
                    line: None,
                    field: "id".into(),
                    message: format!("scenario `{}` is also in another file of this upload", s.id),
                });
            }
            parsed.push(s);
        }
    }
    (problems, parsed, modules)
}

/// Imports scenario files all or nothing: a file whose text equals the latest version changes nothing,
/// a changed file becomes a new version (attempts keep the version they played).
pub async fn import(
    db: &DatabaseConnection,
    actor: Option<i32>,
    files: Vec<(String, String)>,
) -> Result<ImportReport, AppError> {
    if files.is_empty() {
        return Err(AppError::invalid(
            "Choose at least one scenario file (.toml).",
        ));
    }
    // Validation explores every conversation a file allows: CPU work, kept off the async threads.
    let (problems, parsed, modules) = tokio::task::spawn_blocking(move || check_files(&files))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "scenario validation task failed");
            AppError::Internal
        })?;
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(AppError::Invalid(format!(
            "Nothing was imported. Fix these problems and upload again:\n{}",
            list.join("\n")
        )));
    }
    state::write(db, move |txn| {
        Box::pin(async move {
            let mut report = ImportReport::default();
            for s in parsed {
                match store_version(txn, actor, &s, false).await? {
                    Stored::Created => report.created += 1,
                    Stored::Updated(_) => report.updated += 1,
                    Stored::Unchanged(_) => report.unchanged += 1,
                }
            }
            for head in modules {
                match upsert_module(txn, head).await? {
                    Stored::Created => report.modules_created += 1,
                    Stored::Updated(_) => report.modules_updated += 1,
                    Stored::Unchanged(_) => report.modules_unchanged += 1,
                }
            }
            Ok(report)
        })
    })
    .await
}

/// What storing a scenario did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    Created,
    /// A new version, with its number.
    Updated(i32),
    /// The text equals this latest version's.
    Unchanged(i32),
}

/// Stores a valid scenario as a new scenario or as its next version, inside the caller's transaction.
/// `publish` also makes the scenario available again if it was unpublished or archived.
pub async fn store_version<C: ConnectionTrait>(
    txn: &C,
    actor: Option<i32>,
    s: &crate::training::model::Scenario,
    publish: bool,
) -> Result<Stored, AppError> {
    let now = Utc::now();
    let source = format::export(s);
    let existing = scenario::Entity::find()
        .filter(scenario::Column::Slug.eq(&s.id))
        .one(txn)
        .await?;
    let (scenario_id, version, stored) = match existing {
        Some(row) => {
            let last = scenario_version::Entity::find()
                .filter(scenario_version::Column::ScenarioId.eq(row.id))
                .order_by_desc(scenario_version::Column::Version)
                .one(txn)
                .await?;
            let latest = last.as_ref().map_or(0, |v| v.version);
            let mut a: scenario::ActiveModel = row.clone().into();
            if publish {
                a.status = Set(Lifecycle::Published.key().into());
            }
            if last.as_ref().is_some_and(|v| v.source == source) {
                a.update(txn).await?;
                return Ok(Stored::Unchanged(latest));
            }
            a.title = Set(s.title.clone());
            a.update(txn).await?;
            (row.id, latest + 1, Stored::Updated(latest + 1))
        }
        None => {
            let row = scenario::ActiveModel {
                slug: Set(s.id.clone()),
                title: Set(s.title.clone()),
                status: Set(Lifecycle::Published.key().into()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            (row.id, 1, Stored::Created)
        }
    };
    scenario_version::ActiveModel {
        scenario_id: Set(scenario_id),
        version: Set(version),
        title: Set(s.title.clone()),
        summary: Set(s.summary.clone()),
        setting: Set(s.setting.label().to_owned()),
        skills: Set(s
            .skills
            .iter()
            .map(|k| k.key())
            .collect::<Vec<_>>()
            .join(",")),
        minutes: Set(s.minutes),
        steps: Set(s.steps.len() as i32),
        source: Set(source),
        created_by: Set(actor),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(stored)
}

/// Creates the module a module file describes, or brings the module with its title in line with
/// it (settings and scenario list); a module that already matches is left alone.
async fn upsert_module<C: ConnectionTrait>(txn: &C, head: ModuleHead) -> Result<Stored, AppError> {
    let mut ids = Vec::new();
    for slug in &head.scenarios {
        let s = scenario::Entity::find()
            .filter(scenario::Column::Slug.eq(slug))
            .one(txn)
            .await?
            .ok_or_else(|| {
                AppError::invalid(format!(
                    "Module “{}” lists scenario `{slug}`, which is neither in the file nor in the library. Nothing was imported.",
                    head.title
                ))
            })?;
        if s.status != Lifecycle::Published.key() {
            return Err(AppError::invalid(format!(
                "Module “{}” lists “{}”, which is {}; publish it first. Nothing was imported.",
                head.title, s.title, s.status
            )));
        }
        ids.push(s.id);
    }
    let rule = ModuleRule::parse(&head.rule).unwrap_or(ModuleRule::Passed);
    let title = head.title.trim().to_owned();
    let description = head.description.trim().to_owned();
    let existing = module::Entity::find()
        .filter(module::Column::Title.eq(&title))
        .one(txn)
        .await?;
    let (m, stored) = match existing {
        Some(m) => {
            let current: Vec<i32> = module_scenario::Entity::find()
                .filter(module_scenario::Column::ModuleId.eq(m.id))
                .order_by_asc(module_scenario::Column::Position)
                .all(txn)
                .await?
                .into_iter()
                .map(|r| r.scenario_id)
                .collect();
            if current == ids
                && m.pass_mark == head.pass_mark
                && m.rule == rule.key()
                && m.description == description
                && m.validity_months == head.validity_months
            {
                return Ok(Stored::Unchanged(0));
            }
            let mut a: module::ActiveModel = m.clone().into();
            a.pass_mark = Set(head.pass_mark);
            a.rule = Set(rule.key().into());
            a.description = Set(description);
            a.validity_months = Set(head.validity_months);
            let m = a.update(txn).await?;
            module_scenario::Entity::delete_many()
                .filter(module_scenario::Column::ModuleId.eq(m.id))
                .exec(txn)
                .await?;
            (m, Stored::Updated(0))
        }
        None => {
            let m = module::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                title: Set(title),
                description: Set(description),
                pass_mark: Set(head.pass_mark),
                rule: Set(rule.key().into()),
                validity_months: Set(head.validity_months),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            (m, Stored::Created)
        }
    };
    for (i, id) in ids.into_iter().enumerate() {
        module_scenario::ActiveModel {
            module_id: Set(m.id),
            position: Set(i as i32),
            scenario_id: Set(id),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(stored)
}

/// A module and the latest version of each scenario it lists, as one module file.
pub async fn export_module(
    db: &DatabaseConnection,
    pid: &str,
) -> Result<(String, String), AppError> {
    let m = module::Entity::find()
        .filter(module::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That module".into()))?;
    let mut scenarios = Vec::new();
    let mut slugs = Vec::new();
    for row in module_scenario::Entity::find()
        .filter(module_scenario::Column::ModuleId.eq(m.id))
        .order_by_asc(module_scenario::Column::Position)
        .all(db)
        .await?
    {
        let s = scenario::Entity::find_by_id(row.scenario_id)
            .one(db)
            .await?
            .ok_or(AppError::Internal)?;
        let v = crate::training::service::versions_of(db, s.id)
            .await?
            .swap_remove(0);
        slugs.push(s.slug.clone());
        scenarios.push(crate::training::service::scenario_of(&v)?);
    }
    let file = ModuleFile {
        module: ModuleHead {
            title: m.title.clone(),
            description: m.description.clone(),
            pass_mark: m.pass_mark,
            rule: m.rule.clone(),
            validity_months: m.validity_months,
            scenarios: slugs,
        },
        scenarios,
    };
    let name: String = m
        .title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let name = if name.is_empty() {
        "module".to_owned()
    } else {
        name
    };
    Ok((format!("{name}.module.toml"), bundle::export(&file)))
}

/// The latest version's text, and a file name for it.
pub async fn export(db: &DatabaseConnection, slug: &str) -> Result<(String, String), AppError> {
    let s = crate::training::service::find_scenario(db, slug).await?;
    let v = crate::training::service::versions_of(db, s.id)
        .await?
        .swap_remove(0);
    Ok((format!("{slug}.toml"), v.source))
}

pub struct ModuleInput {
    pub title: String,
    /// Months a certificate stays valid; empty for never.
    pub validity_months: String,
    pub description: String,
    pub pass_mark: String,
    pub rule: String,
    pub scenarios: Vec<String>,
}

pub async fn create_module(
    db: &DatabaseConnection,
    input: ModuleInput,
) -> Result<module::Model, AppError> {
    let title = input.title.trim().to_owned();
    let mut problems = Vec::new();
    if title.is_empty() || title.chars().count() > 120 {
        problems.push("Give the module a title of 1 to 120 characters.".to_owned());
    }
    let pass_mark = match input.pass_mark.trim().parse::<i32>() {
        Ok(p) if (0..=100).contains(&p) => p,
        _ => {
            problems.push("The pass mark must be a whole number from 0 to 100.".to_owned());
            0
        }
    };
    let validity = match input.validity_months.trim() {
        "" => None,
        v => match v.parse::<i32>() {
            Ok(m) if (1..=120).contains(&m) => Some(m),
            _ => {
                problems.push("Validity must be a whole number of months from 1 to 120, or empty for certificates that do not expire.".to_owned());
                None
            }
        },
    };
    let rule = ModuleRule::parse(&input.rule);
    if rule.is_none() {
        problems.push("Choose whether the module needs every scenario completed or passed.".into());
    }
    let mut slugs: Vec<String> = Vec::new();
    for s in input.scenarios {
        if !slugs.contains(&s) {
            slugs.push(s);
        }
    }
    if slugs.is_empty() {
        problems.push("Choose at least one scenario.".into());
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems.join(" ")));
    }
    let description = input
        .description
        .trim()
        .chars()
        .take(2000)
        .collect::<String>();
    let rule = rule.unwrap_or(ModuleRule::Completed);
    state::write(db, move |txn| {
        Box::pin(async move {
            if module::Entity::find()
                .filter(module::Column::Title.eq(&title))
                .one(txn)
                .await?
                .is_some()
            {
                return Err(AppError::Conflict(format!(
                    "A module called “{title}” already exists."
                )));
            }
            let m = module::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                title: Set(title),
                description: Set(description),
                pass_mark: Set(pass_mark),
                rule: Set(rule.key().into()),
                validity_months: Set(validity),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            for (i, slug) in slugs.iter().enumerate() {
                let s = scenario::Entity::find()
                    .filter(scenario::Column::Slug.eq(slug))
                    .one(txn)
                    .await?
                    .ok_or_else(|| AppError::invalid(format!("There is no scenario `{slug}`.")))?;
                if s.status != Lifecycle::Published.key() {
                    return Err(AppError::invalid(format!(
                        "“{}” is {}; publish it before adding it to a module.",
                        s.title, s.status
                    )));
                }
                module_scenario::ActiveModel {
                    module_id: Set(m.id),
                    position: Set(i as i32),
                    scenario_id: Set(s.id),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
            Ok(m)
        })
    })
    .await
}

fn target_label<'a>(
    a: &assignment::Model,
    users: &'a [user::Model],
    names: &'a std::collections::HashMap<(String, i32), String>,
) -> String {
    match TargetKind::parse(&a.target_kind) {
        Some(TargetKind::Everyone) => "Everyone".into(),
        Some(TargetKind::Person) => users
            .iter()
            .find(|u| u.id == a.target_id)
            .map_or_else(|| "A former person".into(), |u| u.name.clone()),
        _ => names
            .get(&(a.target_kind.clone(), a.target_id))
            .cloned()
            .unwrap_or_else(|| format!("A removed {}", a.target_kind)),
    }
}

async fn group_names<C: ConnectionTrait>(
    db: &C,
) -> Result<std::collections::HashMap<(String, i32), String>, AppError> {
    let mut names = std::collections::HashMap::new();
    let sites = site::Entity::find().all(db).await?;
    for r in region::Entity::find().all(db).await? {
        names.insert(("region".into(), r.id), format!("Region: {}", r.name));
    }
    for d in department::Entity::find().all(db).await? {
        let site = sites
            .iter()
            .find(|s| s.id == d.site_id)
            .map_or("", |s| s.name.as_str());
        names.insert(("department".into(), d.id), format!("{site} · {}", d.name));
    }
    for s in sites {
        names.insert(("site".into(), s.id), format!("Site: {}", s.name));
    }
    Ok(names)
}

/// Modules with their scenarios and, for HR and admins, who they are assigned to.
pub async fn modules(db: &DatabaseConnection) -> Result<Vec<ModuleView>, AppError> {
    let cat = Catalogue::load(db).await?;
    let users = user::Entity::find().all(db).await?;
    let names = group_names(db).await?;
    Ok(cat
        .modules
        .iter()
        .map(|(m, ids)| ModuleView {
            pid: m.pid.clone(),
            title: m.title.clone(),
            description: m.description.clone(),
            pass_mark: m.pass_mark,
            rule: Catalogue::rule(m),
            validity_months: m.validity_months,
            scenarios: ids
                .iter()
                .filter_map(|id| {
                    let v = cat.latest.get(id)?;
                    Some(summary(v, cat.scenarios.get(id)?))
                })
                .collect(),
            assignments: cat
                .assignments
                .iter()
                .filter(|a| a.module_id == m.id)
                .map(|a| AssignmentView {
                    target: target_label(a, &users, &names),
                    due_on: a.due_on.format("%Y-%m-%d").to_string(),
                    people: users
                        .iter()
                        .filter(|u| u.active && cat.reaches(a, u))
                        .count(),
                })
                .collect(),
        })
        .collect())
}

/// What the assign form offers: managers their own reports, HR and admins every group.
pub async fn assign_choices(
    db: &DatabaseConnection,
    me: &CurrentUser,
) -> Result<AssignChoices, AppError> {
    let modules = module::Entity::find()
        .order_by_asc(module::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Named {
            id: m.pid,
            name: m.title,
        })
        .collect();
    let mut people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Name);
    if me.role == Role::Manager {
        let scope = crate::org::scope::scope(db, me.id).await?;
        people = people.filter(user::Column::Id.is_in(scope.people));
    }
    let people = people
        .all(db)
        .await?
        .into_iter()
        .map(|u| Named {
            id: format!("person:{}", u.pid),
            name: u.name,
        })
        .collect();
    let default_due = (Utc::now().date_naive() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    if me.role == Role::Manager {
        return Ok(AssignChoices {
            default_due,
            modules,
            people,
            ..Default::default()
        });
    }
    let names = group_names(db).await?;
    let groups = |kind: &str| {
        let mut v: Vec<Named> = names
            .iter()
            .filter(|((k, _), _)| k == kind)
            .map(|((k, id), name)| Named {
                id: format!("{k}:{id}"),
                name: name.clone(),
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    Ok(AssignChoices {
        default_due,
        modules,
        people,
        departments: groups("department"),
        sites: groups("site"),
        regions: groups("region"),
    })
}

pub struct AssignInput {
    pub module: String,
    /// "person:<pid>", "department:<id>", "site:<id>", "region:<id>" or "everyone".
    pub target: String,
    pub due_on: String,
}

/// Assigns a module; assigning the same module to the same target again changes its due date.
pub async fn assign(
    db: &DatabaseConnection,
    me: &CurrentUser,
    input: AssignInput,
) -> Result<String, AppError> {
    let (kind, target) = input
        .target
        .split_once(':')
        .unwrap_or((input.target.as_str(), ""));
    let kind = TargetKind::parse(kind.trim())
        .ok_or_else(|| AppError::invalid("Choose who the module is for."))?;
    let target = target.trim().to_owned();
    let due = chrono::NaiveDate::parse_from_str(input.due_on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("Give a due date (YYYY-MM-DD)."))?;
    if due < Utc::now().date_naive() {
        return Err(AppError::invalid(
            "The due date is in the past; choose today or later.",
        ));
    }
    // Managers assign to people in their scope only; groups are for HR and admins.
    if me.role == Role::Manager && kind != TargetKind::Person {
        return Err(AppError::Forbidden);
    }
    if me.role == Role::Staff {
        return Err(AppError::Forbidden);
    }
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let m = module::Entity::find()
                .filter(module::Column::Pid.eq(input.module.trim()))
                .one(txn)
                .await?
                .ok_or_else(|| AppError::invalid("Choose a module."))?;
            let target_id = match kind {
                TargetKind::Everyone => 0,
                TargetKind::Person => {
                    let u = crate::people::service::find_by_pid(txn, &target)
                        .await
                        .map_err(|_| AppError::invalid("Choose a person."))?;
                    if me.role == Role::Manager
                        && !crate::org::scope::covers(txn, me.id, u.id).await?
                    {
                        return Err(AppError::Forbidden);
                    }
                    if !u.active {
                        return Err(AppError::invalid(format!("{} is deactivated.", u.name)));
                    }
                    u.id
                }
                _ => {
                    let id: i32 = target
                        .parse()
                        .map_err(|_| AppError::invalid(format!("Choose a {}.", kind.key())))?;
                    let exists = match kind {
                        TargetKind::Department => {
                            department::Entity::find_by_id(id).one(txn).await?.is_some()
                        }
                        TargetKind::Site => site::Entity::find_by_id(id).one(txn).await?.is_some(),
                        _ => region::Entity::find_by_id(id).one(txn).await?.is_some(),
                    };
                    if !exists {
                        return Err(AppError::invalid(format!(
                            "That {} no longer exists.",
                            kind.key()
                        )));
                    }
                    id
                }
            };
            let existing = assignment::Entity::find()
                .filter(assignment::Column::ModuleId.eq(m.id))
                .filter(assignment::Column::TargetKind.eq(kind.key()))
                .filter(assignment::Column::TargetId.eq(target_id))
                .one(txn)
                .await?;
            let row = match existing {
                Some(a) => {
                    let mut a: assignment::ActiveModel = a.into();
                    a.due_on = Set(due);
                    a.update(txn).await?
                }
                None => {
                    assignment::ActiveModel {
                        pid: Set(uuid::Uuid::new_v4().to_string()),
                        module_id: Set(m.id),
                        target_kind: Set(kind.key().into()),
                        target_id: Set(target_id),
                        due_on: Set(due),
                        assigned_by: Set(me.id),
                        created_at: Set(Utc::now()),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?
                }
            };
            let cat = Catalogue::load(txn).await?;
            let reached = user::Entity::find()
                .filter(user::Column::Active.eq(true))
                .all(txn)
                .await?
                .iter()
                .filter(|u| cat.reaches(&row, u))
                .count();
            Ok(format!(
                "“{}” is assigned to {reached} {}, due {}.",
                m.title,
                if reached == 1 { "person" } else { "people" },
                due.format("%-d %B %Y")
            ))
        })
    })
    .await
}

/// A library scenario's details, versions and map (of the latest version).
pub async fn detail(db: &DatabaseConnection, slug: &str) -> Result<ScenarioDetail, AppError> {
    use crate::entities::attempt;
    use sea_orm::PaginatorTrait;
    let s = crate::training::service::find_scenario(db, slug).await?;
    let versions = crate::training::service::versions_of(db, s.id).await?;
    let latest = versions
        .first()
        .ok_or_else(|| AppError::NotFound("That scenario".into()))?;
    let model = crate::training::service::scenario_of(latest)?;
    let problems = crate::training::validate::validate(&model);
    let mut infos = Vec::new();
    for v in &versions {
        infos.push(VersionInfo {
            version: v.version,
            created_at: v.created_at.format("%-d %b %Y").to_string(),
            steps: v.steps,
            attempts: attempt::Entity::find()
                .filter(attempt::Column::ScenarioVersionId.eq(v.id))
                .count(db)
                .await? as usize,
        });
    }
    Ok(ScenarioDetail {
        summary: summary(latest, &s),
        persona: model.persona.clone(),
        start_mood: model.mood,
        start_trust: model.trust,
        endings: model.steps.iter().filter(|st| st.ending.is_some()).count(),
        versions: infos,
        map: crate::training::map::layout(&model, &problems),
        problems,
        draft: crate::training::service::drafts::open_for(db, s.id).await?,
    })
}

/// Publishes, unpublishes or archives a scenario. Attempts under way can still be finished.
pub async fn set_lifecycle(
    db: &DatabaseConnection,
    slug: &str,
    to: &str,
) -> Result<String, AppError> {
    let to = Lifecycle::parse(to.trim())
        .ok_or_else(|| AppError::invalid("Choose publish, unpublish or archive."))?;
    let slug = slug.trim().to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let s = crate::training::service::find_scenario(txn, &slug).await?;
            let title = s.title.clone();
            let mut a: scenario::ActiveModel = s.into();
            a.status = Set(to.key().into());
            a.update(txn).await?;
            Ok(match to {
                Lifecycle::Published => format!("“{title}” is published: learners can start it again."),
                Lifecycle::Unpublished => format!(
                    "“{title}” is unpublished: nobody can start it, and modules leave it out until it is published again."
                ),
                Lifecycle::Archived => format!("“{title}” is archived. Its results are kept."),
            })
        })
    })
    .await
}
