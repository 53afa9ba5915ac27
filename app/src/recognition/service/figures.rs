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

/// The last `count` months (this one included) of one unit for the report page: its figures, its
/// parts' share of people recognised, and its values mix; every figure confidentiality hides
/// stays hidden, as in the download.
pub async fn trend(
    db: &DatabaseConnection,
    unit: &crate::reporting::scope::ReportScope,
    count: i32,
) -> Result<crate::recognition::types::RecognitionTrend, AppError> {
    use crate::entities::recognition_value;
    use crate::org::index::OrgIndex;
    use crate::recognition::types::{RecognitionTrend, TrendRow};
    use crate::reporting::figures::{Tree, visibility};
    use crate::reporting::unit::Unit;

    let org = OrgIndex::load(db).await?;
    org.check(unit)?;
    let settings = crate::org::settings::load(db).await?;
    let today = crate::org::settings::today(&settings)?;
    let last = today.month();
    let first = last.plus(1 - count.clamp(1, 24));
    let figures = monthly(db, first, last).await?;
    let tree = Tree {
        site_of: org
            .departments
            .values()
            .map(|d| (d.id, d.site_id))
            .collect(),
        region_of: org.sites.values().map(|s| (s.id, s.region_id)).collect(),
    };
    let shown: HashMap<(Unit, Month, Measure), (f64, u32)> =
        visibility(&figures, &tree, settings.threshold)
            .into_iter()
            .filter(|(_, hidden)| hidden.is_none())
            .map(|(f, _)| ((f.unit, f.month, f.measure), (f.value, f.n)))
            .collect();
    let months: Vec<Month> = (0..=first.months_until(last))
        .map(|i| first.plus(i))
        .collect();
    let target = unit.unit();
    let get = |u: Unit, m: Month, measure: Measure| shown.get(&(u, m, measure)).copied();
    let total =
        |u: Unit, m: Month, measure: Measure| get(u, m, measure).map(|(v, n)| v * f64::from(n));
    let rows = months
        .iter()
        .map(|m| TrendRow {
            month: m.label(),
            people: get(target, *m, Measure::RecognitionReceived).map(|(_, n)| n),
            recognitions: total(target, *m, Measure::RecognitionReceived),
            recognised: get(target, *m, Measure::PeopleRecognised).map(|(v, _)| v),
            points: total(target, *m, Measure::RecognitionPoints),
            given: total(target, *m, Measure::RecognitionGiven),
        })
        .collect();
    let (parts_label, parts): (&str, Vec<(Unit, String)>) = match target {
        Unit::Company => (
            "Regions",
            org.regions
                .values()
                .map(|r| (Unit::Region(r.id), r.name.clone()))
                .collect(),
        ),
        Unit::Region(r) => (
            "Sites",
            org.sites
                .values()
                .filter(|s| s.region_id == r)
                .map(|s| (Unit::Site(s.id), s.name.clone()))
                .collect(),
        ),
        Unit::Site(s) => (
            "Departments",
            org.departments
                .values()
                .filter(|d| d.site_id == s)
                .map(|d| (Unit::Department(d.id), d.name.clone()))
                .collect(),
        ),
        Unit::Department(_) => ("", Vec::new()),
    };
    let mut parts: Vec<(String, Vec<Option<f64>>)> = parts
        .into_iter()
        .map(|(u, name)| {
            let series = months
                .iter()
                .map(|m| get(u, *m, Measure::PeopleRecognised).map(|(v, _)| v))
                .collect();
            (name, series)
        })
        .collect();
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    let mut value_models = recognition_value::Entity::find().all(db).await?;
    value_models.sort_by_key(|v| (v.archived, v.position, v.id));
    let values = value_models
        .iter()
        .filter_map(|v| {
            let per_month: Vec<Option<f64>> = months
                .iter()
                .map(|m| total(target, *m, Measure::RecognitionValue(v.id)))
                .collect();
            // A value nobody named in these months, archived, is left out; hidden months count as nothing.
            let sum: Option<f64> = per_month.iter().flatten().copied().reduce(|a, b| a + b);
            let any_figure = months
                .iter()
                .any(|m| get(target, *m, Measure::RecognitionReceived).is_some());
            match (sum, any_figure) {
                (Some(s), _) if s > 0.0 || !v.archived => Some((v.name.clone(), Some(s))),
                (None, true) if !v.archived => Some((v.name.clone(), Some(0.0))),
                (None, false) => Some((v.name.clone(), None)),
                _ => None,
            }
        })
        .collect();
    let period = crate::reporting::period::Period::Days(
        crate::reporting::period::Day::first_of(first),
        crate::reporting::period::Day::first_of(last.next()).plus_days(-1),
    );
    let unit_name = match target {
        Unit::Company => Some("All sites".to_owned()),
        Unit::Region(r) => org.region_name(Some(r)),
        Unit::Site(s) => org.site_name(Some(s)),
        Unit::Department(d) => org.department_label(d),
    };
    Ok(RecognitionTrend {
        unit: unit_name.unwrap_or_default(),
        months: months.iter().map(|m| m.label()).collect(),
        rows,
        parts_label: parts_label.to_owned(),
        parts,
        values,
        period: period.key(),
    })
}
