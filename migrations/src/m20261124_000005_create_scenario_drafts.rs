//! Scenario drafts written in the browser: a new scenario, or the next version of a published one.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Scenarios {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ScenarioDrafts {
    Table,
    Id,
    Pid,
    Slug,
    ScenarioId,
    BaseVersion,
    Body,
    Revision,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ScenarioDrafts::Table)
                .col(
                    ColumnDef::new(ScenarioDrafts::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ScenarioDrafts::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                // One draft per scenario id: a second "edit" opens the same draft.
                .col(
                    ColumnDef::new(ScenarioDrafts::Slug)
                        .string_len(60)
                        .not_null()
                        .unique_key(),
                )
                // Empty for a scenario that has never been published.
                .col(ColumnDef::new(ScenarioDrafts::ScenarioId).integer().null())
                // The published version the draft started from; publishing refuses if a newer one appeared.
                .col(ColumnDef::new(ScenarioDrafts::BaseVersion).integer().null())
                // The editor's fields as typed (JSON), so a draft keeps what its author wrote.
                .col(ColumnDef::new(ScenarioDrafts::Body).text().not_null())
                // Bumped on every save; a save from an older page is refused instead of overwriting.
                .col(
                    ColumnDef::new(ScenarioDrafts::Revision)
                        .integer()
                        .not_null()
                        .default(1),
                )
                .col(
                    ColumnDef::new(ScenarioDrafts::CreatedBy)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ScenarioDrafts::UpdatedBy)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ScenarioDrafts::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ScenarioDrafts::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScenarioDrafts::Table, ScenarioDrafts::ScenarioId)
                        .to(Scenarios::Table, Scenarios::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScenarioDrafts::Table, ScenarioDrafts::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScenarioDrafts::Table, ScenarioDrafts::UpdatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await
    }
}
