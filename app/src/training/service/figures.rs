//! Training's monthly unit figures (`reporting::figures`): completion of assigned modules, scenario
//! scores, mastery per skill and certificates current, per site and department, month by month.
//! People count where they are now; months are the organisation's (its time zone).
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{attempt, certificate, site, user};
use crate::error::AppError;
use crate::reporting::csv::Table;
use crate::reporting::figures::{Measure, PersonValue, UnitFigure, per_unit, roll_up};
use crate::reporting::period::{Day, Month, Period};
use crate::reporting::service::day_start;
use crate::reporting::unit::Placement;
use crate::training::service::attempts::skill_scores;
use crate::training::service::catalogue::Catalogue;
use crate::training::service::catalogue::module_progress;
use crate::training::types::Status;

/// The most months one call covers.
pub const MAX_MONTHS: i32 = 36;

fn date_of(d: Day) -> NaiveDate {
    d.into()
}

/// Site and department figures for every month from `from` to `to` (both included), followed by
/// their region and company roll-ups.
pub async fn monthly(
    db: &DatabaseConnection,
    from: Month,
    to: Month,
) -> Result<Vec<UnitFigure>, AppError> {
    if to < from {
        return Err(AppError::invalid("The last month comes before the first."));
    }
    if from.months_until(to) >= MAX_MONTHS {
        return Err(AppError::invalid(format!(
            "Ask for at most {MAX_MONTHS} months at a time."
        )));
    }
    let settings = crate::org::settings::load(db).await?;
    let tz = crate::org::settings::time_zone(&settings.time_zone).map_err(AppError::invalid)?;
    let months: Vec<Month> = (0..=from.months_until(to)).map(|i| from.plus(i)).collect();
    let starts: Vec<DateTime<Utc>> = months
        .iter()
        .map(|m| day_start(date_of(Day::first_of(*m)), tz))
        .collect();
    let end = day_start(date_of(Day::first_of(to.next())), tz);

    // Everyone placed at a site, where they are now.
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::SiteId.is_not_null())
        .all(db)
        .await?;
    let region_of: BTreeMap<i32, i32> = site::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.region_id))
        .collect();
    let place = |u: &user::Model| Placement {
        region: u.site_id.and_then(|s| region_of.get(&s).copied()),
        site: u.site_id,
        department: u.department_id,
    };
    // Finished attempts up to the end of the last month (completion needs the history before
    // the first month too), oldest first as progress expects.
    let mut by_person: HashMap<i32, Vec<attempt::Model>> = HashMap::new();
    for a in attempt::Entity::find()
        .filter(attempt::Column::FinishedAt.lt(end))
        .order_by_asc(attempt::Column::FinishedAt)
        .order_by_asc(attempt::Column::Id)
        .all(db)
        .await?
    {
        by_person.entry(a.user_id).or_default().push(a);
    }
    let mut certificates: HashMap<(i32, i32), Vec<certificate::Model>> = HashMap::new();
    for c in certificate::Entity::find().all(db).await? {
        certificates
            .entry((c.user_id, c.module_id))
            .or_default()
            .push(c);
    }
    let mut cat = Catalogue::load(db).await?;
    let assignments = std::mem::take(&mut cat.assignments);

    let mut values: Vec<PersonValue> = Vec::new();
    for (i, month) in months.iter().enumerate() {
        let (start, month_end) = (starts[i], starts.get(i + 1).copied().unwrap_or(end));
        let last_day = date_of(Day::first_of(month.next())) - chrono::Duration::days(1);
        let today = Day::from(last_day);
        cat.assignments = assignments
            .iter()
            .filter(|a| a.created_at < month_end)
            .cloned()
            .collect();
        for u in &people {
            let place = place(u);
            let mine: Vec<attempt::Model> = by_person
                .get(&u.id)
                .map(|all| {
                    all.iter()
                        .filter(|a| a.finished_at.is_some_and(|t| t < month_end))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let mut push = |measure: Measure, value: f64| {
                values.push(PersonValue {
                    person: u.id,
                    place,
                    month: *month,
                    measure,
                    value,
                })
            };
            // Scores and skills: the scenarios finished in this month.
            for a in mine
                .iter()
                .filter(|a| a.finished_at.is_some_and(|t| t >= start))
            {
                if let Some(score) = a.score {
                    push(Measure::TrainingScore, f64::from(score));
                }
                for (skill, score) in skill_scores(a) {
                    push(Measure::TrainingMastery(skill), f64::from(score));
                }
            }
            // Completion and certificates: where things stood at the end of the month.
            let modules = cat.modules_for(u);
            if modules.is_empty() {
                continue;
            }
            let total = modules.len() as f64;
            let done = modules
                .iter()
                .filter(|mf| module_progress(&cat, **mf, &mine, today).status == Status::Done)
                .count() as f64;
            let certified = modules
                .iter()
                .filter(|mf| {
                    certificates.get(&(u.id, mf.module.id)).is_some_and(|cs| {
                        cs.iter().any(|c| {
                            c.issued_on <= last_day && c.expires_on.is_none_or(|e| e > last_day)
                        })
                    })
                })
                .count() as f64;
            push(Measure::TrainingCompletion, 100.0 * done / total);
            push(Measure::CertificatesCurrent, 100.0 * certified / total);
        }
    }
    let mut figures = per_unit(&values);
    let rolled = roll_up(&figures, &region_of);
    figures.extend(rolled);
    Ok(figures)
}

/// The monthly figures of a period as a table for download (`reporting::service::figures_table`).
pub async fn table(db: &DatabaseConnection, period: Period) -> Result<Table, AppError> {
    let months = period.months();
    let (first, last) = (months[0], months[months.len() - 1]);
    let figures = monthly(db, first, last).await?;
    crate::reporting::service::figures_table(
        db,
        &figures,
        format!(
            "training-figures-{}.csv",
            period.key().replace("..", "-to-")
        ),
    )
    .await
}
