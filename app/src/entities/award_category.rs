use sea_orm::entity::prelude::*;

use crate::recognition::programme::Subject;

/// A category of an awards programme: for people, sites or departments.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award_categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub programme_id: i32,
    pub name: String,
    pub description: String,
    pub subject: Subject,
    /// How many winners HR picks.
    pub winners: i32,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
