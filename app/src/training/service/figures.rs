//! Training's monthly unit figures (`reporting::figures`): completion of assigned modules, scenario
//! scores, mastery per skill and certificates current, per site and department, month by month.
//! People count where they are now; months are the organisation's (its time zone).
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{attempt, certificate, department, region, site, user};
use crate::error::AppError;
use crate::reporting::confidentiality::Hidden;
use crate::reporting::csv::{Cell, Table};
use crate::reporting::figures::{
    Measure, PersonValue, Tree, UnitFigure, per_unit, roll_up, visibility,
};
use crate::reporting::period::{Day, Month, Period};
use crate::reporting::service::day_start;
use crate::reporting::unit::Placement;
use crate::reporting::unit::Unit;
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

/// The monthly figures of a period as a table for download: one row per unit, month and measure,
/// with the value and n left empty (and the reason given) wherever confidentiality hides them.
pub async fn table(db: &DatabaseConnection, period: Period) -> Result<Table, AppError> {
    let months = period.months();
    let (first, last) = (months[0], months[months.len() - 1]);
    let figures = monthly(db, first, last).await?;
    let k = crate::org::settings::load(db).await?.threshold;
    let regions: BTreeMap<i32, String> = region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let sites = site::Entity::find().all(db).await?;
    let departments = department::Entity::find().all(db).await?;
    let tree = Tree {
        site_of: departments.iter().map(|d| (d.id, d.site_id)).collect(),
        region_of: sites.iter().map(|s| (s.id, s.region_id)).collect(),
    };
    let site_name: BTreeMap<i32, &str> = sites.iter().map(|s| (s.id, s.name.as_str())).collect();
    let name = |u: Unit| -> (&'static str, String) {
        match u {
            Unit::Company => ("company", "All sites".into()),
            Unit::Region(r) => ("region", regions.get(&r).cloned().unwrap_or_default()),
            Unit::Site(s) => (
                "site",
                site_name
                    .get(&s)
                    .map(|n| (*n).to_owned())
                    .unwrap_or_default(),
            ),
            Unit::Department(d) => (
                "department",
                departments
                    .iter()
                    .find(|x| x.id == d)
                    .map(|x| {
                        let site = site_name.get(&x.site_id).copied().unwrap_or_default();
                        format!("{site} · {}", x.name)
                    })
                    .unwrap_or_default(),
            ),
        }
    };
    let mut rows = visibility(&figures, &tree, k);
    rows.sort_by_key(|(f, _)| (f.month, f.measure, f.unit));
    let mut t = Table::new(
        format!(
            "training-figures-{}.csv",
            period.key().replace("..", "-to-")
        ),
        &["month", "measure", "level", "unit", "value", "n", "hidden"],
    );
    for (f, hidden) in rows {
        let (level, unit) = name(f.unit);
        let (value, n, why) = match hidden {
            None => (Cell::Num(f.value, 1), Cell::from(f.n), Cell::Empty),
            Some(Hidden::TooFew) => (
                Cell::Empty,
                Cell::Empty,
                format!("fewer than {k} people").into(),
            ),
            Some(Hidden::Protects) => (
                Cell::Empty,
                Cell::Empty,
                "would let a smaller group be worked out".into(),
            ),
        };
        t.row(vec![
            f.month.key().into(),
            f.measure.key().into(),
            level.into(),
            unit.into(),
            value,
            n,
            why,
        ]);
    }
    Ok(t)
}
