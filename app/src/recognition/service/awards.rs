//! Manager awards: levels HR keeps, a points budget per site per quarter (an append-only ledger),
//! awards paid from the recipients' site's budget, and HR's approval of awards above a threshold.
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::entities::{
    award_level, budget_entry, recognition, recognition_recipient, setting, site, user,
};
use crate::error::AppError;
use crate::recognition::rules;
use crate::recognition::service::budget::{append, give_back};
use crate::recognition::service::ledger::{self, Link};
use crate::recognition::service::thanks::{self, Given, Resolved};
use crate::recognition::types::{
    AwardInput, AwardView, BudgetKind, BudgetRow, LevelView, RecognitionKind, RecognitionStatus,
};
use crate::state;

/// Awards above this many points in total wait for HR, unless HR sets another amount.
pub const DEFAULT_THRESHOLD: i32 = 100;
const THRESHOLD_KEY: &str = "award_approval_over";

/// The quarter `at` falls in, in the organisation's time zone: ("2026-Q4", "October to December 2026").
pub async fn quarter_of<C: ConnectionTrait>(
    db: &C,
    at: DateTime<Utc>,
) -> Result<(String, String), AppError> {
    let settings = crate::org::settings::load(db).await?;
    let local = at.with_timezone(&crate::org::settings::tz(&settings)?);
    Ok(quarter_key(local.year(), local.month()))
}

/// The quarter of a month: its key and its name.
pub fn quarter_key(year: i32, month: u32) -> (String, String) {
    let q = (month.clamp(1, 12) - 1) / 3 + 1;
    let names = [
        "January to March",
        "April to June",
        "July to September",
        "October to December",
    ];
    (
        format!("{year}-Q{q}"),
        format!("{} {year}", names[(q - 1) as usize]),
    )
}

/// A quarter as typed ("2026-Q4"): its key and name, or what is wrong with it.
pub fn parse_quarter(text: &str) -> Result<(String, String), AppError> {
    let (y, n) = text
        .trim()
        .split_once("-Q")
        .and_then(|(y, n)| Some((y.parse::<i32>().ok()?, n.parse::<u32>().ok()?)))
        .filter(|(y, n)| (2000..=2100).contains(y) && (1..=4).contains(n))
        .ok_or_else(|| AppError::Invalid("Choose a quarter written like 2026-Q4.".into()))?;
    Ok(quarter_key(y, n * 3))
}

/// HR's budget report for a quarter as a table: each site's award budget, what was awarded,
/// what waits and what is left, in points and in money, then all sites and the peer thanks.
pub async fn budget_table(
    db: &DatabaseConnection,
    quarter: Option<&str>,
) -> Result<crate::reporting::csv::Table, AppError> {
    use crate::reporting::csv::{Cell, Table};
    let (quarter, _) = match quarter.map(str::trim) {
        None | Some("") => quarter_of(db, Utc::now()).await?,
        Some(q) => parse_quarter(q)?,
    };
    let money = crate::recognition::service::ledger::money(db).await?;
    let cur = money.currency.clone();
    let heads: Vec<String> = ["Budget", "Awarded", "Waiting", "Left"]
        .iter()
        .map(|h| format!("{h} ({cur})"))
        .collect();
    let mut header = vec![
        "Quarter",
        "Region",
        "Site",
        "Budget (points)",
        "Awarded (points)",
        "Waiting (points)",
        "Left (points)",
    ];
    header.extend(heads.iter().map(String::as_str));
    let mut t = Table::new(format!("recognition-budget-{quarter}.csv"), &header);
    let value = |p: i64| Cell::Num(p as f64 / f64::from(money.points_per_unit), 2);
    let push = |t: &mut Table, region: &str, site: &str, n: [i64; 4]| {
        let mut cells = vec![
            Cell::from(quarter.as_str()),
            Cell::from(region),
            Cell::from(site),
        ];
        cells.extend(n.iter().map(|p| Cell::Int(*p)));
        cells.extend(n.iter().map(|p| value(*p)));
        t.row(cells);
    };
    let mut total = [0i64; 4];
    for b in budgets(db, None, &quarter).await? {
        let n = [b.allocated, b.spent, b.waiting, b.left].map(i64::from);
        for (t, v) in total.iter_mut().zip(n) {
            *t += v;
        }
        push(&mut t, &b.region, &b.site, n);
    }
    push(&mut t, "", "All sites", total);
    let peer = peer_points(db, &quarter).await?;
    let mut cells = vec![
        Cell::from(quarter.as_str()),
        Cell::Empty,
        Cell::from("Peer thanks from allowances"),
        Cell::Empty,
        Cell::Int(peer),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        value(peer),
        Cell::Empty,
        Cell::Empty,
    ];
    cells.truncate(header.len());
    t.row(cells);
    Ok(t)
}

