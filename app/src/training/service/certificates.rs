//! Certificates: issued when a person passes an assigned module, renewed before they expire.
//! Every function takes `today`, so tests can move the clock.
use chrono::{Duration, Months, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};

use crate::auth::policy::{Permission, allows};
use crate::auth::service::CurrentUser;
use crate::entities::{assignment, attempt, certificate, module, user};
use crate::error::AppError;
use crate::reporting::period::Day;
use crate::state;
use crate::training::rules::progress::cert_status;
use crate::training::service::catalogue::Catalogue;
use crate::training::service::catalogue::module_progress;
use crate::training::types::*;

fn day(d: NaiveDate) -> Day {
    d.into()
}

pub fn expiry(issued: NaiveDate, validity_months: Option<i32>) -> Option<NaiveDate> {
    let months = u32::try_from(validity_months?).ok().filter(|m| *m > 0)?;
    issued.checked_add_months(Months::new(months))
}

/// Issues a certificate for every assigned module the person has now passed in its current
/// cycle and holds none for. Runs inside the transaction that finished the attempt.
pub async fn issue_if_passed<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    today: NaiveDate,
) -> Result<Vec<certificate::Model>, AppError> {
    let Some(person) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(Vec::new());
    };
    let cat = Catalogue::load(db).await?;
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(user_id))
        .order_by_asc(attempt::Column::FinishedAt)
        .all(db)
        .await?;
    let held = certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let mut issued = Vec::new();
    for mf in cat.modules_for(&person) {
        let p = module_progress(&cat, mf, &attempts, day(today));
        if p.status != Status::Done {
            continue;
        }
        // A certificate covers its cycle until a renewal opens the next one.
        if held
            .iter()
            .any(|c| c.module_id == mf.module.id && c.renewal_on.is_none())
        {
            continue;
        }
        let best: Vec<i32> = p.scenarios.iter().filter_map(|s| s.best).collect();
        let score = (best.iter().sum::<i32>() as f64 / best.len().max(1) as f64).round() as i32;
        issued.push(
            certificate::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                user_id: Set(user_id),
                module_id: Set(mf.module.id),
                issued_on: Set(today),
                score: Set(score),
                expires_on: Set(expiry(today, mf.module.validity_months)),
                renewal_on: Set(None),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?,
        );
    }
    Ok(issued)
}

/// Assigns the module again to everyone whose latest certificate expires within
/// `RENEWAL_DAYS` of `today`, due on the expiry date; only attempts from today on count.
/// Safe to run as often as wanted: each certificate is renewed once. Returns how many were.
pub async fn renew_due(db: &DatabaseConnection, today: NaiveDate) -> Result<usize, AppError> {
    state::write(db, move |txn| {
        Box::pin(async move {
            let all = certificate::Entity::find()
                .order_by_asc(certificate::Column::IssuedOn)
                .order_by_asc(certificate::Column::Id)
                .all(txn)
                .await?;
            let mut renewed = 0;
            for c in all.iter().filter(|c| c.renewal_on.is_none()) {
                let Some(expires) = c.expires_on else {
                    continue;
                };
                if expires - Duration::days(RENEWAL_DAYS) > today {
                    continue;
                }
                let latest = all
                    .iter()
                    .rfind(|x| x.user_id == c.user_id && x.module_id == c.module_id);
                if latest.is_some_and(|l| l.id != c.id) {
                    continue; // superseded by a newer certificate
                }
                let active = user::Entity::find_by_id(c.user_id)
                    .one(txn)
                    .await?
                    .is_some_and(|u| u.active);
                if !active {
                    continue;
                }
                let existing = assignment::Entity::find()
                    .filter(assignment::Column::ModuleId.eq(c.module_id))
                    .filter(assignment::Column::TargetKind.eq(TargetKind::Person))
                    .filter(assignment::Column::TargetId.eq(c.user_id))
                    .one(txn)
                    .await?;
                match existing {
                    Some(a) => {
                        let mut a: assignment::ActiveModel = a.into();
                        a.due_on = Set(expires);
                        a.counts_from = Set(Some(today));
                        a.update(txn).await?;
                    }
                    None => {
                        assignment::ActiveModel {
                            pid: Set(uuid::Uuid::new_v4().to_string()),
                            module_id: Set(c.module_id),
                            target_kind: Set(TargetKind::Person),
                            target_id: Set(c.user_id),
                            due_on: Set(expires),
                            // A renewal is the certificate holder's own follow-up.
                            assigned_by: Set(c.user_id),
                            created_at: Set(Utc::now()),
                            counts_from: Set(Some(today)),
                            ..Default::default()
                        }
                        .insert(txn)
                        .await?;
                    }
                }
                let mut cert: certificate::ActiveModel = c.clone().into();
                cert.renewal_on = Set(Some(today));
                cert.update(txn).await?;
                renewed += 1;
            }
            Ok(renewed)
        })
    })
    .await
}

