//! Assignments: who a module is for and by when, the assign form's choices, removing one.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::entities::{assignment, department, module, region, site, user};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::state;
use crate::training::service::catalogue::Catalogue;
use crate::training::types::*;

/// "Region: North Coast", "Site: Harbour Hotel", "Harbour Hotel · Front desk".
fn group_label(kind: TargetKind, id: i32, org: &OrgIndex) -> Option<String> {
    match kind {
        TargetKind::Region => org.region_name(Some(id)).map(|n| format!("Region: {n}")),
        TargetKind::Site => org.site_name(Some(id)).map(|n| format!("Site: {n}")),
        TargetKind::Department => org.department_label(id),
        TargetKind::Person | TargetKind::Everyone => None,
    }
}

fn target_label(a: &assignment::Model, users: &[user::Model], org: &OrgIndex) -> String {
    let id = a.target_id;
    let label = match a.target_kind {
        TargetKind::Everyone => Some("Everyone".to_owned()),
        TargetKind::Person => users.iter().find(|u| u.id == id).map(|u| u.name.clone()),
        k => group_label(k, id, org),
    };
    label.unwrap_or_else(|| match a.target_kind {
        TargetKind::Person => "A former person".into(),
        k => format!("A removed {}", k.key()),
    })
}

pub(crate) fn assignment_view(
    cat: &Catalogue,
    a: &assignment::Model,
    users: &[user::Model],
    org: &OrgIndex,
) -> AssignmentView {
    AssignmentView {
        pid: a.pid.clone(),
        module: cat
            .modules
            .iter()
            .find(|(m, _)| m.id == a.module_id)
            .map(|(m, _)| m.title.clone())
            .unwrap_or_default(),
        target: target_label(a, users, org),
        kind: a.target_kind,
        due_on: a.due_on.into(),
        joiner_days: a.joiner_days,
        people: users
            .iter()
            .filter(|u| u.active && cat.reaches(a, u))
            .count(),
    }
}

/// The assignments to people in a manager's scope, for them to review and remove.
pub async fn team_assignments(
    db: &DatabaseConnection,
    manager_id: i32,
) -> Result<Vec<AssignmentView>, AppError> {
    let scope = crate::org::scope::scope(db, manager_id).await?;
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(scope.people))
        .all(db)
        .await?;
    let cat = Catalogue::load(db).await?;
    let org = OrgIndex::load(db).await?;
    let mut out: Vec<AssignmentView> = cat
        .assignments
        .iter()
        .filter(|a| {
            a.target_kind == TargetKind::Person && users.iter().any(|u| u.id == a.target_id)
        })
        .map(|a| assignment_view(&cat, a, &users, &org))
        .collect();
    out.sort_by(|a, b| (&a.target, &a.module).cmp(&(&b.target, &b.module)));
    Ok(out)
}

/// Every module, by title, as an assign form lists them.
pub async fn module_choices<C: sea_orm::ConnectionTrait>(db: &C) -> Result<Vec<Named>, AppError> {
    Ok(module::Entity::find()
        .order_by_asc(module::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Named {
            id: m.pid,
            name: m.title,
        })
        .collect())
}

/// What the assign form offers: managers their own reports, HR and admins every group.
pub async fn assign_choices(
    db: &DatabaseConnection,
    me: &CurrentUser,
) -> Result<AssignChoices, AppError> {
    let modules = module_choices(db).await?;
    let mut people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Name);
    if me.role == Role::Manager {
        let scope = crate::org::scope::scope(db, me.id).await?;
        people = people.filter(user::Column::Id.is_in(scope.people));
    }
    let people = people
        .all(db)
        .await?
        .into_iter()
        .map(|u| Named {
            id: format!("person:{}", u.pid),
            name: u.name,
        })
        .collect();
    let default_due = (Utc::now().date_naive() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    if me.role == Role::Manager {
        return Ok(AssignChoices {
            default_due,
            modules,
            people,
            ..Default::default()
        });
    }
    let org = OrgIndex::load(db).await?;
    let named = |kind: TargetKind, ids: Vec<i32>| {
        let mut v: Vec<Named> = ids
            .into_iter()
            .filter_map(|id| {
                Some(Named {
                    id: format!("{}:{id}", kind.key()),
                    name: group_label(kind, id, &org)?,
                })
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    Ok(AssignChoices {
        default_due,
        modules,
        people,
        departments: named(
            TargetKind::Department,
            org.departments.keys().copied().collect(),
        ),
        sites: named(TargetKind::Site, org.sites.keys().copied().collect()),
        regions: named(TargetKind::Region, org.regions.keys().copied().collect()),
    })
}

/// Assigns a module; assigning the same module to the same target again changes its due date
/// and its days for late joiners.
pub async fn assign(
    db: &DatabaseConnection,
    me: &CurrentUser,
    input: AssignInput,
) -> Result<String, AppError> {
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move { assign_in(txn, &me, input).await })
    })
    .await
}

