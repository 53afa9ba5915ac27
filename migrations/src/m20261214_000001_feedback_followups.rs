//! Closing the loop with customers.
//!
//! - `feedback_followups`: one per unhappy response (NPS 0-6 or CSAT 1-2) that left a contact,
//!   for the site's manager: its status (open, contacted, resolved), when it opened and is due
//!   (48 hours later), when it was contacted and resolved and by whom, and the root cause found.
//!   The site and department are copied from the response so a manager's list is one indexed
//!   read.
//! - `feedback_followup_events`: the follow-up's timeline, oldest first: notes, status changes and
//!   training assigned from it, each with who and when.
//! - `feedback_recognitions`: a compliment recognised through "Recognise" (at most once).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sites {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedbackResponses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Recognitions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedbackFollowups {
    Table,
    Id,
    Pid,
    ResponseId,
    SiteId,
    DepartmentId,
    Status,
    RootCause,
    OpenedAt,
    DueAt,
    ContactedAt,
    ResolvedAt,
    ResolvedBy,
}

#[derive(DeriveIden)]
enum FeedbackFollowupEvents {
    Table,
    Id,
    FollowupId,
    AuthorId,
    Kind,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FeedbackRecognitions {
    Table,
    ResponseId,
    RecognitionId,
    CreatedAt,
}

fn fk<
    T: IntoIden + 'static,
    C: IntoIden + 'static,
    U: IntoIden + 'static,
    D: IntoIden + 'static,
>(
    table: T,
    col: C,
    to: U,
    to_col: D,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(to, to_col)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use FeedbackFollowups as F;
        m.create_table(
            Table::create()
                .table(F::Table)
                .col(
                    ColumnDef::new(F::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(F::Pid).text().not_null().unique_key())
                .col(
                    ColumnDef::new(F::ResponseId)
                        .big_integer()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(F::SiteId).integer().not_null())
                .col(ColumnDef::new(F::DepartmentId).integer().null())
                .col(ColumnDef::new(F::Status).text().not_null())
                .col(ColumnDef::new(F::RootCause).text().null())
                .col(
                    ColumnDef::new(F::OpenedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(F::DueAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(F::ContactedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(F::ResolvedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(F::ResolvedBy).integer().null())
                .foreign_key(&mut fk(
                    F::Table,
                    F::ResponseId,
                    FeedbackResponses::Table,
                    FeedbackResponses::Id,
                ))
                .foreign_key(&mut fk(F::Table, F::SiteId, Sites::Table, Sites::Id))
                .foreign_key(&mut fk(
                    F::Table,
                    F::DepartmentId,
                    Departments::Table,
                    Departments::Id,
                ))
                .foreign_key(&mut fk(F::Table, F::ResolvedBy, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        // The lists read unresolved follow-ups by site, oldest due first.
        m.create_index(
            Index::create()
                .name("idx_followups_status_site")
                .table(F::Table)
                .col(F::Status)
                .col(F::SiteId)
                .col(F::DueAt)
                .to_owned(),
        )
        .await?;

        use FeedbackFollowupEvents as E;
        m.create_table(
            Table::create()
                .table(E::Table)
                .col(
                    ColumnDef::new(E::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(E::FollowupId).integer().not_null())
                .col(ColumnDef::new(E::AuthorId).integer().not_null())
                .col(ColumnDef::new(E::Kind).text().not_null())
                .col(ColumnDef::new(E::Body).text().not_null())
                .col(
                    ColumnDef::new(E::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(E::Table, E::FollowupId, F::Table, F::Id))
                .foreign_key(&mut fk(E::Table, E::AuthorId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_followup_events_followup")
                .table(E::Table)
                .col(E::FollowupId)
                .col(E::Id)
                .to_owned(),
        )
        .await?;

        use FeedbackRecognitions as R;
        m.create_table(
            Table::create()
                .table(R::Table)
                .col(
                    ColumnDef::new(R::ResponseId)
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(R::RecognitionId).integer().not_null())
                .col(
                    ColumnDef::new(R::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    R::Table,
                    R::ResponseId,
                    FeedbackResponses::Table,
                    FeedbackResponses::Id,
                ))
                .foreign_key(&mut fk(
                    R::Table,
                    R::RecognitionId,
                    Recognitions::Table,
                    Recognitions::Id,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
