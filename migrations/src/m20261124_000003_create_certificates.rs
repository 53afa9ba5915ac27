//! Certificates for passed modules, module validity, and assignment cycles for renewals.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Modules {
    Table,
    Id,
    ValidityMonths,
}

#[derive(DeriveIden)]
enum Assignments {
    Table,
    CountsFrom,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Pid,
    UserId,
    ModuleId,
    IssuedOn,
    Score,
    ExpiresOn,
    RenewalOn,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        m.alter_table(
            Table::alter()
                .table(Modules::Table)
                .add_column(ColumnDef::new(Modules::ValidityMonths).integer().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Assignments::Table)
                // Only attempts finished on or after this date count (a renewal starts a new cycle).
                .add_column(ColumnDef::new(Assignments::CountsFrom).date().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Certificates::Table)
                .col(
                    ColumnDef::new(Certificates::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Certificates::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Certificates::UserId).integer().not_null())
                .col(ColumnDef::new(Certificates::ModuleId).integer().not_null())
                .col(ColumnDef::new(Certificates::IssuedOn).date().not_null())
                .col(ColumnDef::new(Certificates::Score).integer().not_null())
                .col(ColumnDef::new(Certificates::ExpiresOn).date().null())
                .col(ColumnDef::new(Certificates::RenewalOn).date().null())
                .col(
                    ColumnDef::new(Certificates::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Certificates::Table, Certificates::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Certificates::Table, Certificates::ModuleId)
                        .to(Modules::Table, Modules::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_certificates_user")
                .table(Certificates::Table)
                .col(Certificates::UserId)
                .to_owned(),
        )
        .await
    }
}
