use sea_orm::entity::prelude::*;

/// One department's rating in an internal-service response: service quality 1-5 and "easy to
/// work with" 1-7. The rater's department is the response's kept one (none when too small).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "internal_ratings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub response_id: String,
    pub survey_id: i32,
    pub rater_department_id: Option<i32>,
    pub rated_department_id: i32,
    pub quality: i32,
    pub ease: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
