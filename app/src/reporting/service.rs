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
