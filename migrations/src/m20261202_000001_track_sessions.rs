//! Which sessions belong to whom, so that a password change, a reset or a deactivation can end
//! every session of that person; and the moment a person's older sessions stopped counting.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    SessionsRevokedAt,
}

#[derive(DeriveIden)]
enum UserSessions {
    Table,
    SessionId,
    UserId,
    StartedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // A session signed in before this moment is no longer valid, even if the store still has it
        // (a request in flight while it was deleted may write it back).
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(
                    ColumnDef::new(Users::SessionsRevokedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UserSessions::Table)
                .col(
                    ColumnDef::new(UserSessions::SessionId)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(UserSessions::UserId).integer().not_null())
                .col(
                    ColumnDef::new(UserSessions::StartedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserSessions::Table, UserSessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_user_sessions_user")
                .table(UserSessions::Table)
                .col(UserSessions::UserId)
                .to_owned(),
        )
        .await
    }
}
