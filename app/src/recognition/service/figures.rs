//! Recognition's monthly unit figures (`reporting::figures`): recognitions received and given per
//! person, the share of people recognised, points received and the values mix, per site and
//! department, month by month. People count where they are now; months are the organisation's.
//! Only standing recognition counts: live, not withdrawn, not hidden.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::entities::{recognition, recognition_recipient};
use crate::error::AppError;
use crate::recognition::types::RecognitionStatus;
use crate::reporting::csv::Table;
use crate::reporting::figures::{Measure, PersonValue, UnitFigure, per_unit, roll_up};
use crate::reporting::period::{Month, Period};
use crate::reporting::service::{MonthlyBase, figures_file, figures_table};

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
    let month_of = |at: DateTime<Utc>| starts.iter().rposition(|s| *s <= at);

    let standing = recognition::Entity::find()
        .filter(recognition::Column::Status.eq(RecognitionStatus::Live))
        .filter(recognition::Column::WithdrawnAt.is_null())
        .filter(recognition::Column::HiddenAt.is_null())
        .filter(recognition::Column::CreatedAt.gte(starts[0]))
        .filter(recognition::Column::CreatedAt.lt(end))
        .all(db)
        .await?;
    let by_id: HashMap<i32, &recognition::Model> = standing.iter().map(|r| (r.id, r)).collect();
    // (person, month index) -> counts.
    #[derive(Default)]
    struct Tally {
        received: u32,
        points: i64,
        given: u32,
        values: BTreeMap<i32, u32>,
    }
    let mut tally: HashMap<(i32, usize), Tally> = HashMap::new();
    for r in &standing {
        if let Some(m) = month_of(r.created_at) {
            tally.entry((r.giver_id, m)).or_default().given += 1;
        }
    }
    let ids: Vec<i32> = standing.iter().map(|r| r.id).collect();
    for chunk in ids.chunks(1000) {
        for rr in recognition_recipient::Entity::find()
            .filter(recognition_recipient::Column::RecognitionId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            let Some(r) = by_id.get(&rr.recognition_id) else {
                continue;
            };
            let Some(m) = month_of(r.created_at) else {
                continue;
            };
            let t = tally.entry((rr.user_id, m)).or_default();
            t.received += 1;
            t.points += i64::from(r.points_each);
            *t.values.entry(r.value_id).or_default() += 1;
        }
    }
    let value_ids: Vec<i32> = {
        let mut v: Vec<i32> = standing.iter().map(|r| r.value_id).collect();
        v.sort_unstable();
        v.dedup();
        v
    };

    let mut values: Vec<PersonValue> = Vec::new();
    for (i, month) in months.iter().enumerate() {
        for (u, place) in &people {
            let place = *place;
            let empty = Tally::default();
            let t = tally.get(&(u.id, i)).unwrap_or(&empty);
            let mut push = |measure: Measure, value: f64| {
                values.push(PersonValue {
                    person: u.id,
                    place,
                    month: *month,
                    measure,
                    value,
                })
            };
            push(Measure::RecognitionReceived, f64::from(t.received));
            push(
                Measure::PeopleRecognised,
                if t.received > 0 { 100.0 } else { 0.0 },
            );
            push(Measure::RecognitionPoints, t.points as f64);
            push(Measure::RecognitionGiven, f64::from(t.given));
            for v in &value_ids {
                push(
                    Measure::RecognitionValue(*v),
                    f64::from(t.values.get(v).copied().unwrap_or(0)),
                );
            }
        }
    }
    let mut figures = per_unit(&values);
    let rolled = roll_up(&figures, &region_of);
    figures.extend(rolled);
    Ok(figures)
}

/// The monthly figures of a period as a table for download (`reporting::service::figures_table`).
pub async fn table(db: &DatabaseConnection, period: Period) -> Result<Table, AppError> {
    let (first, last, file) = figures_file("recognition", &period);
    figures_table(db, &monthly(db, first, last).await?, file).await
}
