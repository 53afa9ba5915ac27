use sea_orm::entity::prelude::*;

/// Who has answered a survey: a sorted list of people's ids (JSON), one row per survey, so it
/// holds no time and no order of answering and nothing joins it to a response.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_rosters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub survey_id: i32,
    pub answered: String,
    pub respondents: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
