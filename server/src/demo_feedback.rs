//! Twelve months of guest feedback for the demo chain (about 30,000 responses), with patterns a
//! user can find:
//!
//! - Harbour View Hotel improves in the last five weeks, after its staff played the North Coast
//!   training modules (the training history puts them in the last four weeks);
//! - Lakeside Lodge declines over the last four months;
//! - Old Town Suites' housekeeping drags its site down all year;
//! - comments that name the person who served, good and bad, and contacts left by some unhappy
//!   guests;
//! - follow-ups of the last week's unhappy guests who left a contact: most resolved with a root
//!   cause and the manager's notes, a few contacted, a few open and some of those overdue.
//!
//! Written as an import from the "Demo guest survey" source would write them, in one transaction.
use app::entities::{
    department, feedback_followup, feedback_followup_event, feedback_response, site, user,
};
use app::feedback::followup_types::{DUE_HOURS, EventKind, FollowUpStatus, RootCause};
use app::feedback::types::{Channel, Source};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::demo_history::Dice;

pub const ORIGIN: &str = "Demo guest survey";
const DAYS: i64 = 365;

/// How satisfied a site's guests are (the chance a CSAT is 4 or 5) `ago` days before today.
fn site_level(site: &str, ago: i64) -> f64 {
    match site {
        "Harbour View Hotel" if ago <= 35 => 0.88,
        "Harbour View Hotel" => 0.74,
        // Down from 0.86 to 0.66 over the last 120 days.
        "Lakeside Lodge" if ago <= 120 => 0.66 + 0.20 * ago as f64 / 120.0,
        "Lakeside Lodge" => 0.86,
        "Central Plaza Hotel" => 0.84,
        "Cliffside Resort" => 0.81,
        _ => 0.79,
    }
}

/// How a department shifts its site's level.
fn department_shift(site: &str, department: &str) -> f64 {
    match (site, department) {
        ("Old Town Suites", "Housekeeping") => -0.30,
        (_, "Restaurant") => 0.03,
        (_, "Call centre") => -0.04,
        _ => 0.0,
    }
}

const PRAISE: [&str; 5] = [
    "{name} at the {dept} was wonderful: warm, quick and thoughtful.",
    "Thank you to {name}, who sorted out our room change without any fuss.",
    "{name} went out of their way to help with our late arrival.",
    "Special thanks to {name}; we felt looked after from the first minute.",
    "{name} remembered our names and our kids' allergies. Lovely.",
];
const GOOD: [&str; 4] = [
    "Friendly welcome and a spotless room.",
    "Quick check-in and a great breakfast.",
    "Everything was easy, from booking to check-out.",
    "Staff were helpful and the place was calm and clean.",
];
const BAD: [&str; 6] = [
    "We waited forty minutes to check in and nobody explained why.",
    "The room had not been cleaned when we arrived at 4pm.",
    "Nobody called back about the billing mistake.",
    "The bathroom was dirty and the towels were not changed.",
    "I was passed between three people on the phone before anyone could help.",
    "Dinner took over an hour and the order was wrong.",
];
const BAD_NAMED: [&str; 2] = [
    "{name} was short with us when we asked about the late check-out.",
    "{name} promised to fix the heating and it never happened.",
];

pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
    let sites = site::Entity::find().all(db).await?;
    let departments = department::Entity::find().all(db).await?;
    let staff = user::Entity::find().all(db).await?;
    let today = Utc::now().date_naive();
    let now = Utc::now();
    let mut dice = Dice(20_261_206);
    let mut rows: Vec<feedback_response::ActiveModel> = Vec::with_capacity(32_000);
    for ago in (0..DAYS).rev() {
        let day: NaiveDate = today - Duration::days(ago);
        for s in &sites {
            // 10 to 17 responses a day, more at weekends.
            let weekend = matches!(
                chrono::Datelike::weekday(&day),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            );
            let count = 10 + dice.next(6) + if weekend { 3 } else { 0 };
            for _ in 0..count {
                let pick = dice.next(100);
                let dept_name = match pick {
                    0..35 => "Front desk",
                    35..57 => "Housekeeping",
                    57..80 => "Restaurant",
                    _ => "Call centre",
                };
                let Some(dept) = departments
                    .iter()
                    .find(|d| d.site_id == s.id && d.name == dept_name)
                else {
                    continue;
                };
                let channel = match dept_name {
                    "Front desk" if dice.chance(0.2) => Channel::Web,
                    "Front desk" => Channel::FrontDesk,
                    "Housekeeping" => Channel::Email,
                    "Restaurant" => Channel::Restaurant,
                    _ if dice.chance(0.3) => Channel::Chat,
                    _ => Channel::Phone,
                };
                let level = (site_level(&s.name, ago) + department_shift(&s.name, dept_name))
                    .clamp(0.05, 0.97);
                let happy = dice.chance(level);
                let csat = dice.chance(0.9).then(|| {
                    if happy {
                        if dice.chance(0.6) { 5 } else { 4 }
                    } else {
                        1 + dice.next(3) as i16
                    }
                });
                let nps = (csat.is_none() || dice.chance(0.6)).then(|| {
                    if happy {
                        if dice.chance(0.72) {
                            9 + dice.next(2) as i16
                        } else {
                            7 + dice.next(2) as i16
                        }
                    } else if dice.chance(0.25) {
                        7 + dice.next(2) as i16
                    } else {
                        dice.next(7) as i16
                    }
                });
                let ces = (dept_name == "Call centre" || dice.chance(0.3)).then(|| {
                    if happy {
                        5 + dice.next(3) as i16
                    } else {
                        1 + dice.next(4) as i16
                    }
                });
                let people: Vec<&user::Model> = staff
                    .iter()
                    .filter(|u| u.department_id == Some(dept.id))
                    .collect();
                let served = (!people.is_empty()
                    && matches!(dept_name, "Front desk" | "Restaurant")
                    && dice.chance(0.4))
                .then(|| people[dice.next(people.len())]);
                let first_name =
                    |u: &user::Model| u.name.split(' ').next().unwrap_or_default().to_owned();
                let comment = match (happy, served) {
                    (true, Some(u)) if dice.chance(0.25) => Some(
                        PRAISE[dice.next(PRAISE.len())]
                            .replace("{name}", &first_name(u))
                            .replace("{dept}", &dept_name.to_lowercase()),
                    ),
                    (true, _) if dice.chance(0.08) => Some(GOOD[dice.next(GOOD.len())].to_owned()),
                    (false, Some(u)) if dice.chance(0.15) => Some(
                        BAD_NAMED[dice.next(BAD_NAMED.len())].replace("{name}", &first_name(u)),
                    ),
                    (false, _) if dice.chance(0.3) => Some(BAD[dice.next(BAD.len())].to_owned()),
                    _ => None,
                };
                let contact = (!happy && dice.chance(0.3))
                    .then(|| format!("guest{}@example.com", rows.len()));
                let at = day
                    .and_hms_opt(7 + dice.next(15) as u32, dice.next(60) as u32, 0)
                    .unwrap_or_default();
                // Today's guests so far, none from later today.
                if at > now.naive_utc() {
                    continue;
                }
                rows.push(feedback_response::ActiveModel {
                    id: Default::default(),
                    origin: Set(ORIGIN.to_owned()),
                    external_id: Set(format!("demo-{}", rows.len() + 1)),
                    source: Set(Source::Import),
                    occurred_at: Set(at),
                    day: Set(day),
                    site_id: Set(s.id),
                    department_id: Set(Some(dept.id)),
                    person_id: Set(served.map(|u| u.id)),
                    channel: Set(channel),
                    csat: Set(csat),
                    nps: Set(nps),
                    ces: Set(ces),
                    comment: Set(comment),
                    contact: Set(contact),
                    created_at: Set(now),
                });
            }
        }
    }
    app::state::write(db, move |txn| {
        Box::pin(async move {
            for chunk in rows.chunks(1000) {
                feedback_response::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(txn)
                    .await?;
            }
            app::feedback::service::added(txn, 0, now, today).await?;
            work_on_followups(txn, &sites, &staff, now).await?;
            Ok(())
        })
    })
    .await
    .map_err(|e| anyhow::anyhow!("loading demo guest feedback: {e}"))
}

