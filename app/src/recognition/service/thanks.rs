//! Giving recognition (with points from the giver's monthly allowance), withdrawing it within a
//! day, and reading what a person may see.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::entities::{point_entry, recognition, recognition_recipient, recognition_value, user};
use crate::error::AppError;
use crate::recognition::rules::{
    self, GiverMonth, MAX_RECIPIENTS, WITHDRAW_HOURS, check_message, parse_points,
};
use crate::recognition::service::{budget, ledger};
pub use crate::recognition::types::ThanksInput;
use crate::recognition::types::{
    Account, EntryKind, RecognitionKind, RecognitionStatus, Visibility,
};
use crate::state;

/// What `give` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Given {
    pub pid: String,
    pub message: String,
    /// False when this request key had already made the recognition (a double submit).
    pub created: bool,
}

/// A recognition's input, checked before any transaction starts.
pub(crate) struct Checked {
    pub message: String,
    pub visibility: Visibility,
    pub key: String,
    pub pids: Vec<String>,
    pub value_pid: String,
    /// The whole department, expanded to its members when the recognition is written.
    pub department: Option<i32>,
}

/// Checks everything in the form that needs no database: message, visibility, the form's key,
/// the recipients (one to `MAX_RECIPIENTS`, duplicates dropped) and that a value is chosen.
pub(crate) fn check_input(input: &ThanksInput) -> Result<Checked, AppError> {
    let message = check_message(&input.message).map_err(AppError::Invalid)?;
    let visibility = Visibility::parse(&input.visibility).ok_or_else(|| {
        AppError::Invalid(
            "Choose who may see it: everyone at their site, or only the people involved.".into(),
        )
    })?;
    let key =
        crate::recognition::rules::request_key(&input.request_key).map_err(AppError::Invalid)?;
    let mut pids: Vec<String> = input
        .recipients
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    pids.sort();
    pids.dedup();
    let department = match input.department.trim() {
        "" => None,
        t => Some(
            t.parse::<i32>()
                .ok()
                .filter(|d| *d > 0)
                .ok_or_else(|| AppError::Invalid("Choose a department from the list.".into()))?,
        ),
    };
    if pids.is_empty() && department.is_none() {
        return Err(AppError::Invalid("Choose who you are recognising.".into()));
    }
    if pids.len() > MAX_RECIPIENTS {
        return Err(AppError::Invalid(format!(
            "One recognition can name at most {MAX_RECIPIENTS} people."
        )));
    }
    let value_pid = input.value.trim().to_owned();
    if value_pid.is_empty() {
        return Err(AppError::Invalid(
            "Choose the value their work showed.".into(),
        ));
    }
    Ok(Checked {
        message,
        visibility,
        key,
        pids,
        value_pid,
        department,
    })
}

/// Inside the transaction: the recognition this form already made (a double submit), or the
/// value and the recipients, each checked (current value; people who exist, are active and are
/// not the giver).
pub(crate) enum Resolved {
    Done(Given),
    New {
        value: recognition_value::Model,
        people: Vec<user::Model>,
    },
}

