//! Insights from a survey for one group: focus areas (each driver's impact on the engagement
//! index, as the correlation across respondents, against its score) and trends across cycles.
//! Both read only groups the shared suppression shows.
use std::collections::BTreeSet;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    Statement, Value,
};
use statrs::distribution::{ContinuousCDF, StudentsT};
use statrs::statistics::Statistics;

use crate::auth::policy::Actor;
use crate::engagement::service::results::{Loaded, WHOLE, pick_unit};
use crate::engagement::service::surveys;
use crate::engagement::types::{
    Driver, FOCUS_MIN, FocusKind, FocusRow, FocusView, Scale, Shown, TrendsView,
};
use crate::entities::survey;
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::confidentiality::Threshold;
use crate::reporting::unit::Unit;

/// Pearson's r of two equally long samples and its two-sided p-value (Student's t with n - 2
/// degrees of freedom); none for fewer than three pairs or a sample without spread.
pub fn correlation(x: &[f64], y: &[f64]) -> Option<(f64, f64)> {
    let n = x.len();
    if n < 3 || n != y.len() {
        return None;
    }
    let (sx, sy) = (x.iter().std_dev(), y.iter().std_dev());
    if !(sx > 0.0 && sy > 0.0) {
        return None;
    }
    let r = (x.iter().covariance(y.iter()) / (sx * sy)).clamp(-1.0, 1.0);
    let df = (n - 2) as f64;
    let p = if r.abs() >= 1.0 {
        0.0
    } else {
        let t = r * (df / (1.0 - r * r)).sqrt();
        let dist = StudentsT::new(0.0, 1.0, df).ok()?;
        2.0 * (1.0 - dist.cdf(t.abs()))
    };
    Some((r, p))
}

/// Sorts drivers into strengths, focus areas and lower impact: impact and score each compared
/// with the median over the group's drivers.
pub fn classify(rows: &mut [FocusRow]) {
    let median = |mut v: Vec<f64>| -> f64 {
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            0.0
        } else if v.len() % 2 == 1 {
            v[v.len() / 2]
        } else {
            (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
        }
    };
    let mi = median(rows.iter().map(|r| r.impact).collect());
    let ms = median(rows.iter().map(|r| r.score).collect());
    for r in rows.iter_mut() {
        r.kind = match (r.impact >= mi, r.score >= ms) {
            (true, true) => FocusKind::Strength,
            (true, false) => FocusKind::FocusArea,
            (false, _) => FocusKind::LowerImpact,
        };
    }
    rows.sort_by(|a, b| b.impact.total_cmp(&a.impact));
}

/// Per respondent of a group, the mean of their answers on each set of items (none where they
/// answered none of a set): one grouped query, a row per response.
async fn means_per_response<C: ConnectionTrait>(
    db: &C,
    survey_id: i32,
    unit: Unit,
    org: &OrgIndex,
    sets: &[Vec<i32>],
) -> Result<Vec<Vec<Option<f64>>>, AppError> {
    let backend = db.get_database_backend();
    let columns: Vec<String> = sets
        .iter()
        .enumerate()
        .map(|(i, ids)| {
            // Item ids are integers read from the database: safe to write into the query.
            let list: Vec<String> = ids.iter().map(i32::to_string).collect();
            format!(
                "AVG(CASE WHEN item_id IN ({}) THEN CAST(value AS DOUBLE PRECISION) END) AS m{i}",
                list.join(",")
            )
        })
        .collect();
    let (filter, values): (String, Vec<Value>) = match unit {
        Unit::Company => (String::new(), vec![survey_id.into()]),
        Unit::Region(r) => {
            let sites: Vec<String> = org
                .sites
                .values()
                .filter(|s| s.region_id == r)
                .map(|s| s.id.to_string())
                .collect();
            let list = if sites.is_empty() {
                "NULL".to_owned()
            } else {
                sites.join(",")
            };
            (format!(" AND site_id IN ({list})"), vec![survey_id.into()])
        }
        Unit::Site(s) => (" AND site_id = $2".into(), vec![survey_id.into(), s.into()]),
        Unit::Department(d) => (
            " AND department_id = $2".into(),
            vec![survey_id.into(), d.into()],
        ),
    };
    let sql = format!(
        "SELECT {} FROM survey_answers WHERE survey_id = $1{filter} GROUP BY response_id",
        columns.join(", ")
    );
    let rows = db
        .query_all(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut means = Vec::with_capacity(sets.len());
        for i in 0..sets.len() {
            means.push(row.try_get::<Option<f64>>("", &format!("m{i}"))?);
        }
        out.push(means);
    }
    Ok(out)
}

