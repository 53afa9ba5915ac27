use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub module_id: i32,
    pub target_kind: crate::training::types::TargetKind,
    pub target_id: i32,
    pub due_on: Date,
    pub assigned_by: i32,
    pub created_at: DateTimeUtc,
    pub counts_from: Option<Date>,
    /// For a group: days a person who joins the group later has, counted from the day they join.
    pub joiner_days: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
