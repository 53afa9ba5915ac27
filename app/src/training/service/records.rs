//! Learning records: every attempt and choice in a period and group, as validated xAPI statements.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{attempt, attempt_choice, scenario, scenario_version};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::scope::ReportScope;
use crate::reporting::service::{bounds, people_in};
use crate::training::files::xapi::{self, XapiAttempt, XapiMove};
use crate::training::service::catalogue::scenario_of;

/// The statements as a JSON array, and a file name for them. Attempts count when they started in the period.
pub async fn xapi_statements(
    db: &DatabaseConnection,
    scope: &ReportScope,
) -> Result<(String, String), AppError> {
    let org = OrgIndex::load(db).await?;
    let people: HashMap<i32, crate::entities::user::Model> = people_in(db, &org, scope, false)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let settings = crate::org::settings::load(db).await?;
    let (start, end) = bounds(scope, crate::org::settings::tz(&settings)?);
    let slugs: HashMap<i32, String> = scenario::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.slug))
        .collect();
    let mut versions = HashMap::new();
    for v in scenario_version::Entity::find().all(db).await? {
        let model = scenario_of(&v)?;
        versions.insert(v.id, (v, model));
    }
    // The database picks the attempts: of these people, started within the days.
    let ids: Vec<i32> = people.keys().copied().collect();
    let mut attempts: Vec<attempt::Model> = Vec::new();
    for chunk in ids.chunks(500) {
        let mut q = attempt::Entity::find().filter(attempt::Column::UserId.is_in(chunk.to_vec()));
        if let Some(start) = start {
            q = q.filter(attempt::Column::StartedAt.gte(start));
        }
        if let Some(end) = end {
            q = q.filter(attempt::Column::StartedAt.lt(end));
        }
        attempts.extend(q.all(db).await?);
    }
    attempts.sort_by_key(|a| (a.started_at, a.id));
    let ids: Vec<i32> = attempts.iter().map(|a| a.id).collect();
    let mut moves: HashMap<i32, Vec<attempt_choice::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for c in attempt_choice::Entity::find()
            .filter(attempt_choice::Column::AttemptId.is_in(chunk.to_vec()))
            .order_by_asc(attempt_choice::Column::Seq)
            .all(db)
            .await?
        {
            moves.entry(c.attempt_id).or_default().push(c);
        }
    }
    let mut out = Vec::new();
    for a in &attempts {
        let (Some(person), Some((v, model))) =
            (people.get(&a.user_id), versions.get(&a.scenario_version_id))
        else {
            continue;
        };
        let record = XapiAttempt {
            pid: a.pid.clone(),
            name: person.name.clone(),
            email: person.email.clone(),
            slug: slugs.get(&v.scenario_id).cloned().unwrap_or_default(),
            version: v.version,
            title: model.title.clone(),
            summary: model.summary.clone(),
            started_at: a.started_at.to_rfc3339(),
            finished_at: a.finished_at.map(|t| t.to_rfc3339()),
            score: a.score,
            ending: a.ending,
            moves: moves
                .remove(&a.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|c| {
                    let step = model.step(&c.step)?;
                    Some(XapiMove {
                        seq: c.seq,
                        step: c.step.clone(),
                        narration: step.narration.clone(),
                        choice: c.choice_index as usize,
                        choices: step.choices.iter().map(|x| x.text.clone()).collect(),
                        at: c.chosen_at.to_rfc3339(),
                    })
                })
                .collect(),
        };
        for s in xapi::statements(&record) {
            let problems = xapi::validate(&s);
            if !problems.is_empty() {
                // Never hand a learning record store something it must reject.
                tracing::error!(
                    attempt = a.id,
                    ?problems,
                    "generated an invalid xAPI statement"
                );
                return Err(AppError::Internal);
            }
            out.push(s);
        }
    }
    let name = format!(
        "rapport-xapi-{}-{}.json",
        scope.from.map_or("start".into(), |d| d.to_string()),
        scope.to.map_or("now".into(), |d| d.to_string())
    );
    let body = serde_json::to_string_pretty(&out).map_err(|_| AppError::Internal)?;
    Ok((name, body))
}
