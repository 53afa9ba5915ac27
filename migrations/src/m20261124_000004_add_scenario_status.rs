//! A scenario's lifecycle: published (learners can start it), unpublished, or archived.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Scenarios {
    Table,
    Status,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Scenarios::Table)
                .add_column(
                    ColumnDef::new(Scenarios::Status)
                        .string_len(16)
                        .not_null()
                        .default("published"),
                )
                .to_owned(),
        )
        .await
    }
}
