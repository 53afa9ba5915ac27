//! The company's values, which every recognition names: kept by admins, archived rather than
//! deleted so history and reports keep their names.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use crate::entities::recognition_value;
use crate::error::AppError;
use crate::recognition::types::{ValueForm, ValueView};
use crate::state;

/// The values the demo starts with, drawn from the service principles.
pub const STARTER: &[(&str, &str)] = &[
    (
        "Lower the shields",
        "Listen first: let an upset customer be heard before defending the rules.",
    ),
    (
        "One touch",
        "Solve it where it lands, without sending the customer from desk to desk.",
    ),
    (
        "Own the fix",
        "Take the problem as yours and follow it through until it is solved.",
    ),
    (
        "Moments of magic",
        "Turn an ordinary or failing moment into one the customer tells others about.",
    ),
    (
        "Everyone is in customer service",
        "Whatever your job, you serve the customer or someone who does.",
    ),
];

fn view(m: recognition_value::Model) -> ValueView {
    ValueView {
        pid: m.pid,
        name: m.name,
        meaning: m.meaning,
        position: m.position,
        archived: m.archived,
    }
}

/// Every value in order; archived ones only when asked for.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    with_archived: bool,
) -> Result<Vec<ValueView>, AppError> {
    let mut q = recognition_value::Entity::find();
    if !with_archived {
        q = q.filter(recognition_value::Column::Archived.eq(false));
    }
    Ok(q.order_by_asc(recognition_value::Column::Position)
        .order_by_asc(recognition_value::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// The name and meaning as stored, or every problem with them.
fn checked(form: &ValueForm) -> Result<(String, String), AppError> {
    let name = form.name.trim().to_owned();
    let meaning = form.meaning.trim().to_owned();
    let mut problems = Vec::new();
    match name.chars().count() {
        0 => problems.push("Give the value a name.".to_owned()),
        n if n > 60 => problems.push(format!("The name is {n} characters; keep it to 60.")),
        _ => {}
    }
    match meaning.chars().count() {
        0 => problems.push("Say in one line what the value means.".to_owned()),
        n if n > 200 => problems.push(format!("The meaning is {n} characters; keep it to 200.")),
        _ => {}
    }
    if [&name, &meaning]
        .iter()
        .any(|t| t.chars().any(char::is_control))
    {
        problems.push("Names and meanings are one line of text without control characters.".into());
    }
    if problems.is_empty() {
        Ok((name, meaning))
    } else {
        Err(AppError::Invalid(problems.join(" ")))
    }
}

async fn name_free<C: ConnectionTrait>(
    db: &C,
    name: &str,
    except: Option<i32>,
) -> Result<(), AppError> {
    let lower = name.to_lowercase();
    let taken = recognition_value::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .any(|v| v.name.to_lowercase() == lower && Some(v.id) != except);
    if taken {
        return Err(AppError::Conflict(format!(
            "There is already a value called “{name}” (it may be archived); choose another name."
        )));
    }
    Ok(())
}

async fn find<C: ConnectionTrait>(db: &C, pid: &str) -> Result<recognition_value::Model, AppError> {
    recognition_value::Entity::find()
        .filter(recognition_value::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That value".into()))
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    name: String,
    meaning: String,
) -> Result<recognition_value::Model, AppError> {
    let last = recognition_value::Entity::find()
        .order_by_desc(recognition_value::Column::Position)
        .one(db)
        .await?
        .map_or(0, |v| v.position);
    Ok(recognition_value::ActiveModel {
        pid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name),
        meaning: Set(meaning),
        position: Set(last + 1),
        archived: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Adds a value at the end of the list.
pub async fn create(db: &DatabaseConnection, form: ValueForm) -> Result<String, AppError> {
    let (name, meaning) = checked(&form)?;
    state::write(db, move |txn| {
        Box::pin(async move {
            name_free(txn, &name, None).await?;
            let v = insert(txn, name, meaning).await?;
            Ok(format!(
                "“{}” is now one of the values people recognise.",
                v.name
            ))
        })
    })
    .await
}

/// Renames a value or rewrites its meaning; recognitions keep pointing at it.
pub async fn update(
    db: &DatabaseConnection,
    pid: &str,
    form: ValueForm,
) -> Result<String, AppError> {
    let (name, meaning) = checked(&form)?;
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let v = find(txn, &pid).await?;
            name_free(txn, &name, Some(v.id)).await?;
            let mut a = v.into_active_model();
            a.name = Set(name.clone());
            a.meaning = Set(meaning);
            a.update(txn).await?;
            Ok(format!("“{name}” was saved."))
        })
    })
    .await
}

/// Archives a value (no new recognitions name it; old ones keep it) or brings it back.
pub async fn set_archived(
    db: &DatabaseConnection,
    pid: &str,
    archived: bool,
) -> Result<String, AppError> {
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let v = find(txn, &pid).await?;
            let name = v.name.clone();
            let mut a = v.into_active_model();
            a.archived = Set(archived);
            a.update(txn).await?;
            Ok(if archived {
                format!("“{name}” is archived: recognitions already given keep it, new ones cannot choose it.")
            } else {
                format!("“{name}” can be chosen again.")
            })
        })
    })
    .await
}

/// Moves a value one place up (`up`) or down the list.
pub async fn shift(db: &DatabaseConnection, pid: &str, up: bool) -> Result<String, AppError> {
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let all = recognition_value::Entity::find()
                .order_by_asc(recognition_value::Column::Position)
                .order_by_asc(recognition_value::Column::Id)
                .all(txn)
                .await?;
            let i = all
                .iter()
                .position(|v| v.pid == pid.trim())
                .ok_or_else(|| AppError::NotFound("That value".into()))?;
            let j = if up {
                i.checked_sub(1)
            } else {
                Some(i + 1).filter(|j| *j < all.len())
            };
            let Some(j) = j else {
                return Ok(format!(
                    "“{}” is already {}.",
                    all[i].name,
                    if up { "first" } else { "last" }
                ));
            };
            // Renumber the whole list so positions stay 1..n whatever they were.
            let mut order: Vec<_> = all.into_iter().collect();
            order.swap(i, j);
            let name = order[j].name.clone();
            for (k, v) in order.into_iter().enumerate() {
                let pos = i32::try_from(k + 1).unwrap_or(i32::MAX);
                if v.position != pos {
                    let mut a = v.into_active_model();
                    a.position = Set(pos);
                    a.update(txn).await?;
                }
            }
            Ok(format!(
                "“{name}” moved {}.",
                if up { "up" } else { "down" }
            ))
        })
    })
    .await
}

/// The starter values, for a new organisation (the demo, or an admin who asks for them).
pub async fn seed_starter<C: ConnectionTrait>(db: &C) -> Result<(), AppError> {
    for (name, meaning) in STARTER {
        insert(db, (*name).to_owned(), (*meaning).to_owned()).await?;
    }
    Ok(())
}