async fn views(
    db: &DatabaseConnection,
    certs: Vec<certificate::Model>,
    today: NaiveDate,
) -> Result<Vec<CertificateView>, AppError> {
    let modules = module::Entity::find().all(db).await?;
    let ids: Vec<i32> = certs.iter().map(|c| c.user_id).collect();
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?;
    Ok(certs
        .into_iter()
        .filter_map(|c| {
            let m = modules.iter().find(|m| m.id == c.module_id)?;
            let p = people.iter().find(|p| p.id == c.user_id)?;
            let expires = c.expires_on.map(day);
            let renewal = c.expires_on.map(|e| day(e - Duration::days(RENEWAL_DAYS)));
            Some(CertificateView {
                pid: c.pid,
                person: p.name.clone(),
                person_pid: p.pid.clone(),
                module: m.title.clone(),
                issued_on: day(c.issued_on),
                score: c.score,
                status: cert_status(expires, renewal, day(today)),
                expires_on: expires,
            })
        })
        .collect())
}

/// A person's certificates, newest first.
pub async fn for_person(
    db: &DatabaseConnection,
    user_id: i32,
    today: NaiveDate,
) -> Result<Vec<CertificateView>, AppError> {
    let certs = certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(user_id))
        .order_by_desc(certificate::Column::IssuedOn)
        .order_by_desc(certificate::Column::Id)
        .all(db)
        .await?;
    views(db, certs, today).await
}