pub(crate) async fn resolve<C: ConnectionTrait>(
    txn: &C,
    me: &CurrentUser,
    c: &Checked,
) -> Result<Resolved, AppError> {
    if let Some(done) = recognition::Entity::find()
        .filter(recognition::Column::RequestKey.eq(c.key.clone()))
        .one(txn)
        .await?
    {
        if done.giver_id != me.id {
            return Err(AppError::Conflict(
                "That form was already used; reload the page and try again.".into(),
            ));
        }
        return Ok(Resolved::Done(Given {
            pid: done.pid,
            message: "This recognition was already sent; it was not sent twice.".into(),
            created: false,
        }));
    }
    let value = recognition_value::Entity::find()
        .filter(recognition_value::Column::Pid.eq(c.value_pid.clone()))
        .one(txn)
        .await?
        .filter(|v| !v.archived)
        .ok_or_else(|| AppError::Invalid("Choose one of the company's current values.".into()))?;
    let people = user::Entity::find()
        .filter(user::Column::Pid.is_in(c.pids.clone()))
        .all(txn)
        .await?;
    if people.len() != c.pids.len() {
        return Err(AppError::Invalid(
            "One of the people chosen does not exist; choose again.".into(),
        ));
    }
    if let Some(u) = people.iter().find(|u| !u.active) {
        return Err(AppError::Invalid(format!(
            "{} no longer has an active account.",
            u.name
        )));
    }
    if people.iter().any(|u| u.id == me.id) {
        return Err(AppError::Invalid(
            "You cannot recognise yourself; choose a colleague.".into(),
        ));
    }
    let mut people = people;
    if let Some(d) = c.department {
        let dept = crate::entities::department::Entity::find_by_id(d)
            .one(txn)
            .await?
            .ok_or_else(|| {
                AppError::Invalid("That department does not exist; choose again.".into())
            })?;
        // Its members now, but the giver: "the whole department" thanks everyone else in it.
        let members = user::Entity::find()
            .filter(user::Column::DepartmentId.eq(d))
            .filter(user::Column::Active.eq(true))
            .filter(user::Column::Id.ne(me.id))
            .all(txn)
            .await?;
        if members.is_empty() {
            return Err(AppError::Invalid(format!(
                "Nobody else is in {} yet; choose people instead.",
                dept.name
            )));
        }
        for m in members {
            if !people.iter().any(|u| u.id == m.id) {
                people.push(m);
            }
        }
        if people.len() > MAX_RECIPIENTS {
            return Err(AppError::Invalid(format!(
                "That makes {} people; one recognition can name at most {MAX_RECIPIENTS}.",
                people.len()
            )));
        }
    }
    Ok(Resolved::New { value, people })
}

