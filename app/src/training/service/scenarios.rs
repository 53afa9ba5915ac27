//! The scenario library: listing, storing versions, export, details and lifecycle.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::entities::{scenario, scenario_version};
use crate::error::AppError;
use crate::state;
use crate::training::files::format::{self};
use crate::training::rules::model::Skill;
use crate::training::service::catalogue::Catalogue;
use crate::training::types::*;

pub(crate) fn summary(v: &scenario_version::Model, s: &scenario::Model) -> ScenarioSummary {
    ScenarioSummary {
        slug: s.slug.clone(),
        lifecycle: s.status,
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
    s: &crate::training::rules::model::Scenario,
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
                a.status = Set(Lifecycle::Published);
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
                status: Set(Lifecycle::Published),
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

/// The latest version's text, and a file name for it.
pub async fn export(db: &DatabaseConnection, slug: &str) -> Result<(String, String), AppError> {
    let s = crate::training::service::catalogue::find_scenario(db, slug).await?;
    let v = crate::training::service::catalogue::versions_of(db, s.id)
        .await?
        .swap_remove(0);
    Ok((format!("{slug}.toml"), v.source))
}

/// A library scenario's details, versions and map (of the latest version).
pub async fn detail(db: &DatabaseConnection, slug: &str) -> Result<ScenarioDetail, AppError> {
    use crate::entities::attempt;
    use sea_orm::PaginatorTrait;
    let s = crate::training::service::catalogue::find_scenario(db, slug).await?;
    let versions = crate::training::service::catalogue::versions_of(db, s.id).await?;
    let latest = versions
        .first()
        .ok_or_else(|| AppError::NotFound("That scenario".into()))?;
    let model = crate::training::service::catalogue::scenario_of(latest)?;
    let problems = crate::training::rules::validate::validate(&model);
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
        map: crate::training::rules::map::layout(&model, &problems),
        problems,
        draft: open_draft(db, s.id).await?,
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
            let s = crate::training::service::catalogue::find_scenario(txn, &slug).await?;
            let title = s.title.clone();
            let mut a: scenario::ActiveModel = s.into();
            a.status = Set(to);
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

/// The id of the draft of this scenario's next version, if one is open.
async fn open_draft<C: ConnectionTrait>(
    db: &C,
    scenario_id: i32,
) -> Result<Option<String>, AppError> {
    Ok(crate::entities::scenario_draft::Entity::find()
        .filter(crate::entities::scenario_draft::Column::ScenarioId.eq(scenario_id))
        .one(db)
        .await?
        .map(|r| r.pid))
}
