//! Modules: creating them, bringing them in line with a module file, export, and the list.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::entities::{module, module_scenario, scenario, user};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::state;
use crate::training::files::bundle::{self, ModuleFile, ModuleHead};
use crate::training::service::assignments::assignment_view;
use crate::training::service::catalogue::Catalogue;
use crate::training::service::scenarios::{Stored, summary};
use crate::training::types::*;

/// Creates the module a module file describes, or brings the module with its title in line with
/// it (settings and scenario list); a module that already matches is left alone.
pub(crate) async fn upsert_module<C: ConnectionTrait>(
    txn: &C,
    head: ModuleHead,
) -> Result<Stored, AppError> {
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
        if s.status != Lifecycle::Published {
            return Err(AppError::invalid(format!(
                "Module “{}” lists “{}”, which is {}; publish it first. Nothing was imported.",
                head.title,
                s.title,
                s.status.key()
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
                && m.rule == rule
                && m.description == description
                && m.validity_months == head.validity_months
            {
                return Ok(Stored::Unchanged(0));
            }
            let mut a: module::ActiveModel = m.clone().into();
            a.pass_mark = Set(head.pass_mark);
            a.rule = Set(rule);
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
                rule: Set(rule),
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
        let v = crate::training::service::catalogue::versions_of(db, s.id)
            .await?
            .swap_remove(0);
        slugs.push(s.slug.clone());
        scenarios.push(crate::training::service::catalogue::scenario_of(&v)?);
    }
    let file = ModuleFile {
        module: ModuleHead {
            title: m.title.clone(),
            description: m.description.clone(),
            pass_mark: m.pass_mark,
            rule: m.rule.key().into(),
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
                rule: Set(rule),
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
                if s.status != Lifecycle::Published {
                    return Err(AppError::invalid(format!(
                        "“{}” is {}; publish it before adding it to a module.",
                        s.title,
                        s.status.key()
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

/// Modules with their scenarios and, for HR and admins, who they are assigned to.
pub async fn modules(db: &DatabaseConnection) -> Result<Vec<ModuleView>, AppError> {
    let cat = Catalogue::load(db).await?;
    let users = user::Entity::find().all(db).await?;
    let org = OrgIndex::load(db).await?;
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
                .map(|a| assignment_view(&cat, a, &users, &org))
                .collect(),
        })
        .collect())
}