/// Writes a recognition and its recipients.
pub(crate) async fn insert<C: ConnectionTrait>(
    txn: &C,
    me: &CurrentUser,
    c: Checked,
    value_id: i32,
    people: &[user::Model],
    points_each: i32,
    fill: impl FnOnce(&mut recognition::ActiveModel),
) -> Result<recognition::Model, AppError> {
    let mut a = recognition::ActiveModel {
        pid: Set(uuid::Uuid::new_v4().to_string()),
        giver_id: Set(me.id),
        value_id: Set(value_id),
        message: Set(c.message),
        visibility: Set(c.visibility),
        points_each: Set(points_each),
        request_key: Set(c.key),
        created_at: Set(Utc::now()),
        kind: Set(RecognitionKind::Thanks),
        status: Set(RecognitionStatus::Live),
        ..Default::default()
    };
    fill(&mut a);
    let r = a.insert(txn).await?;
    for u in people {
        recognition_recipient::ActiveModel {
            recognition_id: Set(r.id),
            user_id: Set(u.id),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(r)
}

/// "Carla Ivanova", or "3 people".
pub(crate) fn who(people: &[user::Model]) -> String {
    match people {
        [one] => one.name.clone(),
        _ => crate::ui::text::people_count(people.len() as u64),
    }
}

/// Records a recognition from `me`: checks every input, takes the points from this month's
/// allowance, and writes the recognition, its recipients and its ledger rows in one transaction.
pub async fn give(
    db: &DatabaseConnection,
    me: &CurrentUser,
    input: ThanksInput,
) -> Result<Given, AppError> {
    let checked = check_input(&input)?;
    let points = parse_points(&input.points).map_err(AppError::Invalid)?;
    let compliment = match input.feedback.trim() {
        "" => None,
        raw => Some(raw.parse::<i64>().map_err(|_| {
            AppError::Invalid("That compliment is not one Rapport knows; reload the page.".into())
        })?),
    };
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            ledger::lock_person(txn, me.id).await?;
            let (value, people) = match resolve(txn, &me, &checked).await? {
                Resolved::Done(given) => return Ok(given),
                Resolved::New { value, people } => (value, people),
            };
            let ids: Vec<i32> = people.iter().map(|u| u.id).collect();
            let month = ledger::month_of(txn, Utc::now()).await?;
            let state = GiverMonth {
                granted: ledger::granted(txn, me.id, &month).await?,
                left: ledger::sum(txn, me.id, Account::Allowance, &month).await?,
                allowance: ledger::allowance(txn, me.role).await?,
                cap: ledger::recipient_cap(txn).await?,
            };
            let sent = sent_this_month(txn, me.id, &month, &ids).await?;
            let rows = rules::plan_gift(me.id, &month, &state, &ids, &sent, points)
                .map_err(AppError::Invalid)?;
            let r = insert(txn, &me, checked, value.id, &people, points, |_| {}).await?;
            ledger::append(txn, &rows, ledger::Link::Recognition(r.id)).await?;
            if let Some(response) = compliment {
                crate::feedback::service::claim_compliment(txn, &me, response, &ids, r.id).await?;
            }
            let who = who(&people);
            let message = if points > 0 {
                format!(
                    "Your recognition of {who} for “{}” is posted, with {points} points each.",
                    value.name
                )
            } else {
                format!("Your recognition of {who} for “{}” is posted.", value.name)
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

/// What `giver` has sent each of `recipients` from this month's allowance (withdrawals excluded).
async fn sent_this_month<C: ConnectionTrait>(
    db: &C,
    giver: i32,
    month: &str,
    recipients: &[i32],
) -> Result<Vec<i32>, AppError> {
    let gift_ids: Vec<i32> = point_entry::Entity::find()
        .select_only()
        .column(point_entry::Column::RecognitionId)
        .filter(point_entry::Column::UserId.eq(giver))
        .filter(point_entry::Column::Kind.eq(EntryKind::Gift))
        .filter(point_entry::Column::Month.eq(month))
        .into_tuple::<Option<i32>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if gift_ids.is_empty() {
        return Ok(vec![0; recipients.len()]);
    }
    let gifts: BTreeMap<i32, i32> = recognition::Entity::find()
        .filter(recognition::Column::Id.is_in(gift_ids.clone()))
        .filter(recognition::Column::WithdrawnAt.is_null())
        .filter(recognition::Column::HiddenAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.points_each))
        .collect();
    let mut out = vec![0; recipients.len()];
    for rr in recognition_recipient::Entity::find()
        .filter(recognition_recipient::Column::RecognitionId.is_in(gift_ids))
        .filter(recognition_recipient::Column::UserId.is_in(recipients.to_vec()))
        .all(db)
        .await?
    {
        if let (Some(p), Some(k)) = (
            gifts.get(&rr.recognition_id),
            recipients.iter().position(|r| *r == rr.user_id),
        ) {
            out[k] += p;
        }
    }
    Ok(out)
}

/// Takes back one's own recognition within a day of giving it, points and all, as long as the
/// recipients still hold the points.
pub async fn withdraw(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
) -> Result<String, AppError> {
    let pid = pid.trim().to_owned();
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            ledger::lock_person(txn, me.id).await?;
            let r = recognition::Entity::find()
                .filter(recognition::Column::Pid.eq(pid.clone()))
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That recognition".into()))?;
            if r.giver_id != me.id {
                return Err(AppError::Forbidden);
            }
            if r.withdrawn_at.is_some() {
                return Err(AppError::Conflict("This recognition was already withdrawn.".into()));
            }
            if r.hidden_at.is_some() {
                return Err(AppError::Conflict(
                    "This recognition was hidden by HR and its points reversed already.".into(),
                ));
            }
            if r.status == RecognitionStatus::Declined {
                return Err(AppError::Conflict(
                    "HR declined this award; its points are already back in the budget.".into(),
                ));
            }
            if Utc::now() - r.created_at > Duration::hours(WITHDRAW_HOURS) {
                return Err(AppError::Invalid(format!(
                    "A recognition can be withdrawn only within {WITHDRAW_HOURS} hours of giving it."
                )));
            }
            let landed = r.status == RecognitionStatus::Live;
            let (gift_month, held) = holdings(txn, r.id).await?;
            let rows = if landed {
                rules::plan_withdrawal(me.id, gift_month.as_deref(), r.points_each, &held)
                    .map_err(AppError::Invalid)?
            } else {
                Vec::new()
            };
            ledger::append(txn, &rows, ledger::Link::Recognition(r.id)).await?;
            if r.kind == RecognitionKind::Award {
                budget::give_back(txn, &r, landed.then(|| rules::returned(&rows))).await?;
            }
            let mut a = r.clone().into_active_model();
            a.withdrawn_at = Set(Some(Utc::now()));
            a.update(txn).await?;
            Ok(match (r.kind, r.points_each > 0) {
                (RecognitionKind::Award, _) => {
                    "The award was withdrawn and its points are back in the budget.".into()
                }
                (RecognitionKind::Thanks, true) => {
                    "The recognition was withdrawn and its points are back in your allowance."
                        .into()
                }
                (RecognitionKind::Thanks, false) => "The recognition was withdrawn.".into(),
            })
        })
    })
    .await
}