/// Points given as peer thanks in a quarter ("2026-Q4"), net of what came back to givers
/// (withdrawn or hidden thanks): the allowance side of the ledger, grants left out.
pub async fn peer_points<C: ConnectionTrait>(db: &C, quarter: &str) -> Result<i64, AppError> {
    use crate::entities::point_entry;
    use crate::recognition::types::{Account, EntryKind};
    let Some((y, q)) = quarter
        .split_once("-Q")
        .and_then(|(y, q)| Some((y.parse::<i32>().ok()?, q.parse::<u32>().ok()?)))
    else {
        return Ok(0);
    };
    let months: Vec<String> = (1..=3)
        .map(|i| format!("{y}-{:02}", (q.clamp(1, 4) - 1) * 3 + i))
        .collect();
    let amounts: Vec<i32> = point_entry::Entity::find()
        .select_only()
        .column(point_entry::Column::Amount)
        .filter(point_entry::Column::Account.eq(Account::Allowance))
        .filter(point_entry::Column::Kind.ne(EntryKind::Grant))
        .filter(point_entry::Column::Month.is_in(months))
        .into_tuple()
        .all(db)
        .await?;
    Ok(-amounts.into_iter().map(i64::from).sum::<i64>())
}

/// The approval threshold.
pub async fn threshold<C: ConnectionTrait>(db: &C) -> Result<i32, AppError> {
    match setting::Entity::find_by_id(THRESHOLD_KEY.to_owned())
        .one(db)
        .await?
    {
        None => Ok(DEFAULT_THRESHOLD),
        Some(row) => row.value.trim().parse().map_err(|_| {
            tracing::error!(value = %row.value, "the award approval threshold does not read");
            AppError::Internal
        }),
    }
}

/// Sets the approval threshold (0 to 1,000,000 points: 0 sends every award to HR).
pub async fn set_threshold(db: &DatabaseConnection, text: &str) -> Result<String, AppError> {
    let n = match text.trim().parse::<i32>() {
        Ok(n) if (0..=1_000_000).contains(&n) => n,
        _ => {
            return Err(AppError::Invalid(
                "Give the approval threshold as a whole number of points from 0 to 1,000,000."
                    .into(),
            ));
        }
    };
    state::write(db, move |txn| {
        Box::pin(async move {
            let row = setting::ActiveModel {
                key: Set(THRESHOLD_KEY.to_owned()),
                value: Set(n.to_string()),
                updated_at: Set(Utc::now()),
            };
            match setting::Entity::find_by_id(THRESHOLD_KEY.to_owned())
                .one(txn)
                .await?
            {
                Some(_) => row.update(txn).await?,
                None => row.insert(txn).await?,
            };
            Ok(())
        })
    })
    .await?;
    Ok(format!(
        "Awards above {n} points in total now wait for HR's approval."
    ))
}

fn level_view(l: award_level::Model) -> LevelView {
    LevelView {
        id: l.id,
        name: l.name,
        points: l.points,
        archived: l.archived,
    }
}