/// `assign` inside the caller's transaction (a follow-up assigns training and notes it in one).
pub(crate) async fn assign_in(
    txn: &sea_orm::DatabaseTransaction,
    me: &CurrentUser,
    input: AssignInput,
) -> Result<String, AppError> {
    let kind = input.target.kind();
    // Managers assign to people in their scope only; groups are for HR and admins.
    if me.role == Role::Manager && kind != TargetKind::Person {
        return Err(AppError::Forbidden);
    }
    if me.role == Role::Staff {
        return Err(AppError::Forbidden);
    }
    let m = module::Entity::find()
        .filter(module::Column::Pid.eq(input.module.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::invalid("Choose a module."))?;
    let target_id = match &input.target {
        AssignTarget::Everyone => 0,
        AssignTarget::Person(pid) => {
            let u = crate::people::service::find_by_pid(txn, pid)
                .await
                .map_err(|_| AppError::invalid("Choose a person."))?;
            if me.role == Role::Manager && !crate::org::scope::covers(txn, me.id, u.id).await? {
                return Err(AppError::Forbidden);
            }
            if !u.active {
                return Err(AppError::invalid(format!("{} is deactivated.", u.name)));
            }
            u.id
        }
        AssignTarget::Group(kind, id) => {
            let exists = match kind {
                TargetKind::Department => department::Entity::find_by_id(*id)
                    .one(txn)
                    .await?
                    .is_some(),
                TargetKind::Site => site::Entity::find_by_id(*id).one(txn).await?.is_some(),
                _ => region::Entity::find_by_id(*id).one(txn).await?.is_some(),
            };
            if !exists {
                return Err(AppError::invalid(format!(
                    "That {} no longer exists.",
                    kind.key()
                )));
            }
            *id
        }
    };
    let existing = assignment::Entity::find()
        .filter(assignment::Column::ModuleId.eq(m.id))
        .filter(assignment::Column::TargetKind.eq(kind))
        .filter(assignment::Column::TargetId.eq(target_id))
        .one(txn)
        .await?;
    let row = match existing {
        Some(a) => {
            let mut a: assignment::ActiveModel = a.into();
            a.due_on = Set(input.due_on.into());
            a.joiner_days = Set(input.joiner_days);
            a.update(txn).await?
        }
        None => {
            assignment::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                module_id: Set(m.id),
                target_kind: Set(kind),
                target_id: Set(target_id),
                due_on: Set(input.due_on.into()),
                assigned_by: Set(me.id),
                created_at: Set(Utc::now()),
                joiner_days: Set(input.joiner_days),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    let cat = Catalogue::load(txn).await?;
    let reached = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .all(txn)
        .await?
        .iter()
        .filter(|u| cat.reaches(&row, u))
        .count();
    let joiners = match input.joiner_days {
        Some(d) => format!(" People who join later have {d} days."),
        None => String::new(),
    };
    Ok(format!(
        "“{}” is assigned to {reached} {}, due {}.{joiners}",
        m.title,
        if reached == 1 { "person" } else { "people" },
        chrono::NaiveDate::from(input.due_on).format("%-d %B %Y")
    ))
}

/// Removes an assignment. The people it reached keep their attempts and certificates; a module
/// also assigned to them another way stays on their list. Managers remove only assignments to
/// people in their scope; HR and admins any.
pub async fn unassign(
    db: &DatabaseConnection,
    me: &CurrentUser,
    assignment_pid: &str,
) -> Result<String, AppError> {
    let me = me.clone();
    let pid = assignment_pid.trim().to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let a = assignment::Entity::find()
                .filter(assignment::Column::Pid.eq(pid.as_str()))
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That assignment".into()))?;
            match me.role {
                Role::Hr | Role::Admin => {}
                Role::Manager
                    if a.target_kind == TargetKind::Person
                        && crate::org::scope::covers(txn, me.id, a.target_id).await? => {}
                _ => return Err(AppError::Forbidden),
            }
            let title = module::Entity::find_by_id(a.module_id)
                .one(txn)
                .await?
                .map_or_else(|| "The module".to_owned(), |m| format!("“{}”", m.title));
            let users = user::Entity::find()
                .filter(user::Column::Id.eq(a.target_id))
                .all(txn)
                .await?;
            let target = target_label(&a, &users, &OrgIndex::load(txn).await?);
            assignment::Entity::delete_by_id(a.id).exec(txn).await?;
            Ok(format!(
                "{title} is no longer assigned to {}. Attempts and certificates are kept.",
                if a.target_kind == TargetKind::Everyone {
                    "everyone".to_owned()
                } else {
                    target
                }
            ))
        })
    })
    .await
}
