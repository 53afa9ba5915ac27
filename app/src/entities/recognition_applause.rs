use sea_orm::entity::prelude::*;

/// One person's applause for one recognition (the pair is unique).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recognition_applause")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub recognition_id: i32,
    pub user_id: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