/// The levels in order, cheapest first; archived ones only when asked for.
pub async fn levels<C: ConnectionTrait>(
    db: &C,
    with_archived: bool,
) -> Result<Vec<LevelView>, AppError> {
    let mut q = award_level::Entity::find();
    if !with_archived {
        q = q.filter(award_level::Column::Archived.eq(false));
    }
    Ok(q.order_by_asc(award_level::Column::Points)
        .order_by_asc(award_level::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(level_view)
        .collect())
}

/// Adds a level (`id` empty) or renames and reprices one. Awards already given keep their points.
pub async fn save_level(
    db: &DatabaseConnection,
    id: &str,
    name: &str,
    points: &str,
) -> Result<String, AppError> {
    let name = name.trim().to_owned();
    let mut problems = Vec::new();
    match name.chars().count() {
        0 => problems.push("Give the level a name.".to_owned()),
        n if n > 40 => problems.push(format!("The name is {n} characters; keep it to 40.")),
        _ if name.chars().any(char::is_control) => {
            problems.push("The name is one line of text.".to_owned())
        }
        _ => {}
    }
    let points = match points.trim().parse::<i32>() {
        Ok(p) if (1..=100_000).contains(&p) => p,
        _ => {
            problems.push("A level is worth a whole number of points from 1 to 100,000.".into());
            0
        }
    };
    let id = match id.trim() {
        "" => None,
        t => Some(
            t.parse::<i32>()
                .map_err(|_| AppError::NotFound("That level".into()))?,
        ),
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems.join(" ")));
    }
    state::write(db, move |txn| {
        Box::pin(async move {
            let lower = name.to_lowercase();
            let all = award_level::Entity::find().all(txn).await?;
            if all
                .iter()
                .any(|l| l.name.to_lowercase() == lower && Some(l.id) != id)
            {
                return Err(AppError::Conflict(format!(
                    "There is already a level called “{name}”; choose another name."
                )));
            }
            match id {
                None => {
                    let position = all.iter().map(|l| l.position).max().unwrap_or(0) + 1;
                    award_level::ActiveModel {
                        name: Set(name.clone()),
                        points: Set(points),
                        position: Set(position),
                        archived: Set(false),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?;
                    Ok(format!("The level “{name}” ({points} points) is added."))
                }
                Some(id) => {
                    let l = all
                        .into_iter()
                        .find(|l| l.id == id)
                        .ok_or_else(|| AppError::NotFound("That level".into()))?;
                    let mut a = l.into_active_model();
                    a.name = Set(name.clone());
                    a.points = Set(points);
                    a.update(txn).await?;
                    Ok(format!("The level “{name}” is saved at {points} points."))
                }
            }
        })
    })
    .await
}

/// Archives a level (no new awards at it) or brings it back.
pub async fn set_level_archived(
    db: &DatabaseConnection,
    id: &str,
    archived: bool,
) -> Result<String, AppError> {
    let id: i32 = id
        .trim()
        .parse()
        .map_err(|_| AppError::NotFound("That level".into()))?;
    state::write(db, move |txn| {
        Box::pin(async move {
            let l = award_level::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That level".into()))?;
            let name = l.name.clone();
            let mut a = l.into_active_model();
            a.archived = Set(archived);
            a.update(txn).await?;
            Ok(if archived {
                format!("“{name}” is archived; awards already given keep it.")
            } else {
                format!("“{name}” is back.")
            })
        })
    })
    .await
}

/// Sum of one site's budget rows for a quarter, by kind.
async fn sums<C: ConnectionTrait>(
    db: &C,
    site_ids: &[i32],
    period: &str,
) -> Result<BTreeMap<(i32, BudgetKind), i32>, AppError> {
    let rows: Vec<(i32, BudgetKind, Option<i64>)> = budget_entry::Entity::find()
        .select_only()
        .column(budget_entry::Column::SiteId)
        .column(budget_entry::Column::Kind)
        .column_as(budget_entry::Column::Amount.sum(), "total")
        .filter(budget_entry::Column::SiteId.is_in(site_ids.to_vec()))
        .filter(budget_entry::Column::Period.eq(period))
        .group_by(budget_entry::Column::SiteId)
        .group_by(budget_entry::Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(s, k, t)| {
            let t = i32::try_from(t.unwrap_or(0)).map_err(|_| AppError::Internal)?;
            Ok(((s, k), t))
        })
        .collect()
}

/// What is left of a site's budget for a quarter.
pub async fn left<C: ConnectionTrait>(db: &C, site_id: i32, period: &str) -> Result<i32, AppError> {
    Ok(sums(db, &[site_id], period).await?.values().sum())
}

