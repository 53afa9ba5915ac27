//! The reporting slice's queries: where people are in the organisation, and days as instants in the
//! organisation's time zone.
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entities::{site, user};
use crate::error::AppError;
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
    let region_of: HashMap<i32, i32> = site::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.region_id))
        .collect();
    Ok(users
        .into_iter()
        .map(|u| {
            let place = Placement {
                region: u.site_id.and_then(|s| region_of.get(&s).copied()),
                site: u.site_id,
                department: u.department_id,
            };
            (u.id, place)
        })
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
