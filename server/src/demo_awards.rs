//! The demo's achievement awards: last year's programme, finished, with nominations, the winners
//! HR picked and the announcement; and this year's, open for nominations now.
//!
//! Nobody the browser journeys log in as nominates here, so their pages start fresh.
use std::collections::BTreeMap;

use app::auth::types::Role;
use app::entities::{
    award_category, award_nomination, award_programme, award_winner, department, region, site, user,
};
use app::recognition::programme::{Nominators, Subject};
use app::state;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

use crate::demo_history::{Dice, UNTOUCHED};
use crate::demo_recognition::LOGINS;

/// The categories both programmes have: name, what it honours, subject, winners.
const CATEGORIES: [(&str, &str, Subject, i32); 4] = [
    (
        "Guest hero",
        "Someone who turned an upset guest into a loyal one.",
        Subject::Person,
        2,
    ),
    (
        "Everyone is in customer service",
        "Someone outside the front line who made a guest's day.",
        Subject::Person,
        1,
    ),
    (
        "Site of the year",
        "The site whose guests and people were happiest.",
        Subject::Site,
        1,
    ),
    (
        "Department of the year",
        "The department that owned its fixes.",
        Subject::Department,
        1,
    ),
];

const REASONS: [&str; 6] = [
    "When the wedding party's rooms were double-booked she found rooms at our sister hotel, drove the luggage over herself and was back for the toast.",
    "He listened to a furious guest for twenty minutes without interrupting, fixed the bill on the spot and the guest booked again the same week.",
    "They took every complaint about the renovation noise as their own problem and called each guest back until it was settled.",
    "She remembers every regular's name and order, and new staff learn more from watching her than from any course.",
    "The night the heating failed he had blankets, hot drinks and a discount letter in every room within the hour.",
    "The whole team covered for two colleagues off sick over the holidays without a single guest noticing.",
];

fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default())
}