/// The budgets of `site_ids` (every site when `None`) for a quarter, in region and site order.
pub async fn budgets<C: ConnectionTrait>(
    db: &C,
    site_ids: Option<&[i32]>,
    period: &str,
) -> Result<Vec<BudgetRow>, AppError> {
    let index = crate::org::index::OrgIndex::load(db).await?;
    let ids: Vec<i32> = match site_ids {
        Some(s) => s.to_vec(),
        None => index.sites.keys().copied().collect(),
    };
    let sums = sums(db, &ids, period).await?;
    // Waiting awards: their reservation is an `Award` row like a landed one; split them out.
    let waiting_ids: Vec<i32> = recognition::Entity::find()
        .select_only()
        .column(recognition::Column::Id)
        .filter(recognition::Column::Status.eq(RecognitionStatus::Pending))
        .filter(recognition::Column::WithdrawnAt.is_null())
        .filter(recognition::Column::HiddenAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut waiting: BTreeMap<i32, i32> = BTreeMap::new();
    for chunk in waiting_ids.chunks(500) {
        for e in budget_entry::Entity::find()
            .filter(budget_entry::Column::RecognitionId.is_in(chunk.to_vec()))
            .filter(budget_entry::Column::Kind.eq(BudgetKind::Award))
            .filter(budget_entry::Column::Period.eq(period))
            .all(db)
            .await?
        {
            *waiting.entry(e.site_id).or_default() -= e.amount;
        }
    }
    let mut out: Vec<BudgetRow> = ids
        .into_iter()
        .filter_map(|id| index.sites.get(&id).map(|s| (id, s)))
        .map(|(id, s)| {
            let get = |k| sums.get(&(id, k)).copied().unwrap_or(0);
            let allocated = get(BudgetKind::Allocation);
            let w = waiting.get(&id).copied().unwrap_or(0);
            // Awards net of what came back, less what is only set aside.
            let spent = -(get(BudgetKind::Award) + get(BudgetKind::Return)) - w;
            BudgetRow {
                site_id: id,
                site: s.name.clone(),
                region: index.region_name(Some(s.region_id)).unwrap_or_default(),
                allocated,
                spent,
                waiting: w,
                left: allocated - spent - w,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.region, &a.site).cmp(&(&b.region, &b.site)));
    Ok(out)
}

/// Sets a site's budget for a quarter to `amount` (HR): one allocation row of the difference.
/// It cannot go below what is already awarded or set aside.
pub async fn set_budget(
    db: &DatabaseConnection,
    me: &CurrentUser,
    site_id: &str,
    period: &str,
    amount: &str,
) -> Result<String, AppError> {
    let site_id: i32 = site_id
        .trim()
        .parse()
        .map_err(|_| AppError::NotFound("That site".into()))?;
    let period = period.trim().to_owned();
    if !valid_quarter(&period) {
        return Err(AppError::Invalid(
            "Choose a quarter written like 2026-Q4.".into(),
        ));
    }
    let amount = match amount.trim().parse::<i32>() {
        Ok(n) if (0..=10_000_000).contains(&n) => n,
        _ => {
            return Err(AppError::Invalid(
                "Give the budget as a whole number of points from 0 to 10,000,000.".into(),
            ));
        }
    };
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let s = site::Entity::find_by_id(site_id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That site".into()))?;
            ledger::lock_row(txn, "sites", s.id).await?;
            let row = budgets(txn, Some(&[s.id]), &period)
                .await?
                .pop()
                .ok_or(AppError::Internal)?;
            let used = row.spent + row.waiting;
            if amount < used {
                return Err(AppError::Invalid(format!(
                    "{} has already awarded or set aside {used} points this quarter; the budget cannot be lower than that.",
                    s.name
                )));
            }
            if amount != row.allocated {
                append(txn, s.id, &period, BudgetKind::Allocation, amount - row.allocated, None, Some(me.id)).await?;
            }
            Ok(format!(
                "{}'s award budget for {period} is {amount} points ({} left).",
                s.name,
                amount - used
            ))
        })
    })
    .await
}

fn valid_quarter(p: &str) -> bool {
    matches!(p.split_once("-Q"), Some((y, q)) if y.len() == 4 && y.parse::<i32>().is_ok() && matches!(q, "1" | "2" | "3" | "4"))
}

