//! Drafts written in the browser: create, edit, check, play-test, publish as a version, discard.
//!
//! HR and admins work on every draft and publish; managers write drafts of new scenarios and see
//! only their own. A draft stores the editor's fields as typed (JSON); publishing checks it with
//! the same rules as a file import and stores it as the scenario's next version.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::auth::service::CurrentUser;
use crate::entities::{scenario, scenario_draft, user};
use crate::error::AppError;
use crate::state;
use crate::training::rules::editor::DraftScenario;
use crate::training::rules::model::Scenario;
use crate::training::rules::play;
use crate::training::rules::validate::{Problem, valid_id};
use crate::training::service::scenarios::{Stored, store_version};
use crate::training::types::{
    AssessmentReport, DraftSummary, DraftView, PlaytestEnding, PlaytestView,
};

/// Reviewers publish and see everyone's drafts: those who manage training.
fn is_reviewer(me: &CurrentUser) -> bool {
    crate::auth::policy::allows(me.actor(), crate::auth::policy::Permission::ManageTraining)
}

fn body_of(row: &scenario_draft::Model) -> Result<DraftScenario, AppError> {
    serde_json::from_str(&row.body).map_err(|e| {
        tracing::error!(draft = row.id, error = %e, "stored draft does not parse");
        AppError::Internal
    })
}

fn to_body(d: &DraftScenario) -> Result<String, AppError> {
    serde_json::to_string(d).map_err(|e| {
        tracing::error!(error = %e, "draft does not serialise");
        AppError::Internal
    })
}

/// The draft, if the caller may work on it: HR and admins any, managers their own.
async fn find<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    pid: &str,
) -> Result<scenario_draft::Model, AppError> {
    let row = scenario_draft::Entity::find()
        .filter(scenario_draft::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That draft".into()))?;
    if !is_reviewer(me) && row.created_by != me.id {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

/// Validation explores every conversation: CPU work, kept off the async threads.
async fn checked(d: DraftScenario) -> Result<(DraftScenario, Scenario, Vec<Problem>), AppError> {
    tokio::task::spawn_blocking(move || {
        let (s, p) = d.check();
        (d, s, p)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "draft validation task failed");
        AppError::Internal
    })
}

async fn name_of<C: ConnectionTrait>(db: &C, id: i32) -> Result<String, AppError> {
    Ok(user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map_or_else(|| "someone".to_owned(), |u| u.name))
}

fn stamp(t: chrono::DateTime<Utc>) -> String {
    t.format("%-d %b %Y, %H:%M UTC").to_string()
}

pub async fn list(
    db: &DatabaseConnection,
    me: &CurrentUser,
) -> Result<Vec<DraftSummary>, AppError> {
    let mut q = scenario_draft::Entity::find().order_by_desc(scenario_draft::Column::UpdatedAt);
    if !is_reviewer(me) {
        q = q.filter(scenario_draft::Column::CreatedBy.eq(me.id));
    }
    let rows = q.all(db).await?;
    let names: std::collections::HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.updated_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut out = Vec::new();
    for row in rows {
        let (d, _, problems) = checked(body_of(&row)?).await?;
        out.push(DraftSummary {
            pid: row.pid.clone(),
            slug: row.slug.clone(),
            title: if d.meta.title.trim().is_empty() {
                row.slug.clone()
            } else {
                d.meta.title.clone()
            },
            base_version: row.base_version,
            problems: problems.len(),
            updated_at: stamp(row.updated_at),
            updated_by: names
                .get(&row.updated_by)
                .cloned()
                .unwrap_or_else(|| "someone".to_owned()),
        });
    }
    Ok(out)
}

async fn scenario_exists<C: ConnectionTrait>(db: &C, slug: &str) -> Result<bool, AppError> {
    Ok(scenario::Entity::find()
        .filter(scenario::Column::Slug.eq(slug))
        .one(db)
        .await?
        .is_some())
}

/// Refuses an id already used by a scenario or another draft.
async fn id_free<C: ConnectionTrait>(db: &C, slug: &str) -> Result<(), AppError> {
    if scenario_exists(db, slug).await? {
        return Err(AppError::Conflict(format!(
            "A scenario with the id `{slug}` already exists; choose another id, or edit that scenario."
        )));
    }
    if scenario_draft::Entity::find()
        .filter(scenario_draft::Column::Slug.eq(slug))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "A draft with the id `{slug}` already exists; open it from the list of drafts."
        )));
    }
    Ok(())
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    d: &DraftScenario,
    scenario_id: Option<i32>,
    base_version: Option<i32>,
) -> Result<String, AppError> {
    let now = Utc::now();
    let pid = uuid::Uuid::new_v4().to_string();
    scenario_draft::ActiveModel {
        pid: Set(pid.clone()),
        slug: Set(d.id.clone()),
        scenario_id: Set(scenario_id),
        base_version: Set(base_version),
        body: Set(to_body(d)?),
        revision: Set(1),
        created_by: Set(me.id),
        updated_by: Set(me.id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(pid)
}

/// A new scenario's first draft; returns the draft's id.
pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    slug: &str,
    title: &str,
) -> Result<String, AppError> {
    let slug = slug.trim().to_owned();
    let title = title.trim().to_owned();
    let mut problems = Vec::new();
    if !valid_id(&slug) {
        problems.push(format!("“{slug}” cannot be a scenario id: use 1 to 60 lower-case letters, digits and dashes, such as `late-delivery`."));
    }
    if title.is_empty() || title.chars().count() > 120 {
        problems.push("Give the scenario a title of 1 to 120 characters.".to_owned());
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems.join(" ")));
    }
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            id_free(txn, &slug).await?;
            insert(txn, &me, &DraftScenario::starter(&slug, &title), None, None).await
        })
    })
    .await
}