/// Loads both programmes. Deterministic.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
    state::write(db, |txn| {
        Box::pin(async move {
            let now = Utc::now();
            let today = now.date_naive();
            let year = today.year();
            let mut dice = Dice(20_261_205);
            let all = user::Entity::find().all(txn).await?;
            let Some(hr) = all.iter().find(|u| u.role == Role::Hr).map(|u| u.id) else {
                return Ok(());
            };
            let people: Vec<&user::Model> = all
                .iter()
                .filter(|u| {
                    u.active
                        && u.site_id.is_some()
                        && !UNTOUCHED.contains(&u.email.as_str())
                        && !LOGINS.contains(&u.email.as_str())
                })
                .collect();
            let sites = site::Entity::find().all(txn).await?;
            let departments = department::Entity::find().all(txn).await?;
            if people.len() < 8 || sites.is_empty() || departments.is_empty() {
                return Ok(());
            }
            let site_name: BTreeMap<i32, String> =
                sites.iter().map(|s| (s.id, s.name.clone())).collect();
            let region_name: BTreeMap<i32, String> = region::Entity::find()
                .all(txn)
                .await?
                .into_iter()
                .map(|r| (r.id, r.name))
                .collect();
            let dept_name: BTreeMap<i32, String> =
                departments.iter().map(|d| (d.id, d.name.clone())).collect();
            for (past, name, opens, closes) in [
                (
                    true,
                    format!("Service Stars {}", year - 1),
                    NaiveDate::from_ymd_opt(year - 1, 11, 1).unwrap_or_default(),
                    NaiveDate::from_ymd_opt(year - 1, 11, 30).unwrap_or_default(),
                ),
                (
                    false,
                    format!("Service Stars {year}"),
                    today - Duration::days(14),
                    today + Duration::days(30),
                ),
            ] {
                let p = award_programme::ActiveModel {
                    pid: Set(uuid::Uuid::new_v4().to_string()),
                    name: Set(name),
                    year: Set(if past { year - 1 } else { year }),
                    opens_on: Set(opens),
                    closes_on: Set(closes),
                    nominators: Set(Nominators::Everyone),
                    per_nominator: Set(3),
                    created_by: Set(hr),
                    created_at: Set(at(opens - Duration::days(10), 9)),
                    announced_at: Set(past
                        .then(|| at(closes + Duration::days(45), 10).min(now - Duration::days(1)))),
                    announced_by: Set(past.then_some(hr)),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                for (i, (cname, description, subject, winners)) in CATEGORIES.iter().enumerate() {
                    let c = award_category::ActiveModel {
                        pid: Set(uuid::Uuid::new_v4().to_string()),
                        programme_id: Set(p.id),
                        name: Set((*cname).to_owned()),
                        description: Set((*description).to_owned()),
                        subject: Set(*subject),
                        winners: Set(*winners),
                        position: Set(i as i32 + 1),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?;
                    // A handful of nominees, some put forward by several people.
                    let nominees: Vec<i32> = (0..if past { 6 } else { 4 })
                        .map(|_| match subject {
                            Subject::Person => people[dice.next(people.len())].id,
                            Subject::Site => sites[dice.next(sites.len())].id,
                            Subject::Department => departments[dice.next(departments.len())].id,
                        })
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect();
                    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
                    for (k, nominee) in nominees.iter().enumerate() {
                        let times = 1 + (nominees.len() - k + dice.next(3)) / 2;
                        let mut by = std::collections::BTreeSet::new();
                        for _ in 0..times {
                            let u = people[dice.next(people.len())];
                            if u.id == *nominee && *subject == Subject::Person || !by.insert(u.id) {
                                continue;
                            }
                            let day = opens + Duration::days(dice.next(10) as i64);
                            if day > today {
                                continue;
                            }
                            award_nomination::ActiveModel {
                                pid: Set(uuid::Uuid::new_v4().to_string()),
                                category_id: Set(c.id),
                                nominator_id: Set(u.id),
                                nominee_id: Set(*nominee),
                                reason: Set(REASONS[dice.next(REASONS.len())].to_owned()),
                                request_key: Set(uuid::Uuid::new_v4().to_string()),
                                created_at: Set(at(day, 8 + dice.next(10) as u32)),
                                ..Default::default()
                            }
                            .insert(txn)
                            .await?;
                            *counts.entry(*nominee).or_default() += 1;
                        }
                    }
                    if !past {
                        continue;
                    }
                    let mut ranked: Vec<(i32, usize)> = counts.into_iter().collect();
                    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    for (nominee, _) in ranked.into_iter().take(*winners as usize) {
                        let (label, place) = match subject {
                            Subject::Person => {
                                let u = all.iter().find(|u| u.id == nominee);
                                (
                                    u.map(|u| u.name.clone()).unwrap_or_default(),
                                    u.map(|u| {
                                        [
                                            u.site_id.and_then(|s| site_name.get(&s).cloned()),
                                            u.department_id
                                                .and_then(|d| dept_name.get(&d).cloned()),
                                        ]
                                        .into_iter()
                                        .flatten()
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                    })
                                    .unwrap_or_default(),
                                )
                            }
                            Subject::Site => (
                                site_name.get(&nominee).cloned().unwrap_or_default(),
                                sites
                                    .iter()
                                    .find(|s| s.id == nominee)
                                    .and_then(|s| region_name.get(&s.region_id).cloned())
                                    .unwrap_or_default(),
                            ),
                            Subject::Department => {
                                let d = departments.iter().find(|d| d.id == nominee);
                                (
                                    dept_name.get(&nominee).cloned().unwrap_or_default(),
                                    d.and_then(|d| site_name.get(&d.site_id).cloned())
                                        .unwrap_or_default(),
                                )
                            }
                        };
                        award_winner::ActiveModel {
                            pid: Set(uuid::Uuid::new_v4().to_string()),
                            category_id: Set(c.id),
                            nominee_id: Set(nominee),
                            label: Set(label),
                            place: Set(place),
                            chosen_by: Set(hr),
                            chosen_at: Set(at(closes + Duration::days(30), 11)),
                            ..Default::default()
                        }
                        .insert(txn)
                        .await?;
                    }
                }
            }
            Ok(())
        })
    })
    .await
    .map_err(|e| anyhow::anyhow!("loading the demo's achievement awards: {e}"))
}
