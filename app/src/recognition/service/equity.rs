//! The equity report's rows: the people the viewer may see (HR and admins everyone, a manager their
//! scope), the standing recognition they received and gave, and their managers' teams. The
//! arithmetic is `recognition::equity`.
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Statement,
};

use crate::auth::policy::Actor;
use crate::auth::types::Role;
use crate::entities::{recognition, recognition_recipient, user};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::org::scope::Reach;
use crate::recognition::equity::{self, Inputs, Person, QUARTER, RECENT};
use crate::recognition::types::{EquityReport, RecognitionStatus};
use crate::reporting::csv::{Cell, Table};
use crate::reporting::scope::ReportScope;
use crate::training::types::Named;

/// Each person's most recent standing recognition received (one grouped query).
const LAST_RECEIVED: &str = "
SELECT rr.user_id AS who, MAX(r.created_at) AS at
FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
WHERE r.status = 'live' AND r.withdrawn_at IS NULL AND r.hidden_at IS NULL
GROUP BY rr.user_id";

/// Each giver's most recent standing recognition of one of their direct reports.
const LAST_TO_TEAM: &str = "
SELECT r.giver_id AS who, MAX(r.created_at) AS at
FROM recognitions r
JOIN recognition_recipients rr ON rr.recognition_id = r.id
JOIN users u ON u.id = rr.user_id AND u.manager_id = r.giver_id
WHERE r.status = 'live' AND r.withdrawn_at IS NULL AND r.hidden_at IS NULL
GROUP BY r.giver_id";

async fn latest<C: ConnectionTrait>(
    db: &C,
    sql: &str,
) -> Result<HashMap<i32, DateTime<Utc>>, AppError> {
    let stmt = Statement::from_string(db.get_database_backend(), sql.to_owned());
    let mut out = HashMap::new();
    for row in db.query_all(stmt).await? {
        let who: i32 = row.try_get("", "who")?;
        let at: Option<DateTime<Utc>> = row.try_get("", "at")?;
        if let Some(at) = at {
            out.insert(who, at);
        }
    }
    Ok(out)
}

fn person(org: &OrgIndex, u: &user::Model) -> Person {
    Person {
        id: u.id,
        pid: u.pid.clone(),
        name: u.name.clone(),
        role: u.role,
        site: org.site_name(u.site_id),
        department: org.department_name(u.department_id),
        manager: u.manager_id,
        joined: u.created_at,
    }
}

