//! Training's monthly unit figures (`reporting::figures`): completion of assigned modules, scenario
//! scores, mastery per skill and certificates current, per site and department, month by month.
//! People count where they are now; months are the organisation's (its time zone).
use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{attempt, certificate};
use crate::error::AppError;
use crate::reporting::csv::Table;
use crate::reporting::figures::{Measure, PersonValue, UnitFigure, per_unit, roll_up};
use crate::reporting::period::{Day, Month, Period};
use crate::reporting::service::{MonthlyBase, figures_file, figures_table};
use crate::training::service::attempts::skill_scores;
use crate::training::service::catalogue::Catalogue;
use crate::training::service::catalogue::module_progress;
use crate::training::types::Status;

pub use crate::reporting::service::MAX_MONTHS;

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
    let MonthlyBase {
        months,
        starts,
        end,
        people,
        region_of,
    } = MonthlyBase::load(db, from, to).await?;
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
        for (u, place) in &people {
            let place = *place;
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
    let (first, last, file) = figures_file("training", &period);
    figures_table(db, &monthly(db, first, last).await?, file).await
}
