//! HR's rewards catalogue, redeeming earned points for a reward, HR fulfilling or declining a
//! redemption (declined points come back), and a person's points history.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::auth::service::CurrentUser;
use crate::entities::{
    point_entry, recognition, recognition_recipient, recognition_value, redemption, reward_item,
    user,
};
use crate::error::AppError;
use crate::recognition::rules::{self, RewardFields};
use crate::recognition::service::ledger::{self, Link};
use crate::recognition::types::{
    Account, EntryKind, HistoryRow, RecognitionKind, RedemptionStatus, RedemptionView, RewardForm,
    RewardView,
};
use crate::state;

fn view(m: reward_item::Model) -> RewardView {
    RewardView {
        pid: m.pid,
        title: m.title,
        description: m.description,
        cost: m.cost,
        stock: m.stock,
        active: m.active,
    }
}

/// The catalogue, cheapest first; inactive rewards only when asked for.
pub async fn catalogue<C: ConnectionTrait>(
    db: &C,
    with_inactive: bool,
) -> Result<Vec<RewardView>, AppError> {
    let mut q = reward_item::Entity::find();
    if !with_inactive {
        q = q.filter(reward_item::Column::Active.eq(true));
    }
    Ok(q.order_by_asc(reward_item::Column::Cost)
        .order_by_asc(reward_item::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

fn checked(form: &RewardForm) -> Result<RewardFields, AppError> {
    rules::check_reward(&form.title, &form.description, &form.cost, &form.stock)
        .map_err(AppError::Invalid)
}

async fn title_free<C: ConnectionTrait>(
    db: &C,
    title: &str,
    except: Option<i32>,
) -> Result<(), AppError> {
    let lower = title.to_lowercase();
    let taken = reward_item::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .any(|r| r.title.to_lowercase() == lower && Some(r.id) != except);
    if taken {
        return Err(AppError::Conflict(format!(
            "There is already a reward called “{title}” (it may be inactive); choose another title."
        )));
    }
    Ok(())
}

async fn find<C: ConnectionTrait>(db: &C, pid: &str) -> Result<reward_item::Model, AppError> {
    reward_item::Entity::find()
        .filter(reward_item::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That reward".into()))
}

/// Adds a reward to the catalogue (active).
pub async fn create(db: &DatabaseConnection, form: RewardForm) -> Result<String, AppError> {
    let f = checked(&form)?;
    state::write(db, move |txn| {
        Box::pin(async move {
            title_free(txn, &f.title, None).await?;
            reward_item::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                title: Set(f.title.clone()),
                description: Set(f.description),
                cost: Set(f.cost),
                stock: Set(f.stock),
                active: Set(true),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(format!("“{}” is in the catalogue.", f.title))
        })
    })
    .await
}

/// Changes a reward's title, description, cost or stock. Redemptions already made keep the cost
/// they were made at.
pub async fn update(
    db: &DatabaseConnection,
    pid: &str,
    form: RewardForm,
) -> Result<String, AppError> {
    let f = checked(&form)?;
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let r = find(txn, &pid).await?;
            ledger::lock_row(txn, "reward_items", r.id).await?;
            title_free(txn, &f.title, Some(r.id)).await?;
            let mut a = r.into_active_model();
            a.title = Set(f.title.clone());
            a.description = Set(f.description);
            a.cost = Set(f.cost);
            a.stock = Set(f.stock);
            a.update(txn).await?;
            Ok(format!("“{}” is saved.", f.title))
        })
    })
    .await
}

/// Takes a reward off the catalogue or puts it back. Redemptions waiting stay as they are.
pub async fn set_active(
    db: &DatabaseConnection,
    pid: &str,
    active: bool,
) -> Result<String, AppError> {
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let r = find(txn, &pid).await?;
            let title = r.title.clone();
            let mut a = r.into_active_model();
            a.active = Set(active);
            a.update(txn).await?;
            Ok(if active {
                format!("“{title}” is back in the catalogue.")
            } else {
                format!("“{title}” is off the catalogue; redemptions waiting are unchanged.")
            })
        })
    })
    .await
}