/// The report for `actor` (HR and admins: everyone; managers: their scope), narrowed to a unit.
/// Staff are refused before this is called.
pub async fn report(
    db: &DatabaseConnection,
    actor: Actor,
    unit: &ReportScope,
    now: DateTime<Utc>,
) -> Result<EquityReport, AppError> {
    let org = OrgIndex::load(db).await?;
    org.check(unit)?;
    let reach = crate::org::scope::reach(db, actor.id, actor.role).await?;
    if matches!(reach, Reach::Own) {
        return Err(AppError::Forbidden);
    }
    let allowed = reach.people(actor.id);
    let active = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let reachable: Vec<&user::Model> = active
        .iter()
        .filter(|u| u.id != actor.id && allowed.as_ref().is_none_or(|s| s.contains(&u.id)))
        .collect();
    // The unit choices are the ones the viewer's people are in.
    let (mut regions, mut sites, mut departments) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for u in &reachable {
        let p = org.placement(u);
        regions.extend(p.region);
        sites.extend(p.site);
        departments.extend(p.department);
    }
    let shown: Vec<&user::Model> = reachable
        .iter()
        .copied()
        .filter(|u| unit.places(&org.placement(u)))
        .collect();
    let ids: BTreeSet<i32> = shown.iter().map(|u| u.id).collect();

    // Managers to check: the people shown who have active direct reports, and a manager viewer.
    let mut teams: HashMap<i32, Vec<i32>> = HashMap::new();
    for u in &active {
        if let Some(m) = u.manager_id {
            teams.entry(m).or_default().push(u.id);
        }
    }
    let me = active.iter().find(|u| u.id == actor.id);
    let managers: Vec<(Person, Vec<i32>)> = shown
        .iter()
        .copied()
        .chain(me.filter(|u| u.role == Role::Manager && unit.places(&org.placement(u))))
        .filter_map(|u| Some((person(&org, u), teams.get(&u.id)?.clone())))
        .collect();
    let givers: BTreeSet<i32> = managers
        .iter()
        .map(|(m, _)| m.id)
        .chain(ids.iter().copied())
        .collect();

    let standing = || {
        recognition::Entity::find()
            .filter(recognition::Column::Status.eq(RecognitionStatus::Live))
            .filter(recognition::Column::WithdrawnAt.is_null())
            .filter(recognition::Column::HiddenAt.is_null())
    };
    let recent = standing()
        .filter(recognition::Column::CreatedAt.gte(now - Duration::days(QUARTER)))
        .all(db)
        .await?;
    let by_id: HashMap<i32, &recognition::Model> = recent.iter().map(|r| (r.id, r)).collect();
    let (mut received, mut given) = (Vec::new(), Vec::new());
    let recent_ids: Vec<i32> = recent.iter().map(|r| r.id).collect();
    for chunk in recent_ids.chunks(1000) {
        for rr in recognition_recipient::Entity::find()
            .filter(recognition_recipient::Column::RecognitionId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            let Some(r) = by_id.get(&rr.recognition_id) else {
                continue;
            };
            if ids.contains(&rr.user_id) {
                received.push((rr.user_id, r.created_at));
            }
            if givers.contains(&r.giver_id) && r.created_at >= now - Duration::days(RECENT) {
                given.push((r.giver_id, rr.user_id, r.created_at));
            }
        }
    }
    let mut last_received = latest(db, LAST_RECEIVED).await?;
    last_received.retain(|k, _| ids.contains(k));
    let mut last_recognised_team = latest(db, LAST_TO_TEAM).await?;
    last_recognised_team.retain(|k, _| givers.contains(k));

    let mut people: Vec<Person> = shown.iter().map(|u| person(&org, u)).collect();
    // Managers' names for the rows, even when the manager is outside the viewer's people.
    let extra: Vec<(Person, Vec<i32>)> = people
        .iter()
        .filter_map(|p| p.manager)
        .filter(|m| !ids.contains(m) && !managers.iter().any(|(x, _)| x.id == *m))
        .collect::<BTreeSet<i32>>()
        .into_iter()
        .filter_map(|m| {
            let u = active.iter().find(|u| u.id == m)?;
            Some((person(&org, u), Vec::new()))
        })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    let mut all_managers = managers;
    all_managers.extend(extra);
    let computed = equity::compute(&Inputs {
        now,
        people,
        received,
        given,
        last_received,
        last_recognised_team,
        managers: all_managers,
    });

    let named = |items: Vec<(i32, Option<String>)>| -> Vec<Named> {
        let mut v: Vec<Named> = items
            .into_iter()
            .filter_map(|(id, name)| {
                Some(Named {
                    id: id.to_string(),
                    name: name?,
                })
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    let settings = crate::org::settings::load(db).await?;
    let tz = crate::org::settings::tz(&settings)?;
    Ok(EquityReport {
        as_of: now.with_timezone(&tz).format("%-d %b %Y").to_string(),
        whole_organisation: allowed.is_none(),
        unit: unit_label(&org, unit),
        regions: named(
            regions
                .into_iter()
                .map(|r| (r, org.region_name(Some(r))))
                .collect(),
        ),
        sites: named(
            sites
                .into_iter()
                .map(|s| (s, org.site_name(Some(s))))
                .collect(),
        ),
        departments: named(
            departments
                .into_iter()
                .map(|d| (d, org.department_label(d)))
                .collect(),
        ),
        equity: computed,
    })
}

fn unit_label(org: &OrgIndex, unit: &ReportScope) -> String {
    match unit.unit() {
        crate::reporting::unit::Unit::Department(d) => org.department_label(d),
        crate::reporting::unit::Unit::Site(s) => org.site_name(Some(s)),
        crate::reporting::unit::Unit::Region(r) => org.region_name(Some(r)),
        crate::reporting::unit::Unit::Company => None,
    }
    .unwrap_or_default()
}

/// The report's tables for download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EquityTable {
    People,
    Managers,
    Groups,
}

impl EquityTable {
    pub const ALL: [EquityTable; 3] = [
        EquityTable::People,
        EquityTable::Managers,
        EquityTable::Groups,
    ];

    /// The part of the file name after `recognition-equity-`.
    pub fn key(self) -> &'static str {
        match self {
            EquityTable::People => "people",
            EquityTable::Managers => "managers",
            EquityTable::Groups => "groups",
        }
    }
}

/// One of the report's tables as CSV, under the same reach as the page.
pub async fn table(
    db: &DatabaseConnection,
    actor: Actor,
    unit: &ReportScope,
    which: EquityTable,
    now: DateTime<Utc>,
) -> Result<Table, AppError> {
    let r = report(db, actor, unit, now).await?;
    let e = r.equity;
    let file = format!(
        "recognition-equity-{}-{}.csv",
        which.key(),
        now.format("%Y-%m-%d")
    );
    Ok(match which {
        EquityTable::People => {
            let mut t = Table::new(
                file,
                &[
                    "person",
                    "name",
                    "role",
                    "site",
                    "department",
                    "manager",
                    "received_30_days",
                    "received_90_days",
                    "given_30_days",
                    "last_recognised",
                    "days_since",
                    "not_recognised_60_days",
                    "joined_last_60_days",
                ],
            );
            for p in e.rows {
                t.row(vec![
                    p.pid.into(),
                    p.name.into(),
                    p.role.into(),
                    p.site.into(),
                    p.department.into(),
                    p.manager.into(),
                    p.received_30.into(),
                    p.received_90.into(),
                    p.given_30.into(),
                    p.last_received.into(),
                    p.days_since.into(),
                    (if p.overlooked { "yes" } else { "no" }).into(),
                    (if p.new_starter { "yes" } else { "no" }).into(),
                ]);
            }
            t
        }
        EquityTable::Managers => {
            let mut t = Table::new(
                file,
                &[
                    "person",
                    "name",
                    "site",
                    "direct_reports",
                    "last_recognised_a_report",
                    "days_since",
                ],
            );
            for m in e.quiet {
                t.row(vec![
                    m.pid.into(),
                    m.name.into(),
                    m.site.into(),
                    m.team.into(),
                    m.last_recognised_team.into(),
                    m.days_since.into(),
                ]);
            }
            t
        }
        EquityTable::Groups => {
            let mut t = Table::new(
                file,
                &[
                    "by",
                    "group",
                    "people",
                    "recognised_90_days_pct",
                    "received_per_person_90_days",
                    "not_recognised_60_days",
                ],
            );
            for (by, groups) in [
                ("site", e.by_site),
                ("department", e.by_department),
                ("role", e.by_role),
            ] {
                for g in groups {
                    t.row(vec![
                        by.into(),
                        g.label.into(),
                        g.people.into(),
                        Cell::Num(g.recognised_90, 1),
                        Cell::Num(g.per_person_90, 2),
                        g.overlooked.into(),
                    ]);
                }
            }
            t
        }
    })
}
