use sea_orm::entity::prelude::*;

use crate::feedback::types::{Channel, Source};

/// One customer's response: where and when, any of CSAT 1-5, NPS 0-10 and CES 1-7, and where it
/// came from. (origin, external_id) is unique, so every way in is idempotent.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The import source's name, the API token's source or the public link.
    pub origin: String,
    pub external_id: String,
    pub source: Source,
    /// Local to the organisation, as the source gave it.
    pub occurred_at: DateTime,
    /// The local day, for reporting.
    pub day: Date,
    pub site_id: i32,
    pub department_id: Option<i32>,
    /// The person who served the customer.
    pub person_id: Option<i32>,
    pub channel: Channel,
    pub csat: Option<i16>,
    pub nps: Option<i16>,
    pub ces: Option<i16>,
    pub comment: Option<String>,
    /// Kept only for follow-up, and removed after the retention period.
    pub contact: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
