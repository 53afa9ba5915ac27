//! The demo's engagement surveys: four quarterly census cycles over the last year, with
//! believable variation (one site strong throughout, one declining, manager support low at
//! another), and a pulse open now with about a third of the chain answered.
//!
//! Every answer goes through the same service as a real one (`answering::submit`), so the demo's
//! data is anonymous in exactly the same way. The browser journeys' accounts do not answer the
//! open pulse, so they find it waiting.
use std::collections::BTreeMap;

use app::auth::service::CurrentUser;
use app::engagement::service::{answering, items, plans, surveys};
use app::engagement::types::{
    ActionForm, AnswerInput, Driver, GENERAL, PlanForm, Scale, SurveyForm, ease_key, item_key,
    quality_key, rating_key,
};
use app::entities::{department, region, site, survey, user};
use app::reporting::confidentiality::Threshold;
use app::reporting::period::Day;
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::demo_history::{Dice, UNTOUCHED};
use crate::demo_recognition::LOGINS;

/// The items the open pulse asks (lineage keys).
const PULSE: [&str; 8] = [
    "engagement.proud",
    "engagement.stay",
    "enps.recommend",
    "recognition.noticed",
    "manager.cares",
    "manager.feedback",
    "wellbeing.workload",
    "internal.help",
];

/// What people write in the free comment, happier first.
const COMMENTS: [&str; 10] = [
    "The team here really looks out for each other, especially on busy weekends.",
    "I love that I can fix a guest's problem on the spot without asking first.",
    "Thanks for the new training scenarios, they helped with the difficult check-ins.",
    "Good place to work overall. More notice of rota changes would help.",
    "Housekeeping and the front desk could talk to each other more during changeover.",
    "The booking system is slow at peak times and guests notice it.",
    "We are short-staffed most evenings and breaks get skipped.",
    "I rarely hear back after raising a concern.",
    "Recognition seems to go to the same few people every time.",
    "Workload has been too high since the summer and nobody seems to notice.",
];

/// How a site's people feel, by site order, per cycle (oldest first): added to every answer.
fn site_mood(site_index: usize, cycle: usize) -> f64 {
    match site_index {
        0 => 0.55,                     // strong throughout
        1 => 0.3 - 0.2 * cycle as f64, // declining
        2 => 0.1 * cycle as f64,       // improving slowly
        _ => 0.0,
    }
}

/// A driver that is weaker at one site: manager support where the manager is stretched, which
/// recovers somewhat in the newest census after the site's action plan.
fn driver_mood(driver: Driver, site_index: usize, cycle: usize) -> f64 {
    match (driver, site_index) {
        (Driver::ManagerSupport, 3) if cycle >= 3 => -0.35,
        (Driver::ManagerSupport, 3) => -0.8,
        (Driver::Wellbeing, _) => -0.45,
        (Driver::Recognition, _) => -0.2,
        (Driver::CustomerFocus, _) => 0.35,
        (Driver::Belonging, _) => 0.2,
        _ => 0.0,
    }
}

fn answer(scale: Scale, mood: f64, dice: &mut Dice) -> i32 {
    let noise = (dice.next(1000) as f64 / 1000.0 - 0.5) * 1.8;
    match scale {
        Scale::Agreement => (3.5 + mood + noise).round().clamp(1.0, 5.0) as i32,
        Scale::Likelihood => (7.0 + 2.0 * mood + 1.6 * noise).round().clamp(0.0, 10.0) as i32,
    }
}

/// One survey of the demo: what it asks, when, and who answers.
struct Cycle<'a> {
    title: &'a str,
    opens: Day,
    items: &'a [(String, Driver, Scale)],
    participation: f64,
    /// 0 for the oldest census; the pulse counts as the fifth.
    cycle: usize,
    /// People who do not answer.
    skip: &'a [&'a str],
}

