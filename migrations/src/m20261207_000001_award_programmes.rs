//! The yearly achievement awards: a programme (name, year, nomination window, who may nominate,
//! a limit per nominator and category), its categories (for people, sites or departments, with
//! how many winners each), nominations with a reason (one per nominator and nominee, the form's
//! one-time key against double submits), and the winners HR picks, kept with their names as they
//! were when the programme was announced so the hall of fame stays true.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AwardProgrammes {
    Table,
    Id,
    Pid,
    Name,
    Year,
    OpensOn,
    ClosesOn,
    Nominators,
    PerNominator,
    CreatedBy,
    CreatedAt,
    AnnouncedAt,
    AnnouncedBy,
}

#[derive(DeriveIden)]
enum AwardCategories {
    Table,
    Id,
    Pid,
    ProgrammeId,
    Name,
    Description,
    Subject,
    Winners,
    Position,
}

#[derive(DeriveIden)]
enum AwardNominations {
    Table,
    Id,
    Pid,
    CategoryId,
    NominatorId,
    NomineeId,
    Reason,
    RequestKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AwardWinners {
    Table,
    Id,
    Pid,
    CategoryId,
    NomineeId,
    Label,
    Place,
    ChosenBy,
    ChosenAt,
}

fn id<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn pid<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .string_len(36)
        .not_null()
        .unique_key()
        .to_owned()
}

fn int<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c).integer().not_null().to_owned()
}

fn fk<
    T: IntoIden + 'static,
    C: IntoIden + 'static,
    U: IntoIden + 'static,
    D: IntoIden + 'static,
>(
    table: T,
    col: C,
    to: U,
    to_col: D,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(to, to_col)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AwardProgrammes::Table)
                .col(id(AwardProgrammes::Id))
                .col(pid(AwardProgrammes::Pid))
                .col(ColumnDef::new(AwardProgrammes::Name).text().not_null())
                .col(int(AwardProgrammes::Year))
                .col(ColumnDef::new(AwardProgrammes::OpensOn).date().not_null())
                .col(ColumnDef::new(AwardProgrammes::ClosesOn).date().not_null())
                .col(
                    ColumnDef::new(AwardProgrammes::Nominators)
                        .text()
                        .not_null(),
                )
                .col(int(AwardProgrammes::PerNominator))
                .col(int(AwardProgrammes::CreatedBy))
                .col(
                    ColumnDef::new(AwardProgrammes::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AwardProgrammes::AnnouncedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(AwardProgrammes::AnnouncedBy)
                        .integer()
                        .null(),
                )
                .foreign_key(&mut fk(
                    AwardProgrammes::Table,
                    AwardProgrammes::CreatedBy,
                    Users::Table,
                    Users::Id,
                ))
                .foreign_key(&mut fk(
                    AwardProgrammes::Table,
                    AwardProgrammes::AnnouncedBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AwardCategories::Table)
                .col(id(AwardCategories::Id))
                .col(pid(AwardCategories::Pid))
                .col(int(AwardCategories::ProgrammeId))
                .col(ColumnDef::new(AwardCategories::Name).text().not_null())
                .col(
                    ColumnDef::new(AwardCategories::Description)
                        .text()
                        .not_null(),
                )
                .col(ColumnDef::new(AwardCategories::Subject).text().not_null())
                .col(int(AwardCategories::Winners))
                .col(int(AwardCategories::Position))
                .foreign_key(&mut fk(
                    AwardCategories::Table,
                    AwardCategories::ProgrammeId,
                    AwardProgrammes::Table,
                    AwardProgrammes::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AwardNominations::Table)
                .col(id(AwardNominations::Id))
                .col(pid(AwardNominations::Pid))
                .col(int(AwardNominations::CategoryId))
                .col(int(AwardNominations::NominatorId))
                // A person's, site's or department's id, as the category's subject says.
                .col(int(AwardNominations::NomineeId))
                .col(ColumnDef::new(AwardNominations::Reason).text().not_null())
                .col(
                    ColumnDef::new(AwardNominations::RequestKey)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(AwardNominations::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    AwardNominations::Table,
                    AwardNominations::CategoryId,
                    AwardCategories::Table,
                    AwardCategories::Id,
                ))
                .foreign_key(&mut fk(
                    AwardNominations::Table,
                    AwardNominations::NominatorId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_nomination_once")
                .table(AwardNominations::Table)
                .col(AwardNominations::CategoryId)
                .col(AwardNominations::NominatorId)
                .col(AwardNominations::NomineeId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AwardWinners::Table)
                .col(id(AwardWinners::Id))
                .col(pid(AwardWinners::Pid))
                .col(int(AwardWinners::CategoryId))
                .col(int(AwardWinners::NomineeId))
                .col(ColumnDef::new(AwardWinners::Label).text().not_null())
                .col(ColumnDef::new(AwardWinners::Place).text().not_null())
                .col(int(AwardWinners::ChosenBy))
                .col(
                    ColumnDef::new(AwardWinners::ChosenAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    AwardWinners::Table,
                    AwardWinners::CategoryId,
                    AwardCategories::Table,
                    AwardCategories::Id,
                ))
                .foreign_key(&mut fk(
                    AwardWinners::Table,
                    AwardWinners::ChosenBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_winner_once")
                .table(AwardWinners::Table)
                .col(AwardWinners::CategoryId)
                .col(AwardWinners::NomineeId)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
