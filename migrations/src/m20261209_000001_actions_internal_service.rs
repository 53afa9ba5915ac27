//! Action plans on survey results, and the internal-service survey.
//!
//! - `surveys.reach`: for an internal-service survey, whom respondents rate ("site": the other
//!   departments of their own site; "company": any department asked). None for other kinds.
//! - `survey_action_plans`: a focus (a driver, optionally one item) chosen for a group (none: the
//!   whole organisation) after a survey; `survey_actions`: what will be done, by whom, by when.
//! - `internal_ratings`: one department's rating by one respondent (quality 1-5, ease 1-7), with
//!   the response's kept department as the rater's; `internal_comments`: comments about a
//!   department, with no link to the response or the rater.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Surveys {
    Table,
    Id,
    Reach,
}

#[derive(DeriveIden)]
enum SurveyItems {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SurveyResponses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SurveyActionPlans {
    Table,
    Id,
    Pid,
    SurveyId,
    Level,
    UnitId,
    Driver,
    ItemId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SurveyActions {
    Table,
    Id,
    Pid,
    PlanId,
    Text,
    OwnerId,
    DueOn,
    Status,
    DoneOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InternalRatings {
    Table,
    Id,
    ResponseId,
    SurveyId,
    RaterDepartmentId,
    RatedDepartmentId,
    Quality,
    Ease,
}

#[derive(DeriveIden)]
enum InternalComments {
    Table,
    Id,
    SurveyId,
    DepartmentId,
    Text,
}

fn id<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn uuid<T: IntoIden + 'static>(c: T) -> ColumnDef {
    ColumnDef::new(c).string_len(36).not_null().to_owned()
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
        m.alter_table(
            Table::alter()
                .table(Surveys::Table)
                .add_column(ColumnDef::new(Surveys::Reach).text().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyActionPlans::Table)
                .col(id(SurveyActionPlans::Id))
                .col(uuid(SurveyActionPlans::Pid).unique_key().to_owned())
                .col(int(SurveyActionPlans::SurveyId))
                .col(ColumnDef::new(SurveyActionPlans::Level).text().null())
                .col(opt_int(SurveyActionPlans::UnitId))
                .col(text(SurveyActionPlans::Driver))
                .col(opt_int(SurveyActionPlans::ItemId))
                .col(int(SurveyActionPlans::CreatedBy))
                .col(
                    ColumnDef::new(SurveyActionPlans::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    SurveyActionPlans::Table,
                    SurveyActionPlans::SurveyId,
                    Surveys::Table,
                    Surveys::Id,
                ))
                .foreign_key(&mut fk(
                    SurveyActionPlans::Table,
                    SurveyActionPlans::ItemId,
                    SurveyItems::Table,
                    SurveyItems::Id,
                ))
                .foreign_key(&mut fk(
                    SurveyActionPlans::Table,
                    SurveyActionPlans::CreatedBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_action_plans_survey")
                .table(SurveyActionPlans::Table)
                .col(SurveyActionPlans::SurveyId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyActions::Table)
                .col(id(SurveyActions::Id))
                .col(uuid(SurveyActions::Pid).unique_key().to_owned())
                .col(int(SurveyActions::PlanId))
                .col(text(SurveyActions::Text))
                .col(int(SurveyActions::OwnerId))
                .col(ColumnDef::new(SurveyActions::DueOn).date().not_null())
                .col(text(SurveyActions::Status))
                .col(ColumnDef::new(SurveyActions::DoneOn).date().null())
                .col(int(SurveyActions::CreatedBy))
                .col(
                    ColumnDef::new(SurveyActions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    SurveyActions::Table,
                    SurveyActions::PlanId,
                    SurveyActionPlans::Table,
                    SurveyActionPlans::Id,
                ))
                .foreign_key(&mut fk(
                    SurveyActions::Table,
                    SurveyActions::OwnerId,
                    Users::Table,
                    Users::Id,
                ))
                .foreign_key(&mut fk(
                    SurveyActions::Table,
                    SurveyActions::CreatedBy,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_actions_plan")
                .table(SurveyActions::Table)
                .col(SurveyActions::PlanId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InternalRatings::Table)
                .col(uuid(InternalRatings::Id).primary_key().to_owned())
                .col(uuid(InternalRatings::ResponseId))
                .col(int(InternalRatings::SurveyId))
                .col(opt_int(InternalRatings::RaterDepartmentId))
                .col(int(InternalRatings::RatedDepartmentId))
                .col(int(InternalRatings::Quality))
                .col(int(InternalRatings::Ease))
                .foreign_key(&mut fk(
                    InternalRatings::Table,
                    InternalRatings::ResponseId,
                    SurveyResponses::Table,
                    SurveyResponses::Id,
                ))
                .foreign_key(&mut fk(
                    InternalRatings::Table,
                    InternalRatings::SurveyId,
                    Surveys::Table,
                    Surveys::Id,
                ))
                .foreign_key(&mut fk(
                    InternalRatings::Table,
                    InternalRatings::RatedDepartmentId,
                    Departments::Table,
                    Departments::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_internal_ratings_once")
                .table(InternalRatings::Table)
                .col(InternalRatings::ResponseId)
                .col(InternalRatings::RatedDepartmentId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_internal_ratings_counting")
                .table(InternalRatings::Table)
                .col(InternalRatings::SurveyId)
                .col(InternalRatings::RatedDepartmentId)
                .col(InternalRatings::RaterDepartmentId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InternalComments::Table)
                .col(uuid(InternalComments::Id).primary_key().to_owned())
                .col(int(InternalComments::SurveyId))
                .col(int(InternalComments::DepartmentId))
                .col(text(InternalComments::Text))
                .foreign_key(&mut fk(
                    InternalComments::Table,
                    InternalComments::SurveyId,
                    Surveys::Table,
                    Surveys::Id,
                ))
                .foreign_key(&mut fk(
                    InternalComments::Table,
                    InternalComments::DepartmentId,
                    Departments::Table,
                    Departments::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_internal_comments_survey")
                .table(InternalComments::Table)
                .col(InternalComments::SurveyId)
                .col(InternalComments::DepartmentId)
                .to_owned(),
        )
        .await
    }
}