/// The draft of a published scenario's next version: the one already open, or a new one from the
/// latest version. Returns the draft's id.
pub async fn edit(
    db: &DatabaseConnection,
    me: &CurrentUser,
    slug: &str,
) -> Result<String, AppError> {
    let slug = slug.trim().to_owned();
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let s = crate::training::service::catalogue::find_scenario(txn, &slug).await?;
            if let Some(row) = scenario_draft::Entity::find()
                .filter(scenario_draft::Column::Slug.eq(&s.slug))
                .one(txn)
                .await?
            {
                return Ok(row.pid);
            }
            let latest = crate::training::service::catalogue::versions_of(txn, s.id)
                .await?
                .swap_remove(0);
            let model = crate::training::service::catalogue::scenario_of(&latest)?;
            insert(
                txn,
                &me,
                &DraftScenario::from_scenario(&model),
                Some(s.id),
                Some(latest.version),
            )
            .await
        })
    })
    .await
}

/// A draft of a new scenario copied from a published one, under a free id.
pub async fn duplicate(
    db: &DatabaseConnection,
    me: &CurrentUser,
    slug: &str,
) -> Result<(String, String), AppError> {
    let slug = slug.trim().to_owned();
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let s = crate::training::service::catalogue::find_scenario(txn, &slug).await?;
            let latest = crate::training::service::catalogue::versions_of(txn, s.id)
                .await?
                .swap_remove(0);
            let mut d = DraftScenario::from_scenario(&crate::training::service::catalogue::scenario_of(&latest)?);
            let base: String = format!("{}-copy", s.slug).chars().take(54).collect();
            let mut id = base.clone();
            let mut n = 1;
            // Only a taken id moves on to the next number; a database error ends the copy.
            loop {
                match id_free(txn, &id).await {
                    Ok(()) => break,
                    Err(AppError::Conflict(_)) => {
                        n += 1;
                        id = format!("{base}-{n}");
                    }
                    Err(e) => return Err(e),
                }
            }
            d.id = id;
            d.meta.title = format!("Copy of {}", d.meta.title).chars().take(120).collect();
            let msg = format!(
                "“{}” is a new draft copied from version {}; edit it and publish it when it is ready.",
                d.meta.title, latest.version
            );
            Ok((insert(txn, &me, &d, None, None).await?, msg))
        })
    })
    .await
}

pub async fn view(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
) -> Result<DraftView, AppError> {
    let row = find(db, me, pid).await?;
    let (draft, scenario, problems) = checked(body_of(&row)?).await?;
    Ok(DraftView {
        pid: row.pid.clone(),
        slug: row.slug.clone(),
        revision: row.revision,
        base_version: row.base_version,
        map: crate::training::rules::map::layout(&scenario, &problems),
        assessment: if problems.is_empty() {
            crate::training::rules::assess::assess(
                &scenario,
                crate::training::rules::assess::USUAL_PASS_MARK,
            )
            .map(|a| AssessmentReport {
                summary: a.summary(),
                warnings: a.warnings(),
            })
        } else {
            None
        },
        draft,
        problems,
        can_publish: is_reviewer(me),
        updated_at: stamp(row.updated_at),
        updated_by: name_of(db, row.updated_by).await?,
    })
}

