//! Manager awards: levels HR keeps (seeded with the defaults), a points budget per site per
//! quarter kept as an append-only ledger, and on each recognition its kind, level, the site whose
//! budget paid for it, and where it stands (live, waiting for HR's approval, declined, with who
//! decided and why).
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
enum AwardLevels {
    Table,
    Id,
    Name,
    Points,
    Position,
    Archived,
}

#[derive(DeriveIden)]
enum BudgetEntries {
    Table,
    Id,
    SiteId,
    Period,
    Kind,
    Amount,
    RecognitionId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Recognitions {
    Table,
    Kind,
    LevelId,
    SiteId,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionNote,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AwardLevels::Table)
                .col(
                    ColumnDef::new(AwardLevels::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AwardLevels::Name)
                        .string_len(40)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(AwardLevels::Points).integer().not_null())
                .col(ColumnDef::new(AwardLevels::Position).integer().not_null())
                .col(
                    ColumnDef::new(AwardLevels::Archived)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;
        for (i, (name, points)) in [
            ("Thank you", 10),
            ("Great job", 25),
            ("Impressive", 50),
            ("Exceptional", 100),
        ]
        .into_iter()
        .enumerate()
        {
            let position = <i32 as std::convert::TryFrom<usize>>::try_from(i)
                .map_err(|e| DbErr::Custom(e.to_string()))?;
            m.exec_stmt(
                Query::insert()
                    .into_table(AwardLevels::Table)
                    .columns([
                        AwardLevels::Name,
                        AwardLevels::Points,
                        AwardLevels::Position,
                        AwardLevels::Archived,
                    ])
                    .values([name.into(), points.into(), position.into(), false.into()])
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(BudgetEntries::Table)
                .col(
                    ColumnDef::new(BudgetEntries::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(BudgetEntries::SiteId).integer().not_null())
                // The quarter, "2026-Q4".
                .col(
                    ColumnDef::new(BudgetEntries::Period)
                        .string_len(7)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(BudgetEntries::Kind)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(BudgetEntries::Amount).integer().not_null())
                .col(
                    ColumnDef::new(BudgetEntries::RecognitionId)
                        .integer()
                        .null(),
                )
                // Who set an allocation.
                .col(ColumnDef::new(BudgetEntries::UserId).integer().null())
                .col(
                    ColumnDef::new(BudgetEntries::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(BudgetEntries::Table, BudgetEntries::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(BudgetEntries::Table, BudgetEntries::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_budget_entries_site_period")
                .table(BudgetEntries::Table)
                .col(BudgetEntries::SiteId)
                .col(BudgetEntries::Period)
                .to_owned(),
        )
        .await?;
        // SQLite adds one column per ALTER TABLE.
        let columns = [
            ColumnDef::new(Recognitions::Kind)
                .string_len(8)
                .not_null()
                .default("thanks")
                .to_owned(),
            ColumnDef::new(Recognitions::LevelId)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Recognitions::SiteId)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Recognitions::Status)
                .string_len(10)
                .not_null()
                .default("live")
                .to_owned(),
            ColumnDef::new(Recognitions::DecidedBy)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Recognitions::DecidedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Recognitions::DecisionNote)
                .text()
                .null()
                .to_owned(),
        ];
        for mut col in columns {
            m.alter_table(
                Table::alter()
                    .table(Recognitions::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_recognitions_status")
                .table(Recognitions::Table)
                .col(Recognitions::Status)
                .to_owned(),
        )
        .await
    }
}
