//! Queries and changes for regions, sites and departments.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::auth::types::Role;
use crate::entities::{department, region, site, user};
use crate::error::AppError;
use crate::org::logic::clean_name;
use crate::org::types::{DepartmentView, Leader, OrgTree, RegionView, SiteView, UnitKind};
use crate::state;

fn invalid(msg: String) -> AppError {
    AppError::Invalid(msg)
}

pub async fn tree<C: ConnectionTrait>(db: &C) -> Result<OrgTree, AppError> {
    let regions = region::Entity::find()
        .order_by_asc(region::Column::Name)
        .all(db)
        .await?;
    let sites = site::Entity::find()
        .order_by_asc(site::Column::Name)
        .all(db)
        .await?;
    let departments = department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(db)
        .await?;
    let counts: Vec<(Option<i32>, Option<i32>, i64)> = user::Entity::find()
        .select_only()
        .column(user::Column::SiteId)
        .column(user::Column::DepartmentId)
        .column_as(user::Column::Id.count(), "n")
        .filter(user::Column::Active.eq(true))
        .group_by(user::Column::SiteId)
        .group_by(user::Column::DepartmentId)
        .into_tuple()
        .all(db)
        .await?;
    let managers: Vec<Leader> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::Manager))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| Leader {
            pid: u.pid,
            name: u.name,
        })
        .collect();
    // Leaders who are no longer active managers still show, so an admin can see and replace them.
    let leader_ids: Vec<i32> = sites
        .iter()
        .filter_map(|s| s.manager_id)
        .chain(departments.iter().filter_map(|d| d.head_id))
        .collect();
    let named: HashMap<i32, Leader> = user::Entity::find()
        .filter(user::Column::Id.is_in(leader_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            let name = if u.active && u.role == Role::Manager {
                u.name
            } else {
                format!("{} (no longer an active manager)", u.name)
            };
            (u.id, Leader { pid: u.pid, name })
        })
        .collect();
    let leader = |id: Option<i32>| id.and_then(|id| named.get(&id).cloned());
    let mut per_site: HashMap<i32, u32> = HashMap::new();
    let mut per_department: HashMap<i32, u32> = HashMap::new();
    let mut without_site = 0;
    for (site_id, department_id, n) in counts {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        match site_id {
            Some(s) => *per_site.entry(s).or_default() += n,
            None => without_site += n,
        }
        if let Some(d) = department_id {
            *per_department.entry(d).or_default() += n;
        }
    }
    let regions = regions
        .into_iter()
        .map(|r| RegionView {
            sites: sites
                .iter()
                .filter(|s| s.region_id == r.id)
                .map(|s| SiteView {
                    id: s.id,
                    region_id: s.region_id,
                    name: s.name.clone(),
                    people: per_site.get(&s.id).copied().unwrap_or(0),
                    manager: leader(s.manager_id),
                    departments: departments
                        .iter()
                        .filter(|d| d.site_id == s.id)
                        .map(|d| DepartmentView {
                            id: d.id,
                            site_id: d.site_id,
                            name: d.name.clone(),
                            people: per_department.get(&d.id).copied().unwrap_or(0),
                            head: leader(d.head_id),
                        })
                        .collect(),
                })
                .collect(),
            id: r.id,
            name: r.name,
        })
        .collect();
    Ok(OrgTree {
        regions,
        without_site,
        leaders: managers,
    })
}

async fn region_name_free<C: ConnectionTrait>(
    db: &C,
    name: &str,
    except: Option<i32>,
) -> Result<(), AppError> {
    let mut q = region::Entity::find().filter(region::Column::Name.eq(name));
    if let Some(id) = except {
        q = q.filter(region::Column::Id.ne(id));
    }
    if q.count(db).await? > 0 {
        return Err(AppError::Conflict(format!(
            "A region named \"{name}\" already exists."
        )));
    }
    Ok(())
}