/// Applies one edit to the draft in a transaction. A page older than the draft's last save is
/// refused, so two people editing never overwrite each other silently.
pub async fn update<F>(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    revision: &str,
    edit: F,
) -> Result<(), AppError>
where
    F: FnOnce(&mut DraftScenario) -> Result<(), String> + Send + 'static,
{
    let revision: i32 = revision
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("The form is missing its revision; reload the page."))?;
    let pid = pid.trim().to_owned();
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let row = find(txn, &me, &pid).await?;
            // Someone else saved since this page was loaded. (The author's own earlier saves from the
            // same page are expected: every step form saves on its own.)
            if row.revision != revision && row.updated_by != me.id {
                let who = name_of(txn, row.updated_by).await?;
                return Err(AppError::Conflict(format!(
                    "{who} saved this draft at {} after you opened it. Nothing was changed; reload the page to see their changes, then make yours again.",
                    stamp(row.updated_at)
                )));
            }
            let mut d = body_of(&row)?;
            edit(&mut d).map_err(AppError::Invalid)?;
            let mut a: scenario_draft::ActiveModel = row.clone().into();
            a.body = Set(to_body(&d)?);
            a.revision = Set(row.revision + 1);
            a.updated_by = Set(me.id);
            a.updated_at = Set(Utc::now());
            a.update(txn).await?;
            Ok(())
        })
    })
    .await
}

/// The problems of one step if it were saved as `step`, without saving: what the editor shows
/// while the author types. An edit that saving would refuse comes back as a problem of the step.
pub async fn check_step(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    original: &str,
    step: crate::training::rules::editor::DraftStep,
) -> Result<Vec<Problem>, AppError> {
    let row = find(db, me, pid).await?;
    let mut d = body_of(&row)?;
    let id = step.id.trim().to_owned();
    if let Err(message) = d.set_step(original.trim(), step) {
        return Ok(vec![Problem {
            step: Some(original.trim().to_owned()),
            choice: None,
            field: "id".into(),
            message,
        }]);
    }
    let (_, _, problems) = checked(d).await?;
    Ok(problems
        .into_iter()
        .filter(|p| p.step.as_deref() == Some(id.as_str()))
        .map(|mut p| {
            // Shown at the step as it is on the page, whatever the new id.
            p.step = Some(original.trim().to_owned());
            p
        })
        .collect())
}

/// The scenario-level problems if the details were saved as `meta`, without saving.
pub async fn check_meta(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    meta: crate::training::rules::editor::DraftMeta,
) -> Result<Vec<Problem>, AppError> {
    let row = find(db, me, pid).await?;
    let mut d = body_of(&row)?;
    if let Err(message) = d.set_meta(meta) {
        return Ok(vec![Problem {
            step: None,
            choice: None,
            field: String::new(),
            message,
        }]);
    }
    let (_, _, problems) = checked(d).await?;
    Ok(problems.into_iter().filter(|p| p.step.is_none()).collect())
}

/// Publishes a draft without problems as its scenario's next version (or a new scenario) and
/// removes the draft. Returns the scenario id and a message.
pub async fn publish(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    revision: &str,
) -> Result<(String, String), AppError> {
    if !is_reviewer(me) {
        return Err(AppError::Forbidden);
    }
    let row = find(db, me, pid).await?;
    if revision.trim() != row.revision.to_string() && row.updated_by != me.id {
        return Err(AppError::Conflict(
            "This draft was saved again after you opened it. Nothing was published; reload the page, check the changes and publish again.".into(),
        ));
    }
    let (_, scenario, problems) = checked(body_of(&row)?).await?;
    if !problems.is_empty() {
        let first: Vec<String> = problems.iter().take(5).map(ToString::to_string).collect();
        return Err(AppError::Invalid(format!(
            "Nothing was published: the draft has {} problem{}. {}{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            first.join("; "),
            if problems.len() > 5 { "; …" } else { "" }
        )));
    }
    let actor = me.id;
    state::write(db, move |txn| {
        Box::pin(async move {
            // The draft may have changed or gone while it was being checked.
            let now_row = scenario_draft::Entity::find_by_id(row.id)
                .one(txn)
                .await?
                .filter(|r| r.revision == row.revision)
                .ok_or_else(|| {
                    AppError::Conflict(
                        "The draft changed while it was being published. Nothing was published; reload the page.".into(),
                    )
                })?;
            match now_row.scenario_id {
                Some(id) => {
                    let latest = crate::training::service::catalogue::versions_of(txn, id)
                        .await?
                        .swap_remove(0);
                    if Some(latest.version) != now_row.base_version {
                        return Err(AppError::Conflict(format!(
                            "Version {} of this scenario was published after this draft was started from version {}. Nothing was published: discard this draft and edit the scenario again, so its changes are not lost.",
                            latest.version,
                            now_row.base_version.unwrap_or(0)
                        )));
                    }
                }
                None => id_free_of_scenarios(txn, &now_row.slug).await?,
            }
            let stored = store_version(txn, Some(actor), &scenario, true).await?;
            now_row.delete(txn).await?;
            let msg = match stored {
                Stored::Created => format!("“{}” is published as version 1. Add it to a module to assign it.", scenario.title),
                Stored::Updated(v) => format!("“{}” is published as version {v}. New attempts play it; earlier attempts keep the version they played.", scenario.title),
                Stored::Unchanged(v) => format!("The draft was the same as version {v}, so no new version was made; the draft is closed."),
            };
            Ok((scenario.id.clone(), msg))
        })
    })
    .await
}