async fn run(
    db: &DatabaseConnection,
    hr: &CurrentUser,
    c: Cycle<'_>,
    people: &[(user::Model, usize)],
    dice: &mut Dice,
) -> anyhow::Result<()> {
    let Cycle {
        title,
        opens,
        items,
        participation,
        cycle,
        skip,
    } = c;
    let closes = opens.plus_days(13);
    let form = SurveyForm {
        title: title.to_owned(),
        kind: if items.len() > 10 { "census" } else { "pulse" }.into(),
        opens_on: opens.to_string(),
        closes_on: closes.to_string(),
        // Every region: the head-office people at no site would be a class of two or three on
        // their own, so an audience of everyone would fold a site's attributes in with them.
        audience: every_region(db).await?,
        items: items
            .iter()
            .map(|(p, ..)| (item_key(p), "on".to_owned()))
            .collect(),
        driver_comments: String::new(),
        free_comment: "on".into(),
        reach: String::new(),
    };
    surveys::create(db, hr, form, opens)
        .await
        .map_err(|e| anyhow::anyhow!("demo survey {title}: {e}"))?;
    let s = survey::Entity::find()
        .filter(survey::Column::Title.eq(title))
        .order_by_desc(survey::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo survey {title} was not stored"))?;
    let today = Day::from(Utc::now().date_naive());
    for (person, site_index) in people {
        // Head-office people at no site would be an extra remainder of one or two; in the demo
        // they leave the answering to the sites.
        if person.site_id.is_none()
            || skip.contains(&person.email.as_str())
            || !dice.chance(participation)
        {
            continue;
        }
        let own = (dice.next(1000) as f64 / 1000.0 - 0.5) * 1.2;
        let answers = items
            .iter()
            .map(|(pid, driver, scale)| {
                let mood =
                    own + site_mood(*site_index, cycle) + driver_mood(*driver, *site_index, cycle);
                (item_key(pid), answer(*scale, mood, dice).to_string())
            })
            .collect();
        let mood = own + site_mood(*site_index, cycle);
        let mut comments = BTreeMap::new();
        if dice.chance(0.45) {
            // Happier people pick from the start of the list, unhappier from the end.
            let centre = ((0.5 - mood * 0.6).clamp(0.0, 1.0) * 7.0) as usize;
            let pick = (centre + dice.next(4)).min(COMMENTS.len() - 1);
            comments.insert(GENERAL.to_owned(), COMMENTS[pick].to_owned());
        }
        let day = opens.plus_days(dice.next(10) as i64).min(today);
        answering::submit(
            db,
            &CurrentUser::from(person.clone()),
            AnswerInput {
                survey: s.pid.clone(),
                answers,
                comments,
            },
            day,
            Threshold::DEFAULT,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo answers for {title}: {e}"))?;
    }
    Ok(())
}

/// An audience of every region, as the survey form sends it.
async fn every_region(db: &DatabaseConnection) -> anyhow::Result<BTreeMap<String, String>> {
    Ok(region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (format!("region:{}", r.id), "on".to_owned()))
        .collect())
}

/// Loads the surveys. Deterministic but for the days, which follow today.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
    let today = Day::from(Utc::now().date_naive());
    let bank = items::current(db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let all: Vec<(String, Driver, Scale)> = bank
        .iter()
        .filter(|i| i.builtin)
        .map(|i| (i.pid.clone(), i.driver, i.scale))
        .collect();
    let pulse: Vec<(String, Driver, Scale)> = PULSE
        .iter()
        .filter_map(|l| bank.iter().find(|i| i.lineage == *l))
        .map(|i| (i.pid.clone(), i.driver, i.scale))
        .collect();
    let sites: Vec<i32> = site::Entity::find()
        .order_by_asc(site::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let people: Vec<(user::Model, usize)> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            let index = u
                .site_id
                .and_then(|s| sites.iter().position(|x| *x == s))
                .unwrap_or(usize::MAX);
            (u, index)
        })
        .collect();
    let hr_row = user::Entity::find()
        .filter(user::Column::Email.eq(LOGINS[1]))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo's HR account is missing"))?;
    let hr = CurrentUser::from(hr_row);
    let mut dice = Dice(20_261_208);
    // Four quarterly census cycles, the newest closed a month ago.
    for cycle in 0..4usize {
        let opens = today.plus_days(-44 - 91 * (3 - cycle as i64));
        let title = format!("Engagement census, {}", opens.month().label());
        let c = Cycle {
            title: &title,
            opens,
            items: &all,
            participation: 0.86,
            cycle,
            skip: &[],
        };
        run(db, &hr, c, &people, &mut dice).await?;
        if cycle == 2 {
            action_plans(db, &hr, &title, opens.plus_days(16), sites.get(3).copied()).await?;
        }
    }
    internal_service(db, &hr, today.plus_days(-80), &people, &mut dice).await?;
    // The pulse open now: the journeys' accounts have not answered it.
    let mut skip: Vec<&str> = UNTOUCHED.to_vec();
    skip.extend(LOGINS);
    let c = Cycle {
        title: "Pulse: how are we doing?",
        opens: today.plus_days(-4),
        items: &pulse,
        participation: 0.4,
        cycle: 4,
        skip: &skip,
    };
    run(db, &hr, c, &people, &mut dice).await?;
    Ok(())
}

