use sea_orm::entity::prelude::*;

/// A winner HR picked in a category, with the name and place as they were when picked.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award_winners")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub category_id: i32,
    pub nominee_id: i32,
    pub label: String,
    pub place: String,
    pub chosen_by: i32,
    pub chosen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