/// One certificate, for its holder, their manager, HR and admins.
pub async fn one(
    db: &DatabaseConnection,
    viewer: &CurrentUser,
    pid: &str,
    today: NaiveDate,
) -> Result<CertificateView, AppError> {
    let not_found = || AppError::NotFound("That certificate".into());
    let c = certificate::Entity::find()
        .filter(certificate::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let holder = user::Entity::find_by_id(c.user_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    if holder.id != viewer.id
        && !allows(
            viewer.actor(),
            Permission::ViewPerson(
                crate::people::service::person_ref(db, viewer.actor(), &holder).await?,
            ),
        )
    {
        return Err(not_found());
    }
    views(db, vec![c], today).await?.pop().ok_or_else(not_found)
}

/// For HR: everyone's latest certificate per module that is expired or due for renewal.
pub async fn attention(
    db: &DatabaseConnection,
    today: NaiveDate,
) -> Result<Vec<CertificateView>, AppError> {
    let all = certificate::Entity::find()
        .order_by_asc(certificate::Column::IssuedOn)
        .order_by_asc(certificate::Column::Id)
        .all(db)
        .await?;
    let mut latest: Vec<certificate::Model> = Vec::new();
    for c in all {
        latest.retain(|x| !(x.user_id == c.user_id && x.module_id == c.module_id));
        latest.push(c);
    }
    let mut out: Vec<CertificateView> = views(db, latest, today)
        .await?
        .into_iter()
        .filter(|v| v.status != CertStatus::Valid)
        .collect();
    out.sort_by_key(|c| c.expires_on);
    Ok(out)
}

/// HR's register: every person's latest certificate per module, filtered by module, site,
/// department and status, with the count per status (before the status filter). The module,
/// site and department filters run in the database.
pub async fn register(
    db: &DatabaseConnection,
    filter: &RegisterFilter,
    today: NaiveDate,
) -> Result<CertificateRegister, AppError> {
    let org = crate::org::index::OrgIndex::load(db).await?;
    let modules = module::Entity::find()
        .order_by_asc(module::Column::Title)
        .all(db)
        .await?;
    if filter
        .module
        .is_some_and(|m| !modules.iter().any(|x| x.id == m))
    {
        return Err(AppError::NotFound("That module".into()));
    }
    if filter.site.is_some_and(|s| !org.sites.contains_key(&s)) {
        return Err(AppError::NotFound("That site".into()));
    }
    if filter
        .department
        .is_some_and(|d| !org.departments.contains_key(&d))
    {
        return Err(AppError::NotFound("That department".into()));
    }
    let mut query = certificate::Entity::find()
        .order_by_asc(certificate::Column::IssuedOn)
        .order_by_asc(certificate::Column::Id);
    if let Some(m) = filter.module {
        query = query.filter(certificate::Column::ModuleId.eq(m));
    }
    if filter.site.is_some() || filter.department.is_some() {
        let mut people = user::Entity::find().select_only().column(user::Column::Id);
        if let Some(s) = filter.site {
            people = people.filter(user::Column::SiteId.eq(s));
        }
        if let Some(d) = filter.department {
            people = people.filter(user::Column::DepartmentId.eq(d));
        }
        query = query.filter(certificate::Column::UserId.in_subquery(people.into_query()));
    }
    let mut latest: Vec<certificate::Model> = Vec::new();
    for c in query.all(db).await? {
        latest.retain(|x| !(x.user_id == c.user_id && x.module_id == c.module_id));
        latest.push(c);
    }
    let holders: std::collections::HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(latest.iter().map(|c| c.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    // Where each certificate's holder works, by certificate.
    let mut place: std::collections::HashMap<String, (String, String)> = latest
        .iter()
        .map(|c| {
            let u = holders.get(&c.user_id);
            let at = (
                org.site_name(u.and_then(|u| u.site_id)).unwrap_or_default(),
                org.department_name(u.and_then(|u| u.department_id))
                    .unwrap_or_default(),
            );
            (c.pid.clone(), at)
        })
        .collect();
    let views = views(db, latest, today).await?;
    let counts = CertStatus::ALL
        .into_iter()
        .map(|s| (s, views.iter().filter(|v| v.status == s).count()))
        .collect();
    let mut rows: Vec<RegisterRow> = views
        .into_iter()
        .filter(|v| filter.status.is_none_or(|s| v.status == s))
        .filter_map(|v| {
            let (site, department) = place.remove(&v.pid)?;
            Some(RegisterRow {
                certificate: v,
                site,
                department,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.certificate.module, &a.certificate.person)
            .cmp(&(&b.certificate.module, &b.certificate.person))
    });
    let named = |id: i32, name: String| Named {
        id: id.to_string(),
        name,
    };
    Ok(CertificateRegister {
        rows,
        counts,
        modules: modules.into_iter().map(|m| named(m.id, m.title)).collect(),
        sites: org
            .sites
            .values()
            .map(|s| named(s.id, s.name.clone()))
            .collect(),
        departments: org
            .departments
            .keys()
            .filter_map(|d| Some(named(*d, org.department_label(*d)?)))
            .collect(),
    })
}

/// The register as a CSV table, the rows exactly as the page shows them.
pub async fn register_table(
    db: &DatabaseConnection,
    filter: &RegisterFilter,
    today: NaiveDate,
) -> Result<crate::reporting::csv::Table, AppError> {
    use crate::reporting::csv::{Cell, Table};
    let r = register(db, filter, today).await?;
    let mut t = Table::new(
        format!("certificates-{today}.csv"),
        &[
            "person",
            "site",
            "department",
            "module",
            "issued",
            "score",
            "valid until",
            "status",
        ],
    );
    for row in r.rows {
        let c = row.certificate;
        t.row(vec![
            c.person.into(),
            row.site.into(),
            row.department.into(),
            c.module.into(),
            c.issued_on.to_string().into(),
            c.score.into(),
            c.expires_on
                .map_or(Cell::Empty, |d| Cell::from(d.to_string())),
            c.status.label().into(),
        ]);
    }
    Ok(t)
}
