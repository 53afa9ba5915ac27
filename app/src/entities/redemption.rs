//! One redemption of a reward: its points left the redeemer's earned account when it was made.
use sea_orm::entity::prelude::*;

use crate::recognition::types::RedemptionStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "redemptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub user_id: i32,
    pub reward_id: i32,
    pub cost: i32,
    pub status: RedemptionStatus,
    #[sea_orm(unique)]
    pub request_key: String,
    /// HR's note when fulfilling or declining (shown to the redeemer).
    pub note: Option<String>,
    pub decided_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
