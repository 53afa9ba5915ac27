//! Follow-ups of unhappy customers: opened by every way feedback comes in, listed for the site's
//! manager (and HR), worked through open → contacted → resolved with notes and a root cause, and
//! able to assign training to the person involved in the same step.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::entities::{feedback_followup, feedback_followup_event, feedback_response, user};
use crate::error::AppError;
use crate::feedback::followup_types::{
    DUE_HOURS, EventKind, EventView, FRESH_DAYS, FollowUpCounts, FollowUpDetail, FollowUpFilter,
    FollowUpList, FollowUpRow, FollowUpStatus, MAX_NOTE, RootCause, SiteOverdue,
};
use crate::feedback::types::Ratings;
use crate::org::index::OrgIndex;
use crate::reporting::unit::Unit;
use crate::state;
use crate::training::types::AssignInput;

/// Rows a list shows.
const LISTED: u64 = 200;

/// The highest response id so far (0 when there are none): responses written after it are the
/// ones `open_after` looks at.
pub async fn last_response_id<C: ConnectionTrait>(db: &C) -> Result<i64, AppError> {
    Ok(feedback_response::Entity::find()
        .select_only()
        .column_as(Expr::cust("MAX(id)"), "m")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0))
}

/// Opens a follow-up for every response written after `after` that is unhappy (NPS 0-6 or CSAT
/// 1-2), left a contact and happened in the last `FRESH_DAYS` days, due `DUE_HOURS` from `now`.
/// Idempotent: a response has at most one follow-up. Runs in the writer's transaction.
pub async fn open_after<C: ConnectionTrait>(
    db: &C,
    after: i64,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<u64, AppError> {
    use feedback_response::Column as R;
    let fresh: Vec<(i64, i32, Option<i32>)> = feedback_response::Entity::find()
        .select_only()
        .columns([R::Id, R::SiteId, R::DepartmentId])
        .filter(R::Id.gt(after))
        .filter(R::Contact.is_not_null())
        .filter(R::Day.gte(today - Duration::days(FRESH_DAYS)))
        .filter(Condition::any().add(R::Nps.lte(6)).add(R::Csat.lte(2)))
        .into_tuple()
        .all(db)
        .await?;
    let mut opened = 0;
    for chunk in fresh.chunks(500) {
        let rows = chunk
            .iter()
            .map(|(id, site, dept)| feedback_followup::ActiveModel {
                id: Default::default(),
                pid: Set(uuid::Uuid::new_v4().to_string()),
                response_id: Set(*id),
                site_id: Set(*site),
                department_id: Set(*dept),
                status: Set(FollowUpStatus::Open),
                root_cause: Set(None),
                opened_at: Set(now),
                due_at: Set(now + Duration::hours(DUE_HOURS)),
                contacted_at: Set(None),
                resolved_at: Set(None),
                resolved_by: Set(None),
            });
        let stmt = feedback_followup::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(feedback_followup::Column::ResponseId)
                    .do_nothing()
                    .to_owned(),
            )
            .into_query();
        opened += db
            .execute(db.get_database_backend().build(&stmt))
            .await?
            .rows_affected();
    }
    Ok(opened)
}

/// Whose follow-ups a viewer works on: HR and admins everyone's, a manager the sites and
/// departments they lead, staff none.
enum Reach {
    All,
    Units {
        sites: BTreeSet<i32>,
        departments: BTreeSet<i32>,
    },
}

async fn reach<C: ConnectionTrait>(db: &C, me: &CurrentUser) -> Result<Reach, AppError> {
    match me.role {
        Role::Hr | Role::Admin => Ok(Reach::All),
        Role::Manager => {
            let s = crate::org::scope::scope(db, me.id).await?;
            Ok(Reach::Units {
                sites: s.sites,
                departments: s.departments,
            })
        }
        Role::Staff => Err(AppError::Forbidden),
    }
}

