use sea_orm::entity::prelude::*;

use crate::engagement::types::{AudienceLevel, Driver};

/// An action plan: after a survey, a focus (a driver, or one of its items) for a group; `level`
/// and `unit_id` none for the whole organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_action_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub survey_id: i32,
    pub level: Option<AudienceLevel>,
    pub unit_id: Option<i32>,
    pub driver: Driver,
    pub item_id: Option<i32>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
