//! Late joiners: the day a person joined their site and department, and how many days a group
//! assignment gives someone who joins the group after it was made. All nullable: an empty
//! placement date means "since the account was created", an empty `joiner_days` means everyone
//! has the assignment's own due date (as before).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    SiteSince,
    DepartmentSince,
}

#[derive(DeriveIden)]
enum Assignments {
    Table,
    JoinerDays,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for col in [Users::SiteSince, Users::DepartmentSince] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(col).date().null())
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Assignments::Table)
                .add_column(ColumnDef::new(Assignments::JoinerDays).integer().null())
                .to_owned(),
        )
        .await
    }
}
