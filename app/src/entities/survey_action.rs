use sea_orm::entity::prelude::*;

use crate::engagement::types::ActionStatus;

/// One action of a plan: what, who, by when, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub plan_id: i32,
    pub text: String,
    pub owner_id: i32,
    pub due_on: Date,
    pub status: ActionStatus,
    pub done_on: Option<Date>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