/// The month a recognition's points came from (none if it carried none) and what each of its
/// recipients holds now: what taking it back needs.
async fn holdings<C: ConnectionTrait>(
    db: &C,
    recognition_id: i32,
) -> Result<(Option<String>, Vec<(i32, i32)>), AppError> {
    let gift_month = point_entry::Entity::find()
        .filter(point_entry::Column::RecognitionId.eq(recognition_id))
        .filter(point_entry::Column::Kind.eq(EntryKind::Gift))
        .one(db)
        .await?
        .map(|e| e.month);
    let mut held = Vec::new();
    for rr in recognition_recipient::Entity::find()
        .filter(recognition_recipient::Column::RecognitionId.eq(recognition_id))
        .all(db)
        .await?
    {
        held.push((
            rr.user_id,
            ledger::sum(db, rr.user_id, Account::Earned, "").await?,
        ));
    }
    Ok((gift_month, held))
}

/// Hides a recognition from every feed and page (HR and admins; the caller checked the
/// permission), recording who and why, and reverses its points as far as the recipients still
/// hold them.
pub async fn hide(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    reason: &str,
) -> Result<String, AppError> {
    let reason = rules::check_reason(reason, "you hide it").map_err(AppError::Invalid)?;
    let pid = pid.trim().to_owned();
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            let r = recognition::Entity::find()
                .filter(recognition::Column::Pid.eq(pid.clone()))
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That recognition".into()))?;
            ledger::lock_person(txn, r.giver_id).await?;
            if r.withdrawn_at.is_some() {
                return Err(AppError::Conflict(
                    "Its giver has withdrawn this recognition; nothing is left to hide.".into(),
                ));
            }
            if r.hidden_at.is_some() {
                return Err(AppError::Conflict("This recognition is already hidden.".into()));
            }
            if r.status == RecognitionStatus::Declined {
                return Err(AppError::Conflict(
                    "HR declined this award; it is not shown anywhere.".into(),
                ));
            }
            let landed = r.status == RecognitionStatus::Live;
            let (gift_month, held) = holdings(txn, r.id).await?;
            let rows = if landed {
                rules::plan_reversal(r.giver_id, gift_month.as_deref(), r.points_each, &held)
            } else {
                Vec::new()
            };
            ledger::append(txn, &rows, ledger::Link::Recognition(r.id)).await?;
            let reversed = rules::returned(&rows);
            if r.kind == RecognitionKind::Award {
                budget::give_back(txn, &r, landed.then_some(reversed)).await?;
            }
            let expected = if landed {
                r.points_each * i32::try_from(held.len()).unwrap_or(0)
            } else {
                0
            };
            let mut a = r.into_active_model();
            a.hidden_at = Set(Some(Utc::now()));
            a.hidden_by = Set(Some(me.id));
            a.hidden_reason = Set(Some(reason));
            a.update(txn).await?;
            Ok(if expected == 0 {
                "The recognition is hidden.".to_owned()
            } else if reversed == expected {
                format!("The recognition is hidden and its {reversed} points reversed.")
            } else {
                format!(
                    "The recognition is hidden; {reversed} of its {expected} points were reversed (the rest had already been spent)."
                )
            })
        })
    })
    .await
}

/// One recognition as the feed shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub id: i32,
    pub pid: String,
    pub giver_id: i32,
    pub giver: String,
    pub recipients: Vec<String>,
    pub value: String,
    pub message: String,
    pub points_each: i32,
    pub visibility: Visibility,
    pub created_at: chrono::DateTime<Utc>,
    /// An award's level.
    pub level: Option<String>,
    pub recipient_ids: Vec<i32>,
}

