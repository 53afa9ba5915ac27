//! Who leads what: a site's general manager and a department's head. Both optional; removing the
//! person leaves the unit without a leader rather than failing.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sites {
    Table,
    ManagerId,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    HeadId,
}

/// A nullable reference to a person, written inline so that SQLite (which cannot add a foreign
/// key to an existing table) and PostgreSQL both get it.
fn leader(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .null()
        .extra("REFERENCES users (id) ON DELETE SET NULL")
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Sites::Table)
                .add_column(leader(Sites::ManagerId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Departments::Table)
                .add_column(leader(Departments::HeadId))
                .to_owned(),
        )
        .await?;
        // Scopes look units up by their leader.
        m.create_index(
            Index::create()
                .name("idx_sites_manager")
                .table(Sites::Table)
                .col(Sites::ManagerId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_departments_head")
                .table(Departments::Table)
                .col(Departments::HeadId)
                .to_owned(),
        )
        .await
    }
}
