//! Survey answers carry their response's kept role group and tenure band, as they already carry
//! its site and department, so results narrowed by either are counted in one scan of the
//! survey's answers (with an index that covers them) instead of a lookup per answer. Existing
//! answers take their response's.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SurveyAnswers {
    Table,
    ResponseId,
    SurveyId,
    SiteId,
    DepartmentId,
    ItemId,
    Value,
    RoleGroup,
    TenureBand,
}

#[derive(DeriveIden)]
enum SurveyResponses {
    Table,
    Id,
    RoleGroup,
    TenureBand,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column at a time.
        for column in [SurveyAnswers::RoleGroup, SurveyAnswers::TenureBand] {
            m.alter_table(
                Table::alter()
                    .table(SurveyAnswers::Table)
                    .add_column(ColumnDef::new(column).text().null())
                    .to_owned(),
            )
            .await?;
        }
        for (to, from) in [
            (SurveyAnswers::RoleGroup, SurveyResponses::RoleGroup),
            (SurveyAnswers::TenureBand, SurveyResponses::TenureBand),
        ] {
            let value = Query::select()
                .column(from)
                .from(SurveyResponses::Table)
                .and_where(
                    Expr::col((SurveyResponses::Table, SurveyResponses::Id))
                        .equals((SurveyAnswers::Table, SurveyAnswers::ResponseId)),
                )
                .to_owned();
            m.exec_stmt(
                Query::update()
                    .table(SurveyAnswers::Table)
                    .value(
                        to,
                        SimpleExpr::SubQuery(None, Box::new(value.into_sub_query_statement())),
                    )
                    .to_owned(),
            )
            .await?;
        }
        // Narrowed counts read only this index, as the unnarrowed ones read
        // `idx_survey_answers_counting`.
        m.create_index(
            Index::create()
                .name("idx_survey_answers_narrowed")
                .table(SurveyAnswers::Table)
                .col(SurveyAnswers::SurveyId)
                .col(SurveyAnswers::RoleGroup)
                .col(SurveyAnswers::TenureBand)
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