const NOTES: &[&str] = &[
    "Called back the same day and apologised; refunded the night's parking.",
    "Spoke to the guest, took responsibility and offered a free dinner on the next stay. They accepted.",
    "Rang twice, then emailed. The guest replied and thanked us for following up.",
    "Apologised by phone and explained what we have changed at the desk since.",
];

/// Makes the demo's follow-ups look worked on: opened when the guest answered, due 48 hours
/// later; those older than three days mostly resolved by the site's manager with a root cause,
/// the rest contacted or still open (so some are overdue).
async fn work_on_followups(
    txn: &sea_orm::DatabaseTransaction,
    sites: &[site::Model],
    staff: &[user::Model],
    now: chrono::DateTime<Utc>,
) -> Result<(), app::error::AppError> {
    let hr = staff
        .iter()
        .find(|u| u.role == app::auth::types::Role::Hr)
        .map(|u| u.id);
    let responses: std::collections::BTreeMap<i64, feedback_response::Model> =
        feedback_response::Entity::find()
            .filter(
                feedback_response::Column::Id.is_in(
                    feedback_followup::Entity::find()
                        .all(txn)
                        .await?
                        .iter()
                        .map(|f| f.response_id),
                ),
            )
            .all(txn)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
    let mut followups = feedback_followup::Entity::find().all(txn).await?;
    followups.sort_by_key(|f| responses.get(&f.response_id).map(|r| r.occurred_at));
    for (k, f) in followups.into_iter().enumerate() {
        let Some(r) = responses.get(&f.response_id) else {
            continue;
        };
        let Some(author) = sites
            .iter()
            .find(|s| s.id == f.site_id)
            .and_then(|s| s.manager_id)
            .or(hr)
        else {
            continue;
        };
        let opened = r.occurred_at.and_utc() + Duration::minutes(20);
        let opened = opened.min(now);
        let age = now - opened;
        let mut row: feedback_followup::ActiveModel = f.clone().into();
        row.opened_at = Set(opened);
        row.due_at = Set(opened + Duration::hours(DUE_HOURS));
        let event = |kind: EventKind, body: String, at: chrono::DateTime<Utc>| {
            feedback_followup_event::ActiveModel {
                id: Default::default(),
                followup_id: Set(f.id),
                author_id: Set(author),
                kind: Set(kind),
                body: Set(body),
                created_at: Set(at),
            }
        };
        let contacted = opened + Duration::hours(3 + (k % 20) as i64);
        if age > Duration::days(3) && k % 7 != 3 {
            let cause = RootCause::ALL[k % RootCause::ALL.len()];
            let resolved = contacted + Duration::hours(4);
            row.status = Set(FollowUpStatus::Resolved);
            row.contacted_at = Set(Some(contacted));
            row.resolved_at = Set(Some(resolved));
            row.resolved_by = Set(Some(author));
            row.root_cause = Set(Some(cause));
            row.update(txn).await?;
            event(
                EventKind::Contacted,
                NOTES[k % NOTES.len()].to_owned(),
                contacted,
            )
            .insert(txn)
            .await?;
            event(
                EventKind::Resolved,
                format!("Root cause: {}.", cause.label()),
                resolved,
            )
            .insert(txn)
            .await?;
        } else if k % 3 == 0 && contacted < now {
            row.status = Set(FollowUpStatus::Contacted);
            row.contacted_at = Set(Some(contacted));
            row.update(txn).await?;
            event(
                EventKind::Contacted,
                "Left a voicemail and sent an email; waiting to hear back.".to_owned(),
                contacted,
            )
            .insert(txn)
            .await?;
        } else {
            row.update(txn).await?;
        }
    }
    Ok(())
}
