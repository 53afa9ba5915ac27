use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub pid: String,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub role: crate::auth::types::Role,
    pub site_id: Option<i32>,
    pub department_id: Option<i32>,
    pub manager_id: Option<i32>,
    /// The day the person joined their current site (None: since their account was created).
    pub site_since: Option<Date>,
    /// The day the person joined their current department (None: since their account was created).
    pub department_since: Option<Date>,
    pub active: bool,
    pub password_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Sessions that signed in before this moment no longer count.
    pub sessions_revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
