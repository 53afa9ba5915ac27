//! A believable training history for the demo: most staff have played some assigned scenarios.
//!
//! Loaded by `serve --demo` and `seed-demo` on an empty database, never by the service tests.
//! People the browser journeys rely on are left untouched.
use std::collections::HashMap;

use app::entities::{attempt, attempt_choice, scenario, scenario_version, site, user};
use app::state;
use app::training::rules::model::Scenario;
use app::training::rules::play::{self, PlayState};
use app::training::service::catalogue::scenario_of;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// Accounts whose training the end-to-end journeys expect to find empty.
pub const UNTOUCHED: [&str; 6] = [
    "carla.ivanova@harbourgroup.example",
    "carla.berg@harbourgroup.example",
    "dev.okafor@harbourgroup.example",
    "elif.haddad@harbourgroup.example",
    "hugo.murphy@harbourgroup.example",
    "ines.nguyen@harbourgroup.example",
];

/// The demo modules' scenarios that everyone, and North Coast only, are assigned.
const EVERYONE: [&str; 4] = [
    "double-charge",
    "wrong-order",
    "own-fault",
    "repeat-problem",
];
const NORTH: [&str; 4] = [
    "dead-end-transfer",
    "three-departments",
    "finance-refund",
    "third-chat",
];

/// A small deterministic generator, so every demo database tells the same story.
pub struct Dice(pub u64);

impl Dice {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next(10_000) as f64) < p * 10_000.0
    }
}

/// The moves of one conversation: a skilled player mostly picks the choice that helps most.
fn conversation(
    s: &Scenario,
    skill: usize,
    dice: &mut Dice,
    stop_after: Option<usize>,
) -> (Vec<(String, usize)>, PlayState) {
    let mut state = play::start(s);
    let mut moves = Vec::new();
    while let Some(step) = s.step(&state.step) {
        if step.ending.is_some() || stop_after.is_some_and(|n| moves.len() >= n) {
            break;
        }
        let open = play::open_choices(&step.choices, state.mood, state.trust);
        let best = open
            .iter()
            .copied()
            .max_by_key(|i| step.choices[*i].points.0.values().sum::<i32>())
            .unwrap_or(0);
        let pick = if dice.next(10) < skill {
            best
        } else {
            open[dice.next(open.len())]
        };
        let Ok(next) = play::choose(s, &state, pick) else {
            break;
        };
        moves.push((state.step.clone(), pick));
        state = next;
    }
    (moves, state)
}

pub async fn seed_history(db: &DatabaseConnection) -> anyhow::Result<()> {
    let scenarios = scenario::Entity::find().all(db).await?;
    let mut latest: HashMap<i32, scenario_version::Model> = HashMap::new();
    for v in scenario_version::Entity::find().all(db).await? {
        if latest
            .get(&v.scenario_id)
            .is_none_or(|l| l.version < v.version)
        {
            latest.insert(v.scenario_id, v);
        }
    }
    let mut by_slug = HashMap::new();
    for s in &scenarios {
        if let Some(v) = latest.get(&s.id) {
            by_slug.insert(
                s.slug.clone(),
                (v.id, scenario_of(v).map_err(|e| anyhow::anyhow!("{e}"))?),
            );
        }
    }
    let north_sites: Vec<i32> = {
        let regions = app::entities::region::Entity::find().all(db).await?;
        let north = regions
            .iter()
            .find(|r| r.name == "North Coast")
            .map(|r| r.id);
        site::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .filter(|s| Some(s.region_id) == north)
            .map(|s| s.id)
            .collect()
    };
    let staff = user::Entity::find()
        .filter(user::Column::Role.eq(app::auth::types::Role::Staff))
        .all(db)
        .await?
        .into_iter()
        .filter(|u| !UNTOUCHED.contains(&u.email.as_str()))
        .collect::<Vec<_>>();
    state::write(db, move |txn| {
        Box::pin(async move {
            let now = Utc::now();
            let mut finished_on: Vec<(i32, chrono::NaiveDate)> = Vec::new();
            for u in staff {
                let mut dice = Dice(u.id as u64 * 7919);
                // Skill from 3 to 9 in 10; how far through each module from none to all of it.
                let skill = 3 + dice.next(7);
                let mut plan: Vec<&str> = EVERYONE.iter().take(dice.next(5)).copied().collect();
                if u.site_id.is_some_and(|s| north_sites.contains(&s)) {
                    plan.extend(NORTH.iter().take(dice.next(5)));
                }
                for (k, slug) in plan.iter().enumerate() {
                    let Some((version, s)) = by_slug.get(*slug) else {
                        continue;
                    };
                    // Now and then a scenario was replayed, or left half-way.
                    let rounds = if dice.next(4) == 0 { 2 } else { 1 };
                    for round in 0..rounds {
                        let unfinished = k + 1 == plan.len() && dice.next(5) == 0;
                        let (moves, end) =
                            conversation(s, skill + round, &mut dice, unfinished.then_some(2));
                        let started = now
                            - Duration::days(28 - (k * 3 + round) as i64)
                            - Duration::minutes(dice.next(600) as i64);
                        let score = play::score(s, &end);
                        if score.is_some() {
                            let day = (started + Duration::minutes(6)).date_naive();
                            match finished_on.iter_mut().find(|(id, _)| *id == u.id) {
                                Some(entry) => entry.1 = entry.1.max(day),
                                None => finished_on.push((u.id, day)),
                            }
                        }
                        let a = attempt::ActiveModel {
                            pid: Set(uuid::Uuid::new_v4().to_string()),
                            user_id: Set(u.id),
                            scenario_version_id: Set(*version),
                            started_at: Set(started),
                            finished_at: Set(score
                                .as_ref()
                                .map(|_| started + Duration::minutes(6))),
                            moves: Set(moves.len() as i32),
                            step: Set(end.step.clone()),
                            mood: Set(end.mood),
                            trust: Set(end.trust),
                            ending: Set(score.as_ref().map(|x| x.ending)),
                            score: Set(score.as_ref().map(|x| x.overall)),
                            skill_scores: Set(score
                                .as_ref()
                                .and_then(|x| serde_json::to_string(&x.skills).ok())),
                            ..Default::default()
                        }
                        .insert(txn)
                        .await?;
                        for (seq, (step, choice)) in moves.into_iter().enumerate() {
                            attempt_choice::ActiveModel {
                                attempt_id: Set(a.id),
                                user_id: Set(u.id),
                                scenario_version_id: Set(*version),
                                seq: Set(seq as i32),
                                step: Set(step),
                                choice_index: Set(choice as i32),
                                chosen_at: Set(started + Duration::seconds(40 * seq as i64)),
                                ..Default::default()
                            }
                            .insert(txn)
                            .await?;
                        }
                        if unfinished {
                            break;
                        }
                    }
                }
            }
            // Certificates for modules these histories pass, dated on the last attempt.
            for (uid, last) in finished_on {
                app::training::service::certificates::issue_if_passed(txn, uid, last).await?;
            }
            Ok(())
        })
    })
    .await
    .map_err(|e| anyhow::anyhow!("loading demo training history: {e}"))
}
