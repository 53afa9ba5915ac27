use sea_orm::entity::prelude::*;

/// One person's nomination in a category, with their reason.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award_nominations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub category_id: i32,
    pub nominator_id: i32,
    /// A person's, site's or department's id, as the category's subject says.
    pub nominee_id: i32,
    pub reason: String,
    #[sea_orm(unique)]
    pub request_key: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