/// Focus areas for a group the viewer may see.
pub async fn focus(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    unit_raw: &str,
    k: Threshold,
) -> Result<FocusView, AppError> {
    let org = OrgIndex::load(db).await?;
    let (_, unit, options) = pick_unit(db, actor, &org, unit_raw).await?;
    let s = surveys::find_engagement(db, pid).await?;
    let this = Loaded::load(db, s, &org, k).await?;
    let hidden = this.shown(unit).err();
    let respondents = this.shown(unit).ok();
    let outcome = this.ids(|i| i.driver == Driver::Engagement);
    let mut rows = Vec::new();
    if respondents.is_some_and(|n| n >= FOCUS_MIN) && !outcome.is_empty() {
        let drivers: Vec<(Driver, Vec<i32>)> = Driver::ALL
            .into_iter()
            .filter(|d| d.is_driver())
            .map(|d| {
                (
                    d,
                    this.ids(|i| i.driver == d && i.scale == Scale::Agreement),
                )
            })
            .filter(|(_, ids)| !ids.is_empty())
            .collect();
        let mut sets = vec![outcome.clone()];
        sets.extend(drivers.iter().map(|(_, ids)| ids.clone()));
        let means = means_per_response(db, this.survey.id, unit, &org, &sets).await?;
        for (k, (d, ids)) in drivers.iter().enumerate() {
            let pairs: Vec<(f64, f64)> = means
                .iter()
                .filter_map(|m| Some((m[k + 1]?, m[0]?)))
                .collect();
            let (x, y): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
            let (Some((r, p)), Shown::Value(score)) = (correlation(&x, &y), this.score(unit, ids))
            else {
                continue;
            };
            rows.push(FocusRow {
                driver: *d,
                score: score.favorable,
                impact: r,
                p,
                n: pairs.len() as u32,
                kind: FocusKind::LowerImpact,
            });
        }
        classify(&mut rows);
    }
    Ok(FocusView {
        pid: this.survey.pid.clone(),
        title: this.survey.title.clone(),
        threshold: k.get(),
        unit: unit.key(),
        unit_label: org.unit_name(unit, WHOLE),
        units: options,
        hidden,
        respondents,
        rows,
    })
}

/// A cycle as the trend's axis names it: the month it opened, and "pulse" for a pulse.
fn cycle_label(s: &survey::Model) -> String {
    let month = crate::reporting::period::Day::from(s.opens_on)
        .month()
        .label();
    match s.kind {
        crate::engagement::types::SurveyKind::Census => month,
        crate::engagement::types::SurveyKind::Pulse => format!("{month} pulse"),
        crate::engagement::types::SurveyKind::Internal => format!("{month} internal service"),
    }
}

