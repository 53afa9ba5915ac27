use sea_orm::entity::prelude::*;

use crate::engagement::types::{RoleGroup, TenureBand};

/// One submitted response: a random id, the day, and the coarse attributes kept at submission
/// (any of them dropped when it would name a group under the threshold). No person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub survey_id: i32,
    pub day: Date,
    pub site_id: Option<i32>,
    pub department_id: Option<i32>,
    pub role_group: Option<RoleGroup>,
    pub tenure_band: Option<TenureBand>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
