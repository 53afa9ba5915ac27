use sea_orm::entity::prelude::*;

use crate::feedback::followup_types::EventKind;

/// One line of a follow-up's timeline: a note, a status change or training assigned from it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_followup_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub followup_id: i32,
    pub author_id: i32,
    pub kind: EventKind,
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
