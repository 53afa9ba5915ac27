//! Engagement surveys, built so that nobody can work back from an answer to a person.
//!
//! - `survey_items`: the item bank. Rewording an item adds a version under the same lineage, so
//!   trends compare like with like.
//! - `surveys`, `survey_questions`, `survey_audiences`: a survey, its items and who is asked.
//! - `survey_rosters`: one row per survey holding who has answered as a sorted list, with no
//!   time and no order of answering (the only use is stopping a second answer and counting).
//! - `survey_responses`: one row per submission with a random id, the day only, and coarse
//!   attributes fixed at submission (site, department, role group, tenure band), each possibly
//!   dropped when the group it names would be too small. No person column anywhere.
//! - `survey_comments`: optional comments, per driver or free, with the response's kept site and
//!   department but no link to the response itself.
//! - `survey_answers`: a response's rating per item, carrying the response's survey, site and
//!   department so results are counted with one indexed scan.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SurveyItems {
    Table,
    Id,
    Pid,
    Lineage,
    Version,
    Driver,
    Scale,
    Text,
    Builtin,
    Retired,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Surveys {
    Table,
    Id,
    Pid,
    Title,
    Kind,
    OpensOn,
    ClosesOn,
    Everyone,
    DriverComments,
    FreeComment,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SurveyQuestions {
    Table,
    Id,
    SurveyId,
    ItemId,
    Position,
}

#[derive(DeriveIden)]
enum SurveyAudiences {
    Table,
    Id,
    SurveyId,
    Level,
    UnitId,
}

#[derive(DeriveIden)]
enum SurveyRosters {
    Table,
    SurveyId,
    Answered,
    Respondents,
}

#[derive(DeriveIden)]
enum SurveyResponses {
    Table,
    Id,
    SurveyId,
    Day,
    SiteId,
    DepartmentId,
    RoleGroup,
    TenureBand,
}

#[derive(DeriveIden)]
enum SurveyComments {
    Table,
    Id,
    SurveyId,
    Driver,
    Text,
    SiteId,
    DepartmentId,
}

#[derive(DeriveIden)]
enum SurveyAnswers {
    Table,
    ResponseId,
    ItemId,
    SurveyId,
    SiteId,
    DepartmentId,
    Value,
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

fn opt_int<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c).integer().null().to_owned()
}