/// Every cycle up to this survey, for a group the viewer may see: engagement and each driver
/// over the item versions this survey asks, and each of its items.
pub async fn trends(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    unit_raw: &str,
    k: Threshold,
) -> Result<TrendsView, AppError> {
    let org = OrgIndex::load(db).await?;
    let (_, unit, options) = pick_unit(db, actor, &org, unit_raw).await?;
    let s = surveys::find_engagement(db, pid).await?;
    let cycles = survey::Entity::find()
        .filter(survey::Column::OpensOn.lte(s.opens_on))
        .order_by_asc(survey::Column::OpensOn)
        .order_by_asc(survey::Column::Id)
        .all(db)
        .await?;
    let this = Loaded::load(db, s.clone(), &org, k).await?;
    let mine: BTreeSet<i32> = this.items.iter().map(|i| i.id).collect();
    let mut loaded = Vec::new();
    for c in cycles {
        if c.id == s.id {
            continue;
        }
        let l = Loaded::load(db, c, &org, k).await?;
        // Only cycles that asked some of the same item versions.
        if l.items.iter().any(|i| mine.contains(&i.id)) {
            loaded.push(l);
        }
    }
    loaded.push(this);
    let last = loaded.len() - 1;
    let fav = |l: &Loaded, ids: &[i32]| -> Option<f64> {
        let asked: Vec<i32> = ids
            .iter()
            .copied()
            .filter(|i| l.items.iter().any(|x| x.id == *i))
            .collect();
        // A driver's point counts only when the cycle asked all of this survey's items for it.
        (asked.len() == ids.len())
            .then(|| l.score(unit, &asked).value().map(|s| s.favorable))
            .flatten()
    };
    let mut drivers = Vec::new();
    for d in Driver::ALL.into_iter().filter(|d| *d != Driver::Enps) {
        let ids = loaded[last].ids(|i| i.driver == d && i.scale == Scale::Agreement);
        if ids.is_empty() {
            continue;
        }
        let label = if d == Driver::Engagement {
            "Engagement index".to_owned()
        } else {
            d.label().to_owned()
        };
        drivers.push((label, loaded.iter().map(|l| fav(l, &ids)).collect()));
    }
    let items = loaded[last]
        .items
        .iter()
        .filter(|i| i.scale == Scale::Agreement)
        .map(|i| {
            (
                i.text.clone(),
                loaded.iter().map(|l| fav(l, &[i.id])).collect(),
            )
        })
        .collect();
    Ok(TrendsView {
        pid: loaded[last].survey.pid.clone(),
        title: loaded[last].survey.title.clone(),
        threshold: k.get(),
        unit: unit.key(),
        unit_label: org.unit_name(unit, WHOLE),
        units: options,
        cycles: loaded.iter().map(|l| cycle_label(&l.survey)).collect(),
        drivers,
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlation_matches_known_values() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let (r, p) = correlation(&x, &[2.0, 4.0, 6.0, 8.0, 10.0]).unwrap_or((0.0, 1.0));
        assert!((r - 1.0).abs() < 1e-12 && p == 0.0);
        let (r, _) = correlation(&x, &[5.0, 4.0, 3.0, 2.0, 1.0]).unwrap_or((0.0, 1.0));
        assert!((r + 1.0).abs() < 1e-12);
        // r = 0.8 on 5 pairs: t = 0.8 * sqrt(3 / 0.36) = 2.309, two-sided p = 0.104.
        let (r, p) = correlation(&x, &[1.0, 3.0, 2.0, 5.0, 4.0]).unwrap_or((0.0, 0.0));
        assert!((r - 0.8).abs() < 1e-12, "{r}");
        assert!((p - 0.104).abs() < 0.001, "{p}");
        assert_eq!(correlation(&x, &[3.0; 5]), None);
        assert_eq!(correlation(&x[..2], &[1.0, 2.0]), None);
    }

    #[test]
    fn high_impact_low_score_is_a_focus_area() {
        let row = |driver, score, impact| FocusRow {
            driver,
            score,
            impact,
            p: 0.0,
            n: 50,
            kind: FocusKind::LowerImpact,
        };
        let mut rows = vec![
            row(Driver::Growth, 80.0, 0.7),
            row(Driver::Wellbeing, 30.0, 0.6),
            row(Driver::Belonging, 85.0, 0.1),
            row(Driver::Communication, 40.0, 0.2),
        ];
        classify(&mut rows);
        let kind = |d| rows.iter().find(|r| r.driver == d).map(|r| r.kind);
        assert_eq!(kind(Driver::Growth), Some(FocusKind::Strength));
        assert_eq!(kind(Driver::Wellbeing), Some(FocusKind::FocusArea));
        assert_eq!(kind(Driver::Belonging), Some(FocusKind::LowerImpact));
        assert_eq!(rows[0].driver, Driver::Growth);
    }
}
