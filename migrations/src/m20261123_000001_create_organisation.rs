//! Regions, sites, departments, people, login throttling and people imports.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sites {
    Table,
    Id,
    RegionId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    SiteId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Pid,
    Email,
    Name,
    Role,
    SiteId,
    DepartmentId,
    ManagerId,
    Active,
    PasswordHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LoginThrottles {
    Table,
    Key,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[derive(DeriveIden)]
enum PeopleImports {
    Table,
    Id,
    Pid,
    CreatedBy,
    FileName,
    Content,
    CreatedAt,
    AppliedAt,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn created_at(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Regions::Table)
                .col(id(Regions::Id))
                .col(
                    ColumnDef::new(Regions::Name)
                        .string_len(100)
                        .not_null()
                        .unique_key(),
                )
                .col(created_at(Regions::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Sites::Table)
                .col(id(Sites::Id))
                .col(ColumnDef::new(Sites::RegionId).integer().not_null())
                .col(
                    ColumnDef::new(Sites::Name)
                        .string_len(100)
                        .not_null()
                        .unique_key(),
                )
                .col(created_at(Sites::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sites::Table, Sites::RegionId)
                        .to(Regions::Table, Regions::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Departments::Table)
                .col(id(Departments::Id))
                .col(ColumnDef::new(Departments::SiteId).integer().not_null())
                .col(ColumnDef::new(Departments::Name).string_len(100).not_null())
                .col(created_at(Departments::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Departments::Table, Departments::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .index(
                    Index::create()
                        .unique()
                        .col(Departments::SiteId)
                        .col(Departments::Name),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(id(Users::Id))
                .col(
                    ColumnDef::new(Users::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Users::Email)
                        .string_len(254)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Users::Name).string_len(120).not_null())
                .col(ColumnDef::new(Users::Role).string_len(16).not_null())
                .col(ColumnDef::new(Users::SiteId).integer().null())
                .col(ColumnDef::new(Users::DepartmentId).integer().null())
                .col(ColumnDef::new(Users::ManagerId).integer().null())
                .col(
                    ColumnDef::new(Users::Active)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(ColumnDef::new(Users::PasswordHash).text().null())
                .col(created_at(Users::CreatedAt))
                .col(created_at(Users::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::SiteId)
                        .to(Sites::Table, Sites::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::DepartmentId)
                        .to(Departments::Table, Departments::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::ManagerId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_users_manager")
                .table(Users::Table)
                .col(Users::ManagerId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_users_site_department")
                .table(Users::Table)
                .col(Users::SiteId)
                .col(Users::DepartmentId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LoginThrottles::Table)
                .col(
                    ColumnDef::new(LoginThrottles::Key)
                        .string_len(300)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(LoginThrottles::Failures)
                        .integer()
                        .not_null(),
                )
                .col(created_at(LoginThrottles::WindowStartedAt))
                .col(
                    ColumnDef::new(LoginThrottles::LockedUntil)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PeopleImports::Table)
                .col(id(PeopleImports::Id))
                .col(
                    ColumnDef::new(PeopleImports::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(PeopleImports::CreatedBy)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PeopleImports::FileName)
                        .string_len(255)
                        .not_null(),
                )
                .col(ColumnDef::new(PeopleImports::Content).text().not_null())
                .col(created_at(PeopleImports::CreatedAt))
                .col(
                    ColumnDef::new(PeopleImports::AppliedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PeopleImports::Table, PeopleImports::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
