use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scenario_drafts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    #[sea_orm(unique)]
    pub slug: String,
    pub scenario_id: Option<i32>,
    pub base_version: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub revision: i32,
    pub created_by: i32,
    pub updated_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
