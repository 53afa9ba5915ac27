//! One row of a site's award budget ledger. Rows are inserted, never updated or deleted.
use sea_orm::entity::prelude::*;

use crate::recognition::types::BudgetKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "budget_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub site_id: i32,
    /// The quarter, "2026-Q4".
    pub period: String,
    pub kind: BudgetKind,
    pub amount: i32,
    pub recognition_id: Option<i32>,
    /// Who set an allocation.
    pub user_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
