//! The item bank: the built-in items (added once, idempotently, at start-up), HR's custom items,
//! and rewording, which adds a version so trends compare like with like.
use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use crate::engagement::types::{
    BANK, Driver, ITEM_TEXT_MAX, ITEM_TEXT_MIN, ItemForm, ItemView, Scale,
};
use crate::entities::{survey_item, survey_question};
use crate::error::AppError;
use crate::state;

/// Adds the built-in items that are not there yet (safe to run on every start, from several
/// instances at once).
pub async fn ensure_bank<C: ConnectionTrait>(db: &C) -> Result<(), AppError> {
    let now = Utc::now();
    let rows: Vec<survey_item::ActiveModel> = BANK
        .iter()
        .map(|(lineage, driver, scale, text)| survey_item::ActiveModel {
            pid: Set(uuid::Uuid::new_v4().to_string()),
            lineage: Set((*lineage).to_owned()),
            version: Set(1),
            driver: Set(*driver),
            scale: Set(*scale),
            text: Set((*text).to_owned()),
            builtin: Set(true),
            retired: Set(false),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    survey_item::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([survey_item::Column::Lineage, survey_item::Column::Version])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The newest version of every item, in bank order (outcome first, then drivers), custom items
/// after the built-in ones of their driver.
pub async fn current<C: ConnectionTrait>(db: &C) -> Result<Vec<survey_item::Model>, AppError> {
    let all = survey_item::Entity::find()
        .order_by_asc(survey_item::Column::Id)
        .all(db)
        .await?;
    let mut newest: BTreeMap<String, survey_item::Model> = BTreeMap::new();
    for item in all {
        match newest.get(&item.lineage) {
            Some(have) if have.version >= item.version => {}
            _ => {
                newest.insert(item.lineage.clone(), item);
            }
        }
    }
    let bank_pos = |lineage: &str| BANK.iter().position(|(l, ..)| *l == lineage);
    let mut out: Vec<survey_item::Model> = newest.into_values().collect();
    out.sort_by_key(|i| {
        (
            Driver::ALL.iter().position(|d| *d == i.driver),
            bank_pos(&i.lineage).is_none(),
            bank_pos(&i.lineage),
            i.id,
        )
    });
    Ok(out)
}

/// The bank as HR's page shows it: current versions, with how many surveys ask each.
pub async fn bank<C: ConnectionTrait>(db: &C) -> Result<Vec<ItemView>, AppError> {
    let items = current(db).await?;
    let mut uses: BTreeMap<i32, usize> = BTreeMap::new();
    for q in survey_question::Entity::find().all(db).await? {
        *uses.entry(q.item_id).or_default() += 1;
    }
    Ok(items
        .into_iter()
        .map(|i| ItemView {
            surveys: uses.get(&i.id).copied().unwrap_or(0),
            pid: i.pid,
            driver: i.driver,
            scale: i.scale,
            text: i.text,
            version: i.version,
            builtin: i.builtin,
            retired: i.retired,
        })
        .collect())
}

fn check_text(raw: &str) -> Result<String, AppError> {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = text.chars().count();
    if len < ITEM_TEXT_MIN {
        return Err(AppError::invalid(format!(
            "Write the item as a full statement of at least {ITEM_TEXT_MIN} characters."
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "The item contains a control character; remove it.",
        ));
    }
    if len > ITEM_TEXT_MAX {
        return Err(AppError::invalid(format!(
            "Keep an item to {ITEM_TEXT_MAX} characters; it is {len}."
        )));
    }
    Ok(text)
}

/// Adds a custom five-point agreement item under a driver.
pub async fn add(db: &DatabaseConnection, form: ItemForm) -> Result<String, AppError> {
    let driver = Driver::parse(&form.driver)
        .filter(|d| *d != Driver::Enps)
        .ok_or_else(|| AppError::invalid("Choose the driver the item belongs to."))?;
    let text = check_text(&form.text)?;
    survey_item::ActiveModel {
        pid: Set(uuid::Uuid::new_v4().to_string()),
        lineage: Set(format!("custom.{}", uuid::Uuid::new_v4())),
        version: Set(1),
        driver: Set(driver),
        scale: Set(Scale::Agreement),
        text: Set(text),
        builtin: Set(false),
        retired: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(format!("Item added under {}.", driver.label()))
}

async fn find<C: ConnectionTrait>(db: &C, pid: &str) -> Result<survey_item::Model, AppError> {
    survey_item::Entity::find()
        .filter(survey_item::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That survey item".into()))
}

/// Rewords an item: a new version under the same lineage, used by surveys set up from now on.
/// Surveys that asked the old wording keep it, and trends never mix the two.
pub async fn reword(db: &DatabaseConnection, pid: &str, text: &str) -> Result<String, AppError> {
    let text = check_text(text)?;
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let item = find(txn, &pid).await?;
            let newest = current(txn)
                .await?
                .into_iter()
                .find(|i| i.lineage == item.lineage);
            if newest.as_ref().map(|n| n.id) != Some(item.id) {
                return Err(AppError::Conflict(
                    "Someone has reworded this item already; reload the page to see the new wording."
                        .into(),
                ));
            }
            if item.text == text {
                return Err(AppError::invalid(
                    "That is the current wording; change it to make a new version.",
                ));
            }
            survey_item::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                lineage: Set(item.lineage.clone()),
                version: Set(item.version + 1),
                driver: Set(item.driver),
                scale: Set(item.scale),
                text: Set(text),
                builtin: Set(item.builtin),
                retired: Set(item.retired),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(format!(
                "Reworded: version {} is asked from now on; earlier surveys keep version {}.",
                item.version + 1,
                item.version
            ))
        })
    })
    .await
}

/// Retires an item from new surveys (or brings it back); results that asked it stay.
pub async fn set_retired(
    db: &DatabaseConnection,
    pid: &str,
    retired: bool,
) -> Result<String, AppError> {
    let item = find(db, pid).await?;
    let mut a = item.into_active_model();
    a.retired = Set(retired);
    a.update(db).await?;
    Ok(if retired {
        "Retired: new surveys will not offer it.".into()
    } else {
        "Back in the bank for new surveys.".into()
    })
}