impl Reach {
    fn condition(&self) -> Condition {
        use feedback_followup::Column as F;
        match self {
            Reach::All => Condition::all(),
            Reach::Units { sites, departments } => Condition::any()
                .add(F::SiteId.is_in(sites.iter().copied()))
                .add(F::DepartmentId.is_in(departments.iter().copied())),
        }
    }

    fn covers(&self, f: &feedback_followup::Model) -> bool {
        match self {
            Reach::All => true,
            Reach::Units { sites, departments } => {
                sites.contains(&f.site_id)
                    || f.department_id.is_some_and(|d| departments.contains(&d))
            }
        }
    }
}

fn unresolved() -> Condition {
    Condition::all().add(feedback_followup::Column::Status.ne(FollowUpStatus::Resolved))
}

/// The viewer's unresolved and overdue follow-ups (none for staff).
pub async fn counts<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<FollowUpCounts, AppError> {
    if me.role == Role::Staff {
        return Ok(FollowUpCounts::default());
    }
    let r = reach(db, me).await?;
    let base = feedback_followup::Entity::find()
        .filter(r.condition())
        .filter(unresolved());
    let unresolved = base.clone().count(db).await?;
    let overdue = base
        .filter(feedback_followup::Column::DueAt.lt(now))
        .count(db)
        .await?;
    let n = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(FollowUpCounts {
        unresolved: n(unresolved),
        overdue: n(overdue),
    })
}

fn ratings_of(r: &feedback_response::Model) -> String {
    let ratings = Ratings {
        csat: r.csat.and_then(|v| u8::try_from(v).ok()),
        nps: r.nps.and_then(|v| u8::try_from(v).ok()),
        ces: r.ces.and_then(|v| u8::try_from(v).ok()),
    };
    [
        ("NPS", ratings.nps),
        ("CSAT", ratings.csat),
        ("CES", ratings.ces),
    ]
    .into_iter()
    .filter_map(|(n, v)| v.map(|v| format!("{n} {v}")))
    .collect::<Vec<_>>()
    .join(" · ")
}

fn unit_of(org: &OrgIndex, f: &feedback_followup::Model) -> String {
    let site = org.unit_name(Unit::Site(f.site_id), "");
    match f.department_id {
        Some(d) => org.unit_name(Unit::Department(d), ""),
        None => site,
    }
}

