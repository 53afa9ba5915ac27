//! Queries and changes for people, and the people CSV import.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::auth::policy::{Actor, PersonRef};
use crate::auth::service as auth_service;
use crate::auth::types::Role;
use crate::auth::{password, sessions};
use crate::entities::{department, people_import, site, user};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::people::import_plan::{self, DepartmentEntry, Existing, Lead, SiteEntry, SitesByName};
use crate::people::logic::{clean_email, clean_person_name, manager_loop};
use crate::people::types::*;
use crate::state::{self, AppState};

pub const PER_PAGE: u64 = 25;

/// A person as lists show them, with their site and department named from the org index.
fn brief(org: &OrgIndex, u: &user::Model) -> PersonBrief {
    PersonBrief {
        pid: u.pid.clone(),
        name: u.name.clone(),
        email: u.email.clone(),
        role: u.role,
        site: org.site_name(u.site_id),
        department: org.department_name(u.department_id),
        active: u.active,
    }
}

/// Moves a person to a site and department, noting the day they joined each one they were not in
/// already (a group assignment's due date for late joiners counts from it).
fn place(a: &mut user::ActiveModel, site: Option<i32>, department: Option<i32>) {
    use sea_orm::ActiveValue::{Set as S, Unchanged};
    let today = Some(Utc::now().date_naive());
    let moved = |was: &sea_orm::ActiveValue<Option<i32>>, to: Option<i32>| match was {
        S(v) | Unchanged(v) => *v != to,
        _ => true,
    };
    if moved(&a.site_id, site) {
        a.site_since = Set(today);
    }
    if moved(&a.department_id, department) {
        a.department_since = Set(today);
    }
    a.site_id = Set(site);
    a.department_id = Set(department);
}

pub async fn find_by_pid<C: ConnectionTrait>(db: &C, pid: &str) -> Result<user::Model, AppError> {
    user::Entity::find()
        .filter(user::Column::Pid.eq(pid))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That person".into()))
}

/// The person as the policy needs them, seen by `viewer`: whether they are in the viewer's scope
/// is asked of the database only for managers, the one role it decides anything for.
pub async fn person_ref<C: ConnectionTrait>(
    db: &C,
    viewer: Actor,
    u: &user::Model,
) -> Result<PersonRef, AppError> {
    let in_scope = viewer.role == Role::Manager
        && u.id != viewer.id
        && crate::org::scope::covers(db, viewer.id, u.id).await?;
    Ok(PersonRef { id: u.id, in_scope })
}

/// The person `pid` names, if `viewer` may see them (themself; HR and admins anyone; a manager
/// the people in their scope). Someone unknown is refused like someone out of reach, so the
/// answer does not tell who exists.
pub async fn viewable<C: ConnectionTrait>(
    db: &C,
    viewer: Actor,
    pid: &str,
) -> Result<user::Model, AppError> {
    let p = find_by_pid(db, pid)
        .await
        .map_err(|_| AppError::Forbidden)?;
    crate::auth::policy::authorize(
        viewer,
        crate::auth::policy::Permission::ViewPerson(person_ref(db, viewer, &p).await?),
    )?;
    Ok(p)
}

/// A LIKE pattern matching values that contain `text` literally: `%`, `_` and backslashes in it match
/// themselves, not "anything".
fn contains(text: &str) -> LikeExpr {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape('\\')
}