/// The newest recognitions `me` may see, newest first, `limit` at a time before `before` (a
/// recognition's id, for paging). Public ones everyone sees; private ones only the giver, the
/// recipients, their managers (by `org::scope`) and HR and admins. Withdrawn ones nobody.
pub async fn visible<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    limit: u64,
    before: Option<i32>,
) -> Result<Vec<Seen>, AppError> {
    filtered(db, me, limit, before, &FeedFilter::default()).await
}

/// Narrows the feed: recognition of people in a unit (by where they are now), naming a value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedFilter {
    /// Only recognition received by one of these people.
    pub recipients: Option<Vec<i32>>,
    pub value: Option<i32>,
}

/// `visible`, narrowed by a filter.
pub async fn filtered<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    limit: u64,
    before: Option<i32>,
    filter: &FeedFilter,
) -> Result<Vec<Seen>, AppError> {
    if filter.recipients.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let reach = crate::org::scope::reach(db, me.id, me.role).await?;
    let mut out = Vec::new();
    let mut cursor = before;
    // Private recognitions the viewer may not see are skipped; read on until the page is full.
    loop {
        let mut q = recognition::Entity::find()
            .filter(recognition::Column::Status.eq(RecognitionStatus::Live))
            .filter(recognition::Column::WithdrawnAt.is_null())
            .filter(recognition::Column::HiddenAt.is_null())
            .order_by_desc(recognition::Column::Id)
            .limit(limit.max(1) * 2);
        if let Some(c) = cursor {
            q = q.filter(recognition::Column::Id.lt(c));
        }
        if let Some(v) = filter.value {
            q = q.filter(recognition::Column::ValueId.eq(v));
        }
        if let Some(people) = &filter.recipients {
            q = q.filter(
                recognition::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(recognition_recipient::Column::RecognitionId)
                        .from(recognition_recipient::Entity)
                        .and_where(recognition_recipient::Column::UserId.is_in(people.clone()))
                        .to_owned(),
                ),
            );
        }
        let batch = q.all(db).await?;
        let Some(last) = batch.last() else { break };
        cursor = Some(last.id);
        let (mut to, names, values) = context(db, &batch).await?;
        for r in batch {
            let rs = to.remove(&r.id).unwrap_or_default();
            if !may_see(&reach, me, &r, &rs) {
                continue;
            }
            out.push(seen(r, &rs, &names, &values));
            if out.len() as u64 >= limit {
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// Whether `me` may see a recognition: public ones everyone; private ones the giver, the
/// recipients, their managers (by `org::scope`), HR and admins.
pub(crate) fn may_see(
    reach: &crate::org::scope::Reach,
    me: &CurrentUser,
    r: &recognition::Model,
    recipients: &[i32],
) -> bool {
    r.visibility == Visibility::Public
        || matches!(me.role, Role::Hr | Role::Admin)
        || r.giver_id == me.id
        || recipients.iter().any(|u| reach.covers(me.id, *u))
}

type Names = BTreeMap<i32, String>;

/// The recipients, people's names and value names a batch of recognitions needs (three queries).
async fn context<C: ConnectionTrait>(
    db: &C,
    batch: &[recognition::Model],
) -> Result<(BTreeMap<i32, Vec<i32>>, Names, Names), AppError> {
    let ids: Vec<i32> = batch.iter().map(|r| r.id).collect();
    let mut to: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for rr in recognition_recipient::Entity::find()
        .filter(recognition_recipient::Column::RecognitionId.is_in(ids))
        .all(db)
        .await?
    {
        to.entry(rr.recognition_id).or_default().push(rr.user_id);
    }
    let mut people: BTreeSet<i32> = batch.iter().map(|r| r.giver_id).collect();
    people.extend(to.values().flatten().copied());
    let names = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut values: Names = recognition_value::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    // Award levels under negative keys, so one map carries both.
    if batch.iter().any(|r| r.level_id.is_some()) {
        for l in crate::entities::award_level::Entity::find().all(db).await? {
            values.insert(-l.id, l.name);
        }
    }
    Ok((to, names, values))
}

fn seen(r: recognition::Model, recipients: &[i32], names: &Names, values: &Names) -> Seen {
    Seen {
        id: r.id,
        pid: r.pid,
        giver_id: r.giver_id,
        giver: names.get(&r.giver_id).cloned().unwrap_or_default(),
        recipients: recipients
            .iter()
            .filter_map(|u| names.get(u).cloned())
            .collect(),
        value: values.get(&r.value_id).cloned().unwrap_or_default(),
        message: r.message,
        points_each: r.points_each,
        visibility: r.visibility,
        created_at: r.created_at,
        level: r.level_id.and_then(|l| values.get(&-l).cloned()),
        recipient_ids: recipients.to_vec(),
    }
}

/// Recognitions as the feed describes them (same order), whatever their status: the lists of
/// awards use this too.
pub async fn describe<C: ConnectionTrait>(
    db: &C,
    batch: Vec<recognition::Model>,
) -> Result<Vec<Seen>, AppError> {
    let (to, names, values) = context(db, &batch).await?;
    Ok(batch
        .into_iter()
        .map(|r| {
            let rs = to.get(&r.id).cloned().unwrap_or_default();
            seen(r, &rs, &names, &values)
        })
        .collect())
}

/// The newest recognition `user` received that still stands (not withdrawn or hidden).
pub async fn latest_received<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> Result<Option<Seen>, AppError> {
    let mine: Vec<i32> = recognition_recipient::Entity::find()
        .select_only()
        .column(recognition_recipient::Column::RecognitionId)
        .filter(recognition_recipient::Column::UserId.eq(user_id))
        .order_by_desc(recognition_recipient::Column::RecognitionId)
        .limit(20)
        .into_tuple()
        .all(db)
        .await?;
    let Some(r) = recognition::Entity::find()
        .filter(recognition::Column::Id.is_in(mine))
        .filter(recognition::Column::Status.eq(RecognitionStatus::Live))
        .filter(recognition::Column::WithdrawnAt.is_null())
        .filter(recognition::Column::HiddenAt.is_null())
        .order_by_desc(recognition::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let batch = [r];
    let (to, names, values) = context(db, &batch).await?;
    let [r] = batch;
    let rs = to.get(&r.id).cloned().unwrap_or_default();
    Ok(Some(seen(r, &rs, &names, &values)))
}

/// Recognition received and given per value (standing ones only), in the values' order; values
/// with neither are left out. `private_given` counts private recognition the person gave too
/// (for themselves, HR and admins; their managers see what they gave in public).
pub async fn by_value<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    private_given: bool,
) -> Result<Vec<crate::recognition::types::ValueCount>, AppError> {
    let received_ids: Vec<i32> = recognition_recipient::Entity::find()
        .select_only()
        .column(recognition_recipient::Column::RecognitionId)
        .filter(recognition_recipient::Column::UserId.eq(user_id))
        .into_tuple()
        .all(db)
        .await?;
    let standing = || {
        recognition::Entity::find()
            .select_only()
            .column(recognition::Column::ValueId)
            .filter(recognition::Column::Status.eq(RecognitionStatus::Live))
            .filter(recognition::Column::WithdrawnAt.is_null())
            .filter(recognition::Column::HiddenAt.is_null())
    };
    let mut received: BTreeMap<i32, u32> = BTreeMap::new();
    for chunk in received_ids.chunks(500) {
        for v in standing()
            .filter(recognition::Column::Id.is_in(chunk.to_vec()))
            .into_tuple::<i32>()
            .all(db)
            .await?
        {
            *received.entry(v).or_default() += 1;
        }
    }
    let mut q = standing().filter(recognition::Column::GiverId.eq(user_id));
    if !private_given {
        q = q.filter(recognition::Column::Visibility.eq(Visibility::Public));
    }
    let mut given: BTreeMap<i32, u32> = BTreeMap::new();
    for v in q.into_tuple::<i32>().all(db).await? {
        *given.entry(v).or_default() += 1;
    }
    Ok(recognition_value::Entity::find()
        .order_by_asc(recognition_value::Column::Position)
        .order_by_asc(recognition_value::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|v| {
            let (r, g) = (
                received.get(&v.id).copied().unwrap_or(0),
                given.get(&v.id).copied().unwrap_or(0),
            );
            (r + g > 0).then_some(crate::recognition::types::ValueCount {
                value: v.name,
                received: r,
                given: g,
            })
        })
        .collect())
}
