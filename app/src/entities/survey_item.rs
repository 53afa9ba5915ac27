use sea_orm::entity::prelude::*;

use crate::engagement::types::{Driver, Scale};

/// One version of an item in the bank; rewording adds a version under the same lineage.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub lineage: String,
    pub version: i32,
    pub driver: Driver,
    pub scale: Scale,
    pub text: String,
    pub builtin: bool,
    pub retired: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
