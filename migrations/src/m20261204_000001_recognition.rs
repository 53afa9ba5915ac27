//! Recognition: the company's values, recognitions with their recipients, and the points ledger.
//!
//! `point_entries` is append-only: every allowance grant, gift and withdrawal is a row, and every
//! balance is a sum over it. An allowance is granted once per person per month (a partial unique
//! index, the same SQL on SQLite and PostgreSQL); `recognitions.request_key` makes a form posted
//! twice one recognition.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RecognitionValues {
    Table,
    Id,
    Pid,
    Name,
    Meaning,
    Position,
    Archived,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Recognitions {
    Table,
    Id,
    Pid,
    GiverId,
    ValueId,
    Message,
    Visibility,
    PointsEach,
    RequestKey,
    CreatedAt,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum RecognitionRecipients {
    Table,
    Id,
    RecognitionId,
    UserId,
}

#[derive(DeriveIden)]
enum PointEntries {
    Table,
    Id,
    UserId,
    Account,
    Month,
    Kind,
    Amount,
    RecognitionId,
    CreatedAt,
}

fn id<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn created<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RecognitionValues::Table)
                .col(id(RecognitionValues::Id))
                .col(
                    ColumnDef::new(RecognitionValues::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(RecognitionValues::Name)
                        .string_len(60)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(RecognitionValues::Meaning)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RecognitionValues::Position)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RecognitionValues::Archived)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(created(RecognitionValues::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Recognitions::Table)
                .col(id(Recognitions::Id))
                .col(
                    ColumnDef::new(Recognitions::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Recognitions::GiverId).integer().not_null())
                .col(ColumnDef::new(Recognitions::ValueId).integer().not_null())
                .col(ColumnDef::new(Recognitions::Message).text().not_null())
                .col(
                    ColumnDef::new(Recognitions::Visibility)
                        .string_len(10)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Recognitions::PointsEach)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Recognitions::RequestKey)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(created(Recognitions::CreatedAt))
                .col(
                    ColumnDef::new(Recognitions::WithdrawnAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Recognitions::Table, Recognitions::GiverId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Recognitions::Table, Recognitions::ValueId)
                        .to(RecognitionValues::Table, RecognitionValues::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_recognitions_created")
                .table(Recognitions::Table)
                .col(Recognitions::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RecognitionRecipients::Table)
                .col(id(RecognitionRecipients::Id))
                .col(
                    ColumnDef::new(RecognitionRecipients::RecognitionId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RecognitionRecipients::UserId)
                        .integer()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            RecognitionRecipients::Table,
                            RecognitionRecipients::RecognitionId,
                        )
                        .to(Recognitions::Table, Recognitions::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RecognitionRecipients::Table, RecognitionRecipients::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_recognition_recipients_pair")
                .table(RecognitionRecipients::Table)
                .col(RecognitionRecipients::RecognitionId)
                .col(RecognitionRecipients::UserId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_recognition_recipients_user")
                .table(RecognitionRecipients::Table)
                .col(RecognitionRecipients::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PointEntries::Table)
                .col(id(PointEntries::Id))
                .col(ColumnDef::new(PointEntries::UserId).integer().not_null())
                .col(
                    ColumnDef::new(PointEntries::Account)
                        .string_len(12)
                        .not_null(),
                )
                // The allowance month, "2026-12"; empty for earned points, which never expire.
                .col(ColumnDef::new(PointEntries::Month).string_len(7).not_null())
                .col(ColumnDef::new(PointEntries::Kind).string_len(16).not_null())
                .col(ColumnDef::new(PointEntries::Amount).integer().not_null())
                .col(ColumnDef::new(PointEntries::RecognitionId).integer().null())
                .col(created(PointEntries::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PointEntries::Table, PointEntries::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PointEntries::Table, PointEntries::RecognitionId)
                        .to(Recognitions::Table, Recognitions::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_point_entries_account")
                .table(PointEntries::Table)
                .col(PointEntries::UserId)
                .col(PointEntries::Account)
                .col(PointEntries::Month)
                .to_owned(),
        )
        .await?;
        // One allowance grant per person per month: the same statement on both databases.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_point_entries_one_grant \
                 ON point_entries (user_id, month) WHERE kind = 'grant'",
            )
            .await?;
        Ok(())
    }
}