/// What `redeem` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redeemed {
    pub pid: String,
    pub message: String,
    /// False when this request key had already redeemed (a double submit).
    pub created: bool,
}

/// Spends the caller's earned points on a reward: the redemption waits for HR, the points leave
/// the earned account now, and a limited stock goes down by one. One transaction.
pub async fn redeem(
    db: &DatabaseConnection,
    me: &CurrentUser,
    reward: &str,
    request_key: &str,
) -> Result<Redeemed, AppError> {
    let key = crate::recognition::rules::request_key(request_key).map_err(AppError::Invalid)?;
    let reward = reward.trim().to_owned();
    if reward.is_empty() {
        return Err(AppError::Invalid("Choose a reward to redeem.".into()));
    }
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            ledger::lock_person(txn, me.id).await?;
            if let Some(done) = redemption::Entity::find()
                .filter(redemption::Column::RequestKey.eq(key.clone()))
                .one(txn)
                .await?
            {
                if done.user_id != me.id {
                    return Err(AppError::Conflict(
                        "That form was already used; reload the page and try again.".into(),
                    ));
                }
                return Ok(Redeemed {
                    pid: done.pid,
                    message: "This reward was already redeemed; it was not redeemed twice.".into(),
                    created: false,
                });
            }
            let item = find(txn, &reward).await?;
            ledger::lock_row(txn, "reward_items", item.id).await?;
            let item = find(txn, &reward).await?;
            if !item.active {
                return Err(AppError::Conflict(format!(
                    "“{}” is no longer in the catalogue.",
                    item.title
                )));
            }
            if item.stock == Some(0) {
                return Err(AppError::Conflict(format!(
                    "“{}” is out of stock for now.",
                    item.title
                )));
            }
            let earned = ledger::sum(txn, me.id, Account::Earned, "").await?;
            let rows =
                rules::plan_redemption(me.id, earned, item.cost).map_err(AppError::Invalid)?;
            let pid = uuid::Uuid::new_v4().to_string();
            let r = redemption::ActiveModel {
                pid: Set(pid.clone()),
                user_id: Set(me.id),
                reward_id: Set(item.id),
                cost: Set(item.cost),
                status: Set(RedemptionStatus::Pending),
                request_key: Set(key),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            ledger::append(txn, &rows, Link::Redemption(r.id)).await?;
            let title = item.title.clone();
            if let Some(s) = item.stock {
                let mut a = item.into_active_model();
                a.stock = Set(Some(s - 1));
                a.update(txn).await?;
            }
            Ok(Redeemed {
                pid,
                message: format!(
                    "You redeemed “{title}” for {} points. HR will be in touch to hand it over.",
                    r.cost
                ),
                created: true,
            })
        })
    })
    .await
}