/// After the third census: the site whose manager support is low plans to work on it, and HR
/// plans on workload for the whole organisation. The newest census shows these beside the change.
async fn action_plans(
    db: &DatabaseConnection,
    hr: &CurrentUser,
    title: &str,
    day: Day,
    site_id: Option<i32>,
) -> anyhow::Result<()> {
    let err = |e: app::error::AppError| anyhow::anyhow!("demo action plans: {e}");
    let s = survey::Entity::find()
        .filter(survey::Column::Title.eq(title))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo census {title} missing"))?;
    // Who plans, for which group, on what, and the actions with their days to the due day.
    type Planned = (CurrentUser, String, String, Vec<(&'static str, i64)>);
    let mut plans_made: Vec<Planned> = vec![(
        hr.clone(),
        String::new(),
        format!("driver:{}", Driver::Wellbeing.key()),
        vec![
            (
                "Review evening rotas so every shift has its breaks covered",
                30,
            ),
            ("Publish rotas four weeks ahead at every site", 60),
        ],
    )];
    if let Some(site_id) = site_id
        && let Some(site_row) = site::Entity::find_by_id(site_id).one(db).await?
        && let Some(manager_id) = site_row.manager_id
        && let Some(manager) = user::Entity::find_by_id(manager_id).one(db).await?
    {
        plans_made.push((
            CurrentUser::from(manager),
            format!("site:{site_id}"),
            format!("driver:{}", Driver::ManagerSupport.key()),
            vec![
                (
                    "Hold a 15-minute one-to-one with each team member every month",
                    21,
                ),
                ("Join the front desk for the Friday evening peak", 14),
                ("Share what changed after each team meeting", 45),
            ],
        ));
    }
    for (who, unit, focus, actions) in plans_made {
        plans::create_plan(
            db,
            who.actor(),
            PlanForm {
                survey: s.pid.clone(),
                unit: unit.clone(),
                focus,
            },
        )
        .await
        .map_err(err)?;
        let view = plans::plans(db, who.actor(), &s.pid, &unit, day, Threshold::DEFAULT)
            .await
            .map_err(err)?;
        let Some(plan) = view.plans.last() else {
            continue;
        };
        let owner = view
            .owners
            .iter()
            .find(|(_, name)| *name == who.name)
            .or(view.owners.first())
            .map(|(pid, _)| pid.clone())
            .unwrap_or_default();
        for (text, due_in) in actions {
            plans::add_action(
                db,
                who.actor(),
                ActionForm {
                    plan: plan.pid.clone(),
                    text: text.to_owned(),
                    owner: owner.clone(),
                    due_on: day.plus_days(due_in).to_string(),
                },
                day,
            )
            .await
            .map_err(err)?;
        }
        let view = plans::plans(db, who.actor(), &s.pid, &unit, day, Threshold::DEFAULT)
            .await
            .map_err(err)?;
        let Some(plan) = view.plans.last() else {
            continue;
        };
        // All but the last one due are done; the last is under way.
        let last = plan.actions.len().saturating_sub(1);
        for (i, a) in plan.actions.iter().enumerate() {
            let (status, after) = if i < last {
                ("done", 10)
            } else {
                ("in_progress", 5)
            };
            plans::set_status(db, who.actor(), &a.pid, status, day.plus_days(after))
                .await
                .map_err(err)?;
        }
    }
    Ok(())
}

/// How well each department serves the others, by name: finance is slow, the call centre quick.
fn service_mood(name: &str) -> f64 {
    match name {
        "Finance" => -0.9,
        "Housekeeping" => -0.2,
        "Call centre" => 0.5,
        "Front desk" => 0.35,
        _ => 0.0,
    }
}

const INTERNAL_COMMENTS: [&str; 4] = [
    "Invoices and refunds take too long to come back, so guests wait.",
    "Always quick to help when a guest is waiting at the desk.",
    "Rooms are sometimes not ready when the front desk has promised them.",
    "Please tell us earlier when something is out of stock.",
];

/// One internal-service survey, closed: each person rates the other departments of their site.
async fn internal_service(
    db: &DatabaseConnection,
    hr: &CurrentUser,
    opens: Day,
    people: &[(user::Model, usize)],
    dice: &mut Dice,
) -> anyhow::Result<()> {
    let title = "Internal service: how well do we serve each other?";
    let form = SurveyForm {
        title: title.to_owned(),
        kind: "internal".into(),
        opens_on: opens.to_string(),
        closes_on: opens.plus_days(13).to_string(),
        audience: every_region(db).await?,
        items: BTreeMap::new(),
        driver_comments: String::new(),
        free_comment: String::new(),
        reach: "site".into(),
    };
    surveys::create(db, hr, form, opens)
        .await
        .map_err(|e| anyhow::anyhow!("demo survey {title}: {e}"))?;
    let s = survey::Entity::find()
        .filter(survey::Column::Title.eq(title))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo survey {title} was not stored"))?;
    let departments = department::Entity::find().all(db).await?;
    for (person, _) in people {
        let (Some(site), Some(own)) = (person.site_id, person.department_id) else {
            continue;
        };
        if !dice.chance(0.92) {
            continue;
        }
        let mut answers = BTreeMap::new();
        let mut comments = BTreeMap::new();
        for d in departments
            .iter()
            .filter(|d| d.site_id == site && d.id != own)
        {
            if !dice.chance(0.9) {
                continue;
            }
            let noise = (dice.next(1000) as f64 / 1000.0 - 0.5) * 1.6;
            let mood = service_mood(&d.name) + noise;
            let quality = (3.6 + mood).round().clamp(1.0, 5.0) as i32;
            let ease = (5.0 + 1.4 * mood).round().clamp(1.0, 7.0) as i32;
            answers.insert(quality_key(d.id), quality.to_string());
            answers.insert(ease_key(d.id), ease.to_string());
            if dice.chance(0.2) {
                let pick = match d.name.as_str() {
                    "Finance" => 0,
                    "Housekeeping" => 2,
                    "Restaurant" => 3,
                    _ => 1,
                };
                comments.insert(rating_key(d.id), INTERNAL_COMMENTS[pick].to_owned());
            }
        }
        if answers.is_empty() {
            continue;
        }
        answering::submit(
            db,
            &CurrentUser::from(person.clone()),
            AnswerInput {
                survey: s.pid.clone(),
                answers,
                comments,
            },
            opens.plus_days(dice.next(10) as i64),
            Threshold::DEFAULT,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo ratings for {title}: {e}"))?;
    }
    Ok(())
}
