use sea_orm::entity::prelude::*;

use crate::engagement::types::Driver;

/// An anonymous comment: about a driver, or free (`driver` none). It keeps the response's site
/// and department but nothing that links it to the response or the person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_comments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub survey_id: i32,
    pub driver: Option<Driver>,
    pub text: String,
    pub site_id: Option<i32>,
    pub department_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
