//! Customer feedback: one row per response a customer gave, from an import, an API token or a
//! public link.
//!
//! - `feedback_responses`: when (local date and time, and the day for reporting), the site
//!   (required), department and person served by (optional), the channel, any of CSAT 1-5, NPS
//!   0-10 and CES 1-7, a comment, a contact kept only for follow-up, where it came from (`source`
//!   and `origin`: the import source's name, the token's source, the link) and the external id
//!   that, with the origin, makes every way in idempotent.
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
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedbackResponses {
    Table,
    Id,
    Origin,
    ExternalId,
    Source,
    OccurredAt,
    Day,
    SiteId,
    DepartmentId,
    PersonId,
    Channel,
    Csat,
    Nps,
    Ces,
    Comment,
    Contact,
    CreatedAt,
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
        use FeedbackResponses as F;
        m.create_table(
            Table::create()
                .table(F::Table)
                .col(
                    ColumnDef::new(F::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(F::Origin).text().not_null())
                .col(ColumnDef::new(F::ExternalId).text().not_null())
                .col(ColumnDef::new(F::Source).text().not_null())
                .col(ColumnDef::new(F::OccurredAt).date_time().not_null())
                .col(ColumnDef::new(F::Day).date().not_null())
                .col(ColumnDef::new(F::SiteId).integer().not_null())
                .col(ColumnDef::new(F::DepartmentId).integer().null())
                .col(ColumnDef::new(F::PersonId).integer().null())
                .col(ColumnDef::new(F::Channel).text().not_null())
                .col(ColumnDef::new(F::Csat).small_integer().null())
                .col(ColumnDef::new(F::Nps).small_integer().null())
                .col(ColumnDef::new(F::Ces).small_integer().null())
                .col(ColumnDef::new(F::Comment).text().null())
                .col(ColumnDef::new(F::Contact).text().null())
                .col(
                    ColumnDef::new(F::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(F::Table, F::SiteId, Sites::Table, Sites::Id))
                .foreign_key(&mut fk(
                    F::Table,
                    F::DepartmentId,
                    Departments::Table,
                    Departments::Id,
                ))
                .foreign_key(&mut fk(F::Table, F::PersonId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        // Every way in is idempotent on (origin, external id).
        m.create_index(
            Index::create()
                .name("idx_feedback_external")
                .table(F::Table)
                .col(F::Origin)
                .col(F::ExternalId)
                .unique()
                .to_owned(),
        )
        .await?;
        // Guest tracking reads a site's or a department's days, and a person's responses.
        for (name, col) in [
            ("idx_feedback_site_day", F::SiteId),
            ("idx_feedback_department_day", F::DepartmentId),
            ("idx_feedback_person_day", F::PersonId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(F::Table)
                    .col(col)
                    .col(F::Day)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