async fn site_name_free<C: ConnectionTrait>(
    db: &C,
    name: &str,
    except: Option<i32>,
) -> Result<(), AppError> {
    let mut q = site::Entity::find().filter(site::Column::Name.eq(name));
    if let Some(id) = except {
        q = q.filter(site::Column::Id.ne(id));
    }
    if q.count(db).await? > 0 {
        return Err(AppError::Conflict(format!(
            "A site named \"{name}\" already exists."
        )));
    }
    Ok(())
}

async fn department_name_free<C: ConnectionTrait>(
    db: &C,
    site_id: i32,
    name: &str,
    except: Option<i32>,
) -> Result<(), AppError> {
    let mut q = department::Entity::find()
        .filter(department::Column::SiteId.eq(site_id))
        .filter(department::Column::Name.eq(name));
    if let Some(id) = except {
        q = q.filter(department::Column::Id.ne(id));
    }
    if q.count(db).await? > 0 {
        return Err(AppError::Conflict(format!(
            "This site already has a department named \"{name}\"."
        )));
    }
    Ok(())
}

async fn find_region<C: ConnectionTrait>(db: &C, id: i32) -> Result<region::Model, AppError> {
    region::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That region".into()))
}

async fn find_site<C: ConnectionTrait>(db: &C, id: i32) -> Result<site::Model, AppError> {
    site::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That site".into()))
}

async fn find_department<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> Result<department::Model, AppError> {
    department::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That department".into()))
}