pub async fn list(db: &DatabaseConnection, filter: &PeopleQuery) -> Result<PeoplePage, AppError> {
    let mut cond = Condition::all();
    if !filter.q.is_empty() {
        let pattern = contains(&filter.q);
        cond = cond.add(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(user::Column::Name))).like(pattern.clone()))
                .add(Expr::col(user::Column::Email).like(pattern)),
        );
    }
    if let Some(role) = filter.role {
        cond = cond.add(user::Column::Role.eq(role));
    }
    if let Some(site_id) = filter.site {
        cond = cond.add(user::Column::SiteId.eq(site_id));
    }
    match filter.standing {
        Standing::Deactivated => cond = cond.add(user::Column::Active.eq(false)),
        Standing::Everyone => {}
        Standing::Active => cond = cond.add(user::Column::Active.eq(true)),
    }
    let paginator = user::Entity::find()
        .filter(cond)
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .paginate(db, PER_PAGE);
    let counts = paginator.num_items_and_pages().await?;
    let page = u64::from(filter.page).min(counts.number_of_pages.max(1));
    let models = paginator.fetch_page(page - 1).await?;
    let names = OrgIndex::load(db).await?;
    let manager_ids: Vec<i32> = models.iter().filter_map(|m| m.manager_id).collect();
    let managers: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(manager_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let rows = models
        .into_iter()
        .map(|u| PersonRow {
            site: names.site_name(u.site_id),
            department: names.department_name(u.department_id),
            manager: u.manager_id.and_then(|id| managers.get(&id).cloned()),
            role: u.role,
            can_log_in: u.password_hash.is_some() && u.active,
            pid: u.pid,
            name: u.name,
            email: u.email,
            active: u.active,
        })
        .collect();
    Ok(PeoplePage {
        rows,
        total: counts.number_of_items,
        page: u32::try_from(page).unwrap_or(1),
        pages: u32::try_from(counts.number_of_pages.max(1)).unwrap_or(1),
    })
}

pub async fn detail<C: ConnectionTrait>(db: &C, u: &user::Model) -> Result<PersonDetail, AppError> {
    let names = OrgIndex::load(db).await?;
    let manager = match u.manager_id {
        Some(id) => user::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let reports = user::Entity::find()
        .filter(user::Column::ManagerId.eq(u.id))
        .order_by_desc(user::Column::Active)
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let site = u.site_id.and_then(|id| names.sites.get(&id));
    Ok(PersonDetail {
        pid: u.pid.clone(),
        name: u.name.clone(),
        email: u.email.clone(),
        role: u.role,
        site_id: u.site_id,
        site: site.map(|s| s.name.clone()),
        region: site.and_then(|s| names.regions.get(&s.region_id).map(|r| r.name.clone())),
        department_id: u.department_id,
        department: names.department_name(u.department_id),
        manager: manager.as_ref().map(|m| brief(&names, m)),
        active: u.active,
        can_log_in: u.password_hash.is_some() && u.active,
        reports: reports.iter().map(|r| brief(&names, r)).collect(),
    })
}

pub async fn choices(db: &DatabaseConnection) -> Result<PersonFormChoices, AppError> {
    let names = OrgIndex::load(db).await?;
    let mut sites: Vec<SiteChoice> = names
        .sites
        .values()
        .map(|s| {
            let mut departments: Vec<(i32, String)> = names
                .departments
                .values()
                .filter(|d| d.site_id == s.id)
                .map(|d| (d.id, d.name.clone()))
                .collect();
            departments.sort_by(|a, b| a.1.cmp(&b.1));
            SiteChoice {
                id: s.id,
                name: s.name.clone(),
                region: names
                    .regions
                    .get(&s.region_id)
                    .map(|r| r.name.clone())
                    .unwrap_or_default(),
                departments,
            }
        })
        .collect();
    sites.sort_by(|a, b| (&a.region, &a.name).cmp(&(&b.region, &b.name)));
    let managers = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in([
            Role::Manager.as_str(),
            Role::Hr.as_str(),
            Role::Admin.as_str(),
        ]))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .iter()
        .map(|m| brief(&names, m))
        .collect();
    Ok(PersonFormChoices { sites, managers })
}

/// The person form as submitted: every field text, so a blank select is not a decoding error.
#[derive(Clone, Debug, Default)]
pub struct PersonInput {
    pub name: String,
    pub email: String,
    pub role: String,
    pub site: String,
    pub department: String,
    pub manager: String,
}

struct Resolved {
    name: String,
    email: String,
    role: Role,
    site_id: Option<i32>,
    department_id: Option<i32>,
    manager_id: Option<i32>,
}

fn optional_id(raw: &str, what: &str, problems: &mut Vec<String>) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i32>() {
        Ok(id) => Some(id),
        Err(_) => {
            problems.push(format!("The {what} chosen is not valid."));
            None
        }
    }
}

