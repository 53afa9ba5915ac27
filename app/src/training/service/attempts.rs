//! Playing: starting or resuming an attempt, recording each choice, and the debrief.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::auth::policy::{Permission, allows};
use crate::auth::service::CurrentUser;
use crate::entities::{attempt, attempt_choice, scenario, scenario_version, user};
use crate::error::AppError;
use crate::state;
use crate::training::rules::model::{Ending, Scenario, Skill};
use crate::training::rules::play::{self, Move, PlayState};
use crate::training::service::catalogue::scenario_of;
use crate::training::types::*;

fn not_found() -> AppError {
    AppError::NotFound("That attempt".into())
}

/// Starts a scenario, or resumes the person's unfinished attempt at it; returns the attempt's id.
pub async fn start(
    db: &DatabaseConnection,
    user_id: i32,
    slug: String,
) -> Result<String, AppError> {
    state::write(db, move |txn| {
        Box::pin(async move {
            let s = crate::training::service::catalogue::find_scenario(txn, &slug).await?;
            let versions = crate::training::service::catalogue::versions_of(txn, s.id).await?;
            let ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
            if let Some(open) = attempt::Entity::find()
                .filter(attempt::Column::UserId.eq(user_id))
                .filter(attempt::Column::ScenarioVersionId.is_in(ids))
                .filter(attempt::Column::FinishedAt.is_null())
                .one(txn)
                .await?
            {
                return Ok(open.pid);
            }
            if s.status != crate::training::types::Lifecycle::Published {
                return Err(AppError::Conflict(format!(
                    "“{}” is not available right now; it has been taken out of the library.",
                    s.title
                )));
            }
            let v = versions
                .first()
                .ok_or_else(|| AppError::NotFound("That scenario".into()))?;
            let start = play::start(&scenario_of(v)?);
            let a = attempt::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                user_id: Set(user_id),
                scenario_version_id: Set(v.id),
                started_at: Set(Utc::now()),
                finished_at: Set(None),
                moves: Set(0),
                step: Set(start.step),
                mood: Set(start.mood),
                trust: Set(start.trust),
                ending: Set(None),
                score: Set(None),
                skill_scores: Set(None),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(a.pid)
        })
    })
    .await
}

struct Loaded {
    attempt: attempt::Model,
    version: scenario_version::Model,
    scenario: Scenario,
    moves: Vec<attempt_choice::Model>,
}

