use sea_orm::entity::prelude::*;

use crate::engagement::types::{Reach, SurveyKind};

/// An engagement survey: open from `opens_on` to `closes_on`, both days included, in the
/// organisation's time zone; asked of everyone or of the units in `survey_audiences`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "surveys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub title: String,
    pub kind: SurveyKind,
    pub opens_on: Date,
    pub closes_on: Date,
    pub everyone: bool,
    /// Whether each driver's part ends with an optional comment.
    pub driver_comments: bool,
    /// Whether the survey ends with an optional free comment.
    pub free_comment: bool,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    /// For an internal-service survey: whom respondents rate.
    pub reach: Option<Reach>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
