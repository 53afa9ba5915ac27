//! The award budget ledger: rows are only ever inserted. Awards (`awards.rs`) spend from it, and
//! withdrawing or hiding an award (`thanks.rs`) gives back to it; both use this module.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{budget_entry, recognition};
use crate::error::AppError;
use crate::recognition::service::ledger;
use crate::recognition::types::BudgetKind;

/// Appends one row to a site's budget for a quarter.
pub(crate) async fn append<C: ConnectionTrait>(
    db: &C,
    site_id: i32,
    period: &str,
    kind: BudgetKind,
    amount: i32,
    recognition: Option<i32>,
    by: Option<i32>,
) -> Result<(), AppError> {
    budget_entry::ActiveModel {
        site_id: Set(site_id),
        period: Set(period.to_owned()),
        kind: Set(kind),
        amount: Set(amount),
        recognition_id: Set(recognition),
        user_id: Set(by),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Gives back to the budget what an award set aside or paid: `landed_back` is what the
/// recipients returned of a landed award; `None` for one still waiting (all of it comes back).
pub async fn give_back<C: ConnectionTrait>(
    db: &C,
    r: &recognition::Model,
    landed_back: Option<i32>,
) -> Result<(), AppError> {
    let Some(paid) = budget_entry::Entity::find()
        .filter(budget_entry::Column::RecognitionId.eq(r.id))
        .filter(budget_entry::Column::Kind.eq(BudgetKind::Award))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    ledger::lock_row(db, "sites", paid.site_id).await?;
    let back = landed_back.unwrap_or(-paid.amount);
    if back > 0 {
        append(
            db,
            paid.site_id,
            &paid.period,
            BudgetKind::Return,
            back,
            Some(r.id),
            None,
        )
        .await?;
    }
    Ok(())
}