pub async fn create_region<C: ConnectionTrait>(
    db: &C,
    raw: &str,
) -> Result<region::Model, AppError> {
    let name = clean_name("region", raw).map_err(invalid)?;
    region_name_free(db, &name, None).await?;
    Ok(region::ActiveModel {
        name: Set(name),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn rename_region(
    db: &sea_orm::DatabaseConnection,
    id: i32,
    raw: &str,
) -> Result<String, AppError> {
    let name = clean_name("region", raw).map_err(invalid)?;
    state::write(db, move |txn| {
        Box::pin(async move {
            let mut r: region::ActiveModel = find_region(txn, id).await?.into();
            region_name_free(txn, &name, Some(id)).await?;
            r.name = Set(name.clone());
            r.update(txn).await?;
            Ok(name)
        })
    })
    .await
}

pub async fn delete_region(db: &sea_orm::DatabaseConnection, id: i32) -> Result<String, AppError> {
    state::write(db, move |txn| {
        Box::pin(async move {
            let r = find_region(txn, id).await?;
            let n = site::Entity::find()
                .filter(site::Column::RegionId.eq(id))
                .count(txn)
                .await?;
            if n > 0 {
                return Err(AppError::Conflict(format!(
                    "\"{}\" still has {n} site(s). Move or delete them first.",
                    r.name
                )));
            }
            region::Entity::delete_by_id(id).exec(txn).await?;
            Ok(r.name)
        })
    })
    .await
}

pub async fn create_site<C: ConnectionTrait>(
    db: &C,
    region_id: i32,
    raw: &str,
) -> Result<site::Model, AppError> {
    let name = clean_name("site", raw).map_err(invalid)?;
    find_region(db, region_id).await?;
    site_name_free(db, &name, None).await?;
    Ok(site::ActiveModel {
        region_id: Set(region_id),
        name: Set(name),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn update_site(
    db: &sea_orm::DatabaseConnection,
    id: i32,
    region_id: i32,
    raw: &str,
) -> Result<String, AppError> {
    let name = clean_name("site", raw).map_err(invalid)?;
    state::write(db, move |txn| {
        Box::pin(async move {
            let mut s: site::ActiveModel = find_site(txn, id).await?.into();
            find_region(txn, region_id).await?;
            site_name_free(txn, &name, Some(id)).await?;
            s.name = Set(name.clone());
            s.region_id = Set(region_id);
            s.update(txn).await?;
            Ok(name)
        })
    })
    .await
}

pub async fn delete_site(db: &sea_orm::DatabaseConnection, id: i32) -> Result<String, AppError> {
    state::write(db, move |txn| {
        Box::pin(async move {
            let s = find_site(txn, id).await?;
            let departments = department::Entity::find()
                .filter(department::Column::SiteId.eq(id))
                .count(txn)
                .await?;
            let people = user::Entity::find().filter(user::Column::SiteId.eq(id)).count(txn).await?;
            if departments > 0 || people > 0 {
                return Err(AppError::Conflict(format!(
                    "\"{}\" still has {departments} department(s) and {people} person(s). Move or delete them first.",
                    s.name
                )));
            }
            site::Entity::delete_by_id(id).exec(txn).await?;
            Ok(s.name)
        })
    })
    .await
}

pub async fn create_department<C: ConnectionTrait>(
    db: &C,
    site_id: i32,
    raw: &str,
) -> Result<department::Model, AppError> {
    let name = clean_name("department", raw).map_err(invalid)?;
    find_site(db, site_id).await?;
    department_name_free(db, site_id, &name, None).await?;
    Ok(department::ActiveModel {
        site_id: Set(site_id),
        name: Set(name),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn rename_department(
    db: &sea_orm::DatabaseConnection,
    id: i32,
    raw: &str,
) -> Result<String, AppError> {
    let name = clean_name("department", raw).map_err(invalid)?;
    state::write(db, move |txn| {
        Box::pin(async move {
            let d = find_department(txn, id).await?;
            department_name_free(txn, d.site_id, &name, Some(id)).await?;
            let mut a: department::ActiveModel = d.into();
            a.name = Set(name.clone());
            a.update(txn).await?;
            Ok(name)
        })
    })
    .await
}

pub async fn delete_department(
    db: &sea_orm::DatabaseConnection,
    id: i32,
) -> Result<String, AppError> {
    state::write(db, move |txn| {
        Box::pin(async move {
            let d = find_department(txn, id).await?;
            let people = user::Entity::find()
                .filter(user::Column::DepartmentId.eq(id))
                .count(txn)
                .await?;
            if people > 0 {
                return Err(AppError::Conflict(format!(
                    "\"{}\" still has {people} person(s). Move them to another department first.",
                    d.name
                )));
            }
            department::Entity::delete_by_id(id).exec(txn).await?;
            Ok(d.name)
        })
    })
    .await
}

/// Sets (or, with an empty person, clears) a site's general manager or a department's head. Only
/// active managers lead units: HR and admins reach everyone already.
pub async fn set_leader(
    db: &sea_orm::DatabaseConnection,
    kind: UnitKind,
    unit_id: i32,
    person: &str,
) -> Result<String, AppError> {
    let person = person.trim().to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let leader = if person.is_empty() {
                None
            } else {
                let u = user::Entity::find()
                    .filter(user::Column::Pid.eq(person.as_str()))
                    .one(txn)
                    .await?
                    .ok_or_else(|| AppError::invalid("Choose a person from the list."))?;
                if !u.active || u.role != Role::Manager {
                    return Err(AppError::invalid(format!(
                        "{} is not an active manager. Only managers lead sites and departments; \
                         change their role on their profile first.",
                        u.name
                    )));
                }
                Some(u)
            };
            let id = leader.as_ref().map(|u| u.id);
            let unit = match kind {
                UnitKind::Site => {
                    let s = find_site(txn, unit_id).await?;
                    let name = s.name.clone();
                    let mut a: site::ActiveModel = s.into();
                    a.manager_id = Set(id);
                    a.update(txn).await?;
                    name
                }
                UnitKind::Department => {
                    let d = find_department(txn, unit_id).await?;
                    let name = d.name.clone();
                    let mut a: department::ActiveModel = d.into();
                    a.head_id = Set(id);
                    a.update(txn).await?;
                    name
                }
            };
            let role = match kind {
                UnitKind::Site => "general manager",
                UnitKind::Department => "head",
            };
            Ok(match leader {
                Some(u) => format!("{} is now the {role} of {unit}.", u.name),
                None => format!("{unit} has no {role} now."),
            })
        })
    })
    .await
}
