use sea_orm::entity::prelude::*;

use crate::recognition::programme::Nominators;

/// A yearly achievement awards programme; announced once HR has picked its winners.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award_programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub name: String,
    pub year: i32,
    /// The nomination window, both days included, in the organisation's time zone.
    pub opens_on: Date,
    pub closes_on: Date,
    pub nominators: Nominators,
    /// How many nominations one person may make in each category.
    pub per_nominator: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub announced_at: Option<DateTimeUtc>,
    pub announced_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
