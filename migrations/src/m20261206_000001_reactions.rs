//! Applause and comments on recognition: one applause per person per recognition (a unique pair,
//! so a double click or a race adds one), and short comments with their own moderation (their
//! author may delete one; HR and admins hide one with a reason, recorded with who and when).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Recognitions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RecognitionApplause {
    Table,
    Id,
    RecognitionId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecognitionComments {
    Table,
    Id,
    Pid,
    RecognitionId,
    AuthorId,
    Body,
    RequestKey,
    CreatedAt,
    DeletedAt,
    HiddenAt,
    HiddenBy,
    HiddenReason,
}

fn id<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
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
        m.create_table(
            Table::create()
                .table(RecognitionApplause::Table)
                .col(id(RecognitionApplause::Id))
                .col(
                    ColumnDef::new(RecognitionApplause::RecognitionId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RecognitionApplause::UserId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RecognitionApplause::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    RecognitionApplause::Table,
                    RecognitionApplause::RecognitionId,
                    Recognitions::Table,
                    Recognitions::Id,
                ))
                .foreign_key(&mut fk(
                    RecognitionApplause::Table,
                    RecognitionApplause::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_applause_once")
                .table(RecognitionApplause::Table)
                .col(RecognitionApplause::RecognitionId)
                .col(RecognitionApplause::UserId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RecognitionComments::Table)
                .col(id(RecognitionComments::Id))
                .col(
                    ColumnDef::new(RecognitionComments::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(RecognitionComments::RecognitionId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RecognitionComments::AuthorId)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(RecognitionComments::Body).text().not_null())
                // The form's one-time key: the same post twice makes one comment.
                .col(
                    ColumnDef::new(RecognitionComments::RequestKey)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(RecognitionComments::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RecognitionComments::DeletedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(RecognitionComments::HiddenAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(RecognitionComments::HiddenBy)
                        .integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(RecognitionComments::HiddenReason)
                        .text()
                        .null(),
                )
                .foreign_key(&mut fk(
                    RecognitionComments::Table,
                    RecognitionComments::RecognitionId,
                    Recognitions::Table,
                    Recognitions::Id,
                ))
                .foreign_key(&mut fk(
                    RecognitionComments::Table,
                    RecognitionComments::AuthorId,
                    Users::Table,
                    Users::Id,
                ))
                .foreign_key(&mut fk(
                    RecognitionComments::Table,
                    RecognitionComments::HiddenBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_comments_recognition")
                .table(RecognitionComments::Table)
                .col(RecognitionComments::RecognitionId)
                .col(RecognitionComments::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