/// HR fulfils a waiting redemption, or declines it with a reason: the points go back to the
/// person and a limited stock goes up by one. A decision already made is not made again.
pub async fn decide(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    fulfil: bool,
    note: &str,
) -> Result<String, AppError> {
    let note = if fulfil {
        match note.trim() {
            "" => None,
            n if n.chars().count() > 500 || n.chars().any(|c| c.is_control() && c != '\n') => {
                return Err(AppError::Invalid(
                    "Keep the note to 500 characters of plain text.".into(),
                ));
            }
            n => Some(n.to_owned()),
        }
    } else {
        Some(rules::check_reason(note, "you decline it").map_err(AppError::Invalid)?)
    };
    let pid = pid.trim().to_owned();
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let found = redemption::Entity::find()
                .filter(redemption::Column::Pid.eq(pid.clone()))
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That redemption".into()))?;
            ledger::lock_person(txn, found.user_id).await?;
            let r = redemption::Entity::find_by_id(found.id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That redemption".into()))?;
            if r.status != RedemptionStatus::Pending {
                return Err(AppError::Conflict(format!(
                    "This redemption was already {}; reload to see where it stands.",
                    if r.status == RedemptionStatus::Fulfilled {
                        "fulfilled"
                    } else {
                        "declined"
                    }
                )));
            }
            let item = reward_item::Entity::find_by_id(r.reward_id)
                .one(txn)
                .await?
                .ok_or(AppError::Internal)?;
            let who = user::Entity::find_by_id(r.user_id)
                .one(txn)
                .await?
                .map(|u| u.name)
                .unwrap_or_default();
            let (user_id, cost, id) = (r.user_id, r.cost, r.id);
            let mut a = r.into_active_model();
            a.status = Set(if fulfil {
                RedemptionStatus::Fulfilled
            } else {
                RedemptionStatus::Declined
            });
            a.note = Set(note);
            a.decided_by = Set(Some(me.id));
            a.decided_at = Set(Some(Utc::now()));
            a.update(txn).await?;
            if fulfil {
                return Ok(format!("“{}” for {who} is marked fulfilled.", item.title));
            }
            ledger::append(
                txn,
                &rules::plan_refund(user_id, cost),
                Link::Redemption(id),
            )
            .await?;
            let title = item.title.clone();
            if let Some(s) = item.stock {
                ledger::lock_row(txn, "reward_items", item.id).await?;
                let mut a = item.into_active_model();
                a.stock = Set(Some(s + 1));
                a.update(txn).await?;
            }
            Ok(format!(
                "“{title}” for {who} is declined and their {cost} points refunded."
            ))
        })
    })
    .await
}

fn day(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%-d %b %Y").to_string()
}

/// Redemptions as pages show them: `only` one person's, or with `status`, newest first.
pub async fn redemptions<C: ConnectionTrait>(
    db: &C,
    tz: Tz,
    only: Option<i32>,
    status: Option<RedemptionStatus>,
    exclude_pending: bool,
    limit: u64,
) -> Result<Vec<RedemptionView>, AppError> {
    let mut q = redemption::Entity::find()
        .order_by_desc(redemption::Column::Id)
        .limit(limit);
    if let Some(u) = only {
        q = q.filter(redemption::Column::UserId.eq(u));
    }
    if let Some(s) = status {
        q = q.filter(redemption::Column::Status.eq(s));
    }
    if exclude_pending {
        q = q.filter(redemption::Column::Status.ne(RedemptionStatus::Pending));
    }
    let rs = q.all(db).await?;
    let items: BTreeMap<i32, String> = reward_item::Entity::find()
        .filter(
            reward_item::Column::Id.is_in(rs.iter().map(|r| r.reward_id).collect::<BTreeSet<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.title))
        .collect();
    let people: BTreeMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rs.iter().map(|r| r.user_id).collect::<BTreeSet<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rs
        .into_iter()
        .map(|r| RedemptionView {
            pid: r.pid,
            reward: items.get(&r.reward_id).cloned().unwrap_or_default(),
            person: people.get(&r.user_id).cloned().unwrap_or_default(),
            cost: r.cost,
            status: r.status,
            note: r.note,
            when: day(r.created_at, tz),
        })
        .collect())
}

/// How many history rows one page shows.
pub const HISTORY_PAGE: u64 = 50;

