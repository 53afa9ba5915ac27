use sea_orm::entity::prelude::*;

use crate::feedback::types::Channel;

/// A public feedback link: customers answer at `/f/{slug}` without logging in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub site_id: i32,
    pub department_id: Option<i32>,
    pub person_id: Option<i32>,
    pub channel: Channel,
    pub ask_csat: bool,
    pub ask_nps: bool,
    pub ask_ces: bool,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub disabled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
