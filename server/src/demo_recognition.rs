//! A year of recognition for the demo: peer thanks with points from monthly allowances, managers'
//! awards from their sites' budgets, and rewards redeemed, with the variety a real chain shows
//! (some sites and managers recognise far more than others; a few people are overlooked).
//!
//! Loaded with the training history by `serve --demo` and `seed-demo` on an empty database,
//! never by the service tests. It covers the twelve months before this one, so this month's
//! allowances, this quarter's budgets and the accounts the browser journeys use start fresh.
use std::collections::HashMap;

use app::auth::types::Role;
use app::entities::{
    budget_entry, point_entry, recognition, recognition_recipient, recognition_value, redemption,
    reward_item, user,
};
use app::recognition::rules::{self, DEFAULT_ALLOWANCE, DEFAULT_RECIPIENT_CAP, Entry, GiverMonth};
use app::recognition::service::ledger::{self, Link};
use app::recognition::types::{
    BudgetKind, RecognitionKind, RecognitionStatus, RedemptionStatus, Visibility,
};
use app::state;

use crate::demo_history::{Dice, UNTOUCHED};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

/// The demo logins the browser journeys use; with the training history's untouched accounts,
/// they get no history, so what they see is what they did.
pub const LOGINS: [&str; 3] = [
    "morgan.reyes@harbourgroup.example",
    "priya.nair@harbourgroup.example",
    "ben.silva@harbourgroup.example",
];

/// How much each site recognises, relative to the others (cycled over the sites in id order).
const SITE_CULTURE: [f64; 7] = [1.7, 0.45, 1.0, 1.3, 0.3, 0.9, 1.15];

/// What people write, per value (the starter values' order).
const MESSAGES: [[&str; 3]; 5] = [
    [
        "You let the guest in 214 say everything before you said a word, and by the end he was thanking you.",
        "Calm, patient, no excuses: you heard the complaint out and the shouting stopped.",
        "You listened to the whole story about the lost booking before explaining anything. It worked.",
    ],
    [
        "You sorted the refund, the rebooking and the voucher in one call. No transfers.",
        "The guest came with three problems and left with none, all at your desk.",
        "You fixed the billing error on the spot instead of sending them to finance.",
    ],
    [
        "You chased the missing luggage for two days until it was in the guest's room.",
        "You promised a call back and you called back, twice, until it was solved.",
        "You took the broken air conditioning as your problem and saw it fixed by evening.",
    ],
    [
        "The handwritten card and the cake for the anniversary couple made their stay.",
        "You turned a cancelled tour into a private walk of the old town. They posted about it.",
        "Remembering the regular's name and favourite table made her whole week.",
    ],
    [
        "You covered the front desk in the rush even though it is not your job.",
        "The kitchen's help with the allergy question saved the evening for that family.",
        "From housekeeping, you spotted the guest was unwell and told reception at once.",
    ],
];

/// Weights of the values (the first and third are named most, as in most organisations).
const VALUE_WEIGHT: [usize; 5] = [4, 2, 5, 3, 2];

fn first_of_month(back: i32, now: DateTime<Utc>) -> NaiveDate {
    let n = now.year() * 12 + now.month0() as i32 - back;
    NaiveDate::from_ymd_opt(n.div_euclid(12), n.rem_euclid(12) as u32 + 1, 1).unwrap_or_default()
}

fn at(day: NaiveDate, dice: &mut Dice) -> DateTime<Utc> {
    let d = day + Duration::days(dice.next(27) as i64);
    let t = d
        .and_hms_opt(8 + dice.next(11) as u32, dice.next(60) as u32, 0)
        .unwrap_or_default();
    Utc.from_utc_datetime(&t)
}

