//! One row of the append-only points ledger. Rows are inserted, never updated or deleted.
use sea_orm::entity::prelude::*;

use crate::recognition::types::{Account, EntryKind};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "point_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub account: Account,
    /// The allowance month ("2026-12"); empty for earned points.
    pub month: String,
    pub kind: EntryKind,
    pub amount: i32,
    pub recognition_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub redemption_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
