use sea_orm::entity::prelude::*;

use crate::recognition::types::Visibility;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recognitions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub giver_id: i32,
    pub value_id: i32,
    pub message: String,
    pub visibility: Visibility,
    pub points_each: i32,
    #[sea_orm(unique)]
    pub request_key: String,
    pub created_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
    /// When HR or an admin hid it, who, and why (its points were reversed then).
    pub hidden_at: Option<DateTimeUtc>,
    pub hidden_by: Option<i32>,
    pub hidden_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
