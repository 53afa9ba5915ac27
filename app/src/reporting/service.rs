//! The reporting slice's queries: where people are in the organisation, and days as instants in the
//! organisation's time zone.
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entities::user;
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::scope::ReportScope;
use crate::reporting::unit::Placement;

/// The instant a local day starts in `tz` (the first valid moment, if a clock change skips midnight).
pub fn day_start(day: NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            // Midnight does not exist that day (a spring-forward at 00:00): take 01:00.
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// A scope's days as instants in `tz`: the start of its first day and the start of the day after
/// its last (either may be open).
pub fn bounds(
    scope: &ReportScope,
    tz: chrono_tz::Tz,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    (
        scope.from.map(|d| day_start(d.into(), tz)),
        scope.to.map(|d| day_start(d.plus_days(1).into(), tz)),
    )
}

/// The people in a scope's unit, found by the database (active or not, as `active` says).
pub async fn people_in<C: ConnectionTrait>(
    db: &C,
    org: &OrgIndex,
    scope: &ReportScope,
    active_only: bool,
) -> Result<Vec<user::Model>, AppError> {
    let mut q = user::Entity::find();
    if active_only {
        q = q.filter(user::Column::Active.eq(true));
    }
    if let Some(d) = scope.department {
        q = q.filter(user::Column::DepartmentId.eq(d));
    }
    if let Some(s) = scope.site {
        q = q.filter(user::Column::SiteId.eq(s));
    }
    if let Some(r) = scope.region {
        let sites: Vec<i32> = org
            .sites
            .values()
            .filter(|s| s.region_id == r)
            .map(|s| s.id)
            .collect();
        q = q.filter(user::Column::SiteId.is_in(sites));
    }
    Ok(q.all(db).await?)
}

/// Where each of these people is now (people not found are left out). Two queries, whatever the
/// number of people.
pub async fn placements<C: ConnectionTrait>(
    db: &C,
    people: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, Placement>, AppError> {
    let ids: BTreeSet<i32> = people.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let org = OrgIndex::load(db).await?;
    Ok(users
        .into_iter()
        .map(|u| (u.id, org.placement(&u)))
        .collect())
}

/// Monthly unit figures as a table for download: one row per unit, month and measure, with the
/// value and n left empty (and the reason given) wherever confidentiality hides them. Every
/// pillar's figures download through this.
pub async fn figures_table<C: ConnectionTrait>(
    db: &C,
    figures: &[crate::reporting::figures::UnitFigure],
    file_name: String,
) -> Result<crate::reporting::csv::Table, AppError> {
    use crate::entities::{department, region, site};
    use crate::reporting::confidentiality::Hidden;
    use crate::reporting::csv::{Cell, Table};
    use crate::reporting::figures::{Tree, visibility};
    use crate::reporting::unit::Unit;
    use sea_orm::EntityTrait;
    use std::collections::BTreeMap;

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
    let mut rows = visibility(figures, &tree, k);
    rows.sort_by_key(|(f, _)| (f.month, f.measure, f.unit));
    let mut t = Table::new(
        file_name,
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

/// The most months one call for monthly figures covers.
pub const MAX_MONTHS: i32 = 36;

/// Refuses a backward range of months or one longer than `MAX_MONTHS`.
pub fn check_months(
    from: crate::reporting::period::Month,
    to: crate::reporting::period::Month,
) -> Result<(), AppError> {
    if to < from {
        return Err(AppError::invalid("The last month comes before the first."));
    }
    if from.months_until(to) >= MAX_MONTHS {
        return Err(AppError::invalid(format!(
            "Ask for at most {MAX_MONTHS} months at a time."
        )));
    }
    Ok(())
}

/// The months a call for monthly figures covers, when each starts (the organisation's midnight)
/// and when the last ends; everyone placed at a site, where they are now; and each site's region.
/// Every pillar's `monthly` starts here.
pub struct MonthlyBase {
    pub months: Vec<crate::reporting::period::Month>,
    pub starts: Vec<DateTime<Utc>>,
    pub end: DateTime<Utc>,
    pub people: Vec<(
        crate::entities::user::Model,
        crate::reporting::unit::Placement,
    )>,
    pub region_of: std::collections::BTreeMap<i32, i32>,
}

impl MonthlyBase {
    /// `from` to `to`, both included; refused when backwards or longer than `MAX_MONTHS`.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        from: crate::reporting::period::Month,
        to: crate::reporting::period::Month,
    ) -> Result<MonthlyBase, AppError> {
        use crate::entities::{site, user};
        use crate::reporting::period::Day;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        check_months(from, to)?;
        let settings = crate::org::settings::load(db).await?;
        let tz = crate::org::settings::tz(&settings)?;
        let start_of = |m| day_start(NaiveDate::from(Day::first_of(m)), tz);
        let months: Vec<_> = (0..=from.months_until(to)).map(|i| from.plus(i)).collect();
        let region_of: std::collections::BTreeMap<i32, i32> = site::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.region_id))
            .collect();
        let people = user::Entity::find()
            .filter(user::Column::Active.eq(true))
            .filter(user::Column::SiteId.is_not_null())
            .all(db)
            .await?
            .into_iter()
            .map(|u| {
                let place = crate::reporting::unit::Placement {
                    region: u.site_id.and_then(|s| region_of.get(&s).copied()),
                    site: u.site_id,
                    department: u.department_id,
                };
                (u, place)
            })
            .collect();
        Ok(MonthlyBase {
            starts: months.iter().map(|m| start_of(*m)).collect(),
            end: start_of(to.next()),
            months,
            people,
            region_of,
        })
    }
}

/// The first and last month of a period, and the file name its figures download under
/// ("recognition-figures-2026-Q4.csv").
pub fn figures_file(
    stem: &str,
    period: &crate::reporting::period::Period,
) -> (
    crate::reporting::period::Month,
    crate::reporting::period::Month,
    String,
) {
    let months = period.months();
    (
        months[0],
        months[months.len() - 1],
        format!("{stem}-figures-{}.csv", period.key().replace("..", "-to-")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_local_midnight() {
        let day = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default();
        assert_eq!(
            day_start(day, chrono_tz::UTC).to_rfc3339(),
            "2026-07-01T00:00:00+00:00"
        );
        assert_eq!(
            day_start(day, chrono_tz::Europe::Lisbon).to_rfc3339(),
            "2026-06-30T23:00:00+00:00"
        );
        // Santiago skips from 00:00 to 01:00 on 2026-09-06.
        let skip = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap_or_default();
        assert_eq!(
            day_start(skip, chrono_tz::America::Santiago).to_rfc3339(),
            "2026-09-06T04:00:00+00:00"
        );
    }
}
