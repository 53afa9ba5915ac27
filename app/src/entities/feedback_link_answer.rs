use sea_orm::entity::prelude::*;

/// A device answered a link on a day (one answer per device, link and day).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_link_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub link_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub device: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
