//! The feedback ingest API's bearer tokens.
//!
//! - `api_tokens`: a name (the source its responses are kept under, so a replacement token
//!   under the same name stays idempotent), the SHA-256 of the secret (the secret itself is shown
//!   once and never stored), its first characters to tell tokens apart, whether it may send for
//!   every site, who made it and when, when it was revoked and last used, and the current
//!   minute's request count for the rate limit (shared by every app instance).
//! - `api_token_sites`: the sites a token may send for, when not every site.
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
enum ApiTokens {
    Table,
    Id,
    Name,
    Prefix,
    SecretHash,
    AllSites,
    CreatedBy,
    CreatedAt,
    RevokedAt,
    LastUsedAt,
    WindowMinute,
    WindowCount,
}

#[derive(DeriveIden)]
enum ApiTokenSites {
    Table,
    TokenId,
    SiteId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ApiTokens as T;
        m.create_table(
            Table::create()
                .table(T::Table)
                .col(
                    ColumnDef::new(T::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(T::Name).text().not_null())
                .col(ColumnDef::new(T::Prefix).text().not_null())
                .col(ColumnDef::new(T::SecretHash).text().not_null())
                .col(ColumnDef::new(T::AllSites).boolean().not_null())
                .col(ColumnDef::new(T::CreatedBy).integer().not_null())
                .col(
                    ColumnDef::new(T::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(T::RevokedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(T::LastUsedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(T::WindowMinute)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(T::WindowCount)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(T::Table, T::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_api_tokens_secret")
                .table(T::Table)
                .col(T::SecretHash)
                .unique()
                .to_owned(),
        )
        .await?;
        use ApiTokenSites as S;
        m.create_table(
            Table::create()
                .table(S::Table)
                .col(ColumnDef::new(S::TokenId).integer().not_null())
                .col(ColumnDef::new(S::SiteId).integer().not_null())
                .primary_key(Index::create().col(S::TokenId).col(S::SiteId))
                .foreign_key(
                    ForeignKey::create()
                        .from(S::Table, S::TokenId)
                        .to(T::Table, T::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(S::Table, S::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
