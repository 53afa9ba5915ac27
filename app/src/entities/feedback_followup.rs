use sea_orm::entity::prelude::*;

use crate::feedback::followup_types::{FollowUpStatus, RootCause};

/// An unhappy customer who left a contact, for the site's manager to call back within 48 hours.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_followups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    #[sea_orm(unique)]
    pub response_id: i64,
    /// Copied from the response, for scope.
    pub site_id: i32,
    pub department_id: Option<i32>,
    pub status: FollowUpStatus,
    /// Required once resolved.
    pub root_cause: Option<RootCause>,
    pub opened_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub contacted_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