/// Gives an award from the recipients' site's budget for this quarter. Managers award only the
/// people in their scope; HR anyone. Above the threshold (and not given by HR) it waits for HR,
/// its points set aside; otherwise they land at once. One transaction.
pub async fn give(
    db: &DatabaseConnection,
    me: &CurrentUser,
    input: AwardInput,
) -> Result<Given, AppError> {
    let checked = thanks::check_input(&input.recognition)?;
    let level_id: i32 = match input.level.trim() {
        "" => return Err(AppError::Invalid("Choose the award's level.".into())),
        t => t
            .parse()
            .map_err(|_| AppError::Invalid("Choose one of the award levels.".into()))?,
    };
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            ledger::lock_person(txn, me.id).await?;
            let (value, people) = match thanks::resolve(txn, &me, &checked).await? {
                Resolved::Done(given) => return Ok(given),
                Resolved::New { value, people } => (value, people),
            };
            let level = award_level::Entity::find_by_id(level_id)
                .one(txn)
                .await?
                .filter(|l| !l.archived)
                .ok_or_else(|| AppError::Invalid("Choose one of the current award levels.".into()))?;
            if me.role == Role::Manager {
                let reach = crate::org::scope::reach(txn, me.id, me.role).await?;
                if let Some(u) = people.iter().find(|u| !reach.covers(me.id, u.id)) {
                    return Err(AppError::Invalid(format!(
                        "{} is not one of your people; thank them from your allowance instead.",
                        u.name
                    )));
                }
            }
            let mut sites: Vec<Option<i32>> = people.iter().map(|u| u.site_id).collect();
            sites.sort();
            sites.dedup();
            let site_id = match sites.as_slice() {
                [Some(s)] => *s,
                [None] => {
                    return Err(AppError::Invalid(
                        "An award is paid from a site's budget, and the people chosen have no site yet.".into(),
                    ));
                }
                _ => {
                    return Err(AppError::Invalid(
                        "An award is paid from one site's budget: choose people from one site, or give separate awards.".into(),
                    ));
                }
            };
            ledger::lock_row(txn, "sites", site_id).await?;
            let site_name = site::Entity::find_by_id(site_id)
                .one(txn)
                .await?
                .map(|s| s.name)
                .unwrap_or_default();
            let (period, period_label) = quarter_of(txn, Utc::now()).await?;
            let left = left(txn, site_id, &period).await?;
            let total = rules::plan_award(
                level.points,
                people.len(),
                left,
                &format!("{site_name}'s award budget for {period_label}"),
            )
            .map_err(AppError::Invalid)?;
            let threshold = threshold(txn).await?;
            let waits = rules::needs_approval(total, threshold, me.role == Role::Hr);
            let status = if waits {
                RecognitionStatus::Pending
            } else {
                RecognitionStatus::Live
            };
            let r = thanks::insert(txn, &me, checked, value.id, &people, level.points, |a| {
                a.kind = Set(RecognitionKind::Award);
                a.level_id = Set(Some(level.id));
                a.site_id = Set(Some(site_id));
                a.status = Set(status);
            })
            .await?;
            append(txn, site_id, &period, BudgetKind::Award, -total, Some(r.id), None).await?;
            if !waits {
                let ids: Vec<i32> = people.iter().map(|u| u.id).collect();
                ledger::append(txn, &rules::plan_receipts(&ids, level.points), Link::Recognition(r.id)).await?;
            }
            let who = thanks::who(&people);
            let message = if waits {
                format!(
                    "Your “{}” award to {who} waits for HR's approval (it is over {threshold} points); its {total} points are set aside from {site_name}'s budget.",
                    level.name
                )
            } else {
                format!(
                    "Your “{}” award to {who} is posted: {} points each from {site_name}'s budget.",
                    level.name, level.points
                )
            };
            Ok(Given {
                pid: r.pid,
                message,
                created: true,
            })
        })
    })
    .await
}