async fn load<C: ConnectionTrait>(db: &C, pid: &str) -> Result<Loaded, AppError> {
    let attempt = attempt::Entity::find()
        .filter(attempt::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let version = scenario_version::Entity::find_by_id(attempt.scenario_version_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let scenario = scenario_of(&version)?;
    let moves = attempt_choice::Entity::find()
        .filter(attempt_choice::Column::AttemptId.eq(attempt.id))
        .order_by_asc(attempt_choice::Column::Seq)
        .all(db)
        .await?;
    Ok(Loaded {
        attempt,
        version,
        scenario,
        moves,
    })
}

fn replay(l: &Loaded) -> Result<PlayState, AppError> {
    let moves: Vec<Move> = l
        .moves
        .iter()
        .map(|m| Move {
            step: m.step.clone(),
            choice: m.choice_index as usize,
        })
        .collect();
    play::replay(&l.scenario, &moves).map_err(|e| {
        tracing::error!(attempt = l.attempt.id, error = %e, "recorded moves do not replay");
        AppError::Internal
    })
}

fn view(l: &Loaded, state: &PlayState) -> PlayView {
    let s = &l.scenario;
    let step = s.step(&state.step);
    let last = l.moves.last().and_then(|m| {
        let c = s.step(&m.step)?.choices.get(m.choice_index as usize)?;
        Some(LastMove {
            choice: c.text.clone(),
            feedback: c.feedback.clone(),
            points: c.points.0.values().sum(),
        })
    });
    PlayView {
        attempt: l.attempt.pid.clone(),
        title: s.title.clone(),
        setting: s.setting.label().to_owned(),
        persona: s.persona.clone(),
        narration: step.map(|st| st.narration.clone()).unwrap_or_default(),
        customer: step.map(|st| st.customer.clone()).unwrap_or_default(),
        mood: state.mood,
        trust: state.trust,
        choices: step
            .map(|st| {
                let open = play::open_choices(&st.choices, state.mood, state.trust);
                play::shown_order(&st.choices, &open, &l.attempt.pid, &st.id)
                    .into_iter()
                    .map(|i| (i, st.choices[i].text.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        seq: l.moves.len() as i32,
        last,
        finished: l.attempt.finished_at.is_some(),
    }
}

/// The conversation as it stands, for its player only.
pub async fn current(
    db: &DatabaseConnection,
    user_id: i32,
    pid: &str,
) -> Result<PlayView, AppError> {
    let l = load(db, pid).await?;
    if l.attempt.user_id != user_id {
        return Err(not_found());
    }
    let state = replay(&l)?;
    Ok(view(&l, &state))
}

/// Records one choice. `seq` is the number of moves the player saw; a stale or repeated post changes nothing.
pub async fn choose(
    db: &DatabaseConnection,
    user_id: i32,
    pid: String,
    seq: i32,
    choice: usize,
) -> Result<PlayView, AppError> {
    state::write(db, move |txn| {
        Box::pin(async move {
            let mut l = load(txn, &pid).await?;
            if l.attempt.user_id != user_id {
                return Err(not_found());
            }
            if l.attempt.finished_at.is_some() {
                return Err(AppError::Conflict("This attempt is finished; start a new one to play again.".into()));
            }
            if seq != l.moves.len() as i32 {
                return Err(AppError::Conflict(
                    "That step was already answered (perhaps in another tab). Here is where the conversation stands now.".into(),
                ));
            }
            let state = replay(&l)?;
            let next = play::choose(&l.scenario, &state, choice)
                .map_err(|e| AppError::Invalid(e.to_string()))?;
            let now = Utc::now();
            let row = attempt_choice::ActiveModel {
                attempt_id: Set(l.attempt.id),
                user_id: Set(user_id),
                scenario_version_id: Set(l.version.id),
                seq: Set(seq),
                step: Set(state.step.clone()),
                choice_index: Set(choice as i32),
                chosen_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            l.moves.push(row);
            let mut a: attempt::ActiveModel = l.attempt.clone().into();
            a.moves = Set(seq + 1);
            a.step = Set(next.step.clone());
            a.mood = Set(next.mood);
            a.trust = Set(next.trust);
            if let Some(score) = play::score(&l.scenario, &next) {
                a.finished_at = Set(Some(now));
                a.ending = Set(Some(score.ending));
                a.score = Set(Some(score.overall));
                a.skill_scores = Set(Some(serde_json::to_string(&score.skills).map_err(|_| AppError::Internal)?));
            }
            l.attempt = a.update(txn).await?;
            if l.attempt.finished_at.is_some() {
                crate::training::service::certificates::issue_if_passed(txn, user_id, now.date_naive()).await?;
            }
            Ok(view(&l, &next))
        })
    })
    .await
}

/// A finished attempt's score per skill (none for an unfinished one). Stored JSON that does not
/// read is logged: the attempt then counts as having no skill scores rather than failing a report.
pub fn skill_scores(a: &attempt::Model) -> Vec<(Skill, i32)> {
    let Some(text) = a.skill_scores.as_deref() else {
        return Vec::new();
    };
    serde_json::from_str(text).unwrap_or_else(|e| {
        tracing::error!(attempt = a.id, error = %e, "stored skill scores do not read");
        Vec::new()
    })
}

/// The debrief of a finished attempt: its player, their manager, HR and admins may read it.
pub async fn debrief(
    db: &DatabaseConnection,
    viewer: &CurrentUser,
    pid: &str,
) -> Result<Debrief, AppError> {
    let l = load(db, pid).await?;
    let owner = user::Entity::find_by_id(l.attempt.user_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let own = owner.id == viewer.id;
    if !own
        && !allows(
            viewer.actor(),
            Permission::ViewPerson(
                crate::people::service::person_ref(db, viewer.actor(), &owner).await?,
            ),
        )
    {
        return Err(not_found());
    }
    if l.attempt.finished_at.is_none() {
        return Err(AppError::Conflict(
            "This attempt is not finished yet.".into(),
        ));
    }
    let s = &l.scenario;
    let state = replay(&l)?;
    let ending_step = s.step(&state.step).ok_or(AppError::Internal)?;
    let path = l
        .moves
        .iter()
        .filter_map(|m| {
            let st = s.step(&m.step)?;
            let c = st.choices.get(m.choice_index as usize)?;
            Some(PathStep {
                narration: st.narration.clone(),
                customer: st.customer.clone(),
                choice: c.text.clone(),
                feedback: c.feedback.clone(),
                points: c.points.0.values().sum(),
            })
        })
        .collect();
    // Best and latest across every version of this scenario.
    let versions: Vec<i32> = scenario_version::Entity::find()
        .filter(scenario_version::Column::ScenarioId.eq(l.version.scenario_id))
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    let done = attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(owner.id))
        .filter(attempt::Column::ScenarioVersionId.is_in(versions))
        .filter(attempt::Column::FinishedAt.is_not_null())
        .order_by_asc(attempt::Column::FinishedAt)
        .all(db)
        .await?;
    let scores: Vec<i32> = done.iter().filter_map(|a| a.score).collect();
    let slug = scenario::Entity::find_by_id(l.version.scenario_id)
        .one(db)
        .await?
        .map(|s| s.slug)
        .unwrap_or_default();
    Ok(Debrief {
        attempt: l.attempt.pid.clone(),
        person: owner.name,
        own,
        slug,
        title: s.title.clone(),
        version: l.version.version,
        finished_at: l
            .attempt
            .finished_at
            .map(|t| t.format("%-d %B %Y, %H:%M").to_string())
            .unwrap_or_default(),
        ending: ending_step.ending.unwrap_or(Ending::Misery),
        ending_narration: ending_step.narration.clone(),
        debrief: ending_step.debrief.clone(),
        score: l.attempt.score.unwrap_or(0),
        skills: skill_scores(&l.attempt),
        path,
        best: scores.iter().copied().max().unwrap_or(0),
        latest: scores.last().copied().unwrap_or(0),
        attempts: scores.len(),
    })
}
