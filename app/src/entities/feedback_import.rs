use sea_orm::entity::prelude::*;

use crate::feedback::imports_types::UploadStatus;
use crate::feedback::types::ImportMode;

/// A feedback file uploaded in the browser, on its way in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    pub owner_id: i32,
    pub file_name: String,
    pub bytes: i64,
    pub status: UploadStatus,
    pub mode: Option<ImportMode>,
    /// The mapping last used on it (JSON).
    pub mapping: Option<String>,
    /// The last run's report (JSON).
    pub report: Option<String>,
    pub problem: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
