//! Rewards and moderation: HR's catalogue of rewards, staff redemptions (points leave the earned
//! account when redeemed and come back if HR declines), and hiding a recognition with a reason.
//!
//! Ledger rows of a redemption or its refund point at it through `point_entries.redemption_id`.
//! Hiding is recorded on the recognition (who, when, why); its reversed points are ledger rows.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RewardItems {
    Table,
    Id,
    Pid,
    Title,
    Description,
    Cost,
    Stock,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Redemptions {
    Table,
    Id,
    Pid,
    UserId,
    RewardId,
    Cost,
    Status,
    RequestKey,
    Note,
    DecidedBy,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum PointEntries {
    Table,
    RedemptionId,
}

#[derive(DeriveIden)]
enum Recognitions {
    Table,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RewardItems::Table)
                .col(id(RewardItems::Id))
                .col(
                    ColumnDef::new(RewardItems::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(RewardItems::Title)
                        .string_len(80)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(RewardItems::Description).text().not_null())
                .col(ColumnDef::new(RewardItems::Cost).integer().not_null())
                // Empty: no limit.
                .col(ColumnDef::new(RewardItems::Stock).integer().null())
                .col(
                    ColumnDef::new(RewardItems::Active)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(
                    ColumnDef::new(RewardItems::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Redemptions::Table)
                .col(id(Redemptions::Id))
                .col(
                    ColumnDef::new(Redemptions::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Redemptions::UserId).integer().not_null())
                .col(ColumnDef::new(Redemptions::RewardId).integer().not_null())
                // The cost when redeemed: a later price change does not alter it.
                .col(ColumnDef::new(Redemptions::Cost).integer().not_null())
                .col(
                    ColumnDef::new(Redemptions::Status)
                        .string_len(12)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Redemptions::RequestKey)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Redemptions::Note).text().null())
                .col(ColumnDef::new(Redemptions::DecidedBy).integer().null())
                .col(
                    ColumnDef::new(Redemptions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Redemptions::DecidedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Redemptions::Table, Redemptions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Redemptions::Table, Redemptions::RewardId)
                        .to(RewardItems::Table, RewardItems::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Redemptions::Table, Redemptions::DecidedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_redemptions_status")
                .table(Redemptions::Table)
                .col(Redemptions::Status)
                .col(Redemptions::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_redemptions_user")
                .table(Redemptions::Table)
                .col(Redemptions::UserId)
                .to_owned(),
        )
        .await?;
        // SQLite adds one column per ALTER TABLE, and cannot add a foreign key to an existing
        // table; the services only ever write ids they have just read.
        m.alter_table(
            Table::alter()
                .table(PointEntries::Table)
                .add_column(ColumnDef::new(PointEntries::RedemptionId).integer().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Recognitions::Table)
                .add_column(
                    ColumnDef::new(Recognitions::HiddenAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Recognitions::Table)
                .add_column(ColumnDef::new(Recognitions::HiddenBy).integer().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Recognitions::Table)
                .add_column(ColumnDef::new(Recognitions::HiddenReason).text().null())
                .to_owned(),
        )
        .await
    }
}
