use sea_orm::entity::prelude::*;

use crate::engagement::types::AudienceLevel;

/// A region, site or department a survey is asked of.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_audiences")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub survey_id: i32,
    pub level: AudienceLevel,
    pub unit_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
