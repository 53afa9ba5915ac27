//! Scenario training: scenarios and their versions, modules, assignments, attempts and every choice made.
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
    Slug,
    Title,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ScenarioVersions {
    Table,
    Id,
    ScenarioId,
    Version,
    Source,
    Title,
    Summary,
    Setting,
    Skills,
    Minutes,
    Steps,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Modules {
    Table,
    Id,
    Pid,
    Title,
    Description,
    PassMark,
    Rule,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ModuleScenarios {
    Table,
    Id,
    ModuleId,
    Position,
    ScenarioId,
}

#[derive(DeriveIden)]
enum Assignments {
    Table,
    Id,
    Pid,
    ModuleId,
    TargetKind,
    TargetId,
    DueOn,
    AssignedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Attempts {
    Table,
    Id,
    Pid,
    UserId,
    ScenarioVersionId,
    StartedAt,
    FinishedAt,
    Moves,
    Step,
    Mood,
    Trust,
    Ending,
    Score,
    SkillScores,
}

#[derive(DeriveIden)]
enum AttemptChoices {
    Table,
    Id,
    AttemptId,
    UserId,
    ScenarioVersionId,
    Seq,
    Step,
    ChoiceIndex,
    ChosenAt,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn time(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn int(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().to_owned()
}

fn fk(
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Scenarios::Table)
                .col(id(Scenarios::Id))
                .col(
                    ColumnDef::new(Scenarios::Slug)
                        .string_len(60)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Scenarios::Title).string_len(120).not_null())
                .col(time(Scenarios::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ScenarioVersions::Table)
                .col(id(ScenarioVersions::Id))
                .col(int(ScenarioVersions::ScenarioId))
                .col(int(ScenarioVersions::Version))
                .col(ColumnDef::new(ScenarioVersions::Source).text().not_null())
                .col(
                    ColumnDef::new(ScenarioVersions::Title)
                        .string_len(120)
                        .not_null(),
                )
                .col(ColumnDef::new(ScenarioVersions::Summary).text().not_null())
                .col(
                    ColumnDef::new(ScenarioVersions::Setting)
                        .string_len(20)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ScenarioVersions::Skills)
                        .string_len(200)
                        .not_null(),
                )
                .col(int(ScenarioVersions::Minutes))
                .col(int(ScenarioVersions::Steps))
                .col(ColumnDef::new(ScenarioVersions::CreatedBy).integer().null())
                .col(time(ScenarioVersions::CreatedAt))
                .foreign_key(&mut fk(
                    (ScenarioVersions::Table, ScenarioVersions::ScenarioId),
                    (Scenarios::Table, Scenarios::Id),
                ))
                .foreign_key(&mut fk(
                    (ScenarioVersions::Table, ScenarioVersions::CreatedBy),
                    (Users::Table, Users::Id),
                ))
                .index(
                    Index::create()
                        .unique()
                        .col(ScenarioVersions::ScenarioId)
                        .col(ScenarioVersions::Version),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Modules::Table)
                .col(id(Modules::Id))
                .col(
                    ColumnDef::new(Modules::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Modules::Title)
                        .string_len(120)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Modules::Description).text().not_null())
                .col(int(Modules::PassMark))
                .col(ColumnDef::new(Modules::Rule).string_len(16).not_null())
                .col(time(Modules::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ModuleScenarios::Table)
                .col(id(ModuleScenarios::Id))
                .col(int(ModuleScenarios::ModuleId))
                .col(int(ModuleScenarios::Position))
                .col(int(ModuleScenarios::ScenarioId))
                .foreign_key(&mut fk(
                    (ModuleScenarios::Table, ModuleScenarios::ModuleId),
                    (Modules::Table, Modules::Id),
                ))
                .foreign_key(&mut fk(
                    (ModuleScenarios::Table, ModuleScenarios::ScenarioId),
                    (Scenarios::Table, Scenarios::Id),
                ))
                .index(
                    Index::create()
                        .unique()
                        .col(ModuleScenarios::ModuleId)
                        .col(ModuleScenarios::ScenarioId),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Assignments::Table)
                .col(id(Assignments::Id))
                .col(
                    ColumnDef::new(Assignments::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(int(Assignments::ModuleId))
                .col(
                    ColumnDef::new(Assignments::TargetKind)
                        .string_len(16)
                        .not_null(),
                )
                // The person, department, site or region assigned; 0 for everyone.
                .col(int(Assignments::TargetId))
                .col(ColumnDef::new(Assignments::DueOn).date().not_null())
                .col(int(Assignments::AssignedBy))
                .col(time(Assignments::CreatedAt))
                .foreign_key(&mut fk(
                    (Assignments::Table, Assignments::ModuleId),
                    (Modules::Table, Modules::Id),
                ))
                .foreign_key(&mut fk(
                    (Assignments::Table, Assignments::AssignedBy),
                    (Users::Table, Users::Id),
                ))
                .index(
                    Index::create()
                        .unique()
                        .col(Assignments::ModuleId)
                        .col(Assignments::TargetKind)
                        .col(Assignments::TargetId),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Attempts::Table)
                .col(id(Attempts::Id))
                .col(
                    ColumnDef::new(Attempts::Pid)
                        .string_len(36)
                        .not_null()
                        .unique_key(),
                )
                .col(int(Attempts::UserId))
                .col(int(Attempts::ScenarioVersionId))
                .col(time(Attempts::StartedAt))
                .col(
                    ColumnDef::new(Attempts::FinishedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(int(Attempts::Moves))
                .col(ColumnDef::new(Attempts::Step).string_len(60).not_null())
                .col(int(Attempts::Mood))
                .col(int(Attempts::Trust))
                .col(ColumnDef::new(Attempts::Ending).string_len(16).null())
                .col(ColumnDef::new(Attempts::Score).integer().null())
                .col(ColumnDef::new(Attempts::SkillScores).text().null())
                .foreign_key(&mut fk(
                    (Attempts::Table, Attempts::UserId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut fk(
                    (Attempts::Table, Attempts::ScenarioVersionId),
                    (ScenarioVersions::Table, ScenarioVersions::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_attempts_user")
                .table(Attempts::Table)
                .col(Attempts::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AttemptChoices::Table)
                .col(id(AttemptChoices::Id))
                .col(int(AttemptChoices::AttemptId))
                .col(int(AttemptChoices::UserId))
                .col(int(AttemptChoices::ScenarioVersionId))
                .col(int(AttemptChoices::Seq))
                .col(
                    ColumnDef::new(AttemptChoices::Step)
                        .string_len(60)
                        .not_null(),
                )
                .col(int(AttemptChoices::ChoiceIndex))
                .col(time(AttemptChoices::ChosenAt))
                .foreign_key(&mut fk(
                    (AttemptChoices::Table, AttemptChoices::AttemptId),
                    (Attempts::Table, Attempts::Id),
                ))
                .foreign_key(&mut fk(
                    (AttemptChoices::Table, AttemptChoices::UserId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut fk(
                    (AttemptChoices::Table, AttemptChoices::ScenarioVersionId),
                    (ScenarioVersions::Table, ScenarioVersions::Id),
                ))
                // One choice per position: a double-submitted form cannot record a move twice.
                .index(
                    Index::create()
                        .unique()
                        .col(AttemptChoices::AttemptId)
                        .col(AttemptChoices::Seq),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_attempt_choices_version")
                .table(AttemptChoices::Table)
                .col(AttemptChoices::ScenarioVersionId)
                .to_owned(),
        )
        .await
    }
}
