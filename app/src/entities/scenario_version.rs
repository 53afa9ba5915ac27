use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scenario_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub scenario_id: i32,
    pub version: i32,
    pub source: String,
    pub title: String,
    pub summary: String,
    pub setting: String,
    pub skills: String,
    pub minutes: i32,
    pub steps: i32,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
