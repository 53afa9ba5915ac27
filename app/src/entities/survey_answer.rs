use sea_orm::entity::prelude::*;

use crate::engagement::types::{RoleGroup, TenureBand};

/// One rating in a response (1-5 agreement, 0-10 for eNPS), with the response's survey and kept
/// attributes (site, department, role group, tenure band) copied so results, narrowed or not,
/// are counted in one indexed scan.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub response_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: i32,
    pub survey_id: i32,
    pub site_id: Option<i32>,
    pub department_id: Option<i32>,
    pub role_group: Option<RoleGroup>,
    pub tenure_band: Option<TenureBand>,
    pub value: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