async fn id_free_of_scenarios<C: ConnectionTrait>(db: &C, slug: &str) -> Result<(), AppError> {
    if scenario_exists(db, slug).await? {
        return Err(AppError::Conflict(format!(
            "A scenario with the id `{slug}` was imported after this draft was started. Nothing was published; duplicate that scenario or discard this draft."
        )));
    }
    Ok(())
}

/// Deletes a draft; published versions are untouched.
pub async fn discard(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
) -> Result<String, AppError> {
    let pid = pid.trim().to_owned();
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let row = find(txn, &me, &pid).await?;
            let title = body_of(&row)?.meta.title;
            row.delete(txn).await?;
            Ok(format!("The draft “{title}” was discarded."))
        })
    })
    .await
}

/// Plays the draft as a learner would, without recording anything: `path` lists the index of each
/// choice made so far ("0.2.1").
pub async fn playtest(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    path: &str,
) -> Result<PlaytestView, AppError> {
    let row = find(db, me, pid).await?;
    let (_, s, problems) = checked(body_of(&row)?).await?;
    let mut picks = Vec::new();
    for part in path.split('.').map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<usize>() {
            Ok(i) if picks.len() < 500 => picks.push(i),
            _ => {
                return Err(AppError::invalid(
                    "That play-test address is not valid; start again from the first step.",
                ));
            }
        }
    }
    if s.step(&s.start).is_none() {
        return Err(AppError::Invalid(format!(
            "The first step `{}` does not exist, so the draft cannot be played yet. Set the first step in the scenario's details.",
            s.start
        )));
    }
    let mut state = play::start(&s);
    let mut last = None;
    for &i in &picks {
        let before = state.clone();
        state = play::choose(&s, &state, i).map_err(|e| match e {
            play::PlayError::Broken(step) => AppError::Invalid(format!(
                "That choice leads to step `{step}`, which does not exist. Fix the choice in the editor, then play again."
            )),
            other => AppError::Invalid(format!("{other} Start again from the first step.")),
        })?;
        let step = s.step(&before.step).ok_or(AppError::Internal)?;
        let c = &step.choices[i];
        let net: i32 = c.points.0.values().sum();
        last = Some((c.text.clone(), c.feedback.clone(), net));
    }
    let step = s.step(&state.step).ok_or_else(|| {
        AppError::Invalid(format!(
            "The conversation reached step `{}`, which does not exist. Fix the choice that leads there.",
            state.step
        ))
    })?;
    let ending = play::score(&s, &state).map(|sc| PlaytestEnding {
        label: sc.ending.label().to_owned(),
        key: sc.ending.key().to_owned(),
        debrief: step.debrief.clone(),
        score: sc.overall,
        skills: sc
            .skills
            .iter()
            .map(|(k, v)| (k.label().to_owned(), *v))
            .collect(),
    });
    let choices = if ending.is_some() {
        Vec::new()
    } else {
        play::open_choices(&step.choices, state.mood, state.trust)
            .into_iter()
            .map(|i| (i, step.choices[i].text.clone()))
            .collect()
    };
    Ok(PlaytestView {
        pid: row.pid.clone(),
        title: s.title.clone(),
        persona: s.persona.clone(),
        problems: problems.len(),
        path: picks
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("."),
        step: step.id.clone(),
        narration: step.narration.clone(),
        customer: step.customer.clone(),
        mood: state.mood,
        trust: state.trust,
        last,
        choices,
        ending,
    })
}
