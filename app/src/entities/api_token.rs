use sea_orm::entity::prelude::*;

/// A bearer token for the feedback ingest API. Only the SHA-256 of its secret is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Also the source its responses are kept under.
    pub name: String,
    /// The secret's first characters, to tell tokens apart.
    pub prefix: String,
    pub secret_hash: String,
    pub all_sites: bool,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
    /// The minute (since the Unix epoch) `window_count` counts requests in.
    pub window_minute: i64,
    pub window_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
