//! Engagement's monthly unit figures (`reporting::figures`): for each survey closing in a month,
//! the engagement index, eNPS and each driver's score per site and department (from the
//! attributes kept with each response, so a response kept only at its site counts for the site),
//! and participation (from who answered, where they are now). Regions and the company are
//! n-weighted roll-ups; confidentiality is applied where the figures are shown or downloaded,
//! as for every pillar.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use crate::engagement::service::surveys;
use crate::engagement::types::{Driver, Scale, SurveyKind};
use crate::entities::{internal_rating, survey, survey_answer, survey_response};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::csv::Table;
use crate::reporting::figures::{Measure, PersonValue, UnitFigure, per_unit, roll_up};
use crate::reporting::period::{Day, Month, Period};
use crate::reporting::service::{MonthlyBase, figures_file, figures_table};
use crate::reporting::unit::{Placement, Unit};

fn favorable_share(values: &[i32]) -> Option<f64> {
    (!values.is_empty())
        .then(|| values.iter().filter(|v| **v >= 4).count() as f64 * 100.0 / values.len() as f64)
}

/// Site and department figures for surveys closing from `from` to `to` (and closed by `today`),
/// followed by their region and company roll-ups.
pub async fn monthly(
    db: &DatabaseConnection,
    from: Month,
    to: Month,
    today: Day,
) -> Result<Vec<UnitFigure>, AppError> {
    let base = MonthlyBase::load(db, from, to).await?;
    let org = OrgIndex::load(db).await?;
    let first: NaiveDate = Day::first_of(from).into();
    let after: NaiveDate = Day::first_of(to.next()).into();
    let closing = survey::Entity::find()
        .filter(survey::Column::ClosesOn.gte(first))
        .filter(survey::Column::ClosesOn.lt(after))
        .all(db)
        .await?;
    let mut values: Vec<PersonValue> = Vec::new();
    let mut synthetic = 0i32;
    for s in closing {
        let closes: Day = s.closes_on.into();
        if closes >= today {
            continue;
        }
        let month = closes.month();
        if s.kind == SurveyKind::Internal {
            // Each rating a department received; the rater is nobody, a number of its own.
            let ratings: Vec<(i32, i32)> = internal_rating::Entity::find()
                .select_only()
                .column(internal_rating::Column::RatedDepartmentId)
                .column(internal_rating::Column::Quality)
                .filter(internal_rating::Column::SurveyId.eq(s.id))
                .into_tuple()
                .all(db)
                .await?;
            for (department, quality) in ratings {
                let Some(site) = org.site_of_department(department) else {
                    continue;
                };
                synthetic -= 1;
                values.push(PersonValue {
                    person: synthetic,
                    place: Placement {
                        region: org.region_of_site(site),
                        site: Some(site),
                        department: Some(department),
                    },
                    month,
                    measure: Measure::InternalServiceReceived,
                    value: if quality >= 4 { 100.0 } else { 0.0 },
                });
            }
        }
        let items = crate::engagement::service::answering::questions(db, s.id).await?;
        let driver_of: BTreeMap<i32, (Driver, Scale)> =
            items.iter().map(|i| (i.id, (i.driver, i.scale))).collect();
        // Participation: everyone asked, where they are now.
        let answered = surveys::roster(db, s.id).await?;
        for u in surveys::audience(db, &s, &org).await? {
            if u.site_id.is_none() {
                continue;
            }
            values.push(PersonValue {
                person: u.id,
                place: org.placement(&u),
                month,
                measure: Measure::SurveyParticipation,
                value: if answered.contains(&u.id) { 100.0 } else { 0.0 },
            });
        }
        // Each response, where it was kept.
        let kept: BTreeMap<String, (Option<i32>, Option<i32>)> = survey_response::Entity::find()
            .filter(survey_response::Column::SurveyId.eq(s.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, (r.site_id, r.department_id)))
            .collect();
        let rows: Vec<(String, i32, i32)> = survey_answer::Entity::find()
            .select_only()
            .column(survey_answer::Column::ResponseId)
            .column(survey_answer::Column::ItemId)
            .column(survey_answer::Column::Value)
            .filter(survey_answer::Column::SurveyId.eq(s.id))
            .into_tuple()
            .all(db)
            .await?;
        let mut by_response: BTreeMap<String, Vec<(i32, i32)>> = BTreeMap::new();
        for (r, item, value) in rows {
            by_response.entry(r).or_default().push((item, value));
        }
        for (response, answers) in by_response {
            let Some((Some(site), department)) = kept.get(&response).copied() else {
                continue;
            };
            // A response is nobody: a number of its own, never a person's id.
            synthetic -= 1;
            let place = Placement {
                region: org.region_of_site(site),
                site: Some(site),
                department,
            };
            let mut by_driver: BTreeMap<Driver, Vec<i32>> = BTreeMap::new();
            let mut enps = None;
            for (item, value) in answers {
                match driver_of.get(&item) {
                    Some((Driver::Enps, Scale::Likelihood)) => enps = Some(value),
                    Some((d, Scale::Agreement)) => by_driver.entry(*d).or_default().push(value),
                    _ => {}
                }
            }
            let mut push = |measure: Measure, value: f64| {
                values.push(PersonValue {
                    person: synthetic,
                    place,
                    month,
                    measure,
                    value,
                })
            };
            if let Some(v) = enps {
                push(
                    Measure::Enps,
                    if v >= 9 {
                        100.0
                    } else if v <= 6 {
                        -100.0
                    } else {
                        0.0
                    },
                );
            }
            for (d, vs) in by_driver {
                if let Some(share) = favorable_share(&vs) {
                    let measure = if d == Driver::Engagement {
                        Measure::EngagementIndex
                    } else {
                        Measure::DriverScore(d)
                    };
                    push(measure, share);
                }
            }
        }
    }
    let mut figures = per_unit(&values);
    // Internal service is a department's figure only (ratings do not add up to people).
    figures.retain(|f| {
        f.measure != Measure::InternalServiceReceived || matches!(f.unit, Unit::Department(_))
    });
    let rolled = roll_up(&figures, &base.region_of);
    figures.extend(rolled);
    Ok(figures)
}

/// The monthly figures of a period as a table for download.
pub async fn table(db: &DatabaseConnection, period: Period, today: Day) -> Result<Table, AppError> {
    let (first, last, file) = figures_file("engagement", &period);
    figures_table(db, &monthly(db, first, last, today).await?, file).await
}