fn text<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c).text().not_null().to_owned()
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
                .table(SurveyItems::Table)
                .col(id(SurveyItems::Id))
                .col(pid(SurveyItems::Pid))
                .col(text(SurveyItems::Lineage))
                .col(int(SurveyItems::Version))
                .col(text(SurveyItems::Driver))
                .col(text(SurveyItems::Scale))
                .col(text(SurveyItems::Text))
                .col(ColumnDef::new(SurveyItems::Builtin).boolean().not_null())
                .col(ColumnDef::new(SurveyItems::Retired).boolean().not_null())
                .col(
                    ColumnDef::new(SurveyItems::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_item_version")
                .table(SurveyItems::Table)
                .col(SurveyItems::Lineage)
                .col(SurveyItems::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Surveys::Table)
                .col(id(Surveys::Id))
                .col(pid(Surveys::Pid))
                .col(text(Surveys::Title))
                .col(text(Surveys::Kind))
                .col(ColumnDef::new(Surveys::OpensOn).date().not_null())
                .col(ColumnDef::new(Surveys::ClosesOn).date().not_null())
                .col(ColumnDef::new(Surveys::Everyone).boolean().not_null())
                .col(ColumnDef::new(Surveys::DriverComments).boolean().not_null())
                .col(ColumnDef::new(Surveys::FreeComment).boolean().not_null())
                .col(int(Surveys::CreatedBy))
                .col(
                    ColumnDef::new(Surveys::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    Surveys::Table,
                    Surveys::CreatedBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyQuestions::Table)
                .col(id(SurveyQuestions::Id))
                .col(int(SurveyQuestions::SurveyId))
                .col(int(SurveyQuestions::ItemId))
                .col(int(SurveyQuestions::Position))
                .foreign_key(&mut fk(
                    SurveyQuestions::Table,
                    SurveyQuestions::SurveyId,
                    Surveys::Table,
                    Surveys::Id,
                ))
                .foreign_key(&mut fk(
                    SurveyQuestions::Table,
                    SurveyQuestions::ItemId,
                    SurveyItems::Table,
                    SurveyItems::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_question_once")
                .table(SurveyQuestions::Table)
                .col(SurveyQuestions::SurveyId)
                .col(SurveyQuestions::ItemId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyAudiences::Table)
                .col(id(SurveyAudiences::Id))
                .col(int(SurveyAudiences::SurveyId))
                .col(text(SurveyAudiences::Level))
                .col(int(SurveyAudiences::UnitId))
                .foreign_key(&mut fk(
                    SurveyAudiences::Table,
                    SurveyAudiences::SurveyId,
                    Surveys::Table,
                    Surveys::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyRosters::Table)
                .col(
                    ColumnDef::new(SurveyRosters::SurveyId)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(text(SurveyRosters::Answered))
                .col(int(SurveyRosters::Respondents))
                .foreign_key(&mut fk(
                    SurveyRosters::Table,
                    SurveyRosters::SurveyId,
                    Surveys::Table,
                    Surveys::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyResponses::Table)
                .col(
                    ColumnDef::new(SurveyResponses::Id)
                        .string_len(36)
                        .not_null()
                        .primary_key(),
                )
                .col(int(SurveyResponses::SurveyId))
                .col(ColumnDef::new(SurveyResponses::Day).date().not_null())
                .col(opt_int(SurveyResponses::SiteId))
                .col(opt_int(SurveyResponses::DepartmentId))
                .col(ColumnDef::new(SurveyResponses::RoleGroup).text().null())
                .col(ColumnDef::new(SurveyResponses::TenureBand).text().null())
                .foreign_key(&mut fk(
                    SurveyResponses::Table,
                    SurveyResponses::SurveyId,
                    Surveys::Table,
                    Surveys::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_responses_survey")
                .table(SurveyResponses::Table)
                .col(SurveyResponses::SurveyId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyAnswers::Table)
                .col(
                    ColumnDef::new(SurveyAnswers::ResponseId)
                        .string_len(36)
                        .not_null(),
                )
                .col(int(SurveyAnswers::ItemId))
                .col(int(SurveyAnswers::SurveyId))
                .col(opt_int(SurveyAnswers::SiteId))
                .col(opt_int(SurveyAnswers::DepartmentId))
                .col(int(SurveyAnswers::Value))
                .primary_key(
                    Index::create()
                        .col(SurveyAnswers::ResponseId)
                        .col(SurveyAnswers::ItemId),
                )
                .foreign_key(&mut fk(
                    SurveyAnswers::Table,
                    SurveyAnswers::ResponseId,
                    SurveyResponses::Table,
                    SurveyResponses::Id,
                ))
                .foreign_key(&mut fk(
                    SurveyAnswers::Table,
                    SurveyAnswers::ItemId,
                    SurveyItems::Table,
                    SurveyItems::Id,
                ))
                .to_owned(),
        )
        .await?;
        // Comments: a random id, the survey, the driver asked about (none: the free comment), and
        // the response's kept site and department; no link to the response or the person.
        m.create_table(
            Table::create()
                .table(SurveyComments::Table)
                .col(
                    ColumnDef::new(SurveyComments::Id)
                        .string_len(36)
                        .not_null()
                        .primary_key(),
                )
                .col(int(SurveyComments::SurveyId))
                .col(ColumnDef::new(SurveyComments::Driver).text().null())
                .col(text(SurveyComments::Text))
                .col(opt_int(SurveyComments::SiteId))
                .col(opt_int(SurveyComments::DepartmentId))
                .foreign_key(&mut fk(
                    SurveyComments::Table,
                    SurveyComments::SurveyId,
                    Surveys::Table,
                    Surveys::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_comments_survey")
                .table(SurveyComments::Table)
                .col(SurveyComments::SurveyId)
                .to_owned(),
        )
        .await?;
        // Results count answers per unit, item and value: one covering index serves them.
        m.create_index(
            Index::create()
                .name("idx_survey_answers_counting")
                .table(SurveyAnswers::Table)
                .col(SurveyAnswers::SurveyId)
                .col(SurveyAnswers::SiteId)
                .col(SurveyAnswers::DepartmentId)
                .col(SurveyAnswers::ItemId)
                .col(SurveyAnswers::Value)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