/// HR approves a waiting award (its points land) or declines it with a reason (its points go back
/// to the budget, and the giver reads why). A decision already made is not made again.
pub async fn decide(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    approve: bool,
    note: &str,
) -> Result<String, AppError> {
    let note = if approve {
        None
    } else {
        Some(rules::check_reason(note, "you decline it").map_err(AppError::Invalid)?)
    };
    let pid = pid.trim().to_owned();
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let found = recognition::Entity::find()
                .filter(recognition::Column::Pid.eq(pid.clone()))
                .filter(recognition::Column::Kind.eq(RecognitionKind::Award))
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That award".into()))?;
            ledger::lock_person(txn, found.giver_id).await?;
            let r = recognition::Entity::find_by_id(found.id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That award".into()))?;
            let stale = match (r.status, r.withdrawn_at, r.hidden_at) {
                (_, Some(_), _) => Some("its giver withdrew it"),
                (_, _, Some(_)) => Some("it was hidden"),
                (RecognitionStatus::Live, ..) => Some("it was approved"),
                (RecognitionStatus::Declined, ..) => Some("it was declined"),
                (RecognitionStatus::Pending, None, None) => None,
            };
            if let Some(why) = stale {
                return Err(AppError::Conflict(format!(
                    "This award was already decided: {why}. Reload to see where it stands."
                )));
            }
            let recipients: Vec<i32> = recognition_recipient::Entity::find()
                .filter(recognition_recipient::Column::RecognitionId.eq(r.id))
                .all(txn)
                .await?
                .into_iter()
                .map(|x| x.user_id)
                .collect();
            let giver = user::Entity::find_by_id(r.giver_id)
                .one(txn)
                .await?
                .map(|u| u.name)
                .unwrap_or_default();
            if approve {
                ledger::append(txn, &rules::plan_receipts(&recipients, r.points_each), Link::Recognition(r.id)).await?;
            } else {
                give_back(txn, &r, None).await?;
            }
            let mut a = r.into_active_model();
            a.status = Set(if approve {
                RecognitionStatus::Live
            } else {
                RecognitionStatus::Declined
            });
            a.decided_by = Set(Some(me.id));
            a.decided_at = Set(Some(Utc::now()));
            a.decision_note = Set(note);
            a.update(txn).await?;
            Ok(if approve {
                format!("{giver}'s award is approved and its points have landed.")
            } else {
                format!("{giver}'s award is declined; its points are back in the budget and {giver} can read why.")
            })
        })
    })
    .await
}

/// Awards as lists show them: those waiting for HR (`giver` none), or one giver's waiting and
/// declined ones.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    tz: Tz,
    giver: Option<i32>,
) -> Result<Vec<AwardView>, AppError> {
    let mut q = recognition::Entity::find()
        .filter(recognition::Column::Kind.eq(RecognitionKind::Award))
        .filter(recognition::Column::WithdrawnAt.is_null())
        .filter(recognition::Column::HiddenAt.is_null())
        .order_by_desc(recognition::Column::Id)
        .limit(200);
    q = match giver {
        None => q.filter(recognition::Column::Status.eq(RecognitionStatus::Pending)),
        Some(g) => q
            .filter(recognition::Column::GiverId.eq(g))
            .filter(recognition::Column::Status.ne(RecognitionStatus::Live))
            .limit(20),
    };
    let batch = q.all(db).await?;
    let seen = thanks::describe(db, batch.clone()).await?;
    let levels: BTreeMap<i32, String> = award_level::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l.name))
        .collect();
    let index = crate::org::index::OrgIndex::load(db).await?;
    Ok(batch
        .into_iter()
        .zip(seen)
        .map(|(r, s)| AwardView {
            total: r.points_each * i32::try_from(s.recipients.len()).unwrap_or(0),
            pid: s.pid,
            giver: s.giver,
            recipients: s.recipients,
            level: r
                .level_id
                .and_then(|l| levels.get(&l).cloned())
                .unwrap_or_default(),
            value: s.value,
            message: s.message,
            points_each: r.points_each,
            site: index.site_name(r.site_id).unwrap_or_default(),
            status: r.status,
            note: r.decision_note,
            when: s
                .created_at
                .with_timezone(&tz)
                .format("%-d %b %Y, %H:%M")
                .to_string(),
        })
        .collect())
}

/// Gives every site `amount` points of award budget for the current quarter, where it has none
/// (the demo).
pub async fn seed_budgets(db: &DatabaseConnection, amount: i32) -> Result<(), AppError> {
    let (period, _) = quarter_of(db, Utc::now()).await?;
    state::write(db, move |txn| {
        Box::pin(async move {
            for s in site::Entity::find().all(txn).await? {
                if budgets(txn, Some(&[s.id]), &period)
                    .await?
                    .iter()
                    .all(|b| b.allocated == 0)
                {
                    append(
                        txn,
                        s.id,
                        &period,
                        BudgetKind::Allocation,
                        amount,
                        None,
                        None,
                    )
                    .await?;
                }
            }
            Ok(())
        })
    })
    .await
}