/// Loads the year. Deterministic: the same demo every time.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
    state::write(db, |txn| {
        Box::pin(async move {
            let now = Utc::now();
            // The chain's people have worked here longer than the year of history: their
            // accounts predate it, so the equity report does not take them all for newcomers.
            user::Entity::update_many()
                .col_expr(
                    user::Column::CreatedAt,
                    sea_orm::sea_query::Expr::value(now - Duration::days(400)),
                )
                .exec(txn)
                .await?;
            let mut dice = Dice(20_261_204);
            let people: Vec<user::Model> = user::Entity::find()
                .all(txn)
                .await?
                .into_iter()
                .filter(|u| {
                    u.active
                        && u.site_id.is_some()
                        && !UNTOUCHED.contains(&u.email.as_str())
                        && !LOGINS.contains(&u.email.as_str())
                })
                .collect();
            let values: Vec<recognition_value::Model> =
                recognition_value::Entity::find().all(txn).await?;
            let hr = user::Entity::find()
                .all(txn)
                .await?
                .into_iter()
                .find(|u| u.role == Role::Hr)
                .map(|u| u.id);
            let level_of: HashMap<i32, i32> = app::entities::award_level::Entity::find()
                .all(txn)
                .await?
                .into_iter()
                .map(|l| (l.points, l.id))
                .collect();
            if people.len() < 4 || values.is_empty() {
                return Ok(());
            }
            let mut site_ids: Vec<i32> = people.iter().filter_map(|u| u.site_id).collect();
            site_ids.sort_unstable();
            site_ids.dedup();
            let culture = |site: i32| {
                let i = site_ids.iter().position(|s| *s == site).unwrap_or(0);
                SITE_CULTURE[i % SITE_CULTURE.len()]
            };
            // A few people nobody thinks of: every thirteenth.
            let overlooked: Vec<i32> = people
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 13 == 5)
                .map(|(_, u)| u.id)
                .collect();
            let by_site: HashMap<i32, Vec<&user::Model>> =
                people.iter().fold(HashMap::new(), |mut m, u| {
                    if let Some(s) = u.site_id {
                        m.entry(s).or_insert_with(Vec::new).push(u);
                    }
                    m
                });
            let weights: Vec<usize> = (0..values.len())
                .map(|i| VALUE_WEIGHT[i % VALUE_WEIGHT.len()])
                .collect();
            let total_weight: usize = weights.iter().sum();
            let pick_value = |dice: &mut Dice| {
                let mut r = dice.next(total_weight);
                for (i, w) in weights.iter().enumerate() {
                    if r < *w {
                        return i;
                    }
                    r -= w;
                }
                0
            };
            let mut earned: HashMap<i32, i32> = HashMap::new();
            let mut ledger: HashMap<(i32, String), (bool, i32)> = HashMap::new();
            let mut sent: HashMap<(i32, String, i32), i32> = HashMap::new();
            let mut budget: HashMap<(i32, String), i32> = HashMap::new();
            let this_quarter = (now.year(), now.month0() / 3);
            let mut rows: Vec<point_entry::ActiveModel> = Vec::new();
            let mut budget_rows: Vec<budget_entry::ActiveModel> = Vec::new();

            for back in (1..=12).rev() {
                let month_start = first_of_month(back, now);
                let month = month_start.format("%Y-%m").to_string();
                let quarter = (month_start.year(), month_start.month0() / 3);
                let quarter_key = format!("{}-Q{}", quarter.0, quarter.1 + 1);
                for giver in &people {
                    let site = giver.site_id.unwrap_or_default();
                    let manager = giver.role == Role::Manager;
                    let base = culture(site) * if manager { 2.6 } else { 0.8 };
                    let count = base.floor() as usize + usize::from(dice.chance(base.fract()));
                    for _ in 0..count {
                        let pool = if dice.chance(0.85) {
                            by_site.get(&site).cloned().unwrap_or_default()
                        } else {
                            people.iter().collect()
                        };
                        let candidates: Vec<&&user::Model> = pool
                            .iter()
                            .filter(|u| u.id != giver.id && !overlooked.contains(&u.id))
                            .collect();
                        if candidates.is_empty() {
                            continue;
                        }
                        let to = *candidates[dice.next(candidates.len())];
                        let v = pick_value(&mut dice);
                        let when = at(month_start, &mut dice);
                        // Managers give a third of their recognition as awards in past quarters.
                        let award = manager
                            && quarter != this_quarter
                            && to.site_id == Some(site)
                            && dice.chance(0.35);
                        let mut wanted = [0, 0, 5, 10, 10, 15, 20, 25][dice.next(8)];
                        let mut entries: Vec<Entry> = Vec::new();
                        let mut level = None;
                        if award {
                            let pts = [10, 25, 25, 50][dice.next(4)];
                            let lvl = level_of.get(&pts).copied().unwrap_or_default();
                            let left =
                                budget
                                    .entry((site, quarter_key.clone()))
                                    .or_insert_with(|| {
                                        budget_rows.push(budget_entry::ActiveModel {
                                            site_id: Set(site),
                                            period: Set(quarter_key.clone()),
                                            kind: Set(BudgetKind::Allocation),
                                            amount: Set(1000),
                                            created_at: Set(Utc.from_utc_datetime(
                                                &month_start
                                                    .and_hms_opt(7, 0, 0)
                                                    .unwrap_or_default(),
                                            )),
                                            ..Default::default()
                                        });
                                        1000
                                    });
                            if *left >= pts && lvl > 0 {
                                *left -= pts;
                                level = Some((lvl, pts));
                                entries = rules::plan_receipts(&[to.id], pts);
                                wanted = pts;
                            }
                        }
                        if level.is_none() {
                            let state = ledger
                                .entry((giver.id, month.clone()))
                                .or_insert((false, 0));
                            let already = sent
                                .get(&(giver.id, month.clone(), to.id))
                                .copied()
                                .unwrap_or(0);
                            let gm = GiverMonth {
                                granted: state.0,
                                left: state.1,
                                allowance: DEFAULT_ALLOWANCE,
                                cap: DEFAULT_RECIPIENT_CAP,
                            };
                            entries = match rules::plan_gift(
                                giver.id,
                                &month,
                                &gm,
                                &[to.id],
                                &[already],
                                wanted,
                            ) {
                                Ok(e) => e,
                                Err(_) => {
                                    wanted = 0;
                                    Vec::new()
                                }
                            };
                            for e in &entries {
                                if e.user == giver.id {
                                    state.0 = true;
                                    state.1 += e.amount;
                                }
                            }
                            *sent.entry((giver.id, month.clone(), to.id)).or_default() += wanted;
                        }
                        let r = recognition::ActiveModel {
                            pid: Set(uuid::Uuid::new_v4().to_string()),
                            giver_id: Set(giver.id),
                            value_id: Set(values[v].id),
                            message: Set(MESSAGES[v % MESSAGES.len()][dice.next(3)].to_owned()),
                            visibility: Set(if dice.chance(0.9) {
                                Visibility::Public
                            } else {
                                Visibility::Private
                            }),
                            points_each: Set(wanted),
                            request_key: Set(uuid::Uuid::new_v4().to_string()),
                            created_at: Set(when),
                            kind: Set(if level.is_some() {
                                RecognitionKind::Award
                            } else {
                                RecognitionKind::Thanks
                            }),
                            level_id: Set(level.map(|(l, _)| l)),
                            site_id: Set(level.map(|_| site)),
                            status: Set(RecognitionStatus::Live),
                            ..Default::default()
                        }
                        .insert(txn)
                        .await?;
                        recognition_recipient::ActiveModel {
                            recognition_id: Set(r.id),
                            user_id: Set(to.id),
                            ..Default::default()
                        }
                        .insert(txn)
                        .await?;
                        if let Some((_, pts)) = level {
                            budget_rows.push(budget_entry::ActiveModel {
                                site_id: Set(site),
                                period: Set(quarter_key.clone()),
                                kind: Set(BudgetKind::Award),
                                amount: Set(-pts),
                                recognition_id: Set(Some(r.id)),
                                created_at: Set(when),
                                ..Default::default()
                            });
                        }
                        for e in &entries {
                            if e.account == app::recognition::types::Account::Earned {
                                *earned.entry(e.user).or_default() += e.amount;
                            }
                            rows.push(ledger::row(e, Link::Recognition(r.id), when));
                        }
                    }
                }
            }
            // Some people spend what they earned: lunch, fulfilled by HR.
            if let Some(lunch) = reward_item::Entity::find()
                .all(txn)
                .await?
                .into_iter()
                .find(|r| r.cost >= 100 && r.stock.is_none())
            {
                for u in &people {
                    let have = earned.get(&u.id).copied().unwrap_or(0);
                    if have < lunch.cost || !dice.chance(0.5) {
                        continue;
                    }
                    let when = at(first_of_month(1 + dice.next(3) as i32, now), &mut dice);
                    let red = redemption::ActiveModel {
                        pid: Set(uuid::Uuid::new_v4().to_string()),
                        user_id: Set(u.id),
                        reward_id: Set(lunch.id),
                        cost: Set(lunch.cost),
                        status: Set(RedemptionStatus::Fulfilled),
                        request_key: Set(uuid::Uuid::new_v4().to_string()),
                        decided_by: Set(hr),
                        created_at: Set(when),
                        decided_at: Set(Some(when + Duration::days(2))),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?;
                    let spent = rules::plan_redemption(u.id, have, lunch.cost)
                        .map_err(app::error::AppError::Invalid)?;
                    for e in &spent {
                        rows.push(ledger::row(e, Link::Redemption(red.id), when));
                    }
                }
            }
            for chunk in rows.chunks(500) {
                point_entry::Entity::insert_many(chunk.to_vec())
                    .exec(txn)
                    .await?;
            }
            for chunk in budget_rows.chunks(500) {
                budget_entry::Entity::insert_many(chunk.to_vec())
                    .exec(txn)
                    .await?;
            }
            Ok(())
        })
    })
    .await
    .map_err(|e| anyhow::anyhow!("loading the demo's recognition: {e}"))
}
