//! Importing customer feedback in the browser.
//!
//! - `feedback_imports`: one uploaded file on its way in: who uploaded it, its name and size, the
//!   mapping last used on it, where its check or import is (uploaded, checking, checked, applying,
//!   applied, failed), how far it has read, and the last report.
//! - `feedback_import_chunks`: the file's bytes in pieces of at most 1 MiB, in order, so any app
//!   instance can read it again (the instances keep nothing on their own disks). Deleted once the
//!   file is applied.
//! - `feedback_mappings`: mappings saved per source (its origin name), reused for the next file.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedbackImports {
    Table,
    Id,
    Pid,
    OwnerId,
    FileName,
    Bytes,
    Status,
    Mode,
    Mapping,
    Report,
    Problem,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FeedbackImportChunks {
    Table,
    ImportId,
    Seq,
    Data,
}

#[derive(DeriveIden)]
enum FeedbackMappings {
    Table,
    Id,
    Origin,
    Mapping,
    SavedBy,
    SavedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use FeedbackImports as I;
        m.create_table(
            Table::create()
                .table(I::Table)
                .col(
                    ColumnDef::new(I::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(I::Pid).text().not_null().unique_key())
                .col(ColumnDef::new(I::OwnerId).integer().not_null())
                .col(ColumnDef::new(I::FileName).text().not_null())
                .col(ColumnDef::new(I::Bytes).big_integer().not_null())
                .col(ColumnDef::new(I::Status).text().not_null())
                .col(ColumnDef::new(I::Mode).text().null())
                .col(ColumnDef::new(I::Mapping).text().null())
                .col(ColumnDef::new(I::Report).text().null())
                .col(ColumnDef::new(I::Problem).text().null())
                .col(
                    ColumnDef::new(I::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(I::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(I::Table, I::OwnerId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_feedback_imports_created")
                .table(I::Table)
                .col(I::CreatedAt)
                .to_owned(),
        )
        .await?;

        use FeedbackImportChunks as C;
        m.create_table(
            Table::create()
                .table(C::Table)
                .col(ColumnDef::new(C::ImportId).integer().not_null())
                .col(ColumnDef::new(C::Seq).integer().not_null())
                .col(ColumnDef::new(C::Data).blob().not_null())
                .primary_key(Index::create().col(C::ImportId).col(C::Seq))
                .foreign_key(
                    ForeignKey::create()
                        .from(C::Table, C::ImportId)
                        .to(I::Table, I::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        use FeedbackMappings as M;
        m.create_table(
            Table::create()
                .table(M::Table)
                .col(
                    ColumnDef::new(M::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(M::Origin).text().not_null().unique_key())
                .col(ColumnDef::new(M::Mapping).text().not_null())
                .col(ColumnDef::new(M::SavedBy).integer().not_null())
                .col(
                    ColumnDef::new(M::SavedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(M::Table, M::SavedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await
    }
}