/// A person's points history in words, newest first, and the row to ask for older ones with.
pub async fn history<C: ConnectionTrait>(
    db: &C,
    tz: Tz,
    user_id: i32,
    before: Option<i32>,
) -> Result<(Vec<HistoryRow>, Option<i32>), AppError> {
    let mut rows = ledger::rows(db, user_id, before, HISTORY_PAGE + 1).await?;
    let older = if rows.len() as u64 > HISTORY_PAGE {
        rows.truncate(HISTORY_PAGE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let rec_ids: BTreeSet<i32> = rows.iter().filter_map(|r| r.recognition_id).collect();
    let red_ids: BTreeSet<i32> = rows.iter().filter_map(|r| r.redemption_id).collect();
    let recs: BTreeMap<i32, recognition::Model> = recognition::Entity::find()
        .filter(recognition::Column::Id.is_in(rec_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut to: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for rr in recognition_recipient::Entity::find()
        .filter(recognition_recipient::Column::RecognitionId.is_in(rec_ids))
        .all(db)
        .await?
    {
        to.entry(rr.recognition_id).or_default().push(rr.user_id);
    }
    let mut ids: BTreeSet<i32> = recs.values().map(|r| r.giver_id).collect();
    ids.extend(to.values().flatten().copied());
    let names: BTreeMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let values: BTreeMap<i32, String> = recognition_value::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    let reds: BTreeMap<i32, redemption::Model> = redemption::Entity::find()
        .filter(redemption::Column::Id.is_in(red_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let titles: BTreeMap<i32, String> = reward_item::Entity::find()
        .filter(
            reward_item::Column::Id
                .is_in(reds.values().map(|r| r.reward_id).collect::<BTreeSet<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.title))
        .collect();
    let name = |id: &i32| names.get(id).cloned().unwrap_or_default();
    let out = rows
        .into_iter()
        .map(|e: point_entry::Model| {
            let rec = e.recognition_id.and_then(|id| recs.get(&id));
            let value = rec
                .and_then(|r| values.get(&r.value_id))
                .cloned()
                .unwrap_or_default();
            let others = rec
                .and_then(|r| to.get(&r.id))
                .map(|us| us.iter().map(name).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            let giver = rec.map(|r| name(&r.giver_id)).unwrap_or_default();
            let reward = e
                .redemption_id
                .and_then(|id| reds.get(&id))
                .and_then(|r| titles.get(&r.reward_id))
                .cloned()
                .unwrap_or_default();
            let what = match (e.kind, e.account) {
                (EntryKind::Grant, _) => {
                    format!("Allowance for {}", ledger::month_label(&e.month))
                }
                (EntryKind::Gift, _) => format!("Given to {others}: {value}"),
                (EntryKind::Receipt, _)
                    if rec.is_some_and(|r| r.kind == RecognitionKind::Award) =>
                {
                    format!("Award from {giver}: {value}")
                }
                (EntryKind::Receipt, _) => format!("From {giver}: {value}"),
                (EntryKind::Withdrawal, Account::Allowance) => {
                    format!("You withdrew your recognition of {others}")
                }
                (EntryKind::Withdrawal, Account::Earned) => {
                    format!("{giver} withdrew their recognition")
                }
                (EntryKind::Reversal, _) => {
                    let why = rec
                        .and_then(|r| r.hidden_reason.clone())
                        .unwrap_or_default();
                    format!("Reversed: the recognition was hidden by HR ({why})")
                }
                (EntryKind::Redemption, _) => format!("Redeemed: {reward}"),
                (EntryKind::Refund, _) => format!("Refunded: {reward} was declined"),
            };
            HistoryRow {
                when: day(e.created_at, tz),
                what,
                allowance: e.account == Account::Allowance,
                amount: e.amount,
            }
        })
        .collect();
    Ok((out, older))
}

/// Rewards the demo's catalogue starts with.
pub const STARTER: &[(&str, &str, i32, Option<i32>)] = &[
    (
        "Coffee for two",
        "A voucher for the café at your site.",
        50,
        None,
    ),
    (
        "Lunch on us",
        "Lunch for you and a colleague of your choice.",
        150,
        None,
    ),
    (
        "Cinema tickets",
        "Two tickets at a cinema near you.",
        250,
        Some(20),
    ),
    (
        "An afternoon off",
        "Half a day off, agreed with your manager.",
        600,
        None,
    ),
    ("Spa day", "A day at a partner spa.", 1200, Some(5)),
];

/// Fills an empty catalogue with `STARTER` (the demo).
pub async fn seed_starter(db: &DatabaseConnection) -> Result<(), AppError> {
    if reward_item::Entity::find().one(db).await?.is_some() {
        return Ok(());
    }
    for (title, description, cost, stock) in STARTER {
        create(
            db,
            RewardForm {
                title: (*title).into(),
                description: (*description).into(),
                cost: cost.to_string(),
                stock: stock.map(|s| s.to_string()).unwrap_or_default(),
            },
        )
        .await?;
    }
    Ok(())
}