/// "in 2 days", "3 hours ago"
fn span(d: Duration) -> String {
    let (n, unit) = if d.num_days().abs() >= 2 {
        (d.num_days().abs(), "day")
    } else if d.num_hours().abs() >= 1 {
        (d.num_hours().abs(), "hour")
    } else {
        (d.num_minutes().abs().max(1), "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// "Due in 2 days (7 Dec, 14:05)", "Overdue by 3 hours", "Resolved 6 Dec 2026"
fn due_text(f: &feedback_followup::Model, now: DateTime<Utc>, tz: chrono_tz::Tz) -> (String, bool) {
    if let Some(at) = f.resolved_at {
        return (
            format!("Resolved {}", at.with_timezone(&tz).format("%-d %b %Y")),
            false,
        );
    }
    let local = f.due_at.with_timezone(&tz).format("%-d %b, %H:%M");
    if f.due_at < now {
        (
            format!("Overdue by {} (due {local})", span(now - f.due_at)),
            true,
        )
    } else {
        (format!("Due in {} ({local})", span(f.due_at - now)), false)
    }
}

fn when(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format("%-d %b %Y, %H:%M").to_string()
}

/// The start of a comment, at most `max` characters.
fn excerpt(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        return t.to_owned();
    }
    let cut: String = t.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

async fn names<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
) -> Result<BTreeMap<i32, user::Model>, AppError> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// The follow-ups the viewer works on, by filter: unresolved and overdue due first, resolved
/// newest first. HR and admins also get each site's unresolved and overdue counts.
pub async fn list(
    db: &DatabaseConnection,
    me: &CurrentUser,
    filter: FollowUpFilter,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<FollowUpList, AppError> {
    use feedback_followup::Column as F;
    let r = reach(db, me).await?;
    let mut q = feedback_followup::Entity::find().filter(r.condition());
    q = match filter {
        FollowUpFilter::Unresolved => q.filter(unresolved()).order_by_asc(F::DueAt),
        FollowUpFilter::Overdue => q
            .filter(unresolved())
            .filter(F::DueAt.lt(now))
            .order_by_asc(F::DueAt),
        FollowUpFilter::Resolved => q
            .filter(F::Status.eq(FollowUpStatus::Resolved))
            .order_by_desc(F::ResolvedAt),
    };
    let found = q.order_by_asc(F::Id).limit(LISTED + 1).all(db).await?;
    let more = found.len() as u64 > LISTED;
    let found: Vec<_> = found.into_iter().take(LISTED as usize).collect();
    let responses: BTreeMap<i64, feedback_response::Model> = if found.is_empty() {
        BTreeMap::new()
    } else {
        feedback_response::Entity::find()
            .filter(feedback_response::Column::Id.is_in(found.iter().map(|f| f.response_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect()
    };
    let people = names(db, responses.values().filter_map(|r| r.person_id).collect()).await?;
    let org = OrgIndex::load(db).await?;
    let rows = found
        .iter()
        .filter_map(|f| {
            let resp = responses.get(&f.response_id)?;
            let (due, overdue) = due_text(f, now, tz);
            Some(FollowUpRow {
                pid: f.pid.clone(),
                status: f.status,
                unit: unit_of(&org, f),
                received: when(f.opened_at, tz),
                due,
                overdue,
                ratings: ratings_of(resp),
                excerpt: resp
                    .comment
                    .as_deref()
                    .map(|c| excerpt(c, 140))
                    .unwrap_or_default(),
                served_by: resp
                    .person_id
                    .and_then(|p| people.get(&p))
                    .map(|u| u.name.clone()),
            })
        })
        .collect();
    let counts = counts(db, me, now).await?;
    let sites = if matches!(r, Reach::All) {
        let open: Vec<(i32, DateTime<Utc>)> = feedback_followup::Entity::find()
            .select_only()
            .columns([F::SiteId, F::DueAt])
            .filter(unresolved())
            .into_tuple()
            .all(db)
            .await?;
        let mut per: BTreeMap<i32, (u32, u32)> = BTreeMap::new();
        for (site, due) in open {
            let e = per.entry(site).or_default();
            e.0 += 1;
            e.1 += u32::from(due < now);
        }
        let mut v: Vec<SiteOverdue> = per
            .into_iter()
            .map(|(s, (unresolved, overdue))| SiteOverdue {
                site: org.unit_name(Unit::Site(s), ""),
                unresolved,
                overdue,
            })
            .collect();
        v.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.site.cmp(&b.site)));
        v
    } else {
        Vec::new()
    };
    Ok(FollowUpList {
        filter,
        rows,
        more,
        counts,
        sites,
    })
}

/// The follow-up `pid` if the viewer works on it.
async fn find_for<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    pid: &str,
) -> Result<feedback_followup::Model, AppError> {
    let r = reach(db, me).await?;
    let f = feedback_followup::Entity::find()
        .filter(feedback_followup::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That follow-up".into()))?;
    if !r.covers(&f) {
        return Err(AppError::Forbidden);
    }
    Ok(f)
}

/// One follow-up with its response, timeline and the modules that may be assigned from it.
pub async fn detail(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<FollowUpDetail, AppError> {
    let f = find_for(db, me, pid).await?;
    let resp = feedback_response::Entity::find_by_id(f.response_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let events = feedback_followup_event::Entity::find()
        .filter(feedback_followup_event::Column::FollowupId.eq(f.id))
        .order_by_asc(feedback_followup_event::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<i32> = events.iter().map(|e| e.author_id).collect();
    ids.extend(resp.person_id);
    let people = names(db, ids).await?;
    let person = resp.person_id.and_then(|p| people.get(&p));
    let may_assign = match person {
        Some(u) if u.active => match me.role {
            Role::Hr | Role::Admin => true,
            Role::Manager => crate::org::scope::covers(db, me.id, u.id).await?,
            Role::Staff => false,
        },
        _ => false,
    };
    let modules = if may_assign {
        crate::training::service::assignments::module_choices(db).await?
    } else {
        Vec::new()
    };
    let org = OrgIndex::load(db).await?;
    let (due, overdue) = due_text(&f, now, tz);
    let today = now.with_timezone(&tz).date_naive();
    Ok(FollowUpDetail {
        pid: f.pid.clone(),
        status: Some(f.status),
        unit: unit_of(&org, &f),
        channel: resp.channel.label().to_owned(),
        received: when(f.opened_at, tz),
        due,
        overdue,
        ratings: ratings_of(&resp),
        comment: resp.comment.clone(),
        contact: resp.contact.clone(),
        served_by: person.map(|u| u.name.clone()),
        root_cause: f.root_cause,
        events: events
            .into_iter()
            .map(|e| EventView {
                kind: e.kind,
                author: people
                    .get(&e.author_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                when: when(e.created_at, tz),
                body: e.body,
            })
            .collect(),
        modules,
        default_due: (today + Duration::days(14)).format("%Y-%m-%d").to_string(),
    })
}

/// What a manager does to a follow-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A note, nothing else changes.
    Note(String),
    /// The customer was reached (with an optional note).
    Contacted(String),
    /// Fixed: the root cause and an optional note.
    Resolve(RootCause, String),
}

/// Parses a step from the form: `step` is "note", "contacted" or "resolve".
pub fn parse_step(step: &str, note: &str, root_cause: &str) -> Result<Step, AppError> {
    let note = note.trim().to_owned();
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::invalid(format!(
            "Keep the note under {MAX_NOTE} characters."
        )));
    }
    if note.contains('\0') {
        return Err(AppError::invalid(
            "The note contains a character that cannot be kept.",
        ));
    }
    match step.trim() {
        "note" if note.is_empty() => Err(AppError::invalid("Write the note first.")),
        "note" => Ok(Step::Note(note)),
        "contacted" => Ok(Step::Contacted(note)),
        "resolve" => match root_cause.trim() {
            "" => Err(AppError::invalid(
                "Choose the root cause: what should change so it does not happen again.",
            )),
            raw => RootCause::parse(raw)
                .map(|c| Step::Resolve(c, note))
                .ok_or_else(|| AppError::invalid("Choose a root cause from the list.")),
        },
        _ => Err(AppError::invalid(
            "Choose what to do: add a note, mark contacted or resolve.",
        )),
    }
}

async fn event<C: ConnectionTrait>(
    db: &C,
    followup: i32,
    author: i32,
    kind: EventKind,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    feedback_followup_event::ActiveModel {
        id: Default::default(),
        followup_id: Set(followup),
        author_id: Set(author),
        kind: Set(kind),
        body: Set(body),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records a step on a follow-up, with its line on the timeline, in one transaction.
pub async fn act(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    step: Step,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let me = me.clone();
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let f = find_for(txn, &me, &pid).await?;
            let resolved = f.status == FollowUpStatus::Resolved;
            let mut row: feedback_followup::ActiveModel = f.clone().into();
            let (kind, body, msg) = match step {
                Step::Note(n) => (EventKind::Note, n, "Your note is added."),
                Step::Contacted(_) | Step::Resolve(..) if resolved => {
                    return Err(AppError::Conflict(
                        "This follow-up is already resolved.".into(),
                    ));
                }
                Step::Contacted(_) if f.status == FollowUpStatus::Contacted => {
                    return Err(AppError::Conflict(
                        "This follow-up is already marked as contacted.".into(),
                    ));
                }
                Step::Contacted(n) => {
                    row.status = Set(FollowUpStatus::Contacted);
                    row.contacted_at = Set(Some(now));
                    row.update(txn).await?;
                    (
                        EventKind::Contacted,
                        n,
                        "Marked as contacted. Resolve it once the fix is done.",
                    )
                }
                Step::Resolve(cause, n) => {
                    row.status = Set(FollowUpStatus::Resolved);
                    row.root_cause = Set(Some(cause));
                    row.resolved_at = Set(Some(now));
                    row.resolved_by = Set(Some(me.id));
                    if f.contacted_at.is_none() {
                        row.contacted_at = Set(Some(now));
                    }
                    row.update(txn).await?;
                    let body = if n.is_empty() {
                        format!("Root cause: {}.", cause.label())
                    } else {
                        format!("Root cause: {}. {n}", cause.label())
                    };
                    (EventKind::Resolved, body, "The follow-up is resolved.")
                }
            };
            event(txn, f.id, me.id, kind, body, now).await?;
            Ok(msg.to_owned())
        })
    })
    .await
}

/// Assigns a module to the person who served the customer and notes it on the follow-up's
/// timeline, in one transaction. Managers only to people in their scope (the assignment checks).
pub async fn assign(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    module: &str,
    due_on: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<String, AppError> {
    let me = me.clone();
    let pid = pid.to_owned();
    let module = module.trim().to_owned();
    let due_on = due_on.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let f = find_for(txn, &me, &pid).await?;
            let resp = feedback_response::Entity::find_by_id(f.response_id)
                .one(txn)
                .await?
                .ok_or(AppError::Internal)?;
            let person = match resp.person_id {
                Some(p) => user::Entity::find_by_id(p)
                    .one(txn)
                    .await?
                    .ok_or(AppError::Internal)?,
                None => {
                    return Err(AppError::invalid(
                        "This response names nobody who served the customer, so there is no one to assign training to.",
                    ));
                }
            };
            if module.is_empty() {
                return Err(AppError::invalid("Choose a module."));
            }
            let input = AssignInput::parse(
                &module,
                &format!("person:{}", person.pid),
                &due_on,
                "",
                today.into(),
            )
            .map_err(|problems| AppError::invalid(problems.join(" ")))?;
            let msg =
                crate::training::service::assignments::assign_in(txn, &me, input).await?;
            event(txn, f.id, me.id, EventKind::Assigned, msg.clone(), now).await?;
            Ok(msg)
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_is_parsed_once_with_a_specific_message() {
        assert_eq!(
            parse_step("note", " Called back. ", "").unwrap(),
            Step::Note("Called back.".into())
        );
        assert_eq!(
            parse_step("contacted", "", "").unwrap(),
            Step::Contacted(String::new())
        );
        assert_eq!(
            parse_step("resolve", "", "slow_fix").unwrap(),
            Step::Resolve(RootCause::SlowFix, String::new())
        );
        let message = |r: Result<Step, AppError>| r.unwrap_err().to_string();
        assert!(message(parse_step("note", "  ", "")).contains("Write the note"));
        assert!(message(parse_step("resolve", "x", "")).contains("root cause"));
        assert!(message(parse_step("resolve", "x", "blame")).contains("from the list"));
        assert!(message(parse_step("delete", "x", "")).contains("Choose what to do"));
        assert!(message(parse_step("note", &"x".repeat(MAX_NOTE + 1), "")).contains("under"));
        assert!(message(parse_step("note", "a\0b", "")).contains("cannot be kept"));
    }

    #[test]
    fn every_root_cause_reads_back_from_its_key() {
        for c in RootCause::ALL {
            assert_eq!(RootCause::parse(c.key()), Some(c));
        }
    }

    #[test]
    fn spans_and_excerpts_read_naturally() {
        assert_eq!(span(Duration::minutes(0)), "1 minute");
        assert_eq!(span(Duration::minutes(90)), "1 hour");
        assert_eq!(span(Duration::hours(47)), "47 hours");
        assert_eq!(span(Duration::hours(-50)), "2 days");
        assert_eq!(excerpt("  short  ", 10), "short");
        assert_eq!(excerpt("a long comment here", 6), "a long…");
    }
}
