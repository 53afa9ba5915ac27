use sea_orm::entity::prelude::*;

/// Answers from one address in the current ten-minute window.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_link_rates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub address: String,
    /// The ten-minute slot since the Unix epoch `count` counts in.
    pub slot: i64,
    pub count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
