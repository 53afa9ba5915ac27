use sea_orm::entity::prelude::*;

use crate::recognition::types::{RecognitionKind, RecognitionStatus, Visibility};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recognitions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub giver_id: i32,
    pub value_id: i32,
    pub message: String,
    pub visibility: Visibility,
    pub points_each: i32,
    #[sea_orm(unique)]
    pub request_key: String,
    pub created_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
    /// When HR or an admin hid it, who, and why (its points were reversed then).
    pub hidden_at: Option<DateTimeUtc>,
    pub hidden_by: Option<i32>,
    pub hidden_reason: Option<String>,
    pub kind: RecognitionKind,
    /// An award's level, and the site whose budget paid for it.
    pub level_id: Option<i32>,
    pub site_id: Option<i32>,
    pub status: RecognitionStatus,
    /// Who approved or declined an award that waited for HR, when, and (declined) why.
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