/// Checks the form against the rules and the database; `me` is the person edited, if any.
async fn resolve<C: ConnectionTrait>(
    db: &C,
    input: &PersonInput,
    me: Option<&user::Model>,
) -> Result<Resolved, AppError> {
    let mut problems = Vec::new();
    let name = clean_person_name(&input.name)
        .map_err(|e| problems.push(e))
        .ok();
    let email = clean_email(&input.email).map_err(|e| problems.push(e)).ok();
    let role = Role::parse(&input.role);
    if role.is_none() {
        problems.push("Choose a role.".into());
    }
    let site_id = optional_id(&input.site, "site", &mut problems);
    let department_id = optional_id(&input.department, "department", &mut problems);
    if let Some(id) = site_id
        && site::Entity::find_by_id(id).one(db).await?.is_none()
    {
        problems.push("The site chosen no longer exists.".into());
    }
    if let Some(id) = department_id {
        match department::Entity::find_by_id(id).one(db).await? {
            None => problems.push("The department chosen no longer exists.".into()),
            Some(d) if Some(d.site_id) != site_id => {
                problems.push(format!(
                    "The department \"{}\" belongs to another site.",
                    d.name
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(e) = &email {
        let mut q = user::Entity::find().filter(user::Column::Email.eq(e.clone()));
        if let Some(m) = me {
            q = q.filter(user::Column::Id.ne(m.id));
        }
        if q.count(db).await? > 0 {
            problems.push(format!("Someone else already has the email {e}."));
        }
    }
    let mut manager_id = None;
    if !input.manager.trim().is_empty() {
        match user::Entity::find()
            .filter(user::Column::Pid.eq(input.manager.trim()))
            .one(db)
            .await?
        {
            None => problems.push("The manager chosen no longer exists.".into()),
            Some(m) if !m.active => problems.push(format!(
                "{} is deactivated and cannot be a manager.",
                m.name
            )),
            Some(m) if me.is_some_and(|p| p.id == m.id) => {
                problems.push("A person cannot be their own manager.".into());
            }
            Some(m) => {
                if let Some(p) = me {
                    let links: HashMap<i32, Option<i32>> = user::Entity::find()
                        .all(db)
                        .await?
                        .into_iter()
                        .map(|u| (u.id, u.manager_id))
                        .collect();
                    let proposed = m.id;
                    let manager_of = |id: &i32| {
                        if *id == p.id {
                            Some(proposed)
                        } else {
                            links.get(id).copied().flatten()
                        }
                    };
                    if manager_loop(&p.id, manager_of) {
                        problems.push(format!(
                            "{} reports (directly or not) to {}, so cannot be their manager.",
                            m.name, p.name
                        ));
                    }
                }
                manager_id = Some(m.id);
            }
        }
    }
    match (name, email, role) {
        (Some(name), Some(email), Some(role)) if problems.is_empty() => Ok(Resolved {
            name,
            email,
            role,
            site_id,
            department_id,
            manager_id,
        }),
        _ => Err(AppError::Invalid(problems.join(" "))),
    }
}

pub async fn create(
    state: &AppState,
    input: PersonInput,
    initial_password: String,
) -> Result<user::Model, AppError> {
    let hash = if initial_password.is_empty() {
        None
    } else {
        password::check_policy(&initial_password, &[&input.name, &input.email])?;
        Some(password::hash(state, initial_password).await?)
    };
    state::write(&state.db, move |txn| {
        Box::pin(async move {
            let r = resolve(txn, &input, None).await?;
            let now = Utc::now();
            Ok(user::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                email: Set(r.email),
                name: Set(r.name),
                role: Set(r.role),
                site_id: Set(r.site_id),
                department_id: Set(r.department_id),
                manager_id: Set(r.manager_id),
                active: Set(true),
                password_hash: Set(hash),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?)
        })
    })
    .await
}

pub async fn update(
    db: &DatabaseConnection,
    actor_id: i32,
    pid: String,
    input: PersonInput,
) -> Result<user::Model, AppError> {
    state::write(db, move |txn| {
        Box::pin(async move {
            let existing = find_by_pid(txn, &pid).await?;
            let r = resolve(txn, &input, Some(&existing)).await?;
            if existing.id == actor_id && r.role != Role::Admin {
                return Err(AppError::invalid(
                    "You cannot remove your own admin role; ask another admin.",
                ));
            }
            let mut a: user::ActiveModel = existing.into();
            a.name = Set(r.name);
            a.email = Set(r.email);
            a.role = Set(r.role);
            place(&mut a, r.site_id, r.department_id);
            a.manager_id = Set(r.manager_id);
            a.updated_at = Set(Utc::now());
            Ok(a.update(txn).await?)
        })
    })
    .await
}

pub async fn set_active(
    state: &AppState,
    actor_id: i32,
    pid: String,
    active: bool,
) -> Result<user::Model, AppError> {
    let saved = state::write(&state.db, move |txn| {
        Box::pin(async move {
            let existing = find_by_pid(txn, &pid).await?;
            if existing.id == actor_id && !active {
                return Err(AppError::invalid("You cannot deactivate your own account."));
            }
            let id = existing.id;
            let mut a: user::ActiveModel = existing.into();
            a.active = Set(active);
            a.updated_at = Set(Utc::now());
            let saved = a.update(txn).await?;
            if !active {
                sessions::mark_revoked(txn, id).await?;
            }
            Ok(saved)
        })
    })
    .await?;
    // Deactivation ends every session, so reactivation does not bring an old one back.
    if !active {
        sessions::delete_stored(state, saved.id, None).await?;
    }
    Ok(saved)
}

pub async fn set_password(
    state: &AppState,
    pid: String,
    new_password: String,
) -> Result<user::Model, AppError> {
    let existing = find_by_pid(&state.db, &pid).await?;
    let local = existing
        .email
        .split('@')
        .next()
        .unwrap_or_default()
        .to_owned();
    password::check_policy(&new_password, &[&existing.name, &existing.email, &local])?;
    let hash = password::hash(state, new_password).await?;
    let id = existing.id;
    auth_service::set_password_hash(state, existing, hash).await?;
    // A reset signs the person out everywhere.
    sessions::delete_stored(state, id, None).await?;
    find_by_pid(&state.db, &pid).await
}

// ---- CSV import ----

pub async fn save_upload(
    db: &DatabaseConnection,
    actor_id: i32,
    file_name: &str,
    content: String,
) -> Result<String, AppError> {
    let pid = uuid::Uuid::new_v4().to_string();
    let file_name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    people_import::ActiveModel {
        pid: Set(pid.clone()),
        created_by: Set(actor_id),
        file_name: Set(if file_name.is_empty() {
            "people.csv".into()
        } else {
            file_name
        }),
        content: Set(content),
        created_at: Set(Utc::now()),
        applied_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(pid)
}

async fn find_import<C: ConnectionTrait>(
    db: &C,
    pid: &str,
) -> Result<people_import::Model, AppError> {
    people_import::Entity::find()
        .filter(people_import::Column::Pid.eq(pid))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That import".into()))
}

async fn plan_against_db<C: ConnectionTrait>(
    db: &C,
    text: &str,
) -> Result<
    (
        Result<Vec<import_plan::PlannedRow>, String>,
        HashMap<String, user::Model>,
    ),
    AppError,
> {
    let names = OrgIndex::load(db).await?;
    let users = user::Entity::find().all(db).await?;
    let email_of: HashMap<i32, String> = users.iter().map(|u| (u.id, u.email.clone())).collect();
    let email = |id: Option<i32>| id.and_then(|id| email_of.get(&id).cloned());
    let mut org: SitesByName = HashMap::new();
    for s in names.sites.values() {
        org.insert(
            s.name.to_lowercase(),
            SiteEntry {
                id: s.id,
                name: s.name.clone(),
                departments: names
                    .departments
                    .values()
                    .filter(|d| d.site_id == s.id)
                    .map(|d| {
                        let entry = DepartmentEntry {
                            id: d.id,
                            name: d.name.clone(),
                            head_email: email(d.head_id),
                        };
                        (d.name.to_lowercase(), entry)
                    })
                    .collect(),
                manager_email: email(s.manager_id),
            },
        );
    }
    let existing: HashMap<String, Existing> = users
        .iter()
        .map(|u| {
            (
                u.email.clone(),
                Existing {
                    name: u.name.clone(),
                    role: u.role,
                    site_id: u.site_id,
                    department_id: u.department_id,
                    manager_email: u.manager_id.and_then(|m| email_of.get(&m).cloned()),
                    active: u.active,
                },
            )
        })
        .collect();
    let by_email = users.into_iter().map(|u| (u.email.clone(), u)).collect();
    Ok((import_plan::plan(text, &org, &existing), by_email))
}

pub async fn preview(db: &DatabaseConnection, pid: &str) -> Result<ImportPreview, AppError> {
    let imp = find_import(db, pid).await?;
    let (planned, _) = plan_against_db(db, &imp.content).await?;
    let (file_problem, rows) = match planned {
        Ok(rows) => (None, rows.into_iter().map(|r| r.view).collect()),
        Err(p) => (Some(p), Vec::new()),
    };
    Ok(ImportPreview {
        pid: imp.pid,
        file_name: imp.file_name,
        file_problem,
        rows,
        applied: imp.applied_at.is_some(),
    })
}

/// Counts of what an applied import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Applies the import all or nothing, planned again against the data as it is now.
pub async fn apply(db: &DatabaseConnection, pid: String) -> Result<Applied, AppError> {
    state::write(db, move |txn| {
        Box::pin(async move {
            let imp = find_import(txn, &pid).await?;
            let (planned, mut by_email) = plan_against_db(txn, &imp.content).await?;
            let rows = planned.map_err(AppError::Invalid)?;
            let bad = rows.iter().filter(|r| r.target.is_none()).count();
            if bad > 0 {
                return Err(AppError::Invalid(format!(
                    "{bad} row(s) have problems; fix the file and upload it again. Nothing was imported."
                )));
            }
            let now = Utc::now();
            let mut done = Applied::default();
            // Create new people first so that managers named later in the file exist.
            for t in rows.iter().filter_map(|r| r.target.as_ref()) {
                if by_email.contains_key(&t.email) {
                    continue;
                }
                let m = user::ActiveModel {
                    pid: Set(uuid::Uuid::new_v4().to_string()),
                    email: Set(t.email.clone()),
                    name: Set(t.name.clone()),
                    role: Set(t.role),
                    site_id: Set(t.site_id),
                    department_id: Set(t.department_id),
                    manager_id: Set(None),
                    active: Set(true),
                    password_hash: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                by_email.insert(t.email.clone(), m);
                done.created += 1;
            }
            for row in &rows {
                let Some(t) = &row.target else { continue };
                if row.view.action == ImportAction::Unchanged {
                    done.unchanged += 1;
                    continue;
                }
                let manager_id = match &t.manager_email {
                    Some(m) => Some(by_email.get(m).map(|u| u.id).ok_or(AppError::Internal)?),
                    None => None,
                };
                let Some(current) = by_email.get(&t.email).cloned() else {
                    return Err(AppError::Internal);
                };
                let mut a: user::ActiveModel = current.into();
                a.name = Set(t.name.clone());
                a.role = Set(t.role);
                place(&mut a, t.site_id, t.department_id);
                a.manager_id = Set(manager_id);
                a.updated_at = Set(now);
                let person = a.update(txn).await?;
                match t.leads {
                    Some(Lead::Site(id)) => {
                        site::ActiveModel {
                            id: Set(id),
                            manager_id: Set(Some(person.id)),
                            ..Default::default()
                        }
                        .update(txn)
                        .await?;
                    }
                    Some(Lead::Department(id)) => {
                        department::ActiveModel {
                            id: Set(id),
                            head_id: Set(Some(person.id)),
                            ..Default::default()
                        }
                        .update(txn)
                        .await?;
                    }
                    None => {}
                }
                if row.view.action == ImportAction::Update {
                    done.updated += 1;
                }
            }
            let mut a: people_import::ActiveModel = imp.into();
            a.applied_at = Set(Some(now));
            a.update(txn).await?;
            Ok(done)
        })
    })
    .await
}
